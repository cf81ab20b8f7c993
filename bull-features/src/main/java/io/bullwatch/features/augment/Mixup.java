package io.bullwatch.features.augment;

import io.bullwatch.core.random.RandomDraws;
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

    /** Beta(a, a) as X / (X + Y) with X, Y ~ Gamma(a) ({@link RandomDraws#beta}). */
    static double beta(SplittableRandom r, double a) {
        return RandomDraws.beta(r, a, a);
    }
}
