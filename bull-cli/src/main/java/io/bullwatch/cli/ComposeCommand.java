package io.bullwatch.cli;

import io.bullwatch.core.annotation.Annotation;
import io.bullwatch.core.annotation.Annotations;
import io.bullwatch.core.audio.AudioSource;
import io.bullwatch.core.compose.Clip;
import io.bullwatch.core.compose.ComposeSource;
import io.bullwatch.core.compose.NightComposer;
import io.bullwatch.core.compose.SiteBackground;
import io.bullwatch.core.corpus.Corpus;
import io.bullwatch.core.corpus.Split;
import io.bullwatch.core.io.IoErrors;
import io.bullwatch.core.text.TextFiles;
import io.bullwatch.features.resample.Resampling;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bull compose}: a labelled corpus of nights composed from real recordings, in {@code bull
 * synth}'s layout. See {@link NightComposer} for how a night is made.
 */
@Command(name = "compose",
        description = {"Composes labelled nights from real recordings, in bull synth's corpus layout.",
            "",
            "Each --site NAME=DIR gets nights whose bed is cut from the WAV recordings under DIR (never from"
                + " their annotated bulls, when an annotation file lies beside one) and crossfaded, with bull clips"
                + " (--bulls DIR, or annotated bulls cut out of a corpus with --bulls-from) and distractor clips"
                + " (--distractors DIR) mixed in at random times and SNRs against the local bed. Sources of any"
                + " rate and channel count are mixed down and resampled. Writes DIR/SITE/SITE-nightNN.wav with"
                + " its Audacity labels (.txt) and NAME.events.tsv (every bed segment and clip: source, offset,"
                + " gain, SNR), and manifest.csv. The same inputs and seed give the same bytes. See docs/cli.md."})
final class ComposeCommand implements Callable<Integer> {


    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Corpus folder (created).")
    Path out;

    @Option(names = "--site", required = true, paramLabel = "NAME=DIR",
            description = "A site and the folder of its background recordings (repeatable; WAV files, searched"
                + " recursively).")
    Map<String, Path> sites = new LinkedHashMap<>();

    @Option(names = "--bulls", paramLabel = "DIR", description = "A folder of bull clips (WAV), each one whole bull.")
    Path bulls;

    @Option(names = "--bulls-from", paramLabel = "CORPUS",
            description = "Cut the annotated bulls out of this corpus (a manifest.csv with annotations) instead.")
    Path bullsFrom;

    @Option(names = "--bull-margin", defaultValue = "0.5", paramLabel = "SECONDS",
            description = "With --bulls-from: seconds of context kept either side of a cut bull (default: ${DEFAULT-VALUE}).")
    double bullMargin;

    @Option(names = "--distractors", paramLabel = "DIR", description = "A folder of distractor clips (WAV): sounds that are not bulls.")
    Path distractors;

    @Option(names = "--hours-per-site", defaultValue = "1", paramLabel = "H", description = "Hours per site (default: ${DEFAULT-VALUE}).")
    double hoursPerSite;

    @Option(names = "--recording-minutes", defaultValue = "30", paramLabel = "MINUTES",
            description = "Minutes per night recording (default: ${DEFAULT-VALUE}).")
    double recordingMinutes;

    @Option(names = "--bulls-per-hour", defaultValue = "60", paramLabel = "N", description = "Mean bulls per hour (default: ${DEFAULT-VALUE}).")
    double bullsPerHour;

    @Option(names = "--distractors-per-hour", defaultValue = "30", paramLabel = "N",
            description = "Mean distractors per hour (default: ${DEFAULT-VALUE}; 0 without --distractors).")
    double distractorsPerHour;

    @Option(names = "--snr", defaultValue = "0:15", paramLabel = "LOW:HIGH",
            description = "SNR range in dB of a clip against the bed under it (default: ${DEFAULT-VALUE}).")
    String snr;

    @Option(names = "--bed-level", defaultValue = "-30", paramLabel = "DB",
            description = "RMS level of the bed in dB full scale; each background recording is brought to it"
                + " (default: ${DEFAULT-VALUE}).")
    double bedLevel;

    @Option(names = "--segments", defaultValue = "20:90", paramLabel = "MIN:MAX",
            description = "Seconds of background per bed segment (default: ${DEFAULT-VALUE}).")
    String segments;

