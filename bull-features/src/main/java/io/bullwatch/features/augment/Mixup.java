package io.bullwatch.features.augment;

import io.bullwatch.features.mel.MelSpectrogram;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Mixup (Zhang et al. 2018) of a window with a partner drawn from a {@link SampleBank}:
 * {@code lambda x + (1 - lambda) y} with {@code lambda ~ Beta(alpha, alpha)}, and the label "either
 * holds a bull" (logical OR), as issue 4 asks: a detector should fire on a bull heard under
 * another window's sounds. On linear power this mixes energies (a physical mix of two scenes); on
 * dB or log features it averages the logs. With small {@code alpha} most draws lie near 0 or 1.
 *
 * @param partners windows to mix with, of the same shape
 * @param alpha the Beta distribution's parameter, {@code > 0}
 */
public record Mixup(SampleBank partners, double alpha) implements SpectrogramAugmentation {

    /** Validates the parameters. */
    public Mixup {
        Objects.requireNonNull(partners, "partners");
        if (!(alpha > 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("mixup alpha must be finite and > 0, got " + alpha);
        }
    }

    /**
     * The weight a context draws for the window itself.
     *
     * @param context the source of randomness
     * @return {@code lambda} in {@code [0, 1]}
     */
    public double drawLambda(AugmentContext context) {
        return beta(context.random(), alpha);
    }

    @Override
    public TrainingSample apply(TrainingSample sample, AugmentContext context) {
        SplittableRandom r = context.random();
        double lambda = beta(r, alpha);
        TrainingSample other = partners.get(r.nextInt(partners.size()));
        MelSpectrogram a = sample.mel();
        MelSpectrogram b = other.mel();
        if (a.mels() != b.mels() || a.frames() != b.frames()) {
            throw new IllegalArgumentException("mixup partner is " + b.mels() + " x " + b.frames()
                    + ", the window " + a.mels() + " x " + a.frames());
        }
        float[] x = a.values();
        float[] y = b.values();
        float[] out = new float[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (lambda * x[i] + (1 - lambda) * y[i]);
        }
        return new TrainingSample(new MelSpectrogram(a.mels(), a.frames(), out), sample.bull() || other.bull());
    }

    /** Beta(a, a) as X / (X + Y) with X, Y ~ Gamma(a). */
    static double beta(SplittableRandom r, double a) {
        double x = gamma(r, a);
        double y = gamma(r, a);
        double s = x + y;
        return s > 0 ? x / s : 0.5;
    }

    /** Gamma(a, 1) by Marsaglia and Tsang (2000), with the boost u^(1/a) for a < 1. */
    static double gamma(SplittableRandom r, double a) {
        if (a < 1) {
            return gamma(r, a + 1) * Math.pow(r.nextDouble(), 1 / a);
        }
        double d = a - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x;
            double v;
            do {
                x = normal(r);
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = r.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    /** A standard normal by Marsaglia's polar method (one of the pair). */
    private static double normal(SplittableRandom r) {
        double u;
        double v;
        double s;
        do {
            u = 2 * r.nextDouble() - 1;
            v = 2 * r.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }
}
