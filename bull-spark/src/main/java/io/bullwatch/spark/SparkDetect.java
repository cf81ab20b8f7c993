package io.bullwatch.spark;

import io.bullwatch.core.batch.SummaryRow;
import io.bullwatch.core.io.Sha256;
import io.bullwatch.core.text.JsonText;
import io.bullwatch.models.detect.Detector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batch detection on Apache Spark: the recordings (local paths or Hadoop URIs: {@code file:},
 * {@code hdfs:}, {@code s3a:} where the cluster has the connector) are spread over the executors,
 * one task per recording; each executor loads the model bundle (shipped with the job as a
 * broadcast) once per task slot and streams each recording through the same {@link Detector} as
 * {@code bull detect}. The output folder gets what {@code bull detect} writes, with the same
 * guarantees (see {@link ExecutorDetect}):
 * <ul>
 *   <li>per recording {@code NAME.bull.selections.txt}, {@code NAME.bull.labels.txt},
 *       {@code NAME.bull.windows.csv}, byte for byte those of {@code bull detect};</li>
 *   <li>{@code summary.csv} (done or failed with the reason, every input; kept across runs) and
 *       {@code run.json};</li>
 *   <li>{@code .bull/NAME.json} markers: a rerun skips what is done;</li>
 *   <li>Parquet tables of this run's inputs: {@code tables/events} (recording, event, start, end,
 *       score), {@code tables/windows} (recording, start, end, score, detected) and {@code
 *       tables/summary}, committed by Spark's output committer (a retried task adds no rows).</li>
 * </ul>
 *
 * <pre>{@code
 * SparkDetectResult r = SparkDetect.builder().setModel(Path.of("model")).setOutput("hdfs:///bulls/2026")
 *         .addInput("hdfs:///recordings/2026").build().run(spark);
 * }</pre>
 *
 * <p>One run writes to an output folder at a time (nothing on a shared file system enforces it).
 */
public final class SparkDetect {

    /** The folder of per-recording markers in the output folder (as {@code bull detect}'s). */
    public static final String STATE_DIR = ".bull";
    /** The run summary, as {@code bull detect}'s. */
    public static final String SUMMARY = "summary.csv";
    /** The run description. */
    public static final String RUN_JSON = "run.json";
    /** The folder of the Parquet tables in the output folder. */
    public static final String TABLES = "tables";

    private static final Logger LOG = LoggerFactory.getLogger(SparkDetect.class);

    private final java.nio.file.Path model;
    private final String output;
    private final List<String> inputs;
    private final JobSettings settings;

    private SparkDetect(Builder b) {
        this.model = b.model;
        this.output = b.output;
        this.inputs = List.copyOf(b.inputs);
        this.settings = new JobSettings(b.output, b.threshold, b.mergeGap, b.minDuration, b.maxDuration,
                b.threadsPerTask);
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link SparkDetect}: {@code set*} and at least one input are required, {@code opt*} optional. */
    public static final class Builder {
        private java.nio.file.Path model;
        private String output;
        private final List<String> inputs = new ArrayList<>();
        private Double threshold;
        private double mergeGap = 0;
        private double minDuration = 2;
        private double maxDuration = 60;
        private int threadsPerTask = 1;

        private Builder() {
        }

        /**
         * @param value the model bundle folder, on the driver (required)
         * @return this
         */
        public Builder setModel(java.nio.file.Path value) {
            this.model = Objects.requireNonNull(value, "model");
            return this;
        }

        /**
         * @param value the output folder: a path or a Hadoop URI (required; created)
         * @return this
         */
        public Builder setOutput(String value) {
            this.output = Objects.requireNonNull(value, "output");
            return this;
        }

        /**
         * @param value a WAV file or a folder searched recursively for {@code *.wav}: a path or a
         *     Hadoop URI
         * @return this
         */
        public Builder addInput(String value) {
            inputs.add(Objects.requireNonNull(value, "input"));
            return this;
        }

        /**
         * @param values WAV files or folders
         * @return this
         */
        public Builder addInputs(List<String> values) {
            values.forEach(this::addInput);
            return this;
        }

