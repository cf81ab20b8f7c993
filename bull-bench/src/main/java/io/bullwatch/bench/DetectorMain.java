package io.bullwatch.bench;

import io.bullwatch.core.audio.SampleEncoding;
import io.bullwatch.core.detect.RecordingDetector;
import io.bullwatch.models.data.InputNormalisation;
import io.bullwatch.models.detect.Detector;
import io.bullwatch.models.detect.DetectorOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A quick end-to-end timing of {@link Detector} without JMH, for a shared machine: {@code java -cp
 * ... io.bullwatch.bench.DetectorMain MINUTES BACKBONE THREADS NORMALISATION [runs=3]
 * [featureThreads=1] [batch=16]}. Writes a tone recording and a random full-width bundle on the
 * seed features ({@link DetectorBenchmark#writeBundle}), warms up once, then prints one line per
 * run: wall seconds, process CPU seconds, and both scaled to one hour of audio.
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
        int minutes = Integer.parseInt(args[0]);
        String backbone = args[1];
        int threads = Integer.parseInt(args[2]);
        InputNormalisation norm = InputNormalisation.parse(args[3]);
        int runs = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        int featureThreads = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        int batch = args.length > 6 ? Integer.parseInt(args[6]) : 16;
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
}
