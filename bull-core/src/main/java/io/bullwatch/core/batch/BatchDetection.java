package io.bullwatch.core.batch;

import io.bullwatch.core.annotation.FrequencyBand;
import io.bullwatch.core.audio.WavFile;
import io.bullwatch.core.events.DetectionFiles;
import io.bullwatch.core.events.RecordingDetection;
import io.bullwatch.core.events.RecordingDetector;
import io.bullwatch.core.io.Sha256;
import io.bullwatch.core.text.JsonText;
import io.bullwatch.core.text.TextFiles;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
    public static final String SUMMARY_HEADER = SummaryRow.HEADER;

    private static final Logger LOG = LoggerFactory.getLogger(BatchDetection.class);

    private final RecordingDetector detector;
    private final Path outputDir;
    private final List<Path> inputPaths;
    private final Duration timeout;
    private final BatchListener listener;
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

    /** Builds a {@link BatchDetection}: {@code set*} options are required, {@code opt*} optional. */
    public static final class Builder {
        private RecordingDetector detector;
        private Path outputDir;
        private final List<Path> inputs = new ArrayList<>();
        private Duration timeout;
        private BatchListener listener = new BatchListener() { };
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
        public Builder optListener(BatchListener value) {
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

    /**
     * The inputs of this run, in processing order: given files, and the {@code *.wav} files of
     * given folders. Inputs that do not exist are listed too (they will fail).
     *
     * @return the inputs
     * @throws IOException never for missing or unreadable inputs (they fail in {@link #run()})
     */
    public List<BatchInput> inputs() throws IOException {
        return InputPlan.plan(inputPaths).inputs().stream().map(InputPlan.Planned::input).toList();
    }

    /**
     * The inputs left out because they are the same file as an earlier input (two links to one
     * recording, a file given directly and inside a folder).
     *
     * @return the duplicates, in input order
     * @throws IOException never for missing or unreadable inputs
     */
    public List<Duplicate> duplicates() throws IOException {
        return InputPlan.plan(inputPaths).duplicates();
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
    public BatchResult run() throws IOException {
        Path state = outputDir.resolve(STATE_DIR);
        Files.createDirectories(state);
        try (FileChannel lockChannel = FileChannel.open(state.resolve("lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
                FileLock lock = tryLock(lockChannel)) {
            OutputFolder.deleteStaleTemporaryFiles(outputDir);
            String parametersJson = JsonText.prettyFinite(detector.parameters());
            String parametersHash = Sha256.hex(parametersJson);
            writeRunJson(parametersHash);
            InputPlan.Plan plan = InputPlan.plan(inputPaths);
            List<InputPlan.Planned> planned = plan.inputs();
            Map<String, SummaryRow> summary = OutputFolder.readSummary(outputDir);
            List<SummaryRow> rows = new ArrayList<>();
            java.util.Set<String> named = new java.util.HashSet<>();
            int done = 0;
            int skipped = 0;
            int failed = 0;
            int events = 0;
            double minutes = 0;
            for (int i = 0; i < planned.size(); i++) {
                InputPlan.Planned p = planned.get(i);
                listener.started(p.input(), i, planned.size());
                Outcome o = process(p, parametersHash);
                SummaryRow row = o.row();
                if (!named.add(row.recording())) {
                    // an input whose name another input of this run has: its own row, named by its path,
                    // so that it does not replace the other's
                    row = new SummaryRow(p.input().file().toString(), row.seconds(), row.events(),
                            row.minutesToReview(), row.realTimeFactor(), row.status(), row.error(), row.warning(),
                            row.background(), row.embedding());
                    o = new Outcome(row, o.skipped());
                }
                rows.add(o.row());
                summary.put(o.row().recording(), o.row());
                try {
                    OutputFolder.writeSummary(outputDir, summary.values());
                } catch (IOException e) {
                    throw new IOException(e.getMessage() + "; stopped after " + (i + 1) + " of "
                            + planned.size() + " recordings (what was finished is kept: run the same"
                            + " command again to resume)", e);
                }
                if (o.row().status() == SummaryRow.Status.FAILED) {
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
                OutputFolder.writeSummary(outputDir, summary.values());
            }
            return new BatchResult(done, skipped, failed, events, minutes, outputDir, rows,
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

    private record Outcome(SummaryRow row, boolean skipped) {
    }

    private Outcome process(InputPlan.Planned p, String parametersHash) throws IOException {
        BatchInput in = p.input();
        Path file = in.file();
        SummaryRow unnamable = SummaryRow.lineBreakFailure(in.recording(), file.toString());
        if (unnamable != null) {
            return new Outcome(unnamable, false); // fails alone, not the run at its summary line
        }
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
            return new Outcome(failedRow(in, Reasons.describe(e, file)), false);
        }
        SummaryRow prior = OutputFolder.readMarker(marker, key);
        if (prior != null && outputs.exist()) {
            return new Outcome(prior, true);
        }
        String other = OutputFolder.otherRecording(marker, key);
        if (other != null && outputs.exist()) {
            // another recording of the same name (a second card's 20240501_210000.WAV) detected into this
            // folder by an earlier run: its outputs, and any verdicts on them, are not this one's to replace
            return new Outcome(failedRow(in, file + ": its outputs would be " + outputDir.resolve(in.outputStem())
                    + ".bull.*, which hold the detections of another recording of the same name, " + other
                    + " (an earlier run); detect this one into another output folder"), false);
        }
        Files.deleteIfExists(marker);

        long t0 = System.nanoTime();
        RecordingDetection detection;
        try {
            detection = TimedDetection.detect(detector, in, timeout, listener);
        } catch (TimedDetection.DetectionFailure e) {
            OutputFolder.deleteAll(outputs);
            return new Outcome(failedRow(in, e.getMessage()), false);
        }
        double wall = Math.max(1e-9, (System.nanoTime() - t0) / 1e9);
        FrequencyBand b;
        try {
            b = band != null ? band : DetectionFiles.nyquistBand(WavFile.info(file).sampleRate());
        } catch (IOException | RuntimeException e) {
            OutputFolder.deleteAll(outputs);
            return new Outcome(failedRow(in, Reasons.describe(e, file)), false);
        }
        SummaryRow row = SummaryRow.done(in.recording(), detection, wall, detector.expectedFlaggedShare());
        if (!row.warning().isEmpty()) {
            LOG.warn("{}: {}", in.recording(), row.warning());
        }
        Map<String, String> m = new LinkedHashMap<>(key);
        m.put("row", row.toCsv());
        try {
            DetectionFiles.write(dir, stemPath.getFileName().toString(), detection, b);
            Files.createDirectories(marker.getParent());
            TextFiles.writeAtomically(marker, w -> w.write(JsonText.prettyFinite(m) + "\n"));
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            // a full disk, a read-only folder, no heap left: this recording fails, with the path
            OutputFolder.deleteAll(outputs);
            Files.deleteIfExists(marker);
            return new Outcome(failedRow(in, "cannot write the outputs: " + Reasons.describeWrite(e)), false);
        }
        return new Outcome(row, false);
    }

    private SummaryRow failedRow(BatchInput in, String reason) {
        double seconds = Double.NaN;
        try {
            if (Files.isRegularFile(in.file())) {
                seconds = WavFile.info(in.file()).durationSeconds();
            }
        } catch (IOException | RuntimeException e) {
            // the reason already says what is wrong with the file
        }
        return new SummaryRow(in.recording(), seconds, -1, Double.NaN, Double.NaN, SummaryRow.Status.FAILED, reason);
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

}
