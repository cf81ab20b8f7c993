package io.bullwatch.cli;

import io.bullwatch.core.audio.WavFile;
import io.bullwatch.core.batch.BatchDetection;
import io.bullwatch.core.batch.BatchInput;
import io.bullwatch.core.batch.BatchListener;
import io.bullwatch.core.batch.BatchResult;
import io.bullwatch.core.batch.Duplicate;
import io.bullwatch.core.batch.SummaryRow;
import io.bullwatch.core.events.EventRule;
import io.bullwatch.core.events.RecordingDetector;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bull detect}: runs a detector over recordings and writes files for review. */
@Command(name = "detect",
        description = {"Detects bulls in recordings and writes Raven and Audacity tables of them.",
            "",
            "Takes WAV files, or folders searched recursively for *.wav, and writes per recording NAME:"
                + " OUT/.../NAME.bull.selections.txt (Raven), NAME.bull.labels.txt (Audacity) and"
                + " NAME.bull.windows.csv (every window's score); for the run, OUT/summary.csv (one row"
                + " per recording, kept across runs into the same folder: done or failed, and why) and"
                + " OUT/run.json. Symbolic links are followed; a file reached twice is detected once.",
            "",
            "Run it again with the same arguments to resume: finished recordings are skipped. A bad"
                + " file fails alone; exit code 1 if any input failed. See docs/cli.md."})
final class DetectCommand implements Callable<Integer> {

