package io.bullwatch.core.dsp;

/**
 * A second-order IIR section (transposed direct form II) with the coefficient formulas of
 * R. Bristow-Johnson's "Audio EQ Cookbook". Stateful: one instance per signal.
 */
public final class Biquad {

    private final double b0;
    private final double b1;
    private final double b2;
    private final double a1;
    private final double a2;
    private double z1;
    private double z2;

    private Biquad(double b0, double b1, double b2, double a0, double a1, double a2) {
        this.b0 = b0 / a0;
        this.b1 = b1 / a0;
        this.b2 = b2 / a0;
        this.a1 = a1 / a0;
        this.a2 = a2 / a0;
    }

    private static double omega(double hz, double rate) {
        double f = Math.min(hz, rate * 0.49);
        return 2 * Math.PI * Math.max(f, 1.0) / rate;
    }

    /**
     * @param hz the cut-off frequency (clamped to 1 Hz .. 0.49 of the rate)
     * @param q the quality factor (0.7: Butterworth-like)
     * @param rate the sample rate in Hz
     * @return a low-pass section
     */
    public static Biquad lowPass(double hz, double q, double rate) {
        double w = omega(hz, rate);
        double cos = Math.cos(w);
        double alpha = Math.sin(w) / (2 * q);
        return new Biquad((1 - cos) / 2, 1 - cos, (1 - cos) / 2, 1 + alpha, -2 * cos, 1 - alpha);
    }

    /**
     * @param hz the cut-off frequency (clamped to 1 Hz .. 0.49 of the rate)
     * @param q the quality factor
     * @param rate the sample rate in Hz
     * @return a high-pass section
     */
    public static Biquad highPass(double hz, double q, double rate) {
        double w = omega(hz, rate);
        double cos = Math.cos(w);
        double alpha = Math.sin(w) / (2 * q);
        return new Biquad((1 + cos) / 2, -(1 + cos), (1 + cos) / 2, 1 + alpha, -2 * cos, 1 - alpha);
    }

    /**
     * Band-pass with 0 dB gain at the centre frequency.
     *
     * @param hz the centre frequency
     * @param q the quality factor
     * @param rate the sample rate in Hz
     * @return a band-pass section
     */
    public static Biquad bandPass(double hz, double q, double rate) {
        double w = omega(hz, rate);
        double cos = Math.cos(w);
        double alpha = Math.sin(w) / (2 * q);
        return new Biquad(alpha, 0, -alpha, 1 + alpha, -2 * cos, 1 - alpha);
    }

    /**
     * @param hz the centre frequency
     * @param q the quality factor
     * @param gainDb the gain at the centre, dB
     * @param rate the sample rate in Hz
     * @return a peaking section
     */
    public static Biquad peaking(double hz, double q, double gainDb, double rate) {
        double w = omega(hz, rate);
        double cos = Math.cos(w);
        double alpha = Math.sin(w) / (2 * q);
        double a = Math.pow(10, gainDb / 40);
        return new Biquad(1 + alpha * a, -2 * cos, 1 - alpha * a, 1 + alpha / a, -2 * cos, 1 - alpha / a);
    }

    /**
     * High shelf with a slope of 1 (gain above {@code hz}).
     *
     * @param hz the shelf frequency
     * @param gainDb the gain above it, dB
     * @param rate the sample rate in Hz
     * @return a high-shelf section
     */
    public static Biquad highShelf(double hz, double gainDb, double rate) {
        double w = omega(hz, rate);
        double cos = Math.cos(w);
        double a = Math.pow(10, gainDb / 40);
        double alpha = Math.sin(w) / 2 * Math.sqrt(2);
        double s = 2 * Math.sqrt(a) * alpha;
        return new Biquad(a * ((a + 1) + (a - 1) * cos + s), -2 * a * ((a - 1) + (a + 1) * cos),
                a * ((a + 1) + (a - 1) * cos - s), (a + 1) - (a - 1) * cos + s,
                2 * ((a - 1) - (a + 1) * cos), (a + 1) - (a - 1) * cos - s);
    }

    /**
     * State below this magnitude (both values) is set to 0. A filter fed zeros after a sound (a
     * synthetic night's bull track between bulls) decays towards 0 through the subnormal numbers,
     * which some CPUs (an Intel Xeon among them) compute about 25 times slower than normal ones:
     * the quickstart's synthetic corpus took 8.5 minutes there instead of 2.2 with this flush. Java
     * cannot switch on the CPU's flush-to-zero, so the state is flushed here, far above the
     * subnormal range (2.2e-308) and far below anything a float32 sample can hold (1.4e-45), so
     * outputs stay the same.
     */
    static final double FLUSH_BELOW = 1e-200;

    /**
     * Filters one sample.
     *
     * @param x the input sample
     * @return the output sample
     */
    public double process(double x) {
        double y = b0 * x + z1;
        z1 = b1 * x - a1 * y + z2;
        z2 = b2 * x - a2 * y;
        if (Math.abs(z1) < FLUSH_BELOW && Math.abs(z2) < FLUSH_BELOW) {
            // both at once: zeroing one alone would leave the other on a path the filter does not
            // have (a cycle just above the threshold, never reaching 0)
            z1 = 0;
            z2 = 0;
        }
        return y;
    }

    /**
     * Filters samples in place.
     *
     * @param x the samples
     * @param off the first
     * @param len how many
     */
    public void processInPlace(float[] x, int off, int len) {
        for (int i = off; i < off + len; i++) {
            x[i] = (float) process(x[i]);
        }
    }
}
