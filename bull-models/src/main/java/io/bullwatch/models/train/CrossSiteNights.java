package io.bullwatch.models.train;

import io.bullwatch.core.audio.AudioSource;
import io.bullwatch.core.compose.Clip;
import io.bullwatch.core.compose.ComposeSource;
import io.bullwatch.core.compose.NightComposer;
import io.bullwatch.core.compose.SiteBackground;
import io.bullwatch.core.corpus.Corpus;
import io.bullwatch.core.corpus.CorpusRecording;
import io.bullwatch.core.text.TextFiles;
import io.bullwatch.features.resample.Resampling;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Training nights that move every training bull to the other training sites: for each training
 * site, nights whose bed is cut from that site's recordings (their annotated bulls left out) and
 * whose bulls are cut from the <em>other</em> training sites' annotations, with half a second of
 * context, at a range of SNRs against the bed ({@link NightComposer}). A network trained beside
 * them hears each bull over several rivers, not only the one it was recorded in, so that what it
 * learns of a bull is less tied to one background. Nothing of the validation or test sites is used.
 *
 * @param hoursPerSite hours composed over each training site's background, {@code > 0}
 * @param nightSeconds length of each composed night, seconds
 * @param bullsPerHour bulls mixed in per hour
 * @param snrLowDb lowest SNR of a bull against the bed
 * @param snrHighDb highest
 * @param seed seed of every choice (the training's seed by default)
 */
public record CrossSiteNights(double hoursPerSite, double nightSeconds, double bullsPerHour, double snrLowDb,
        double snrHighDb, long seed) {

    /** Level of the beds, dB re full scale (the per-recording normalisation removes it). */
    static final double BED_DB = -30;
    /** Seconds of context cut with each bull. */
    static final double BULL_MARGIN = 0.5;
    /** Shortest and longest bed segment, seconds. */
    static final double MIN_SEGMENT = 10;
    static final double MAX_SEGMENT = 60;

    /** Validates. */
    public CrossSiteNights {
        if (!(hoursPerSite > 0) || hoursPerSite > 100) {
            throw new IllegalArgumentException("hours per site must be > 0 and <= 100, got " + hoursPerSite);
        }
        if (!(nightSeconds >= 2 * MIN_SEGMENT) || Double.isInfinite(nightSeconds)) {
            throw new IllegalArgumentException("a composed night must last at least " + 2 * MIN_SEGMENT
                    + " s, got " + nightSeconds);
        }
        if (!(bullsPerHour > 0) || Double.isInfinite(bullsPerHour)) {
            throw new IllegalArgumentException("bulls per hour must be > 0, got " + bullsPerHour);
        }
        if (!Double.isFinite(snrLowDb) || !Double.isFinite(snrHighDb) || snrLowDb > snrHighDb) {
            throw new IllegalArgumentException("need a finite SNR range low <= high, got " + snrLowDb + ".."
                    + snrHighDb);
        }
    }

    /**
     * The defaults of {@code bull adapt}'s composed nights: 30-minute nights, 60 bulls per hour
     * at 0 to 15 dB.
     *
     * @param hoursPerSite hours per training site
     * @param seed the seed
     * @return the settings
     */
    public static CrossSiteNights of(double hoursPerSite, long seed) {
        return new CrossSiteNights(hoursPerSite, 1800, 60, 0, 15, seed);
    }

    /**
     * Composes the nights and loads them as training recordings, each under the site whose
     * background it holds. The same recordings, settings and seed give the same files.
     *
     * @param training the training recordings (at least two sites with annotated bulls)
     * @param sampleRate the features' sample rate (sources are resampled to it and mixed down)
     * @param dir a folder for the nights and their manifest (created; a rerun overwrites them)
     * @return the composed recordings, site by site in the training recordings' order
     * @throws IOException if a recording cannot be read or a night cannot be written
     * @throws IllegalArgumentException if fewer than two training sites hold a bull with a duration
     */
    public List<CorpusRecording> compose(List<CorpusRecording> training, int sampleRate, Path dir)
            throws IOException {
        Map<String, List<CorpusRecording>> bySite = new LinkedHashMap<>();
        for (CorpusRecording r : training) {
            bySite.computeIfAbsent(r.site(), k -> new ArrayList<>()).add(r);
        }
        long withBulls = bySite.values().stream()
                .filter(rs -> rs.stream().anyMatch(r -> r.events().stream().anyMatch(e -> e.end() > e.start())))
                .count();
        if (withBulls < 2) {
            throw new IllegalArgumentException("cross-site nights need annotated bulls (with a duration) at two"
                    + " training sites at least; the training recordings hold them at " + withBulls
                    + " of " + bySite.size() + " sites");
        }
        Files.createDirectories(dir);
        List<String> manifest = new ArrayList<>();
        manifest.add("recording,site,split,seconds,bulls");
        int nights = Math.max(1, (int) Math.ceil(hoursPerSite * 3600 / nightSeconds - 1e-9));
        List<AudioSource> opened = new ArrayList<>();
        try {
            int siteIndex = 0;
            for (Map.Entry<String, List<CorpusRecording>> site : bySite.entrySet()) {
                siteIndex++;
                List<ComposeSource> beds = new ArrayList<>();
                for (CorpusRecording r : site.getValue()) {
                    beds.add(new ComposeSource(r.site() + "/" + r.name(),
                            Resampling.openMono(r.recording(), sampleRate, opened), r.events()));
                }
                List<CorpusRecording> others = training.stream().filter(r -> !r.site().equals(site.getKey()))
                        .toList();
                List<Clip> bulls = Clip.annotatedBulls(others, BULL_MARGIN,
                        f -> Resampling.openMono(f, sampleRate, opened),
                        r -> r.site() + "/" + r.name());
                if (bulls.isEmpty()) {
                    continue;
                }
                SiteBackground bed = SiteBackground.of(site.getKey(), beds, BED_DB);
                for (int n = 1; n <= nights; n++) {
                    NightComposer.Settings settings = new NightComposer.Settings(sampleRate, nightSeconds,
                            bullsPerHour, 0, snrLowDb, snrHighDb, 1, MIN_SEGMENT, MAX_SEGMENT);
                    NightComposer night = NightComposer.plan(settings, bed, bulls, List.of(),
                            seed * 1_000_003L + siteIndex * 1_009L + n);
                    String name = String.format(Locale.ROOT, "%s/cross-night%02d", safe(site.getKey()), n);
                    night.write(dir.resolve(name));
                    manifest.add(String.format(Locale.ROOT, "%s.wav,%s,train,%.6f,%d", name, csv(site.getKey()),
                            nightSeconds, night.bulls().size()));
                }
            }
        } finally {
            for (AudioSource a : opened) {
                a.close();
            }
        }
        TextFiles.writeAtomically(dir.resolve("manifest.csv"), w -> w.write(String.join("\n", manifest) + "\n"));
        return Corpus.load(dir.resolve("manifest.csv")).recordings();
    }

    /**
     * Deletes the nights' audio (16-bit mono: about 160 MB an hour at 22.05 kHz), keeping
     * their manifest, labels and {@code events.tsv}: the same settings and training recordings
     * compose the same audio again.
     *
     * @param dir the folder given to {@link #compose}
     * @throws IOException if a file cannot be deleted
     */
    public static void deleteAudio(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".wav")).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    /** @return the settings in words, for provenance and the keys of resumable runs */
    public String describe() {
        return String.format(Locale.ROOT, "%s h per training site, nights of %s s, %s bulls/h, snr %s..%s dB,"
                + " seed %d", hoursPerSite, nightSeconds, bullsPerHour, snrLowDb, snrHighDb, seed);
    }


    private static String safe(String site) {
        return site.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String csv(String v) {
        return v.contains(",") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
