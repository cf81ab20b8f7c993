package io.bullwatch.cli.docs;

import io.bullwatch.core.corpus.Split;
import io.bullwatch.core.synth.EventKind;
import io.bullwatch.core.synth.NightPlan;
import io.bullwatch.core.synth.NightRenderer;
import io.bullwatch.core.synth.SiteProfile;
import io.bullwatch.core.synth.SynthConfig;
import io.bullwatch.features.fft.RealFft;
import io.bullwatch.features.fft.WindowFunctions;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Renders spectrograms (PNG) of the synthetic sounds for {@code docs/synthetic-data.md}: one bull,
 * each distractor kind, and each site's background (default corpus, seed 1), with the project's
 * own FFT. Log magnitude, 1024-point Hann frames every 256 samples or more (at most
 * 600 columns), 0 to 11 kHz (bottom to top), 80 dB range.
 *
 * <p>Run: {@code java -cp bull-cli/target/bull.jar io.bullwatch.cli.docs.SpectrogramPng docs/img}
 */
public final class SpectrogramPng {

    private static final int N_FFT = 1024;
    private static final int HOP = 256;
    private static final int ROWS = 256;
    private static final int MAX_WIDTH = 600;

    private SpectrogramPng() {
    }

    /**
     * Writes the pictures.
     *
     * @param args the output folder (default {@code docs/img})
     * @throws IOException if a picture cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "docs/img");
        Files.createDirectories(dir);
        int rate = 44_100;
        write(dir.resolve("synth-bull.png"), NightRenderer.renderEvent(EventKind.BULL, 42, 5.0, rate));
        double[] seconds = {0, 1.0, 10.0, 5.0, 4.0, 2.0, 8.0, 3.0};
        for (EventKind k : EventKind.distractors()) {
            write(dir.resolve("synth-" + k.name().toLowerCase(Locale.ROOT).replace('_', '-') + ".png"),
                    NightRenderer.renderEvent(k, 42, seconds[k.ordinal()], rate));
        }
        SynthConfig quiet = SynthConfig.builder().optBullsPerHour(0).optDistractorsPerHour(0).build();
        for (int s = 0; s < quiet.sites(); s++) {
            SiteProfile site = NightPlan.site(SynthConfig.defaults(), s);
            NightPlan plan = NightPlan.of(quiet, site, Split.TRAIN, site.name(), 10L * rate, 42 + s);
            float[] x = new float[(int) plan.frames()];
            NightRenderer.of(plan).next(x, null, 0, x.length);
            write(dir.resolve("synth-background-" + site.name() + ".png"), x);
        }
    }

    /**
     * Writes the spectrogram of a signal.
     *
     * @param file the PNG file
     * @param x the samples (44.1 kHz)
     * @throws IOException if writing fails
     */
    public static void write(Path file, float[] x) throws IOException {
        RealFft fft = RealFft.windowed(WindowFunctions.hann(N_FFT));
        int hop = Math.max(HOP, (x.length - N_FFT) / MAX_WIDTH + 1);
        int frames = Math.max(1, (x.length - N_FFT) / hop + 1);
        float[] padded = x.length >= N_FFT ? x : java.util.Arrays.copyOf(x, N_FFT);
        float[] mag = new float[fft.bins()];
        double[][] db = new double[frames][ROWS];
        double max = -300;
        for (int f = 0; f < frames; f++) {
            fft.magnitudeSpectrum(padded, f * hop, mag);
            for (int k = 0; k < ROWS; k++) {
                db[f][k] = 20 * Math.log10(mag[k] + 1e-12);
                max = Math.max(max, db[f][k]);
            }
        }
        BufferedImage img = new BufferedImage(frames, ROWS, BufferedImage.TYPE_INT_RGB);
        for (int f = 0; f < frames; f++) {
            for (int k = 0; k < ROWS; k++) {
                double v = Math.max(0, Math.min(1, (db[f][k] - (max - 80)) / 80));
                img.setRGB(f, ROWS - 1 - k, colour(v));
            }
        }
        ImageIO.write(img, "png", file.toFile());
    }

    /** A dark-to-bright colour map (black, purple, orange, pale yellow). */
    private static int colour(double v) {
        double[][] stops = {{0, 0, 4}, {81, 18, 124}, {183, 55, 121}, {252, 137, 97}, {252, 253, 191}};
        double p = v * (stops.length - 1);
        int i = Math.min(stops.length - 2, (int) p);
        double t = p - i;
        int r = (int) Math.round(stops[i][0] + t * (stops[i + 1][0] - stops[i][0]));
        int g = (int) Math.round(stops[i][1] + t * (stops[i + 1][1] - stops[i][1]));
        int b = (int) Math.round(stops[i][2] + t * (stops[i + 1][2] - stops[i][2]));
        return (r << 16) | (g << 8) | b;
    }
}
