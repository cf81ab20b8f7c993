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
 * [threads] [runs]}. The first run warms the JIT and is not counted; prints one line per run and
 * a last line {@code java median_s=... frames=... seconds_audio=...}.
 */
public final class StreamMelMain {

    private StreamMelMain() {
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
        long frames = 0;
        double checksum = 0;
        double seconds;
        try (MelSpectrogramExtractor mel = MelSpectrogramExtractor.create(MelConfig.seed(), threads)) {
            try (AudioSource a = WavFile.open(file)) {
                seconds = a.frames() / (double) a.sampleRate();
            }
            for (int r = -1; r < runs; r++) {
                double[] sum = new double[1];
                long t0 = System.nanoTime();
                try (AudioSource a = WavFile.open(file)) {
                    frames = mel.streamFrames(a, (first, count, block) -> sum[0] += block[0]);
                }
                double s = (System.nanoTime() - t0) / 1e9;
                checksum = sum[0];
                if (r >= 0) {
                    times[r] = s;
                }
                System.out.printf(Locale.ROOT, "java run=%s threads=%d time_s=%.3f%n",
                        r < 0 ? "warmup" : Integer.toString(r), threads, s);
            }
        }
        double[] sorted = times.clone();
        Arrays.sort(sorted);
        double median = runs % 2 == 1 ? sorted[runs / 2]
                : (sorted[runs / 2 - 1] + sorted[runs / 2]) / 2;
        System.out.printf(Locale.ROOT,
                "java median_s=%.3f frames=%d seconds_audio=%.1f realtime_x=%.0f checksum=%.6g%n",
                median, frames, seconds, seconds / median, checksum);
    }
}