    @Option(names = "--crossfade", defaultValue = "1", paramLabel = "SECONDS",
            description = "Crossfade between bed segments (default: ${DEFAULT-VALUE}).")
    double crossfade;

    @Option(names = "--split", paramLabel = "SITE=SPLIT",
            description = "A site's split: train, validation or test (repeatable; default train).")
    Map<String, String> splits = new LinkedHashMap<>();

    @Option(names = "--sample-rate", defaultValue = "22050", paramLabel = "HZ", description = "Sample rate (default: ${DEFAULT-VALUE}).")
    int sampleRate;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        long started = System.nanoTime();
        double[] snrRange = Ranges.pair(spec, "--snr", snr);
        double[] segmentRange = Ranges.pair(spec, "--segments", segments);
        Ranges.positive(spec, "--hours-per-site", hoursPerSite);
        Ranges.positive(spec, "--recording-minutes", recordingMinutes);
        Ranges.nonNegative(spec, "--bulls-per-hour", bullsPerHour);
        Ranges.nonNegative(spec, "--distractors-per-hour", distractorsPerHour);
        Ranges.nonNegative(spec, "--bull-margin", bullMargin);
        Ranges.nonNegative(spec, "--crossfade", crossfade);
        Ranges.whole(spec, "--sample-rate", sampleRate, 1000, 384_000);
        Ranges.whole(spec, "--seed", seed, 0, Long.MAX_VALUE);
        if ((bulls == null) == (bullsFrom == null)) {
            throw new ParameterException(spec.commandLine(), "give one of --bulls DIR and --bulls-from CORPUS");
        }
        Ranges.between(spec, "--bed-level", bedLevel, -120, 0);
        for (String site : splits.keySet()) {
            if (!sites.containsKey(site)) {
                throw new ParameterException(spec.commandLine(), "--split " + site + ": no --site " + site);
            }
        }
        Map<String, Split> siteSplits = new LinkedHashMap<>();
        for (String name : sites.keySet()) {
            String value = splits.getOrDefault(name, "train");
            try {
                siteSplits.put(name, Split.parse(value));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--split " + name + "=" + value + ": " + e.getMessage());
            }
        }
        if (Files.exists(out.resolve("manifest.csv"))) {
            // it may be the user's own corpus (the --bulls-from one, say): never replaced
            throw new ParameterException(spec.commandLine(), "--out " + out + " already holds a corpus (manifest.csv);"
                    + " give another folder, or delete it to compose again");
        }
        double perHourDistractors = distractors == null ? 0 : distractorsPerHour;
        List<AudioSource> opened = new ArrayList<>();
        try {
            List<Clip> bullClips = fitting(bulls != null ? wholeClips(bulls, opened) : cutBulls(bullsFrom, opened),
                    bulls != null ? bulls : bullsFrom);
            List<Clip> distractorClips = distractors == null ? List.of()
                    : fitting(wholeClips(distractors, opened), distractors);
            // every site's background is read and checked before the first night is written
            Map<String, SiteBackground> beds = new LinkedHashMap<>();
            for (Map.Entry<String, Path> site : sites.entrySet()) {
                beds.put(site.getKey(), SiteBackground.of(site.getKey(), backgrounds(site.getValue(), opened), bedLevel));
            }
            stdout.printf(Locale.ROOT, "%d bull clips, %d distractor clips, %d sites%n", bullClips.size(),
                    distractorClips.size(), sites.size());
            int nights = (int) Math.ceil(hoursPerSite * 60 / recordingMinutes - 1e-9);
            List<String> manifest = new ArrayList<>();
            manifest.add("recording,site,split,seconds,bulls");
            int siteIndex = 0;
            for (String name : sites.keySet()) {
                Split split = siteSplits.get(name);
                SiteBackground bed = beds.get(name);
                for (int n = 1; n <= nights; n++) {
                    double seconds = Math.min(recordingMinutes * 60, hoursPerSite * 3600 - (n - 1) * recordingMinutes * 60);
                    NightComposer.Settings settings = new NightComposer.Settings(sampleRate, seconds, bullsPerHour,
                            perHourDistractors, snrRange[0], snrRange[1], crossfade, segmentRange[0], segmentRange[1]);
                    NightComposer night = NightComposer.plan(settings, bed, bullClips, distractorClips,
                            seed * 1_000_003L + siteIndex * 1_009L + n);
                    String recording = String.format(Locale.ROOT, "%s/%s-night%02d", name, name, n);
                    night.write(out.resolve(recording));
                    manifest.add(String.format(Locale.ROOT, "%s.wav,%s,%s,%.6f,%d", recording, name, split.label(),
                            seconds, night.bulls().size()));
                    stdout.printf(Locale.ROOT, "%s.wav\t%s\t%s\t%.1f s\t%d bulls%n", recording, name, split.label(),
                            seconds, night.bulls().size());
                    stdout.flush();
                }
                siteIndex++;
            }
            TextFiles.writeAtomically(out.resolve("manifest.csv"), w -> w.write(String.join("\n", manifest) + "\n"));
        } finally {
            for (AudioSource a : opened) {
                a.close();
            }
        }
        stdout.printf(Locale.ROOT, "wrote %s in %.1f s%n", out.resolve("manifest.csv"), (System.nanoTime() - started) / 1e9);
        stdout.flush();
        return 0;
    }

    /** The WAV files under a folder, sorted by path. */
    private static List<Path> wavs(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": not a folder");
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> out = walk.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".wav"))
                    .filter(Files::isRegularFile).sorted().toList();
            if (out.isEmpty()) {
                throw new IOException(dir + ": no WAV file in it");
            }
            return out;
        }
    }


    private static String name(Path root, Path file) {
        return root.getFileName() + "/" + root.relativize(file).toString().replace('\\', '/');
    }

    private List<Clip> wholeClips(Path dir, List<AudioSource> opened) throws IOException {
        List<Clip> out = new ArrayList<>();
        for (Path f : wavs(dir)) {
            try {
                out.add(Clip.whole(name(dir, f), Resampling.openMono(f, sampleRate, opened)));
            } catch (IOException | IllegalArgumentException e) {
                leftOut(f, e);
            }
        }
        return usable(dir, out);
    }

    private List<ComposeSource> backgrounds(Path dir, List<AudioSource> opened) throws IOException {
        List<ComposeSource> out = new ArrayList<>();
        for (Path f : wavs(dir)) {
            try {
                List<Annotation> avoid = new ArrayList<>();
                var labels = Annotations.findBeside(f);
                if (labels.isPresent()) {
                    // without its bulls known, a recording cannot serve as background
                    avoid.addAll(Annotations.read(labels.get()).annotations());
                }
                out.add(new ComposeSource(name(dir, f), Resampling.openMono(f, sampleRate, opened), avoid));
            } catch (IOException | IllegalArgumentException e) {
                leftOut(f, e);
            }
        }
        return usable(dir, out);
    }

    /**
     * The clips that fit in a night: one longer than the night could never be placed, and drawing it
     * would end the night's placing early.
     */
    private List<Clip> fitting(List<Clip> clips, Path from) throws IOException {
        long night = Math.round(recordingMinutes * 60 * sampleRate);
        List<Clip> out = new ArrayList<>();
        for (Clip c : clips) {
            if (c.length() <= night) {
                out.add(c);
            } else {
                spec.commandLine().getErr().printf(Locale.ROOT, "bull compose: %s: left out: %.1f s long, longer than"
                        + " a night (--recording-minutes %s)%n", c.name(), c.length() / (double) sampleRate,
                        Double.toString(recordingMinutes));
            }
        }
        return usable(from, out);
    }

    /** Says on standard error that a file is left out, and why; the others are still used. */
    private void leftOut(Path file, Exception e) {
        String reason = e instanceof IOException io ? IoErrors.reason(io) : e.getMessage();
        spec.commandLine().getErr().println("bull compose: " + file + ": left out: " + reason);
    }

    private static <T> List<T> usable(Path dir, List<T> found) throws IOException {
        if (found.isEmpty()) {
            throw new IOException(dir + ": no usable WAV file in it (each one left out, above)");
        }
        return found;
    }

    /** The annotated bulls of a corpus, each with the margin of context either side. */
    private List<Clip> cutBulls(Path corpusDir, List<AudioSource> opened) throws IOException {
        Corpus corpus = Corpus.load(corpusDir.resolve("manifest.csv"));
        List<Clip> out = Clip.annotatedBulls(corpus.recordings(), bullMargin,
                f -> Resampling.openMono(f, sampleRate, opened),
                r -> name(corpusDir, r.recording()));
        if (out.isEmpty()) {
            throw new IOException(corpusDir + ": no annotated bull with a duration in the corpus");
        }
        return out;
    }
}
