package io.bullwatch.core.batch;

import io.bullwatch.core.annotation.FrequencyBand;
import io.bullwatch.core.audio.WavFile;
import io.bullwatch.core.events.DetectionFiles;
import io.bullwatch.core.events.RecordingDetection;
import io.bullwatch.core.events.RecordingDetector;
import io.bullwatch.core.io.Sha256;
import io.bullwatch.core.text.Decimals;
import io.bullwatch.core.text.DelimitedText;
import io.bullwatch.core.text.JsonText;
import io.bullwatch.core.text.TextFiles;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link RecordingDetector} over many recordings so that nothing is lost: every input
 * ends as {@code done} or {@code failed} (with the reason) in {@code OUT/summary.csv}, a bad file
 * costs only itself, a file that takes too long is cut off, and a run that was killed at any
 * point is resumed by running it again.
 *
 * <h2>Inputs and outputs</h2>
 * Inputs are files or folders. Folders are searched recursively for {@code *.wav} files (any case
 * of the extension), following symbolic links to files and folders, sorted by their path relative
 * to the folder; inputs are processed in the order given. A link that leads nowhere (named {@code
 * *.wav}, or pointing at such a name) and a link to a folder that contains it (a loop) are inputs
 * that fail with the reason. Two paths to one file (links, or a file given directly and inside a
 * folder) are detected once, under the first path; the others are {@link #duplicates()}. The outputs of {@code ROOT/a/b.wav} found under folder {@code ROOT} go to {@code
 * OUT/a/b.bull.*} (see {@link DetectionFiles}); a file given directly goes to {@code OUT/}. A file
 * reached twice (given directly and inside a folder) is processed once. Two inputs whose outputs
 * would have the same name (ignoring case, for case-insensitive file systems) are a collision: the
 * first keeps the name, the later one fails with a reason naming both, and nothing is overwritten.
 *
 * <h2>Files in OUT</h2>
 * <ul>
 *   <li>{@value #SUMMARY}: {@value #SUMMARY_HEADER}; one row per recording the folder has
 *       results for, across runs: the rows of an existing summary are kept in their order, a
 *       recording of this run replaces its row there or is appended (the latest run's row wins).
 *       Rewritten atomically after every input. An existing summary that cannot be read is moved
 *       to {@code summary.csv.unreadable}. Seconds with 3 decimals, minutes with 2,
 *       the real-time factor (audio seconds per second of detection) with 1; cells that are not
 *       known for a failed input (events, minutes) are empty.</li>
 *   <li>{@value #RUN_JSON}: the detector's {@link RecordingDetector#parameters()}, their hash,
 *       BullWatch, Java and OS versions, the inputs and the start time; rewritten by every run.</li>
 *   <li>{@code .bull/a/b.json}: the marker of a finished input, written atomically after its
 *       three outputs. It holds the resume key (absolute path, size and modification time of the
 *       input, and a SHA-256 hash of the detector's parameters) and the input's summary row.
 *       {@code .bull/lock} keeps two runs from writing to one folder at once.</li>
 * </ul>
 *
 * <h2>Resume</h2>
 * An input is skipped when its marker's key matches and its three outputs exist; its summary row
 * is the one stored in the marker. Everything else is done again: a changed file, changed
 * parameters, missing outputs, an input that failed before (failed inputs get no marker). Before
 * an input is redone its marker is deleted; when it fails, its old outputs are deleted too (they
 * would belong to an older file or other parameters), except after a name collision, whose
 * outputs belong to the other input. Temporary files left by a killed run are deleted at the
 * start. Hence a run killed at any point and run again gives the same files as an uninterrupted
 * run, byte for byte, except the {@code real_time_factor} of the inputs that were redone, and
 * {@code run.json}.
 *
 * <h2>Failures</h2>
 * An {@link IOException} (including {@link io.bullwatch.core.InputFormatException}, whose message
 * names file and position) or a {@link RuntimeException} from the detector fails that input only.
 * With a timeout, each detection runs on its own worker thread; when the time is up the thread is
 * interrupted and the input fails with {@code "timed out after N s"}. Running out of memory ({@link
 * OutOfMemoryError}) while detecting or writing one input fails that input, and the batch goes on;
 * so does a failure to write its outputs (a full disk: the reason names the output file), whose
 * partial outputs are deleted. Another {@link Error} stops the run: it is rethrown after the
 * inputs finished so far are recorded, and a re-run resumes. When the summary itself cannot be
 * written, the run stops with an {@link IOException} naming it.
 *
 * <p>A {@link #run()} call is not thread-safe; one detector call runs at a time.
 */
public final class BatchDetection {

    /** Name of the run summary in the output folder. */
    public static final String SUMMARY = "summary.csv";
    /** Name of the run description in the output folder. */
    public static final String RUN_JSON = "run.json";
    /** Name of the folder (inside the output folder) with the per-input markers and the lock. */
    public static final String STATE_DIR = ".bull";
    /** The header of {@value #SUMMARY}. */
    public static final String SUMMARY_HEADER =
            "recording,seconds,events,minutes_to_review,real_time_factor,status,error";

    private static final Logger LOG = LoggerFactory.getLogger(BatchDetection.class);
    /** Temporary names of {@link TextFiles#writeAtomically}: {@code .TARGET.HEX.tmp}. */
    private static final Pattern TEMP = Pattern.compile("\\.(.+)\\.[0-9a-f]{1,16}\\.tmp");
    private static final List<String> OUR_SUFFIXES = List.of(DetectionFiles.SELECTIONS_SUFFIX,
            DetectionFiles.LABELS_SUFFIX, DetectionFiles.WINDOWS_SUFFIX, ".json", SUMMARY);
    /** How long to wait for a timed-out worker to stop before going on without it. */
    private static final long STOP_WAIT_SECONDS = 10;

    private final RecordingDetector detector;
    private final Path outputDir;
    private final List<Path> inputPaths;
    private final Duration timeout;
    private final Listener listener;
    private final FrequencyBand band;
    private final String version;

    private BatchDetection(Builder b) {
        this.detector = b.detector;
        this.outputDir = b.outputDir.toAbsolutePath().normalize();
        this.inputPaths = List.copyOf(b.inputs);
        this.timeout = b.timeout;
        this.listener = b.listener;
        this.band = b.band;
        this.version = b.version;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether an input ended well. */
    public enum Status {
        /** Detected; its outputs are complete. */
        DONE,
        /** Not detected; the row says why. */
        FAILED;

        /** @return the text in {@value BatchDetection#SUMMARY}: {@code done} or {@code failed} */
        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One recording of the run.
     *
     * @param file the file as found (a given file, or a file inside a given folder)
     * @param recording its name in {@value BatchDetection#SUMMARY}: the path relative to the folder
     *     it was found in (or the file name), with {@code /} separators
     * @param outputStem where its outputs go inside the output folder: {@code recording} without
     *     its extension
     */
    public record Input(Path file, String recording, String outputStem) {

        /** Validates. */
        public Input {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(recording, "recording");
            Objects.requireNonNull(outputStem, "outputStem");
        }
    }

    /**
     * One row of {@value BatchDetection#SUMMARY}.
     *
     * @param recording the input's {@link Input#recording()}
     * @param seconds the recording's length, {@code NaN} when unknown (unreadable file)
     * @param events detected events, {@code -1} for a failed input
     * @param minutesToReview total length of the events in minutes, {@code NaN} for a failed input
     * @param realTimeFactor audio seconds per second of detection, {@code NaN} when unknown
     * @param status done or failed
     * @param error why it failed; empty when done
     */
    public record Row(String recording, double seconds, int events, double minutesToReview,
            double realTimeFactor, Status status, String error) {

        /** Validates; line breaks in the error become spaces. */
        public Row {
            Objects.requireNonNull(recording, "recording");
            Objects.requireNonNull(status, "status");
            error = Objects.requireNonNull(error, "error").replace("\r\n", " ").replace('\n', ' ')
                    .replace('\r', ' ');
        }

        /** @return the row as a line of {@value BatchDetection#SUMMARY}, without line break */
        public String toCsv() {
            return String.join(",", DelimitedText.quote(recording, ','), number(seconds, 3),
                    events < 0 ? "" : Integer.toString(events), number(minutesToReview, 2),
                    number(realTimeFactor, 1), status.text(), DelimitedText.quote(error, ','));
        }

        /**
         * Parses a line written by {@link #toCsv()}.
         *
         * @param line the line
         * @return the row
         * @throws IllegalArgumentException if the line is not such a row
         */
        public static Row parse(String line) {
            List<String> f = DelimitedText.split(line, ',');
            if (f.size() != 7) {
                throw new IllegalArgumentException("expected 7 fields (" + SUMMARY_HEADER + "), found "
                        + f.size());
            }
            Status status = switch (f.get(5)) {
                case "done" -> Status.DONE;
                case "failed" -> Status.FAILED;
                default -> throw new IllegalArgumentException("status: expected done or failed, found '"
                        + f.get(5) + "'");
            };
            return new Row(f.get(0), parseOrNaN(f.get(1)),
                    f.get(2).isEmpty() ? -1 : (int) Decimals.parseLong(f.get(2)), parseOrNaN(f.get(3)),
                    parseOrNaN(f.get(4)), status, f.get(6));
        }

        private static String number(double v, int decimals) {
            return Double.isNaN(v) ? "" : Decimals.format(v, decimals);
        }

        private static double parseOrNaN(String s) {
            return s.isEmpty() ? Double.NaN : Decimals.parse(s);
        }
    }

    /**
     * What a run did.
     *
     * @param done inputs detected in this run
     * @param skipped inputs skipped because an earlier run finished them (they count as done in
     *     the summary)
     * @param failed inputs that failed
     * @param events events of all done and skipped inputs
     * @param minutesToReview minutes to review of all done and skipped inputs
     * @param outputDir the output folder (absolute)
     * @param rows this run's summary rows, in input order ({@value #SUMMARY} also keeps the rows of
     *     recordings that earlier runs into the same folder finished)
     * @param duplicates inputs left out because they are the same file as an earlier input
     */
    public record Result(int done, int skipped, int failed, int events, double minutesToReview,
            Path outputDir, List<Row> rows, List<Duplicate> duplicates) {

        /** Copies the lists. */
        public Result {
            rows = List.copyOf(rows);
            duplicates = List.copyOf(duplicates);
        }

        /** @return whether no input failed */
        public boolean allDone() {
            return failed == 0;
        }

        /** @return {@code outputDir/summary.csv} */
        public Path summary() {
            return outputDir.resolve(SUMMARY);
        }
    }

    /** Told what the run is doing; methods are called on the thread of {@link #run()}, except {@link #progress}. */
    public interface Listener {

        /**
         * An input is about to be processed.
         *
         * @param input the input
         * @param index its 0-based position
         * @param total the number of inputs
         */
        default void started(Input input, int index, int total) {
        }

        /**
         * Progress within an input, from the detector's worker thread.
         *
         * @param input the input
         * @param secondsDone audio seconds processed
         * @param secondsTotal the recording's length
         */
        default void progress(Input input, double secondsDone, double secondsTotal) {
        }

        /**
         * An input is finished (and the summary rewritten).
         *
         * @param input the input
         * @param row its summary row
         * @param skipped whether it was skipped because an earlier run finished it
         */
        default void finished(Input input, Row row, boolean skipped) {
        }
    }

    /** Builds a {@link BatchDetection}: {@code set*} options are required, {@code opt*} optional. */
    public static final class Builder {
        private RecordingDetector detector;
        private Path outputDir;
        private final List<Path> inputs = new ArrayList<>();
        private Duration timeout;
        private Listener listener = new Listener() { };
        private FrequencyBand band;
        private String version;

        private Builder() {
        }

        /**
         * @param value the detector (required)
         * @return this
         */
        public Builder setDetector(RecordingDetector value) {
            this.detector = Objects.requireNonNull(value, "detector");
            return this;
        }

        /**
         * @param value the output folder (required; created if missing)
         * @return this
         */
        public Builder setOutputDir(Path value) {
            this.outputDir = Objects.requireNonNull(value, "outputDir");
            return this;
        }

        /**
         * Adds an input (at least one is required).
         *
         * @param value a WAV file, or a folder searched recursively for {@code *.wav}
         * @return this
         */
        public Builder addInput(Path value) {
            inputs.add(Objects.requireNonNull(value, "input"));
            return this;
        }

        /**
         * Adds inputs.
         *
         * @param values WAV files or folders
         * @return this
         */
        public Builder addInputs(List<Path> values) {
            values.forEach(this::addInput);
            return this;
        }

        /**
         * @param value the longest a detection of one file may take; {@code null} (default) for
         *     no limit
         * @return this
         */
        public Builder optTimeout(Duration value) {
            if (value != null && (value.isNegative() || value.isZero())) {
                throw new IllegalArgumentException("the timeout must be > 0, got " + value);
            }
            this.timeout = value;
            return this;
        }

        /**
         * @param value told about each input (default: nothing)
         * @return this
         */
        public Builder optListener(Listener value) {
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /**
         * @param value the frequency band of every Raven selection; {@code null} (default) for 0 Hz
         *     to the Nyquist frequency of each recording
         * @return this
         */
        public Builder optBand(FrequencyBand value) {
            this.band = value;
            return this;
        }

        /**
         * @param value the BullWatch version written to {@value BatchDetection#RUN_JSON}; default:
         *     the jar manifest's implementation version, or {@code "unknown"}
         * @return this
         */
        public Builder optVersion(String value) {
            this.version = value;
            return this;
        }

        /**
         * @return the batch
         * @throws IllegalStateException if the detector, the output folder or the inputs are missing
         */
        public BatchDetection build() {
            if (detector == null) {
                throw new IllegalStateException("setDetector(...) is required");
            }
            if (outputDir == null) {
                throw new IllegalStateException("setOutputDir(...) is required");
            }
            if (inputs.isEmpty()) {
                throw new IllegalStateException("at least one input file or folder is required");
            }
            return new BatchDetection(this);
        }
    }

    /** An input with the reason it fails before detection, if any. */
    private record Planned(Input input, String failure, boolean touchOutputs) {
    }

    /** The inputs in processing order, and the ones left out because they are the same file. */
    private record Plan(List<Planned> inputs, List<Duplicate> duplicates) {
    }

    /**
     * An input that is the same file as an earlier one (reached through a symbolic link, a hard
     * link, or two paths): it is detected once, as the earlier one.
     *
     * @param input the input left out
     * @param sameAs the earlier input it is the same file as, which is detected
     */
    public record Duplicate(Input input, Input sameAs) {

        /** Validates. */
        public Duplicate {
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(sameAs, "sameAs");
        }

        /** @return one line for the user, naming both */
        public String describe() {
            return input.file() + " is the same file as " + sameAs.file() + "; detected once, as "
                    + sameAs.recording();
        }
    }

    /**
     * The inputs of this run, in processing order: given files, and the {@code *.wav} files of
     * given folders. Inputs that do not exist are listed too (they will fail).
     *
     * @return the inputs
     * @throws IOException never for missing or unreadable inputs (they fail in {@link #run()})
     */
    public List<Input> inputs() throws IOException {
        return plan().inputs().stream().map(Planned::input).toList();
    }

    /**
     * The inputs left out because they are the same file as an earlier input (two links to one
     * recording, a file given directly and inside a folder).
     *
     * @return the duplicates, in input order
     * @throws IOException never for missing or unreadable inputs
     */
    public List<Duplicate> duplicates() throws IOException {
        return plan().duplicates();
    }

    private Plan plan() throws IOException {
        List<Planned> out = new ArrayList<>();
        List<Duplicate> duplicates = new ArrayList<>();
        Map<Path, Input> seen = new HashMap<>();
        Map<String, Input> names = new HashMap<>();
        for (Path given : inputPaths) {
            List<Planned> found = new ArrayList<>();
            if (Files.isDirectory(given)) {
                found.addAll(walk(given));
            } else {
                Path name = given.getFileName();
                String recording = name == null ? given.toString() : name.toString();
                String failure = Files.exists(given) ? null : missing(given);
                found.add(new Planned(new Input(given, recording, stem(recording)), failure, true));
            }
            for (Planned p : found) {
                Input same = seen.putIfAbsent(identity(p.input().file()), p.input());
                if (same != null) {
                    if (same.file().toAbsolutePath().normalize()
                            .equals(p.input().file().toAbsolutePath().normalize())) {
                        LOG.info("{} is given twice; processed once", p.input().file());
                    } else {
                        Duplicate d = new Duplicate(p.input(), same);
                        LOG.info("{}", d.describe());
                        duplicates.add(d);
                    }
                    continue;
                }
                String key = p.input().outputStem().toLowerCase(Locale.ROOT);
                Input first = names.putIfAbsent(key, p.input());
                if (first != null) {
                    out.add(new Planned(p.input(), p.input().file() + ": its outputs would be named "
                            + p.input().outputStem() + ".bull.* like those of " + first.file()
                            + "; not processed (give the folders separately or rename one)", false));
                } else {
                    out.add(p);
                }
            }
        }
        return new Plan(out, duplicates);
    }

    /** The file a path leads to (links resolved), or the absolute path when it cannot be resolved. */
    private static Path identity(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException | SecurityException e) {
            return file.toAbsolutePath().normalize();
        }
    }

    /** Why a given input that does not exist fails: missing, or a link to nothing. */
    private static String missing(Path given) {
        if (Files.isSymbolicLink(given)) {
            return given + ": a symbolic link to " + linkTarget(given) + ", which does not exist";
        }
        return given + ": no such file or folder";
    }

    private static String linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return "a target that cannot be read";
        }
    }

    private static boolean isWav(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".wav");
    }

    private static List<Planned> walk(Path root) throws IOException {
        List<Planned> found = new ArrayList<>();
        Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String n = file.getFileName().toString();
                if (attrs.isSymbolicLink()) {
                    // following it failed: a dangling link; reported when it names a WAV file
                    String target = linkTarget(file);
                    if (isWav(n) || isWav(target)) {
                        String rel = relative(root, file);
                        found.add(new Planned(new Input(file, rel, stem(rel)), file
                                + ": a symbolic link to " + target + ", which does not exist", true));
                    }
                } else if (attrs.isRegularFile() && isWav(n)) {
                    String rel = relative(root, file);
                    found.add(new Planned(new Input(file, rel, stem(rel)), null, true));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                String rel = relative(root, file);
                String reason = e instanceof FileSystemLoopException
                        ? file + ": a symbolic link to " + linkTarget(file) + ", a folder that contains it"
                                + " (a loop); not followed"
                        : file + ": cannot be read (" + describe(e, file) + "); WAV files in it, if any,"
                                + " were not processed";
                found.add(new Planned(new Input(file, rel, stem(rel)), reason, false));
                return FileVisitResult.CONTINUE;
            }
        });
        found.sort((a, b) -> a.input().recording().compareTo(b.input().recording()));
        return found;
    }

    private static String relative(Path root, Path file) {
        String rel = root.relativize(file).toString().replace('\\', '/');
        return rel.isEmpty() ? String.valueOf(file.getFileName()) : rel;
    }

    private static String stem(String recording) {
        int slash = recording.lastIndexOf('/');
        int dot = recording.lastIndexOf('.');
        return dot > slash + 1 ? recording.substring(0, dot) : recording;
    }

    /**
     * Runs the batch: skips what an earlier run finished, detects the rest, writes the outputs,
     * markers and summary.
     *
     * @return the counts and summary rows
     * @throws IOException if the output folder cannot be written (the summary, run.json, the
     *     lock), or another run holds the folder's lock
     * @throws InterruptedIOException if the calling thread is interrupted
     */
    public Result run() throws IOException {
        Path state = outputDir.resolve(STATE_DIR);
        Files.createDirectories(state);
        try (FileChannel lockChannel = FileChannel.open(state.resolve("lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
                FileLock lock = tryLock(lockChannel)) {
            deleteStaleTemporaryFiles();
            String parametersJson = JsonText.prettyFinite(detector.parameters());
            String parametersHash = Sha256.hex(parametersJson);
            writeRunJson(parametersHash);
            Plan plan = plan();
            List<Planned> planned = plan.inputs();
            Map<String, Row> summary = readSummary();
            List<Row> rows = new ArrayList<>();
            int done = 0;
            int skipped = 0;
            int failed = 0;
            int events = 0;
            double minutes = 0;
            for (int i = 0; i < planned.size(); i++) {
                Planned p = planned.get(i);
                listener.started(p.input(), i, planned.size());
                Outcome o = process(p, parametersHash);
                rows.add(o.row());
                summary.put(o.row().recording(), o.row());
                try {
                    writeSummary(summary.values());
                } catch (IOException e) {
                    throw new IOException(e.getMessage() + "; stopped after " + (i + 1) + " of "
                            + planned.size() + " recordings (what was finished is kept: run the same"
                            + " command again to resume)", e);
                }
                if (o.row().status() == Status.FAILED) {
                    failed++;
                } else {
                    if (o.skipped()) {
                        skipped++;
                    } else {
                        done++;
                    }
                    events += o.row().events();
                    minutes += o.row().minutesToReview();
                }
                listener.finished(p.input(), o.row(), o.skipped());
            }
            if (planned.isEmpty()) {
                writeSummary(summary.values());
            }
            return new Result(done, skipped, failed, events, minutes, outputDir, rows,
                    plan.duplicates());
        }
    }

    private FileLock tryLock(FileChannel channel) throws IOException {
        FileLock lock = channel.tryLock();
        if (lock == null) {
            throw new IOException(outputDir + ": another bull detect run is writing to this folder"
                    + " (it holds " + STATE_DIR + "/lock); wait for it or choose another output folder");
        }
        return lock;
    }

    private record Outcome(Row row, boolean skipped) {
    }

    private Outcome process(Planned p, String parametersHash) throws IOException {
        Input in = p.input();
        Path file = in.file();
        if (p.failure() != null) {
            return new Outcome(failedRow(in, p.failure()), false);
        }
        Path stemPath = outputDir.resolve(in.outputStem());
        Path dir = stemPath.getParent();
        DetectionFiles.Outputs outputs = DetectionFiles.outputs(dir, stemPath.getFileName().toString());
        Path marker = outputDir.resolve(STATE_DIR).resolve(in.outputStem() + ".json");
        Map<String, String> key;
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attrs.isRegularFile()) {
                return new Outcome(failedRow(in, file + ": not a regular file"), false);
            }
            key = new LinkedHashMap<>();
            key.put("input", file.toAbsolutePath().normalize().toString());
            key.put("size", Long.toString(attrs.size()));
            key.put("modified", attrs.lastModifiedTime().toInstant().toString());
            key.put("parameters", parametersHash);
        } catch (IOException e) {
            return new Outcome(failedRow(in, describe(e, file)), false);
        }
        Row prior = readMarker(marker, key);
        if (prior != null && outputs.exist()) {
            return new Outcome(prior, true);
        }
        Files.deleteIfExists(marker);

        long t0 = System.nanoTime();
        RecordingDetection detection;
        try {
            detection = detect(in);
        } catch (DetectionFailure e) {
            deleteAll(outputs);
            return new Outcome(failedRow(in, e.getMessage()), false);
        }
        double wall = Math.max(1e-9, (System.nanoTime() - t0) / 1e9);
        FrequencyBand b;
        try {
            b = band != null ? band : DetectionFiles.nyquistBand(WavFile.info(file).sampleRate());
        } catch (IOException | RuntimeException e) {
            deleteAll(outputs);
            return new Outcome(failedRow(in, describe(e, file)), false);
        }
        Row row = new Row(in.recording(), detection.seconds(), detection.events().size(),
                detection.secondsToReview() / 60, detection.seconds() / wall, Status.DONE, "");
        Map<String, String> m = new LinkedHashMap<>(key);
        m.put("row", row.toCsv());
        try {
            DetectionFiles.write(dir, stemPath.getFileName().toString(), detection, b);
            Files.createDirectories(marker.getParent());
            TextFiles.writeAtomically(marker, w -> w.write(JsonText.prettyFinite(m) + "\n"));
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            // a full disk, a read-only folder, no heap left: this recording fails, with the path
            deleteAll(outputs);
            Files.deleteIfExists(marker);
            return new Outcome(failedRow(in, "cannot write the outputs: " + describeWrite(e)), false);
        }
        return new Outcome(row, false);
    }

    /** A write failure in one line; file system errors name the file they were writing. */
    private static String describeWrite(Throwable e) {
        if (e instanceof OutOfMemoryError) {
            return "out of memory (" + heap() + ")";
        }
        if (e instanceof FileSystemException f && f.getFile() != null) {
            String reason = f.getReason() != null ? f.getReason()
                    : f instanceof AccessDeniedException ? "permission denied"
                    : f instanceof NoSuchFileException ? "no such file or folder"
                    : f.getClass().getSimpleName();
            return f.getFile() + ": " + reason;
        }
        String msg = e.getMessage();
        return msg == null || msg.isBlank() ? e.getClass().getSimpleName() : msg;
    }

    /** The Java heap limit, for out-of-memory messages. */
    private static String heap() {
        return "Java heap limit " + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                + " MiB; run Java with a larger -Xmx";
    }

    /** A detection that failed; the message is the summary's reason. */
    private static final class DetectionFailure extends Exception {
        private static final long serialVersionUID = 1L;

        DetectionFailure(String message) {
            super(message);
        }
    }

    private RecordingDetection detect(Input in) throws DetectionFailure, InterruptedIOException {
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "bull-detect " + in.recording());
            t.setDaemon(true);
            return t;
        });
        boolean timedOut = false;
        try {
            Future<RecordingDetection> f = worker.submit(() -> detector.detect(in.file(),
                    (done, total) -> listener.progress(in, done, total)));
            RecordingDetection d;
            try {
                d = timeout == null ? f.get() : f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                timedOut = true;
                f.cancel(true);
                throw new DetectionFailure("timed out after " + seconds(timeout) + " s");
            } catch (InterruptedException e) {
                f.cancel(true);
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while detecting in " + in.file());
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof OutOfMemoryError) {
                    // the detection's memory is unreachable now: the next recording can run
                    LOG.debug("out of memory detecting in {}", in.file(), cause);
                    throw new DetectionFailure(in.file() + ": out of memory while detecting ("
                            + heap() + ")");
                }
                if (cause instanceof Error error) {
                    throw error;
                }
                throw new DetectionFailure(describe(cause, in.file()));
            }
            if (d == null) {
                throw new DetectionFailure(in.file() + ": the detector returned no result");
            }
            return d;
        } finally {
            worker.shutdownNow();
            if (timedOut) {
                try {
                    if (!worker.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                        LOG.warn("the detection of {} did not stop within {} s of its timeout; going on"
                                + " without it", in.file(), STOP_WAIT_SECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static String seconds(Duration d) {
        return JsonText.plain(Double.toString(d.toNanos() / 1e9));
    }

    private Row failedRow(Input in, String reason) {
        double seconds = Double.NaN;
        try {
            if (Files.isRegularFile(in.file())) {
                seconds = WavFile.info(in.file()).durationSeconds();
            }
        } catch (IOException | RuntimeException e) {
            // the reason already says what is wrong with the file
        }
        return new Row(in.recording(), seconds, -1, Double.NaN, Double.NaN, Status.FAILED, reason);
    }

    /** The stored row if the marker exists and holds this key, else null. */
    private static Row readMarker(Path marker, Map<String, String> key) {
        if (!Files.isRegularFile(marker)) {
            return null;
        }
        try {
            Map<String, String> m = JsonText.readFlatStrings(
                    new String(Files.readAllBytes(marker), StandardCharsets.UTF_8));
            for (Map.Entry<String, String> e : key.entrySet()) {
                if (!e.getValue().equals(m.get(e.getKey()))) {
                    LOG.debug("{}: {} changed; detecting again", marker, e.getKey());
                    return null;
                }
            }
            String row = m.get("row");
            return row == null ? null : Row.parse(row);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("{}: unreadable marker ({}); detecting again", marker, e.getMessage());
            return null;
        }
    }

    private static void deleteAll(DetectionFiles.Outputs outputs) throws IOException {
        for (Path p : outputs.all()) {
            Files.deleteIfExists(p);
        }
    }

    /**
     * The rows of the output folder's existing summary, by recording, in file order; an unreadable
     * summary is kept beside it as {@code summary.csv.unreadable} and a new one is started.
     */
    private Map<String, Row> readSummary() throws IOException {
        Map<String, Row> rows = new LinkedHashMap<>();
        Path file = outputDir.resolve(SUMMARY);
        if (!Files.isRegularFile(file)) {
            return rows;
        }
        List<String> lines = TextFiles.readLines(file);
        int n = 0;
        try {
            for (String line : lines) {
                n++;
                if (n == 1) {
                    if (!line.equals(SUMMARY_HEADER)) {
                        throw new IllegalArgumentException("expected the header " + SUMMARY_HEADER);
                    }
                } else if (!line.isEmpty()) {
                    Row r = Row.parse(line);
                    rows.put(r.recording(), r);
                }
            }
            return rows;
        } catch (IllegalArgumentException e) {
            Path aside = outputDir.resolve(SUMMARY + ".unreadable");
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            LOG.warn("{}: line {}: {}; moved to {} and a new summary started", file, n, e.getMessage(),
                    aside.getFileName());
            return new LinkedHashMap<>();
        }
    }

    private void writeSummary(Collection<Row> rows) throws IOException {
        StringBuilder sb = new StringBuilder(SUMMARY_HEADER).append('\n');
        for (Row r : rows) {
            sb.append(r.toCsv()).append('\n');
        }
        TextFiles.writeAtomically(outputDir.resolve(SUMMARY), w -> w.write(sb.toString()));
    }

    private void writeRunJson(String parametersHash) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("started", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        String v = version;
        if (v == null) {
            v = BatchDetection.class.getPackage().getImplementationVersion();
        }
        m.put("bullwatch", v == null ? "unknown" : v);
        m.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("outputDir", outputDir.toString());
        m.put("inputs", inputPaths.stream().map(Path::toString).toList());
        m.put("timeoutSeconds", timeout == null ? null : timeout.toNanos() / 1e9);
        m.put("parametersSha256", parametersHash);
        m.put("detector", detector.parameters());
        TextFiles.writeAtomically(outputDir.resolve(RUN_JSON), w -> w.write(JsonText.prettyFinite(m) + "\n"));
    }

    private void deleteStaleTemporaryFiles() throws IOException {
        List<Path> stale = new ArrayList<>();
        Files.walkFileTree(outputDir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                Matcher m = TEMP.matcher(file.getFileName().toString());
                if (attrs.isRegularFile() && m.matches()
                        && OUR_SUFFIXES.stream().anyMatch(s -> m.group(1).endsWith(s))) {
                    stale.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        for (Path p : stale) {
            LOG.info("deleting {}, left by an interrupted run", p);
            Files.deleteIfExists(p);
        }
    }

    /** A one-line reason naming the file. */
    static String describe(Throwable e, Path file) {
        if (e instanceof NoSuchFileException) {
            return file + ": no such file";
        }
        if (e instanceof AccessDeniedException) {
            return file + ": permission denied";
        }
        String msg = e.getMessage();
        if (msg == null || msg.isBlank()) {
            return file + ": " + e.getClass().getSimpleName();
        }
        if (e instanceof RuntimeException) {
            msg = e.getClass().getSimpleName() + ": " + msg;
        }
        return msg.contains(file.getFileName().toString()) ? msg : file + ": " + msg;
    }
}
