package io.bullwatch.features.norm;

import io.bullwatch.features.mel.MelSpectrogram;
import java.util.Arrays;
import java.util.Objects;

/**
 * Collects the mean and variance of feature values, per mel band and overall, in one pass.
 *
 * <p>Each added block (a window, or a block of streamed frames) is summarised per band by an exact
 * two-pass computation in double (its mean, then the sum of squared deviations from it), and the
 * summary is merged into the running totals with Chan et al.'s parallel update
 * {@code M2 = M2a + M2b + delta^2 na nb / n}. Unlike the textbook {@code sum(x^2) - n mean^2}, this
 * keeps full precision when the values sit on a large offset (for example dB values around -60
 * with a spread of 0.01). Accumulators filled on different threads combine with {@link
 * #merge(NormAccumulator)}; the result does not depend on how the data were split, up to double
 * rounding.
 *
 * <p>Not thread-safe: use one per thread and merge.
 */
public final class NormAccumulator {

    private final int mels;
    private final FeatureTransform transform;
    private final double epsilon;
    private long count;
    private final double[] mean;
    private final double[] m2;
    private final double[] blockMean;
    private final double[] blockM2;

    private NormAccumulator(int mels, FeatureTransform transform, double epsilon) {
        if (mels < 1) {
            throw new IllegalArgumentException("mel bands must be >= 1, got " + mels);
        }
        this.transform = Objects.requireNonNull(transform, "transform");
        if (transform != FeatureTransform.NONE && !(epsilon > 0 && Double.isFinite(epsilon))) {
            throw new IllegalArgumentException("epsilon for " + transform + " must be a finite value > 0, got "
                    + epsilon);
        }
        this.mels = mels;
        this.epsilon = transform == FeatureTransform.NONE ? 0 : epsilon;
        this.mean = new double[mels];
        this.m2 = new double[mels];
        this.blockMean = new double[mels];
        this.blockM2 = new double[mels];
    }

    /**
     * An empty accumulator of values used as they are.
     *
     * @param mels the number of mel bands, {@code >= 1}
     * @return the accumulator
     */
    public static NormAccumulator create(int mels) {
        return new NormAccumulator(mels, FeatureTransform.NONE, 0);
    }

    /**
     * An empty accumulator of transformed values (for example dB of linear power features).
     *
     * @param mels the number of mel bands, {@code >= 1}
     * @param transform applied to every value before it is counted
     * @param epsilon the transform's offset or floor, {@code > 0} unless the transform is {@link
     *     FeatureTransform#NONE}
     * @return the accumulator
     */
    public static NormAccumulator create(int mels, FeatureTransform transform, double epsilon) {
        return new NormAccumulator(mels, transform, epsilon);
    }

    /**
     * Mel bands counted.
     *
     * @return the number of bands
     */
    public int mels() {
        return mels;
    }

    /**
     * Values counted per band (frames added so far).
     *
     * @return the count
     */
    public long count() {
        return count;
    }

    /**
     * Adds every value of a window's spectrogram.
     *
     * @param window a spectrogram with {@link #mels()} bands
     * @throws IllegalArgumentException if the bands differ or a value is not finite after the
     *     transform
     */
    public void add(MelSpectrogram window) {
        Objects.requireNonNull(window, "window");
        checkMels(window.mels());
        add(window.values(), 0, window.frames(), window.frames(), 1);
    }

    /**
     * Adds a block of frames stored frame-major, as {@code MelSpectrogramExtractor.streamFrames}
     * delivers them: value {@code m} of frame {@code j} is {@code block[j * mels + m]}.
     *
     * @param block the frames
     * @param frameCount frames in the block, {@code 0 <= frameCount <= block.length / mels}
     * @throws IllegalArgumentException if the block is too short or a value is not finite after
     *     the transform
     */
    public void addFrames(float[] block, int frameCount) {
        Objects.requireNonNull(block, "block");
        if (frameCount < 0 || (long) frameCount * mels > block.length) {
            throw new IllegalArgumentException(frameCount + " frames of " + mels
                    + " bands do not fit in a block of " + block.length + " values");
        }
        add(block, 0, frameCount, 1, mels);
    }

