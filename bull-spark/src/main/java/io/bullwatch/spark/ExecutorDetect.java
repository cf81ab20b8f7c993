package io.bullwatch.spark;

import io.bullwatch.core.annotation.FrequencyBand;
import io.bullwatch.core.audio.AudioSource;
import io.bullwatch.core.audio.ChannelPolicy;
import io.bullwatch.core.audio.WavFile;
import io.bullwatch.core.batch.Reasons;
import io.bullwatch.core.batch.SummaryRow;
import io.bullwatch.core.events.DetectionFiles;
import io.bullwatch.core.events.RecordingDetection;
import io.bullwatch.core.events.RecordingDetector;
import io.bullwatch.core.events.WindowScore;
import io.bullwatch.core.io.Sha256;
import io.bullwatch.core.text.JsonText;
import io.bullwatch.models.detect.Detector;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor's side of {@link SparkDetect}: one recording per call, with the guarantees of
 * {@code bull detect} ({@link io.bullwatch.core.batch.BatchDetection}): a finished recording with
 * an unchanged input and detector is skipped; a bad file becomes a failed row, never a failed task;
 * the three outputs are committed one by one (each replaced whole) and the marker last, so a task
 * killed at any point is simply done again by its retry or by the next run.
 *
 * <p>Detectors are kept per executor JVM: the bundle's bytes (a broadcast) are written to a local
 * folder once, and each concurrent task borrows a loaded detector from a pool, so a bundle is
 * loaded once per task slot, not once per file.
 */
