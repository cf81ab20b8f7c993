package io.bullwatch.spark;

import io.bullwatch.core.batch.SummaryRow;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The {@code spark-submit} command line of {@link SparkDetect}. */
@Command(name = "io.bullwatch.spark.SparkDetect", mixinStandardHelpOptions = true,
        description = {"Detects bulls in recordings on Apache Spark: the outputs of bull detect (Raven, Audacity,"
            + " windows CSV per recording; summary.csv, run.json) plus Parquet tables under OUT/tables.",
            "Inputs and OUT are paths or Hadoop URIs (file:, hdfs:, s3a:). A rerun skips what is done;"
                + " exit code 1 if any input failed. See docs/scale-out.md."})
final class SparkDetectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A model bundle folder on the driver.")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "Output folder: a path or a Hadoop URI.")
    String out;

    @Option(names = "--threshold", paramLabel = "T", description = "Decision threshold; overrides the bundle's.")
    Double threshold;

    @Option(names = "--min-duration", defaultValue = "2", paramLabel = "S",
            description = "Shorter events are widened to this length (default: ${DEFAULT-VALUE}).")
    double minDuration;

    @Option(names = "--max-duration", defaultValue = "60", paramLabel = "S",
            description = "Longer events are cut into parts of at most this length (default: ${DEFAULT-VALUE}).")
    double maxDuration;

    @Option(names = "--merge-gap", defaultValue = "0", paramLabel = "S",
            description = "Events closer than this are joined (default: ${DEFAULT-VALUE}).")
    double mergeGap;

    @Option(names = "--threads-per-task", defaultValue = "1", paramLabel = "N",
            description = "Inference threads per task (default: ${DEFAULT-VALUE}; Spark runs one task per core).")
    int threadsPerTask;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "WAV files or folders (paths or URIs).")
    List<String> inputs;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        if (!Files.isDirectory(model)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--model " + model
                    + ": no such model bundle folder");
        }
        SparkDetect job;
        try {
            job = SparkDetect.builder().setModel(model).setOutput(out).addInputs(inputs).optThreshold(threshold)
                    .optEvents(mergeGap, minDuration, maxDuration).optThreadsPerTask(threadsPerTask).build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        SparkSession spark = SparkSession.builder().appName("bullwatch-detect").getOrCreate();
        try {
            SparkDetectResult r = job.run(spark);
            for (SummaryRow row : r.rows()) {
                if (row.status() == SummaryRow.Status.FAILED) {
                    spec.commandLine().getErr().println("failed: " + row.recording() + ": " + row.error());
                }
            }
            stdout.println(String.format(Locale.ROOT, "bullwatch spark: %d done, %d skipped (done before), %d failed;"
                    + " %d events, %.1f minutes to review; outputs in %s", r.done(), r.skipped(), r.failed(),
                    r.events(), r.minutesToReview(), r.outputDir()));
            stdout.flush();
            return r.allDone() ? 0 : 1;
        } finally {
            spark.stop();
        }
    }
}