    /** Seconds between progress lines. */
    private static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR|energy:T",
            description = "A model bundle folder (from bull train), or energy:T for the model-free energy"
                + " detector at threshold T dB of peak contrast (for example energy:15).")
    String model;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "Output folder (created).")
    Path out;

    @Option(names = "--threads", defaultValue = "2", paramLabel = "N",
            description = "Threads for model inference (the energy detector uses one; default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--threshold", paramLabel = "T", description = "Decision threshold; overrides the one of --model.")
    Double threshold;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "Give up on a recording after this many seconds of detection (default: no limit).")
    Double timeout;

    @Option(names = "--min-duration", defaultValue = "2", paramLabel = "S",
            description = "Shorter events are widened to this length (default: ${DEFAULT-VALUE}).")
    double minDuration;

    @Option(names = "--max-duration", defaultValue = "60", paramLabel = "S",
            description = "Longer events are cut into parts of at most this length (default: ${DEFAULT-VALUE}).")
    double maxDuration;

    @Option(names = "--merge-gap", defaultValue = "0", paramLabel = "S",
            description = "Events closer than this are joined (default: ${DEFAULT-VALUE}).")
    double mergeGap;

    @Parameters(arity = "1..*", paramLabel = "FILE_OR_DIR", description = "WAV files or folders.")
    List<Path> inputs;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        checkRanges();
        RecordingDetector detector = detector();
        try {
            return run(detector, stdout, stderr);
        } finally {
            DetectorSpec.close(detector);
        }
    }

    private int run(RecordingDetector detector, PrintWriter stdout, PrintWriter stderr) throws IOException {
        BatchDetection.Builder builder = BatchDetection.builder().setDetector(detector).setOutputDir(out)
                .addInputs(inputs).optVersion(version());
        if (timeout != null) {
            builder.optTimeout(Duration.ofNanos(Math.round(timeout * 1e9)));
        }
        ProgressLine progress = new ProgressLine(stderr);
        BatchDetection batch = builder.optListener(progress).build();
        progress.totalSeconds = totalSeconds(batch.inputs());
        stdout.println("bull detect: " + batch.inputs().size() + " recordings, "
                + minutes(progress.totalSeconds) + " of audio; " + DetectorSpec.describe(detector));
        stdout.flush();
        BatchResult r = batch.run();
        for (Duplicate d : r.duplicates()) {
            stderr.println("bull detect: same file: " + d.describe());
        }
        for (SummaryRow row : r.rows()) {
            if (row.status() == SummaryRow.Status.FAILED) {
                stderr.println("bull detect: failed: " + row.recording() + ": " + row.error());
            }
        }
        stderr.flush();
        stdout.println(String.format(Locale.ROOT, "bull detect: %d done, %d skipped (done before), %d failed;"
                + " %d events, %.1f minutes to review", r.done(), r.skipped(), r.failed(), r.events(),
                r.minutesToReview()));
        long warned = r.rows().stream().filter(row -> !row.warning().isEmpty()).count();
        if (warned > 0) {
            stdout.println(String.format(Locale.ROOT, "bull detect: %d of %d recordings with a warning (flagged far"
                    + " beyond calibration, or a background far from the model's sites): the warning column of"
                    + " the summary says which; check some of their events first", warned, r.rows().size()));
        }
        stdout.println("bull detect: outputs in " + r.outputDir() + " (summary: " + r.summary() + ")");
        stdout.flush();
        return r.allDone() ? 0 : 1;
    }

    /** Every numeric option in its range (exit code 2 otherwise), before anything is read. */
    private void checkRanges() {
        Ranges.whole(spec, "--threads", threads, 1, 1024);
        if (timeout != null) {
            Ranges.positive(spec, "--timeout", timeout);
        }
        Ranges.nonNegative(spec, "--min-duration", minDuration);
        Ranges.positive(spec, "--max-duration", maxDuration);
        Ranges.nonNegative(spec, "--merge-gap", mergeGap);
        DetectorSpec.checkThreshold(spec, model, threshold);
    }

    private RecordingDetector detector() throws IOException {
        try {
            return DetectorSpec.open(model, threshold, new EventRule(0, true, mergeGap, minDuration,
                    maxDuration, EventRule.Aggregate.MAX), threads);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private static String version() {
        try {
            return new BullCli.Version().getVersion()[0].replace("BullWatch ", "");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static double totalSeconds(List<BatchInput> inputs) {
        double s = 0;
        for (BatchInput in : inputs) {
            try {
                s += WavFile.info(in.file()).durationSeconds();
            } catch (IOException | RuntimeException e) {
                // counted as failed later; no audio to wait for
            }
        }
        return s;
    }

    private static String minutes(double seconds) {
        return String.format(Locale.ROOT, "%.1f min", seconds / 60);
    }

    /** A progress line on standard error at most every 5 s and after each recording. */
    static final class ProgressLine implements BatchListener {
        private final PrintWriter err;
        private final long start = System.nanoTime();
        private volatile double totalSeconds;
        private volatile double finishedSeconds;
        private volatile double processedSeconds;
        private volatile long lastPrint = System.nanoTime();
        private volatile int index;
        private volatile int total;

        ProgressLine(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void started(BatchInput input, int i, int n) {
            index = i;
            total = n;
        }

        @Override
        public void progress(BatchInput input, double done, double all) {
            double now = finishedSeconds + done;
            processedSeconds = now;
            if (System.nanoTime() - lastPrint >= PROGRESS_EVERY_NANOS) {
                print(input.recording());
            }
        }

        @Override
        public void finished(BatchInput input, SummaryRow row, boolean skipped) {
            if (!Double.isNaN(row.seconds())) {
                finishedSeconds += row.seconds();
            }
            processedSeconds = finishedSeconds;
            index++;
            print(input.recording() + " " + (skipped ? "skipped (done before)" : row.status().text()));
        }

        private synchronized void print(String what) {
            lastPrint = System.nanoTime();
            double wall = (lastPrint - start) / 1e9;
            double rtf = wall > 0 ? processedSeconds / wall : 0;
            String eta = rtf > 0 && totalSeconds > processedSeconds
                    ? clock((totalSeconds - processedSeconds) / rtf) : "-";
            int percent = totalSeconds > 0 ? (int) Math.min(100, 100 * processedSeconds / totalSeconds) : 100;
            err.println(String.format(Locale.ROOT, "[%d/%d] %3d%% %s of %s audio, %.0fx real time, ETA %s | %s",
                    index, total, percent, minutes(processedSeconds), minutes(totalSeconds), rtf, eta, what));
            err.flush();
        }

        private static String clock(double seconds) {
            long s = Math.round(seconds);
            return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
        }
    }
}
