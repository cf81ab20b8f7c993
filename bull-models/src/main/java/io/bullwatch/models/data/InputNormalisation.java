package io.bullwatch.models.data;

import java.util.Locale;

/**
 * How mel power values are turned into network inputs, before the network's own input adapter.
 */
public enum InputNormalisation {

    /** The mel power as computed (the seed's input; the network's BatchNorm adapter scales it). */
    LINEAR,

    /** {@code ln(x + 1e-10)}, no standardisation (a network adapter does the rest). */
    LOG,

    /**
     * {@code ln(x + 1e-10)}, then per recording and per mel band: minus the band's mean over all
     * windows of the recording, divided by the band's standard deviation. Removes the site's level
     * and microphone colouring, so a model sees what stands out from its own recording's
     * background; needs every window of a recording (or a first pass over it) before scoring.
     */
    LOG_PER_RECORDING;

    /** The added floor inside the logarithm. */
    public static final float LOG_EPSILON = 1e-10f;

    /**
     * The lower-case name used on the command line and in bundles.
     *
     * @return for example {@code log-per-recording}
     */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Parses a {@link #cliName()} (or the constant's name).
     *
     * @param text the name
     * @return the normalisation
     * @throws IllegalArgumentException if unknown, with the allowed names
     */
    public static InputNormalisation parse(String text) {
        for (InputNormalisation n : values()) {
            if (n.cliName().equalsIgnoreCase(text) || n.name().equalsIgnoreCase(text)) {
                return n;
            }
        }
        throw new IllegalArgumentException("unknown normalisation '" + text
                + "'; allowed: linear, log, log-per-recording");
    }

    /**
     * Normalises the windows of one recording in place.
     *
     * @param windows every window of one recording, {@code mels x frames} each, torchaudio's layout
     * @param mels the number of mel bands
     */
    public void apply(java.util.List<float[]> windows, int mels) {
        if (this == LINEAR || windows.isEmpty()) {
            return;
        }
        for (float[] w : windows) {
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) Math.log(w[i] + LOG_EPSILON);
            }
        }
        if (this == LOG) {
            return;
        }
        int frames = windows.get(0).length / mels;
        double[] sum = new double[mels];
        double[] sq = new double[mels];
        long n = 0;
        for (float[] w : windows) {
            for (int m = 0; m < mels; m++) {
                double s = 0;
                double q = 0;
                for (int f = 0; f < frames; f++) {
                    double v = w[m * frames + f];
                    s += v;
                    q += v * v;
                }
                sum[m] += s;
                sq[m] += q;
            }
            n += frames;
        }
        float[] mean = new float[mels];
        float[] inv = new float[mels];
        for (int m = 0; m < mels; m++) {
            double mu = sum[m] / n;
            double var = Math.max(0, sq[m] / n - mu * mu);
            mean[m] = (float) mu;
            inv[m] = (float) (1 / Math.sqrt(var + 1e-6));
        }
        for (float[] w : windows) {
            for (int m = 0; m < mels; m++) {
                for (int f = 0, o = m * frames; f < frames; f++, o++) {
                    w[o] = (w[o] - mean[m]) * inv[m];
                }
            }
        }
    }
}