final class ExecutorDetect {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorDetect.class);

    /** PyTorch's intra-op threads per forward pass (DJL reads it when the engine starts). */
    static final String INTRA_OP_THREADS = "ai.djl.pytorch.num_threads";

    private static final Map<String, java.nio.file.Path> BUNDLES = new ConcurrentHashMap<>();
    private static final Map<String, Deque<Detector>> POOLS = new ConcurrentHashMap<>();

    private ExecutorDetect() {
    }

    /**
     * Detects one recording (or takes it from an earlier run) and commits its outputs.
     *
     * @param task the recording
     * @param settings the run's settings
     * @param bundle the model bundle
     * @param hadoop the driver's Hadoop configuration
     * @return its outcome; a failure is an outcome too
     * @throws IOException only when the output folder cannot be reached at all
     */
    static TaskOutcome process(RecordingTask task, JobSettings settings, BundleFiles bundle,
            Map<String, String> hadoop) throws IOException {
        Configuration conf = SparkDetect.configuration(hadoop);
        SummaryRow unnamable = SummaryRow.lineBreakFailure(task.recording(), task.uri());
        if (unnamable != null) {
            return TaskOutcome.failed(task, unnamable); // as bull detect: fails alone
        }
        if (task.failure() != null) {
            return TaskOutcome.failed(task, failedRow(task, task.failure(), conf));
        }
        Path in = new Path(task.uri());
        java.nio.file.Path label = label(in);
        FileSystem inFs;
        FileStatus status;
        try {
            inFs = HadoopFiles.of(in, conf);
            status = inFs.getFileStatus(in);
        } catch (FileNotFoundException e) {
            return TaskOutcome.failed(task, failedRow(task, in + ": no such file or folder", conf));
        } catch (IOException | RuntimeException e) {
            return TaskOutcome.failed(task, failedRow(task, fix(Reasons.describe(e, label), label, in), conf));
        }
        if (!status.isFile()) {
            return TaskOutcome.failed(task, failedRow(task, in + ": not a regular file", conf));
        }
        Detector detector = borrow(bundle, settings);
        try {
            return process(task, settings, conf, in, label, inFs, status, detector);
        } finally {
            POOLS.get(poolKey(bundle, settings)).addFirst(detector);
        }
    }

    private static TaskOutcome process(RecordingTask task, JobSettings settings, Configuration conf, Path in,
            java.nio.file.Path label, FileSystem inFs, FileStatus status, Detector detector) throws IOException {
        Path out = new Path(settings.out());
        FileSystem outFs = HadoopFiles.of(out, conf);
        String parametersHash = Sha256.hex(JsonText.prettyFinite(detector.parameters()));
        Map<String, String> key = new LinkedHashMap<>();
        key.put("input", in.toString());
        key.put("size", Long.toString(status.getLen()));
        key.put("modified", Instant.ofEpochMilli(status.getModificationTime()).toString());
        key.put("parameters", parametersHash);
        List<Path> outputs = outputs(out, task.stem());
        Path marker = new Path(out, SparkDetect.STATE_DIR + "/" + task.stem() + ".json");
        SummaryRow prior = readMarker(outFs, marker, key);
        if (prior != null && allExist(outFs, outputs)) {
            try {
                return TaskOutcome.done(task, prior, true, reread(in, label, inFs, status, outFs, outputs.get(2),
                        detector));
            } catch (IOException | RuntimeException e) {
                LOG.warn("{}: the outputs of an earlier run cannot be read back ({}); detecting again", in,
                        e.getMessage());
            }
        }
        String other = otherRecording(outFs, marker, key);
        if (other != null && allExist(outFs, outputs)) {
            // as bull detect: another recording of the same name, detected by an earlier run, keeps its outputs
            return TaskOutcome.failed(task, failedRow(task, in + ": its outputs would be " + new Path(out,
                    task.stem()) + ".bull.*, which hold the detections of another recording of the same name, "
                    + other + " (an earlier run); detect this one into another output folder", conf));
        }
        HadoopFiles.deleteIfExists(outFs, marker);
        long t0 = System.nanoTime();
        RecordingDetection detection;
        FrequencyBand band;
        try (AudioSource source = open(in, label, inFs, status)) {
            band = DetectionFiles.nyquistBand(source.sampleRate());
            detection = detector.detect(source, in.getName(), RecordingDetector.Progress.NONE);
        } catch (OutOfMemoryError e) {
            deleteAll(outFs, outputs);
            return TaskOutcome.failed(task, failedRow(task, in + ": out of memory while detecting ("
                    + Reasons.heap() + ")", conf));
        } catch (IOException | RuntimeException e) {
            deleteAll(outFs, outputs);
            return TaskOutcome.failed(task, failedRow(task, fix(Reasons.describe(e, label), label, in), conf));
        }
        double wall = Math.max(1e-9, (System.nanoTime() - t0) / 1e9);
        SummaryRow row = SummaryRow.done(task.recording(), detection, wall, detector.expectedFlaggedShare());
        if (!row.warning().isEmpty()) {
            LOG.warn("{}: {}", task.recording(), row.warning());
        }
        try {
            commit(outFs, out, task.stem(), detection, band, marker, key, row);
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            deleteAll(outFs, outputs);
            HadoopFiles.deleteIfExists(outFs, marker);
            String reason = "cannot write the outputs: " + Reasons.describeWrite(e);
            return TaskOutcome.failed(task, failedRow(task, reason, conf));
        }
        LOG.info(String.format(Locale.ROOT, "%s: %d events, %.1f s of audio in %.1f s (%.0fx real time)",
                task.recording(), detection.events().size(), detection.seconds(), wall, detection.seconds() / wall));
        return TaskOutcome.done(task, row, false, detection);
    }

    /** Writes the three outputs locally, copies each into place, then the marker. */
    private static void commit(FileSystem outFs, Path out, String stem, RecordingDetection detection,
            FrequencyBand band, Path marker, Map<String, String> key, SummaryRow row) throws IOException {
        java.nio.file.Path local = Files.createTempDirectory("bullwatch-outputs-");
        try {
            String name = stem.substring(stem.lastIndexOf('/') + 1);
            DetectionFiles.Outputs files = DetectionFiles.write(local, name, detection, band);
            List<Path> targets = outputs(out, stem);
            List<java.nio.file.Path> written = files.all();
            String tag = attempt();
            for (int i = 0; i < written.size(); i++) {
                HadoopFiles.writeAtomically(outFs, targets.get(i), Files.readAllBytes(written.get(i)), tag);
            }
            Map<String, String> m = new LinkedHashMap<>(key);
            m.put("row", row.toCsv());
            HadoopFiles.writeAtomically(outFs, marker,
                    (JsonText.prettyFinite(m) + "\n").getBytes(StandardCharsets.UTF_8), tag);
        } finally {
            try (var s = Files.list(local)) {
                for (java.nio.file.Path p : (Iterable<java.nio.file.Path>) s::iterator) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(local);
        }
    }

    /**
     * A finished recording's detection, read back from its windows file (scores exactly as
     * written) and its length: the events follow from them by the same rule, exactly.
     */
    private static RecordingDetection reread(Path in, java.nio.file.Path label, FileSystem inFs, FileStatus status,
            FileSystem outFs, Path windowsFile, Detector detector) throws IOException {
        double seconds;
        try (AudioSource source = open(in, label, inFs, status)) {
            seconds = (double) source.frames() / source.sampleRate();
        }
        String text = HadoopFiles.readString(outFs, windowsFile);
        if (text == null) {
            throw new FileNotFoundException(windowsFile.toString());
        }
        java.nio.file.Path local = Files.createTempFile("bullwatch-windows-", ".csv");
        try {
            Files.writeString(local, text, StandardCharsets.UTF_8);
            List<WindowScore> windows = DetectionFiles.readWindows(local);
            return RecordingDetection.of(in.getName(), seconds, windows, detector.rule());
        } finally {
            Files.deleteIfExists(local);
        }
    }

    private static AudioSource open(Path in, java.nio.file.Path label, FileSystem fs, FileStatus status)
            throws IOException {
        try {
            return WavFile.open(label, new HadoopChannel(fs.open(in), status.getLen()), ChannelPolicy.downmix());
        } catch (IllegalArgumentException e) {
            throw new IOException(label + ": " + e.getMessage(), e);
        }
    }

    /** The three outputs of a stem: Raven, Audacity, windows (the order of {@link DetectionFiles.Outputs#all()}). */
    static List<Path> outputs(Path out, String stem) {
        List<Path> p = new ArrayList<>(3);
        for (String suffix : List.of(DetectionFiles.SELECTIONS_SUFFIX, DetectionFiles.LABELS_SUFFIX,
                DetectionFiles.WINDOWS_SUFFIX)) {
            p.add(new Path(out, stem + suffix));
        }
        return p;
    }

    private static boolean allExist(FileSystem fs, List<Path> files) throws IOException {
        for (Path p : files) {
            if (!fs.exists(p)) {
                return false;
            }
        }
        return true;
    }

    private static void deleteAll(FileSystem fs, List<Path> files) throws IOException {
        for (Path p : files) {
            HadoopFiles.deleteIfExists(fs, p);
        }
    }

    /** The stored row if the marker holds this key, else null (an unreadable marker: detect again). */
    private static SummaryRow readMarker(FileSystem fs, Path marker, Map<String, String> key) {
        try {
            String text = HadoopFiles.readString(fs, marker);
            if (text == null) {
                return null;
            }
            return SummaryRow.fromMarker(text, key);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("{}: unreadable marker ({}); detecting again", marker, e.getMessage());
            return null;
        }
    }

    private static String otherRecording(FileSystem fs, Path marker, Map<String, String> key) {
        try {
            String text = HadoopFiles.readString(fs, marker);
            return text == null ? null : SummaryRow.otherRecording(text, key);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** A failed row, with the recording's length when its header can be read. */
    private static SummaryRow failedRow(RecordingTask task, String reason, Configuration conf) {
        double seconds = Double.NaN;
        if (task.uri() != null) {
            try {
                Path in = new Path(task.uri());
                FileSystem fs = HadoopFiles.of(in, conf);
                FileStatus st = fs.getFileStatus(in);
                if (st.isFile()) {
                    try (AudioSource s = open(in, label(in), fs, st)) {
                        seconds = (double) s.frames() / s.sampleRate();
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the reason already says what is wrong with the file
            }
        }
        return new SummaryRow(task.recording(), seconds, -1, Double.NaN, Double.NaN, SummaryRow.Status.FAILED,
                reason);
    }

    /**
     * How messages name an input: its local path for a {@code file:} URI (so that reasons read as
     * {@code bull detect}'s), else the URI.
     */
    static java.nio.file.Path label(Path in) {
        java.net.URI u = in.toUri();
        boolean local = u.getScheme() == null || "file".equals(u.getScheme());
        return java.nio.file.Path.of(local ? u.getPath() : u.toString());
    }

    /** A reason naming the input by its URI where the label cannot (a non-local file system). */
    private static String fix(String reason, java.nio.file.Path label, Path in) {
        String scheme = in.toUri().getScheme();
        return scheme == null || scheme.equals("file") ? reason : reason.replace(label.toString(), in.toString());
    }

    private static String attempt() {
        TaskContext c = TaskContext.get();
        return c == null ? "0" : Long.toString(c.taskAttemptId());
    }

    private static String poolKey(BundleFiles bundle, JobSettings settings) {
        return bundle.sha256() + " " + settings;
    }

    /** A loaded detector for this task: a pooled one, or a new one from the bundle's local copy. */
    private static Detector borrow(BundleFiles bundle, JobSettings settings) throws IOException {
        Deque<Detector> pool = POOLS.computeIfAbsent(poolKey(bundle, settings), k -> new ConcurrentLinkedDeque<>());
        Detector d = pool.pollFirst();
        if (d != null) {
            return d;
        }
        java.nio.file.Path dir;
        try {
            dir = BUNDLES.computeIfAbsent(bundle.sha256(), k -> {
                try {
                    String tmp = System.getProperty("java.io.tmpdir");
                    return bundle.writeTo(java.nio.file.Path.of(tmp, "bullwatch-spark"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (System.getProperty(INTRA_OP_THREADS) == null) {
            System.setProperty(INTRA_OP_THREADS, "1");
        }
        LOG.info("loading the model bundle {} on this executor", bundle.sha256().substring(0, 12));
        return Detector.load(dir, settings.options());
    }
}
