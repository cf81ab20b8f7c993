package io.bullwatch.features.augment;

import java.util.SplittableRandom;

/**
 * Where an augmentation's randomness comes from: a run's seed, the epoch and the window's index
 * (plus a stream tag that pipelines derive per stage). {@link #random()} hashes all four into a
 * fresh {@link SplittableRandom}, so the same context gives the same draws on any thread, in any
 * order, and a different epoch gives a different augmentation of the same window.
 *
 * @param seed the run's seed
 * @param epoch the training epoch (or any other counter that should change the draw)
 * @param windowIndex the window's index in the training set
 * @param stream which derived stream ({@code 0} for the caller's own)
 */
public record AugmentContext(long seed, int epoch, long windowIndex, long stream) {

    /**
     * The context of one window in one epoch.
     *
     * @param seed the run's seed
     * @param epoch the epoch
     * @param windowIndex the window's index
     * @return the context, stream 0
     */
    public static AugmentContext of(long seed, int epoch, long windowIndex) {
        return new AugmentContext(seed, epoch, windowIndex, 0);
    }

    /**
     * A new generator for this context; every call returns one that makes the same draws.
     *
     * @return the generator
     */
    public SplittableRandom random() {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        h = mix(h ^ epoch);
        h = mix(h ^ windowIndex);
        h = mix(h ^ stream);
        return new SplittableRandom(h);
    }

    /**
     * An independent context for a part of the work (a pipeline stage, a wrapped augmentation).
     *
     * @param salt distinguishes the parts
     * @return the same seed, epoch and window with another stream
     */
    public AugmentContext derive(long salt) {
        return new AugmentContext(seed, epoch, windowIndex, mix(stream * 31 + salt + 0x632BE59BD9B4E019L));
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
