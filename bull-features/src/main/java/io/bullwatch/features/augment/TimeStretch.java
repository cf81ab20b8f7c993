package io.bullwatch.features.augment;

import io.bullwatch.features.mel.MelSpectrogram;
import java.util.Objects;

/**
 * Stretches a window's content in time by a factor {@code r} drawn uniformly from {@code
 * [minFactor, maxFactor]}: {@code r > 1} lengthens (slows down) the content, {@code r < 1}
 * shortens it (torchaudio's {@code TimeStretch} rate is {@code 1 / r}). The window keeps its
 * frame count and its centre: output frame {@code j} takes the input at position
 * {@code p = c + (j - c) / r}, {@code c = (frames - 1) / 2}, interpolated linearly between the two
 * neighbouring frames of each band. When lengthened, the centre {@code frames} frames of the
 * stretched content are kept (the ends are cropped); when shortened, positions outside the window
 * are padded, by default ({@link Padding#EDGE}) with each band's first or last value, which
 * continues a steady background without the step that a zero or mean fill would leave.
 *
 * <p>Shortening takes every {@code 1/r}-th position without smoothing first; on mel frames, which
 * are already smooth in time, that is the usual choice (as SpecAugment's time warp). The label is
 * kept: lengthening by {@code r} crops {@code frames (1 - 1/r) / 2} frames at each end (1.5 s of a
 * 15 s window at {@code r = 1.25}), so keep {@code maxFactor} modest.
 *
 * @param minFactor the smallest factor, {@code > 0}
 * @param maxFactor the largest factor, {@code >= minFactor} ({@code minFactor == maxFactor} fixes it)
 * @param padding how positions outside the window are filled when shortening
 */
public record TimeStretch(double minFactor, double maxFactor, Padding padding) implements SpectrogramAugmentation {

    /** What frames that open up at the ends of a shortened window hold. */
    public enum Padding {
        /** Each band's nearest edge value (its first frame on the left, its last on the right). */
        EDGE,
        /** Zero, as {@link MaskValue#ZERO}. */
        ZERO,
        /** The mean of the whole input window, as {@link MaskValue#MEAN}. */
        MEAN
    }

    /** Validates the parameters. */
    public TimeStretch {
        Objects.requireNonNull(padding, "padding");
        if (!(minFactor > 0 && Double.isFinite(minFactor) && maxFactor >= minFactor && Double.isFinite(maxFactor))) {
            throw new IllegalArgumentException("time-stretch factors must be finite with 0 < min <= max, got ["
                    + minFactor + ", " + maxFactor + "]");
        }
    }

    /**
     * A stretch by a factor uniform in {@code [minFactor, maxFactor]}, padded with edge values.
     *
     * @param minFactor the smallest factor, {@code > 0} (for example 0.8)
     * @param maxFactor the largest factor (for example 1.25)
     * @return the augmentation
     */
    public static TimeStretch of(double minFactor, double maxFactor) {
        return new TimeStretch(minFactor, maxFactor, Padding.EDGE);
    }

    /**
     * The factor a context draws.
     *
     * @param context the source of randomness
     * @return a factor in {@code [minFactor, maxFactor]}
     */
    public double draw(AugmentContext context) {
        if (minFactor == maxFactor) {
            return minFactor;
        }
        return Math.min(maxFactor, minFactor + (maxFactor - minFactor) * context.random().nextDouble());
    }

    @Override
    public TrainingSample apply(TrainingSample sample, AugmentContext context) {
        double r = draw(context);
        if (r == 1.0) {
            return sample;
        }
        return sample.withMel(stretch(sample.mel(), r));
    }

    /**
     * The window stretched by a given factor (the work of {@link #apply}, without the draw).
     *
     * @param mel the window (not modified)
     * @param factor the stretch factor, {@code > 0}
     * @return a new spectrogram with the same shape
     * @throws IllegalArgumentException if the factor is not positive and finite
     */
    public MelSpectrogram stretch(MelSpectrogram mel, double factor) {
        Objects.requireNonNull(mel, "mel");
        if (!(factor > 0 && Double.isFinite(factor))) {
            throw new IllegalArgumentException("stretch factor must be finite and > 0, got " + factor);
        }
        int frames = mel.frames();
        float[] in = mel.values();
        float[] out = new float[in.length];
        double centre = (frames - 1) / 2.0;
        int[] index = new int[frames];     // left neighbour, or -1 / -2 for before / after the window
        double[] weight = new double[frames];
        for (int j = 0; j < frames; j++) {
            double p = centre + (j - centre) / factor;
            if (p < 0) {
                index[j] = -1;
            } else if (p > frames - 1) {
                index[j] = -2;
            } else {
                int i = (int) Math.floor(p);
                index[j] = i;
                weight[j] = p - i; // 0 when p is a frame (then frame i + 1 is not read)
            }
        }
        float fill = padding == Padding.MEAN ? MaskValue.MEAN.of(in) : 0f;
        for (int b = 0; b < mel.mels(); b++) {
            int row = b * frames;
            for (int j = 0; j < frames; j++) {
                int i = index[j];
                float v;
                if (i >= 0) {
                    double a = in[row + i];
                    v = weight[j] == 0 ? in[row + i] : (float) (a + weight[j] * (in[row + i + 1] - a));
                } else if (padding == Padding.EDGE) {
                    v = in[row + (i == -1 ? 0 : frames - 1)];
                } else {
                    v = fill;
                }
                out[row + j] = v;
            }
        }
        return new MelSpectrogram(mel.mels(), frames, out);
    }
}
