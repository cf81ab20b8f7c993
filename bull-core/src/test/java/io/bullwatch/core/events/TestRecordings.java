package io.bullwatch.core.events;

import io.bullwatch.core.audio.SampleEncoding;
import io.bullwatch.core.audio.WavWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Small synthetic recordings for detector and batch tests: quiet noise with loud bursts. */
public final class TestRecordings {

    private TestRecordings() {
    }

    /**
     * Writes a 16-bit mono WAV of low noise with 0.3 s noise bursts 30 dB louder at given times.
     *
     * @param file the file
     * @param rate sample rate
     * @param seconds length
     * @param seed noise seed
     * @param bursts burst start times in seconds
     * @return the file
     */
    public static Path write(Path file, int rate, double seconds, long seed, double... bursts) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Random r = new Random(seed);
        float[] x = new float[(int) Math.round(seconds * rate)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.005 * r.nextGaussian());
        }
        for (double b : bursts) {
            int from = (int) Math.round(b * rate);
            int to = Math.min(x.length, from + (int) Math.round(0.3 * rate));
            for (int i = from; i < to; i++) {
                x[i] = (float) Math.max(-0.99, Math.min(0.99, 0.16 * r.nextGaussian()));
            }
        }
        WavWriter.write(file, x, rate, SampleEncoding.PCM_SIGNED_16);
        return file;
    }
}