        /**
         * @param value a decision threshold overriding the bundle's; null (default) for the bundle's
         * @return this
         */
        public Builder optThreshold(Double value) {
            if (value != null && !(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException("the threshold is a bull probability from 0 to 1, got " + value);
            }
            this.threshold = value;
            return this;
        }

        /**
         * The event settings of {@code bull detect} ({@code --merge-gap}, {@code --min-duration},
         * {@code --max-duration}).
         *
         * @param mergeGapSeconds closer events are joined (default 0)
         * @param minDurationSeconds shorter events are widened (default 2)
         * @param maxDurationSeconds longer events are cut (default 60)
         * @return this
         */
        public Builder optEvents(double mergeGapSeconds, double minDurationSeconds, double maxDurationSeconds) {
            JobSettings.events(mergeGapSeconds, minDurationSeconds, maxDurationSeconds);
            this.mergeGap = mergeGapSeconds;
            this.minDuration = minDurationSeconds;
            this.maxDuration = maxDurationSeconds;
            return this;
        }

        /**
         * @param value inference threads per task (default 1: one task per core is Spark's way)
         * @return this
         */
        public Builder optThreadsPerTask(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("threads per task must be >= 1, got " + value);
            }
            this.threadsPerTask = value;
            return this;
        }

        /**
         * @return the job
         * @throws IllegalStateException if the model, the output or the inputs are missing
         */
        public SparkDetect build() {
            if (model == null) {
                throw new IllegalStateException("setModel(...) is required");
            }
            if (output == null) {
                throw new IllegalStateException("setOutput(...) is required");
            }
            if (inputs.isEmpty()) {
                throw new IllegalStateException("at least one input file or folder is required");
            }
            return new SparkDetect(this);
        }
    }

