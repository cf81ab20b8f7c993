package io.bullwatch.bench;

import io.bullwatch.core.audio.AudioSource;
import io.bullwatch.core.audio.WavFile;
import io.bullwatch.features.mel.MelConfig;
import io.bullwatch.features.mel.MelSpectrogramExtractor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Times streaming mel (seed configuration) over a WAV file, decoding included, as {@code
 * scripts/compare-torchaudio.sh} needs: {@code java -cp ... io.bullwatch.bench.StreamMelMain FILE
 * [threads] [runs]}. The first run warms the JIT and is not counted; prints one line per run
 * (wall time, and the process's CPU time, which is steadier on a shared machine) and a last line
 * {@code java median_s=... median_cpu_s=... frames=... seconds_audio=...}. The FFT path follows
 * {@code -Dbullwatch.fft} (run with {@code --add-modules jdk.incubator.vector} for the vector path).
 */
public final class StreamMelMain {

    private StreamMelMain() {
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * Entry point.
     *
     * @param args the WAV file, then optionally threads (default 2) and timed runs (default 5)
     * @throws IOException if the file cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: StreamMelMain FILE.wav [threads=2] [runs=5]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        double[] times = new double[runs];
        double[] cpus = new double[runs];
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long frames = 0;
        double checksum = 0;
        double seconds;
        try (MelSpectrogramExtractor mel = MelSpectrogramExtractor.create(MelConfig.seed(), threads)) {
            try (AudioSource a = WavFile.open(file)) {
                seconds = a.frames() / (double) a.sampleRate();
            }
            for (int r = -1; r < runs; r++) {
                double[] sum = new double[1];
                long c0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                try (AudioSource a = WavFile.open(file)) {
                    frames = mel.streamFrames(a, (first, count, block) -> sum[0] += block[0]);
                }
                double s = (System.nanoTime() - t0) / 1e9;
                double cpu = (os.getProcessCpuTime() - c0) / 1e9;
                checksum = sum[0];
                if (r >= 0) {
                    times[r] = s;
                    cpus[r] = cpu;
                }
                System.out.printf(Locale.ROOT, "java run=%s threads=%d fft=%s time_s=%.3f cpu_s=%.3f%n",
                        r < 0 ? "warmup" : Integer.toString(r), threads, mel.fftPath().id(), s, cpu);
            }
        }
        double median = median(times);
        System.out.printf(Locale.ROOT, "java median_s=%.3f median_cpu_s=%.3f frames=%d"
                + " seconds_audio=%.1f realtime_x=%.0f checksum=%.9g%n",
                median, median(cpus), frames, seconds, seconds / median, checksum);
    }
}
