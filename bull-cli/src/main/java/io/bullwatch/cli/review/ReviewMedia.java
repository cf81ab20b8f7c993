package io.bullwatch.cli.review;

import io.bullwatch.core.audio.AudioSource;
import io.bullwatch.core.audio.WavFile;
import io.bullwatch.features.mel.MelConfig;
import io.bullwatch.features.mel.MelSpectrogram;
import io.bullwatch.features.mel.MelSpectrogramExtractor;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * What the review page shows and plays of one stretch: the audio with {@value #CONTEXT_SECONDS}
 * seconds of context on each side, as a 16-bit WAV, and a mel spectrogram image of the same span
 * with the stretch marked. Both are cut from the recording on demand (nothing is stored).
 */
public final class ReviewMedia {

    /** Seconds of context before and after a stretch. */
    public static final double CONTEXT_SECONDS = 3;
    /** The longest stretch cut, in seconds (longer ones are cut to their first minute). */
    public static final double MAX_SECONDS = 60;
    /** Image width in pixels. */
    public static final int WIDTH = 720;
    /** Mel bands of the image, two pixels each. */
    public static final int MELS = 96;

    private ReviewMedia() {
    }

    /**
     * The span cut for a stretch: the stretch with context, clamped to the recording.
     *
     * @param start stretch start in seconds
     * @param end stretch end in seconds
     * @param seconds the recording's length
     * @return {@code {from, to}} in seconds
     */
    static double[] span(double start, double end, double seconds) {
        double to = Math.min(end, start + MAX_SECONDS);
        return new double[] {Math.max(0, start - CONTEXT_SECONDS), Math.min(seconds, to + CONTEXT_SECONDS)};
    }

    /**
     * The audio of a stretch with context, mixed to mono, as a 16-bit PCM WAV file.
     *
     * @param recording the recording
     * @param start stretch start in seconds
     * @param end stretch end in seconds
     * @return the WAV bytes
     * @throws IOException if the recording cannot be read (the message names it)
     */
    public static byte[] clip(Path recording, double start, double end) throws IOException {
        try (AudioSource source = WavFile.open(recording)) {
            int rate = source.sampleRate();
            double[] s = span(start, end, source.frames() / (double) rate);
            long from = (long) Math.floor(s[0] * rate);
            int count = (int) Math.max(0, Math.min(source.frames() - from, Math.round((s[1] - s[0]) * rate)));
            float[] x = source.readFrames(from, count);
            ByteBuffer b = ByteBuffer.allocate(44 + 2 * x.length).order(ByteOrder.LITTLE_ENDIAN);
            b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + 2 * x.length)
                    .put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16)
                    .putShort((short) 1).putShort((short) 1).putInt(rate).putInt(2 * rate)
                    .putShort((short) 2).putShort((short) 16)
                    .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(2 * x.length);
            for (float v : x) {
                b.putShort((short) Math.round(Math.max(-1f, Math.min(1f, v)) * 32767f));
            }
            return b.array();
        }
    }

    /**
     * A mel spectrogram image of a stretch with context: time across, frequency up, level in
     * decibels over 80 dB below the loudest cell, the stretch between two white lines under a
     * white bar.
     *
     * @param recording the recording
     * @param start stretch start in seconds
     * @param end stretch end in seconds
     * @return the PNG bytes
     * @throws IOException if the recording cannot be read (the message names it)
     */
    public static byte[] spectrogram(Path recording, double start, double end) throws IOException {
        try (AudioSource source = WavFile.open(recording)) {
            int rate = source.sampleRate();
            double[] s = span(start, end, source.frames() / (double) rate);
            long from = (long) Math.floor(s[0] * rate);
            long length = Math.max(0, Math.min(source.frames() - from, Math.round((s[1] - s[0]) * rate)));
            int nFft = rate >= 32000 ? 2048 : rate >= 16000 ? 1024 : 512;
            int hop = (int) Math.max(32, length / WIDTH);
            BufferedImage img = new BufferedImage(WIDTH, 2 * MELS, BufferedImage.TYPE_INT_RGB);
            if (length >= nFft) {
                MelConfig config = MelConfig.builder().optSampleRate(rate).optNFft(nFft).optHop(hop)
                        .optNMels(MELS).build();
                MelSpectrogram mel;
                try (MelSpectrogramExtractor ex = MelSpectrogramExtractor.create(config, 1)) {
                    mel = ex.extract(source, from, length);
                }
                paint(img, mel);
            }
            Graphics2D g = img.createGraphics();
            double seconds = length / (double) rate;
            int x0 = (int) Math.round((start - s[0]) / seconds * WIDTH);
            int x1 = (int) Math.round((Math.min(end, start + MAX_SECONDS) - s[0]) / seconds * WIDTH);
            g.setColor(Color.WHITE);
            g.setStroke(new BasicStroke(2));
            g.drawLine(x0, 0, x0, 2 * MELS);
            g.drawLine(x1, 0, x1, 2 * MELS);
            g.fillRect(x0, 0, Math.max(1, x1 - x0), 5);
            g.dispose();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        }
    }

    private static void paint(BufferedImage img, MelSpectrogram mel) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : mel.values()) {
            max = Math.max(max, v);
        }
        double top = 10 * Math.log10(Math.max(max, 1e-20f));
        for (int x = 0; x < WIDTH; x++) {
            int f = Math.min(mel.frames() - 1, (int) ((long) x * mel.frames() / WIDTH));
            for (int m = 0; m < MELS; m++) {
                double db = 10 * Math.log10(Math.max(mel.get(m, f), 1e-20f)) - top;
                int rgb = colour(Math.max(0, Math.min(1, 1 + db / 80)));
                int y = 2 * (MELS - 1 - m);
                img.setRGB(x, y, rgb);
                img.setRGB(x, y + 1, rgb);
            }
        }
    }

    /** A dark-blue to yellow ramp through purple and orange (readable for most colour vision). */
    static int colour(double t) {
        double[][] stops = {{0, 0, 4}, {80, 18, 123}, {182, 54, 121}, {251, 136, 97}, {252, 253, 191}};
        double p = t * (stops.length - 1);
        int i = Math.min(stops.length - 2, (int) p);
        double w = p - i;
        int r = (int) Math.round(stops[i][0] + w * (stops[i + 1][0] - stops[i][0]));
        int gr = (int) Math.round(stops[i][1] + w * (stops[i + 1][1] - stops[i][1]));
        int bl = (int) Math.round(stops[i][2] + w * (stops[i + 1][2] - stops[i][2]));
        return (r << 16) | (gr << 8) | bl;
    }
}