    /** Band b's values are v[base + b * bandStride + j * frameStride] for j < frames. */
    private void add(float[] v, int base, int frames, int bandStride, int frameStride) {
        if (frames == 0) {
            return;
        }
        for (int b = 0; b < mels; b++) {
            int start = base + b * bandStride;
            double sum = 0;
            for (int j = 0, i = start; j < frames; j++, i += frameStride) {
                sum += transform.apply(v[i], epsilon);
            }
            double mu = sum / frames;
            double ss = 0;
            double corr = 0;
            for (int j = 0, i = start; j < frames; j++, i += frameStride) {
                double d = transform.apply(v[i], epsilon) - mu;
                ss += d * d;
                corr += d;
            }
            // corrected two-pass (Chan, Golub, LeVeque): removes the rounding error of mu
            ss -= corr * corr / frames;
            if (!Double.isFinite(mu) || !Double.isFinite(ss)) {
                throw new IllegalArgumentException("mel band " + b
                        + " holds a value that is not finite after transform " + transform
                        + "; check the features (NaN, infinity, or zeros under LOG/DB without epsilon)");
            }
            blockMean[b] = mu;
            blockM2[b] = Math.max(0, ss);
        }
        combine(blockMean, blockM2, frames);
    }

    private void combine(double[] otherMean, double[] otherM2, long otherCount) {
        if (otherCount == 0) {
            return;
        }
        long n = count + otherCount;
        for (int b = 0; b < mels; b++) {
            double delta = otherMean[b] - mean[b];
            mean[b] += delta * ((double) otherCount / n);
            m2[b] += otherM2[b] + delta * delta * ((double) count * otherCount / n);
        }
        count = n;
    }

    /**
     * Adds everything another accumulator counted (Chan's parallel merge). The other accumulator
     * is unchanged.
     *
     * @param other an accumulator with the same bands and transform
     * @throws IllegalArgumentException if the bands or transforms differ
     */
    public void merge(NormAccumulator other) {
        Objects.requireNonNull(other, "other");
        checkMels(other.mels);
        if (other.transform != transform || Double.compare(other.epsilon, epsilon) != 0) {
            throw new IllegalArgumentException("cannot merge statistics of " + other.transform + " (epsilon "
                    + other.epsilon + ") into " + transform + " (epsilon " + epsilon + ")");
        }
        combine(other.mean.clone(), other.m2.clone(), other.count);
    }

    /**
     * The statistics so far: per band, and overall (all bands merged, each band counting equally
     * since every frame has one value per band). Standard deviations are population ones
     * ({@code ddof = 0}, as {@code numpy.std}); {@code torch.std}'s default divides by
     * {@code n - 1}, a difference of {@code sqrt(n / (n - 1))}, negligible at training-set sizes.
     *
     * @return the statistics
     * @throws IllegalStateException if nothing was added
     */
    public NormStats stats() {
        if (count == 0) {
            throw new IllegalStateException("no values were added; statistics need at least one frame");
        }
        double[] stds = new double[mels];
        double overallMean = 0;
        double overallM2 = 0;
        long n = 0;
        for (int b = 0; b < mels; b++) {
            stds[b] = Math.sqrt(m2[b] / count);
            long total = n + count;
            double delta = mean[b] - overallMean;
            overallMean += delta * ((double) count / total);
            overallM2 += m2[b] + delta * delta * ((double) n * count / total);
            n = total;
        }
        return new NormStats(transform, epsilon, count, overallMean, Math.sqrt(overallM2 / n),
                Arrays.copyOf(mean, mels), stds);
    }

    private void checkMels(int other) {
        if (other != mels) {
            throw new IllegalArgumentException("expected " + mels + " mel bands, got " + other);
        }
    }
}
