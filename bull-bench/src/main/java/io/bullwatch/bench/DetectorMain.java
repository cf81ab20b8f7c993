package io.bullwatch.bench;

import io.bullwatch.core.audio.SampleEncoding;
import io.bullwatch.core.events.RecordingDetector;
import io.bullwatch.features.pipeline.InputNormalisation;
import io.bullwatch.models.detect.Detector;
import io.bullwatch.models.detect.DetectorOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A quick end-to-end timing of {@link Detector} without JMH, for a shared machine, in two forms.
 *
 * <p>{@code java -cp ... io.bullwatch.bench.DetectorMain MINUTES BACKBONE THREADS NORMALISATION
 * [runs=3] [featureThreads] [batch]} (defaults from {@link DetectorOptions#defaults()}): writes a
 * tone recording and a random full-width bundle on the seed features ({@link
 * DetectorBenchmark#writeBundle}), warms up once, then prints one line per run: wall seconds,
 * process CPU seconds, and both scaled to one hour of audio.
 *
 * <p>{@code DetectorMain --bundle DIR --wav FILE [RUNS] [THREADS:FEATURE_THREADS:BATCH ...]}: a
 * real bundle and recording, several configurations in one JVM, with a median per configuration.
 */
public final class DetectorMain {

    private DetectorMain() {
    }

    /**
     * Entry point.
     *
     * @param args minutes, backbone, threads, normalisation, then optionally runs, feature threads
     *     and batch size
     * @throws IOException if a file cannot be written or read
     */
    public static void main(String[] args) throws IOException {
        System.out.println(NetworkRig.allocatorLine());
        if (args.length > 0 && args[0].equals("--bundle")) {
            sweep(args);
            return;
        }
        int minutes = Integer.parseInt(args[0]);
        String backbone = args[1];
        int threads = Integer.parseInt(args[2]);
        InputNormalisation norm = InputNormalisation.parse(args[3]);
        int runs = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        DetectorOptions defaults = DetectorOptions.defaults();
        int featureThreads = args.length > 5 ? Integer.parseInt(args[5]) : defaults.featureThreads();
        int batch = args.length > 6 ? Integer.parseInt(args[6]) : defaults.batchSize();
        Path dir = Files.createTempDirectory("bullwatch-detector-main");
        Path file = dir.resolve("rec.wav");
        WavDecodeBenchmark.writeTestRecording(file, minutes * 60L * 44_100, 1, SampleEncoding.PCM_SIGNED_16);
        Path bundle = DetectorBenchmark.writeBundle(dir.resolve("model"), DetectorBenchmark.backbone(backbone), norm);
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        double perHour = 60.0 / minutes;
        try (Detector d = Detector.load(bundle, DetectorOptions.defaults().withThreads(threads)
                .withFeatureThreads(featureThreads).withBatchSize(batch))) {
            for (int r = -1; r < runs; r++) {
                long c0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                int windows = d.detect(file, RecordingDetector.Progress.NONE).windows().size();
                double wall = (System.nanoTime() - t0) / 1e9;
                double cpu = (os.getProcessCpuTime() - c0) / 1e9;
                System.out.println(String.format(Locale.ROOT,
                        "%s %s threads=%d featureThreads=%d batch=%d norm=%s windows=%d wall_s=%.2f cpu_s=%.2f"
                        + " per_hour_wall_s=%.2f per_hour_cpu_s=%.2f realtime=%.0fx load=%.2f",
                        r < 0 ? "warmup" : "run" + r, backbone, threads, featureThreads, batch, norm.cliName(),
                        windows, wall, cpu, wall * perHour, cpu * perHour, minutes * 60 / wall,
                        os.getSystemLoadAverage()));
            }
        }
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * The second form, on a real bundle and recording: {@code DetectorMain --bundle DIR --wav FILE
     * [RUNS] [THREADS:FEATURE_THREADS:BATCH ...]} (default {@code 5} runs of {@code 2:2:16}). For each
     * configuration: one warm-up, then RUNS detections; prints one line per run and the median and
     * range, scaled to one hour. PyTorch's intra-op threads are set per JVM ({@code
     * -Dai.djl.pytorch.num_threads=N}), so compare those with separate runs of this program.
     */
    private static void sweep(String[] args) throws IOException {
        if (args.length < 4 || !args[2].equals("--wav")) {
            throw new IllegalArgumentException("usage: DetectorMain --bundle DIR --wav FILE [RUNS]"
                    + " [THREADS:FEATURE_THREADS:BATCH ...]");
        }
        Path bundle = Path.of(args[1]);
        Path file = Path.of(args[3]);
        int runs = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        java.util.List<String> configs = args.length > 5
                ? java.util.Arrays.asList(args).subList(5, args.length) : java.util.List.of("2:2:16");
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        double seconds;
        try (var in = io.bullwatch.core.audio.WavFile.open(file)) {
            seconds = (double) in.frames() / in.sampleRate();
        }
        double perHour = 3600 / seconds;
        String intraOp = System.getProperty("ai.djl.pytorch.num_threads", "default");
        for (String c : configs) {
            String[] p = c.split(":");
            DetectorOptions o = DetectorOptions.defaults().withThreads(Integer.parseInt(p[0]))
                    .withFeatureThreads(Integer.parseInt(p[1])).withBatchSize(Integer.parseInt(p[2]));
            double[] walls = new double[runs];
            try (Detector d = Detector.load(bundle, o)) {
                for (int r = -1; r < runs; r++) {
                    long c0 = os.getProcessCpuTime();
                    long t0 = System.nanoTime();
                    d.detect(file, RecordingDetector.Progress.NONE);
                    double wall = (System.nanoTime() - t0) / 1e9;
                    double cpu = (os.getProcessCpuTime() - c0) / 1e9;
                    if (r >= 0) {
                        walls[r] = wall * perHour;
                    }
                    System.out.println(String.format(Locale.ROOT,
                            "%s threads=%d featureThreads=%d batch=%d intraOp=%s wall_s=%.2f cpu_s=%.2f"
                            + " per_hour_wall_s=%.2f per_hour_cpu_s=%.2f realtime=%.0fx load=%.2f",
                            r < 0 ? "warmup" : "run" + r, o.threads(), o.featureThreads(), o.batchSize(),
                            intraOp, wall, cpu, wall * perHour, cpu * perHour, seconds / wall,
                            os.getSystemLoadAverage()));
                }
            }
            double[] sorted = walls.clone();
            java.util.Arrays.sort(sorted);
            System.out.println(String.format(Locale.ROOT,
                    "SUMMARY threads=%d featureThreads=%d batch=%d intraOp=%s per_hour_s median=%.2f"
                    + " min=%.2f max=%.2f (%d runs) realtime_median=%.0fx",
                    o.threads(), o.featureThreads(), o.batchSize(), intraOp, sorted[runs / 2], sorted[0],
                    sorted[runs - 1], runs, 3600 / sorted[runs / 2]));
        }
    }
}
