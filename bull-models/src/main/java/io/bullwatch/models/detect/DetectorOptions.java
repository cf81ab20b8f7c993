package io.bullwatch.models.detect;

import io.bullwatch.core.events.EventRule;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * How a {@link Detector} runs: threads, batch size, and the threshold and event settings that
 * turn window scores into events.
 *
 * <p>Only {@link #thresholdOverride()} and {@link #events()} change a detector's outputs; threads
 * and batch size change its speed, not its scores (beyond float rounding of the order of 1e-6).
 *
 * @param threads inference threads, each running its own forward passes, {@code >= 1}
 * @param featureThreads threads computing mel frames (the calling thread and {@code
 *     featureThreads - 1} workers), {@code >= 1}
 * @param batchSize windows per forward pass, {@code >= 1}; or {@link #AUTO_BATCH} for as many
 *     windows as hold about {@link #AUTO_BATCH_VALUES} input values (32 windows of 64x324, 8 of
 *     the seed's 128x646): larger batches of large windows overflow the CPU caches and get slower
 *     per window (docs/BENCHMARKS.md, Networks and Detection)
 * @param thresholdOverride a decision threshold (a bull probability, from 0 to 1) to use instead
 *     of the bundle's; empty to use the bundle's
 * @param events how flagged windows become events (the threshold comes from above)
 */
public record DetectorOptions(int threads, int featureThreads, int batchSize,
        OptionalDouble thresholdOverride, EventSettings events) {

    /** Validates the options. */
    public DetectorOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (featureThreads < 1) {
            throw new IllegalArgumentException("featureThreads must be >= 1, got " + featureThreads);
        }
        if (batchSize < 0) {
            throw new IllegalArgumentException("batchSize must be >= 1, or 0 for automatic, got "
                    + batchSize);
        }
        Objects.requireNonNull(thresholdOverride, "thresholdOverride (use OptionalDouble.empty())");
        if (thresholdOverride.isPresent() && !(thresholdOverride.getAsDouble() >= 0
                && thresholdOverride.getAsDouble() <= 1)) {
            throw new IllegalArgumentException("the threshold is a bull probability from 0 to 1, got "
                    + thresholdOverride.getAsDouble());
        }
        Objects.requireNonNull(events, "events");
    }

    /** {@link #batchSize()} meaning "automatic": see {@link #batchFor(int, int)}. */
    public static final int AUTO_BATCH = 0;

    /**
     * The input values an automatic batch holds at most: 32 windows of 64 x 324, 8 of 128 x 646,
     * the fastest batch sizes measured for those shapes on 2 cores (docs/BENCHMARKS.md, Detection).
     */
    public static final int AUTO_BATCH_VALUES = 32 * 64 * 324;

    /**
     * The batch size for windows of a shape: {@link #batchSize()}, or when automatic, {@code
     * max(1, AUTO_BATCH_VALUES / (mels * frames))}.
     *
     * @param mels mel bands per window
     * @param frames frames per window
     * @return windows per forward pass, {@code >= 1}
     */
    public int batchFor(int mels, int frames) {
        if (batchSize != AUTO_BATCH) {
            return batchSize;
        }
        return Math.max(1, AUTO_BATCH_VALUES / Math.max(1, mels * frames));
    }

    /**
     * The batch size for windows of a shape in a Java heap of a given size: {@link
     * #batchFor(int, int)}, and when automatic, small enough that the {@code threads() + 1} batch
     * buffers in flight take at most an eighth of the heap (at least one window). A set batch
     * size is kept whatever the heap.
     *
     * @param mels mel bands per window
     * @param frames frames per window
     * @param heapBytes the heap the detection may use ({@code Runtime.maxMemory()})
     * @return windows per forward pass, {@code >= 1}
     */
    public int batchFor(int mels, int frames, long heapBytes) {
        int batch = batchFor(mels, frames);
        if (batchSize != AUTO_BATCH) {
            return batch;
        }
        long perWindow = 4L * Math.max(1, mels) * Math.max(1, frames) * (threads + 1);
        return (int) Math.max(1, Math.min(batch, heapBytes / 8 / perWindow));
    }

    /**
     * The defaults: 2 inference threads, 2 feature threads, an automatic batch size, the bundle's threshold
     * and {@link EventRule#of(double)}'s event settings. Chosen on 2 cores (docs/BENCHMARKS.md,
     * Detection): with {@code log-per-recording} every frame is computed before the first forward
     * pass, so the two phases do not compete and each uses both cores. Run PyTorch with one
     * intra-op thread ({@code -Dai.djl.pytorch.num_threads=1}, as {@code bull detect} does) so
     * that the two forward passes do not oversubscribe the cores.
     *
     * @return the default options
     */
    public static DetectorOptions defaults() {
        return new DetectorOptions(2, 2, AUTO_BATCH, OptionalDouble.empty(), EventSettings.defaults());
    }

    /**
     * @param n inference threads, {@code >= 1}
     * @return a copy with that many inference threads
     */
    public DetectorOptions withThreads(int n) {
        return new DetectorOptions(n, featureThreads, batchSize, thresholdOverride, events);
    }

    /**
     * @param n feature threads, {@code >= 1}
     * @return a copy with that many feature threads
     */
    public DetectorOptions withFeatureThreads(int n) {
        return new DetectorOptions(threads, n, batchSize, thresholdOverride, events);
    }

    /**
     * @param n windows per forward pass, {@code >= 1}, or {@link #AUTO_BATCH}
     * @return a copy with that batch size
     */
    public DetectorOptions withBatchSize(int n) {
        return new DetectorOptions(threads, featureThreads, n, thresholdOverride, events);
    }

    /**
     * @param threshold the decision threshold to use instead of the bundle's
     * @return a copy with that threshold
     */
    public DetectorOptions withThreshold(double threshold) {
        return new DetectorOptions(threads, featureThreads, batchSize, OptionalDouble.of(threshold),
                events);
    }

    /** @return a copy that uses the bundle's threshold */
    public DetectorOptions withBundleThreshold() {
        return new DetectorOptions(threads, featureThreads, batchSize, OptionalDouble.empty(), events);
    }

    /**
     * @param settings the event settings
     * @return a copy with those event settings
     */
    public DetectorOptions withEvents(EventSettings settings) {
        return new DetectorOptions(threads, featureThreads, batchSize, thresholdOverride, settings);
    }

    /**
     * The event rule for a bundle threshold.
     *
     * @param bundleThreshold the bundle's threshold, used unless overridden
     * @return the rule
     */
    public EventRule rule(double bundleThreshold) {
        return events.rule(thresholdOverride.orElse(bundleThreshold));
    }

    /**
     * Everything of an {@link EventRule} except its threshold.
     *
     * @param refine see {@link EventRule#refine()}
     * @param mergeGapSeconds see {@link EventRule#mergeGapSeconds()}
     * @param minDurationSeconds see {@link EventRule#minDurationSeconds()}
     * @param maxDurationSeconds see {@link EventRule#maxDurationSeconds()}
     * @param aggregate see {@link EventRule#aggregate()}
     */
    public record EventSettings(boolean refine, double mergeGapSeconds, double minDurationSeconds,
            double maxDurationSeconds, EventRule.Aggregate aggregate) {

        /** Validates the settings as {@link EventRule} does. */
        public EventSettings {
            new EventRule(0, refine, mergeGapSeconds, minDurationSeconds, maxDurationSeconds, aggregate);
        }

        /** @return the settings of {@link EventRule#of(double)} */
        public static EventSettings defaults() {
            return of(EventRule.of(0));
        }

        /**
         * The settings of a rule, its threshold dropped.
         *
         * @param rule the rule
         * @return its settings
         */
        public static EventSettings of(EventRule rule) {
            return new EventSettings(rule.refine(), rule.mergeGapSeconds(), rule.minDurationSeconds(),
                    rule.maxDurationSeconds(), rule.aggregate());
        }

        /**
         * @param threshold the decision threshold
         * @return the rule with these settings at that threshold
         */
        public EventRule rule(double threshold) {
            return new EventRule(threshold, refine, mergeGapSeconds, minDurationSeconds,
                    maxDurationSeconds, aggregate);
        }
    }
}