    /**
     * Runs the job: plans the inputs, detects on the executors, writes the summary, run.json and
     * the tables.
     *
     * @param spark the session (any master: {@code local[N]}, standalone, YARN, Kubernetes)
     * @return what was done
     * @throws IOException if the bundle cannot be read or loaded (the message names it), or the
     *     output folder cannot be written
     */
    public SparkDetectResult run(SparkSession spark) throws IOException {
        long started = System.nanoTime();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration conf = jsc.hadoopConfiguration();
        Path out = new Path(output);
        FileSystem outFs = HadoopFiles.of(out, conf);
        out = outFs.makeQualified(out);
        outFs.mkdirs(out);
        deleteStaleTemporaryFiles(outFs, out);
        BundleFiles bundle = BundleFiles.read(model);
        JobSettings job = settings.withOut(out.toString());
        Map<String, Object> parameters;
        if (System.getProperty(ExecutorDetect.INTRA_OP_THREADS) == null) {
            System.setProperty(ExecutorDetect.INTRA_OP_THREADS, "1");
        }
        // checked on the driver without PyTorch (its JSON, input and parameters' hash): a bad bundle is
        // refused before any task starts, and the driver neither needs the native library nor spends the
        // executors' start-up loading the network only to check it; each executor loads it in full
        parameters = Detector.verify(model, job.options());
        writeRunJson(outFs, out, parameters, jsc);
        List<RecordingTask> tasks = InputListing.plan(inputs, conf);
        LOG.info("{} recordings to {}", tasks.size(), out);
        Broadcast<BundleFiles> shipped = jsc.broadcast(bundle);
        // the driver's Hadoop settings (credentials, endpoints) once per executor, not with every task
        Broadcast<Map<String, String>> hadoop = jsc.broadcast(configurationMap(conf));
        JavaRDD<TaskOutcome> outcomes = jsc.parallelize(tasks, Math.max(1, tasks.size()))
                .map(t -> ExecutorDetect.process(t, job, shipped.value(), hadoop.value()))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            long detecting = System.nanoTime();
            // One stage detects and writes the windows table: each task writes its recording's
            // windows as it finishes it, on every executor at once (a later job of its own would be
            // a second pass over the cached windows, on fewer cores).
            Path tables = new Path(out, TABLES);
            spark.createDataFrame(outcomes.flatMap(SparkDetect::windowRows), WINDOWS).write()
                    .mode(SaveMode.Overwrite).parquet(new Path(tables, "windows").toString());
            long detected = System.nanoTime();
            // the rows and events, from the cache (a lost block is recomputed: its marker is found
            // and its outcome read back from its windows file)
            List<TaskOutcome> heads = outcomes.map(TaskOutcome::head).collect();
            Map<String, SummaryRow> summary = readSummary(outFs, out);
            List<SummaryRow> rows = new ArrayList<>();
            int done = 0;
            int skipped = 0;
            int failed = 0;
            long events = 0;
            double minutes = 0;
            java.util.Set<String> named = new java.util.HashSet<>();
            for (int i = 0; i < heads.size(); i++) {
                TaskOutcome o = heads.get(i);
                SummaryRow r = o.row();
                if (!named.add(r.recording())) {
                    // as bull detect: an input whose name another input of this run has keeps its own row,
                    // under its path (heads are in the tasks' order)
                    r = new SummaryRow(tasks.get(i).uri(), r.seconds(), r.events(), r.minutesToReview(),
                            r.realTimeFactor(), r.status(), r.error(), r.warning(), r.background(), r.embedding());
                }
                rows.add(r);
                summary.put(r.recording(), r);
                if (r.status() == SummaryRow.Status.FAILED) {
                    failed++;
                } else {
                    if (o.skipped()) {
                        skipped++;
                    } else {
                        done++;
                    }
                    events += r.events();
                    minutes += r.minutesToReview();
                }
            }
            writeSummary(outFs, out, summary.values());
            writeSmallTables(spark, heads, tables);
            LOG.info(String.format(Locale.ROOT, "%d done, %d skipped, %d failed; preparing %.1f s,"
                    + " detection stage (with the windows table) %.1f s, summary and the other tables %.1f s",
                    done, skipped, failed, (detecting - started) / 1e9, (detected - detecting) / 1e9,
                    (System.nanoTime() - detected) / 1e9));
            return new SparkDetectResult(done, skipped, failed, events, minutes, out.toString(), rows);
        } finally {
            outcomes.unpersist(false);
            shipped.destroy();
            hadoop.destroy();
        }
    }

    private static final StructType WINDOWS = new StructType()
            .add("recording", DataTypes.StringType, false)
            .add("start", DataTypes.DoubleType, false)
            .add("end", DataTypes.DoubleType, false)
            .add("score", DataTypes.FloatType, false)
            .add("detected", DataTypes.BooleanType, false);

    private static final StructType EVENTS = new StructType()
            .add("recording", DataTypes.StringType, false)
            .add("event", DataTypes.IntegerType, false)
            .add("start", DataTypes.DoubleType, false)
            .add("end", DataTypes.DoubleType, false)
            .add("score", DataTypes.DoubleType, false);

    private static final StructType SUMMARY_TABLE = new StructType()
            .add("recording", DataTypes.StringType, false)
            .add("seconds", DataTypes.DoubleType, true)
            .add("events", DataTypes.IntegerType, true)
            .add("minutes_to_review", DataTypes.DoubleType, true)
            .add("status", DataTypes.StringType, false)
            .add("error", DataTypes.StringType, false)
            .add("warning", DataTypes.StringType, false)
            .add("background", DataTypes.DoubleType, true)
            .add("embedding", DataTypes.DoubleType, true)
            .add("skipped", DataTypes.BooleanType, false);

    private static Iterator<Row> windowRows(TaskOutcome o) {
        List<Row> r = new ArrayList<>(o.windowStart().length);
        for (int i = 0; i < o.windowStart().length; i++) {
            r.add(RowFactory.create(o.recording(), o.windowStart()[i], o.windowEnd()[i], o.windowScore()[i],
                    o.windowDetected()[i]));
        }
        return r.iterator();
    }

    /**
     * The events and summary tables, from the rows the driver collected (a few per recording): one
     * Parquet file each.
     */
    private static void writeSmallTables(SparkSession spark, List<TaskOutcome> heads, Path tables) {
        List<Row> eventRows = new ArrayList<>();
        List<Row> summaryRows = new ArrayList<>(heads.size());
        for (TaskOutcome o : heads) {
            for (int i = 0; i < o.eventStart().length; i++) {
                eventRows.add(RowFactory.create(o.recording(), i + 1, o.eventStart()[i], o.eventEnd()[i],
                        o.eventScore()[i]));
            }
            SummaryRow r = o.row();
            boolean ok = r.status() == SummaryRow.Status.DONE;
            summaryRows.add(RowFactory.create(r.recording(), Double.isNaN(r.seconds()) ? null : r.seconds(),
                    ok ? r.events() : null, ok ? r.minutesToReview() : null, r.status().text(), r.error(),
                    r.warning(), Double.isNaN(r.background()) ? null : r.background(),
                    Double.isNaN(r.embedding()) ? null : r.embedding(), o.skipped()));
        }
        spark.createDataFrame(eventRows, EVENTS).coalesce(1).write().mode(SaveMode.Overwrite)
                .parquet(new Path(tables, "events").toString());
        spark.createDataFrame(summaryRows, SUMMARY_TABLE).coalesce(1).write().mode(SaveMode.Overwrite)
                .parquet(new Path(tables, "summary").toString());
    }

    private static Map<String, SummaryRow> readSummary(FileSystem fs, Path out) throws IOException {
        Path file = new Path(out, SUMMARY);
        String text = HadoopFiles.readString(fs, file);
        if (text == null) {
            return new LinkedHashMap<>();
        }
        try {
            // as bull detect reads it (TextFiles.readLines): Windows line ends and a byte-order mark are fine
            String plain = text.startsWith("\uFEFF") ? text.substring(1) : text;
            return SummaryRow.parseSummary(List.of(plain.replace("\r\n", "\n").split("\n", -1)));
        } catch (IllegalArgumentException e) {
            // never over an earlier one: each may hold the only copy of rows a user edited
            Path aside = new Path(out, SUMMARY + ".unreadable");
            for (int k = 2; fs.exists(aside); k++) {
                aside = new Path(out, SUMMARY + ".unreadable." + k);
            }
            fs.rename(file, aside);
            LOG.warn("{}: {}; moved to {} and a new summary started", file, e.getMessage(), aside.getName());
            return new LinkedHashMap<>();
        }
    }

    private static void writeSummary(FileSystem fs, Path out, Iterable<SummaryRow> rows) throws IOException {
        StringBuilder sb = new StringBuilder(SummaryRow.HEADER).append('\n');
        for (SummaryRow r : rows) {
            sb.append(r.toCsv()).append('\n');
        }
        HadoopFiles.writeAtomically(fs, new Path(out, SUMMARY), sb.toString().getBytes(StandardCharsets.UTF_8),
                "driver");
    }

    private void writeRunJson(FileSystem fs, Path out, Map<String, Object> parameters, JavaSparkContext jsc)
            throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("started", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        String v = SparkDetect.class.getPackage().getImplementationVersion();
        m.put("bullwatch", v == null ? "unknown" : v);
        m.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("engine", "Apache Spark " + jsc.version() + ", master " + jsc.master() + ", application "
                + jsc.sc().applicationId());
        m.put("outputDir", out.toString());
        m.put("inputs", inputs);
        m.put("model", model.toAbsolutePath().toString());
        m.put("parametersSha256", Sha256.hex(JsonText.prettyFinite(parameters)));
        m.put("detector", parameters);
        HadoopFiles.writeAtomically(fs, new Path(out, RUN_JSON),
                (JsonText.prettyFinite(m) + "\n").getBytes(StandardCharsets.UTF_8), "driver");
    }

    /** Deletes the temporary files a killed run left (never those of the tables, Spark's own). */
    private static void deleteStaleTemporaryFiles(FileSystem fs, Path out) throws IOException {
        String tables = new Path(out, TABLES).toUri().getPath() + "/";
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(out, true);
        List<Path> stale = new ArrayList<>();
        while (it.hasNext()) {
            LocatedFileStatus f = it.next();
            if (f.getPath().getName().endsWith(HadoopFiles.TEMP_SUFFIX)
                    && !f.getPath().toUri().getPath().startsWith(tables)) {
                stale.add(f.getPath());
            }
        }
        for (Path p : stale) {
            LOG.info("deleting {}, left by an interrupted run", p);
            fs.delete(p, false);
        }
    }

    /** The driver's Hadoop settings, to rebuild them on the executors. */
    static Map<String, String> configurationMap(Configuration conf) {
        Map<String, String> m = new HashMap<>();
        for (Map.Entry<String, String> e : conf) {
            m.put(e.getKey(), e.getValue());
        }
        return m;
    }

    /** A Hadoop configuration from {@link #configurationMap}. */
    static Configuration configuration(Map<String, String> m) {
        Configuration c = new Configuration(false);
        m.forEach(c::set);
        return c;
    }

    /**
     * The {@code spark-submit} entry point: {@code SparkDetect --model DIR --out URI [options]
     * INPUT...}; exit code 0 when every input is done, 1 when any failed, 2 for a usage error.
     *
     * @param args the arguments ({@code --help} lists them)
     */
    public static void main(String[] args) {
        int code = SparkCli.of(new SparkDetectCommand()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }
}
