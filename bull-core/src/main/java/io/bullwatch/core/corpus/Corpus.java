package io.bullwatch.core.corpus;

import io.bullwatch.core.InputFormatException;
import io.bullwatch.core.annotation.AnnotationSet;
import io.bullwatch.core.annotation.AnnotationTable;
import io.bullwatch.core.annotation.Annotations;
import io.bullwatch.core.annotation.RavenReadOptions;
import io.bullwatch.core.annotation.RavenSelectionTable;
import io.bullwatch.core.annotation.Selection;
import io.bullwatch.core.audio.AudioInfo;
import io.bullwatch.core.text.Decimals;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded training corpus: every recording of a manifest with its duration and annotations.
 *
 * <p>A recording's annotations come from the one file beside it that
 * {@link Annotations#findBeside(Path)} finds ({@code name.txt}, {@code name.selections.txt},
 * {@code name.Table.1.selections.txt} or {@code name.csv}); they are clipped to the recording,
 * merged per label and sorted ({@link AnnotationSet#cleaned(double)}). A recording without an
 * annotation file is an error unless its manifest row says {@code bulls} = 0. Alternatively one
 * table covers the whole corpus ({@link #load(CorpusManifest, RecordingProbe, Path)}).
 *
 * @param manifest the manifest
 * @param recordings the recordings, in manifest order
 * @param warnings everything that was adjusted or left out while loading (events clipped or
 *     dropped, bull counts that disagree with the annotation file, rows of a combined table that
 *     name no recording of the manifest); logged at INFO level, for the caller to show
 */
public record Corpus(CorpusManifest manifest, List<CorpusRecording> recordings,
        List<String> warnings) {

    private static final Logger LOG = LoggerFactory.getLogger(Corpus.class);

    /** Validates and copies. */
    public Corpus {
        Objects.requireNonNull(manifest, "manifest");
        recordings = List.copyOf(recordings);
        warnings = List.copyOf(warnings);
    }

    /**
     * Reads a manifest and loads its corpus.
     *
     * @param manifestFile the {@code manifest.csv}, or the corpus folder that holds it
     * @param probe reads each recording's format and length, usually {@link RecordingProbe#wav()}
     * @return the corpus
     * @throws InputFormatException for a malformed manifest (see {@link CorpusManifest#read}) or
     *     annotation file, a recording without annotation file whose row does not say
     *     {@code bulls} = 0, two annotation files beside one recording, or a duration that is not
     *     finite and positive
     * @throws IOException if a file cannot be read or the probe fails
     */
    public static Corpus load(Path manifestFile, RecordingProbe probe) throws IOException {
        return load(CorpusManifest.read(manifestFile), probe);
    }

    /**
     * Loads a corpus of WAV recordings: reads the manifest, each recording's header and the
     * annotations beside it.
     *
     * @param manifestFile the {@code manifest.csv}, or the corpus folder that holds it
     * @return the corpus
     * @throws InputFormatException if the manifest, a recording or an annotation file is malformed
     * @throws IOException if a file cannot be read
     */
    public static Corpus load(Path manifestFile) throws IOException {
        return load(manifestFile, RecordingProbe.wav());
    }

    /**
     * Loads the corpus of an already read manifest.
     *
     * @param manifest the manifest
     * @param probe reads each recording's format and length, usually {@link RecordingProbe#wav()}
     * @return the corpus
     * @throws InputFormatException see {@link #load(Path, RecordingProbe)}
     * @throws IOException if a file cannot be read or the probe fails
     */
    public static Corpus load(CorpusManifest manifest, RecordingProbe probe) throws IOException {
        return load(manifest, probe, null);
    }

    /**
     * Loads the corpus of an already read manifest whose annotations are all in one table that
     * covers many recordings: a Raven multi-file selection table or a BirdNET-Analyzer combined
     * table ({@link RavenSelectionTable#readCombined}: {@code Begin File} or {@code Begin Path},
     * and {@code File Offset (s)}). Each row goes to the manifest recording with that file name
     * (ignoring case and folders); a recording the table does not name has no bulls. Annotation
     * files beside the recordings are not read. Rows that name a recording the manifest lacks are
     * reported in {@link #warnings()}, one warning per recording named.
     *
     * @param manifest the manifest
     * @param probe reads each recording's format and length
     * @param combinedTable the table, or null to read the annotation file beside each recording
     * @return the corpus
     * @throws InputFormatException see {@link #load(Path, RecordingProbe)}; also for a malformed
     *     table, and when the table names a file name that two manifest recordings share
     * @throws IOException if a file cannot be read or the probe fails
     */
    public static Corpus load(CorpusManifest manifest, RecordingProbe probe, Path combinedTable)
            throws IOException {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(probe, "probe");
        Path folder = manifest.folder();
        List<CorpusRecording> recordings = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Map<String, AnnotationTable> written = combinedTable == null ? Map.of()
                : RavenSelectionTable.readCombined(combinedTable, RavenReadOptions.defaults());
        Map<String, AnnotationTable> combined = combinedTable == null ? null : byLowerCaseName(written);
        Map<String, ManifestEntry> named = new HashMap<>();
        Set<String> used = new HashSet<>();
        for (ManifestEntry e : manifest.entries()) {
            AudioInfo audio = probe.probe(e.recording());
            double seconds = audio.durationSeconds();
            if (audio.frames() <= 0) {
                throw InputFormatException.atLine(manifest.file(), e.line(), "recording '"
                        + e.name() + "' holds no audio frames; expected a recording of a night");
            }
            Optional<Path> file;
            AnnotationSet events;
            if (combined != null) {
                String key = String.valueOf(e.recording().getFileName()).toLowerCase(Locale.ROOT);
                ManifestEntry same = named.putIfAbsent(key, e);
                AnnotationTable table = combined.get(key);
                if (same != null && table != null) {
                    throw InputFormatException.atLine(manifest.file(), e.line(), "recordings '" + same.name()
                            + "' and '" + e.name() + "' have the same file name, so the rows of "
                            + combinedTable.getFileName() + " that name it cannot be told apart; rename"
                            + " one, or annotate each recording in a file beside it");
                }
                used.add(key);
                file = Optional.of(combinedTable);
                events = AnnotationSet.of(relative(folder, combinedTable) + " (" + e.recording().getFileName() + ")",
                        table == null ? List.of() : table.annotations()).cleaned(seconds);
                checkBulls(manifest, e, events, relative(folder, combinedTable), warnings);
                warnings.addAll(events.warnings());
                recordings.add(new CorpusRecording(e, file, audio, events));
                continue;
            }
            file = Annotations.findBeside(e.recording());
            if (file.isPresent()) {
                AnnotationTable table = Annotations.read(file.get());
                events = AnnotationSet.of(relative(folder, file.get()), table.annotations())
                        .cleaned(seconds);
                checkBulls(manifest, e, events, relative(folder, file.get()), warnings);
            } else if (e.bulls().isPresent() && e.bulls().getAsInt() == 0) {
                events = AnnotationSet.of(e.name(), List.of());
            } else {
                List<String> names = Annotations.candidatesBeside(e.recording()).stream()
                        .map(p -> p.getFileName().toString()).toList();
                throw InputFormatException.atLine(manifest.file(), e.line(),
                        "no annotation file for recording '" + e.name() + "' (looked for "
                                + String.join(", ", names) + "); add one, or set its "
                                + CorpusManifest.BULLS + " column to 0 if it has no bulls");
            }
            warnings.addAll(events.warnings());
            recordings.add(new CorpusRecording(e, file, audio, events));
        }
        for (Map.Entry<String, AnnotationTable> t : written.entrySet()) {
            if (!used.contains(t.getKey().toLowerCase(Locale.ROOT))) {
                String w = combinedTable.getFileName() + ": " + t.getValue().size() + " selection(s) name the"
                        + " recording '" + t.getKey() + "', which is not in " + manifest.file().getFileName()
                        + "; not used";
                LOG.info(w);
                warnings.add(w);
            }
        }
        Corpus corpus = new Corpus(manifest, recordings, warnings);
        if (LOG.isInfoEnabled()) {
            LOG.info("{}: {} recordings, {} sites, {} h, {} events, {} warnings",
                    manifest.file(), recordings.size(), corpus.sites().size(),
                    Decimals.format(corpus.seconds() / 3600.0, 2),
                    recordings.stream().mapToInt(r -> r.events().size()).sum(), warnings.size());
        }
        return corpus;
    }

    private static void checkBulls(CorpusManifest manifest, ManifestEntry e, AnnotationSet events, String source,
            List<String> warnings) {
        if (e.bulls().isPresent() && e.bulls().getAsInt() != events.size()) {
            String w = manifest.file().getFileName() + ": line " + e.line() + ": "
                    + CorpusManifest.BULLS + " is " + e.bulls().getAsInt() + " but "
                    + source + " has " + events.size()
                    + " events after clipping and merging; using the annotation file";
            LOG.info(w);
            warnings.add(w);
        }
    }

    private static Map<String, AnnotationTable> byLowerCaseName(Map<String, AnnotationTable> tables) {
        Map<String, AnnotationTable> out = new LinkedHashMap<>();
        for (Map.Entry<String, AnnotationTable> t : tables.entrySet()) {
            out.merge(t.getKey().toLowerCase(Locale.ROOT), t.getValue(), (a, b) -> {
                List<Selection> all = new ArrayList<>(a.selections());
                all.addAll(b.selections());
                return new AnnotationTable(a.source(), a.format(), all);
            });
        }
        return out;
    }

    private static String relative(Path folder, Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Path rel = abs.startsWith(folder) ? folder.relativize(abs) : abs;
        return rel.toString().replace('\\', '/');
    }

    private double seconds() {
        return recordings.stream().mapToDouble(CorpusRecording::durationSeconds).sum();
    }

    /**
     * The recording sites.
     *
     * @return the distinct sites in manifest order
     */
    public Set<String> sites() {
        Set<String> sites = new LinkedHashSet<>();
        for (CorpusRecording r : recordings) {
            sites.add(r.site());
        }
        return sites;
    }

    /**
     * The splits the manifest's {@code split} column gives.
     *
     * @return the splits
     * @throws InputFormatException naming the manifest (and line) when it has no {@code split}
     *     column, a recording has an empty split, or one site appears in two splits
     */
    public CorpusSplits explicitSplits() throws InputFormatException {
        if (!manifest.hasColumn(CorpusManifest.SPLIT)) {
            throw InputFormatException.of(manifest.file(), "no '" + CorpusManifest.SPLIT
                    + "' column; add one (train, validation or test per recording) or split by"
                    + " leaving sites out");
        }
        Map<Split, List<CorpusRecording>> bySplit = new EnumMap<>(Split.class);
        Map<String, CorpusRecording> firstOfSite = new HashMap<>();
        for (CorpusRecording r : recordings) {
            ManifestEntry e = r.entry();
            if (e.split().isEmpty()) {
                throw InputFormatException.atLine(manifest.file(), e.line(), "recording '"
                        + e.name() + "' has no split; expected train, validation or test");
            }
            Split s = e.split().get();
            CorpusRecording first = firstOfSite.putIfAbsent(r.site(), r);
            if (first != null && first.entry().split().get() != s) {
                throw InputFormatException.atLine(manifest.file(), e.line(), "site '" + r.site()
                        + "' is in " + s.label() + " here ('" + e.name() + "') but in "
                        + first.entry().split().get().label() + " at line " + first.entry().line()
                        + " ('" + first.name() + "'); expected each site in one split");
            }
            bySplit.computeIfAbsent(s, k -> new ArrayList<>()).add(r);
        }
        return new CorpusSplits(bySplit);
    }

    /**
     * Splits by site: the recordings of the validation sites form the validation split, those of
     * the test sites the test split, all others the training split. The manifest's {@code split}
     * column is ignored. Site names match ignoring case.
     *
     * @param validationSites sites held out for validation (may be empty)
     * @param testSites sites held out for testing (may be empty)
     * @return the splits
     * @throws IllegalArgumentException if a site is unknown, is both a validation and a test site,
     *     or no site is left for training
     */
    public CorpusSplits leaveSitesOut(Set<String> validationSites, Set<String> testSites) {
        Objects.requireNonNull(validationSites, "validationSites");
        Objects.requireNonNull(testSites, "testSites");
        Map<String, String> known = new LinkedHashMap<>();
        for (String s : sites()) {
            known.put(s.toLowerCase(Locale.ROOT), s);
        }
        Map<String, Split> chosen = new HashMap<>();
        for (Map.Entry<Split, Set<String>> group : List.of(
                Map.entry(Split.VALIDATION, validationSites), Map.entry(Split.TEST, testSites))) {
            for (String site : group.getValue()) {
                String key = Objects.requireNonNull(site, "site").strip().toLowerCase(Locale.ROOT);
                if (!known.containsKey(key)) {
                    throw new IllegalArgumentException("unknown site '" + site
                            + "'; the corpus has: " + String.join(", ", known.values()));
                }
                Split before = chosen.put(key, group.getKey());
                if (before != null && before != group.getKey()) {
                    throw new IllegalArgumentException("site '" + known.get(key)
                            + "' cannot be both a validation and a test site");
                }
            }
        }
        if (chosen.size() == known.size()) {
            throw new IllegalArgumentException("no site left for training: all of "
                    + String.join(", ", known.values()) + " are held out");
        }
        Map<Split, List<CorpusRecording>> bySplit = new EnumMap<>(Split.class);
        for (CorpusRecording r : recordings) {
            Split s = chosen.getOrDefault(r.site().toLowerCase(Locale.ROOT), Split.TRAIN);
            bySplit.computeIfAbsent(s, k -> new ArrayList<>()).add(r);
        }
        return new CorpusSplits(bySplit);
    }
}
