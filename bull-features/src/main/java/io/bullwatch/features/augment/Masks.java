package io.bullwatch.features.augment;

import io.bullwatch.features.mel.MelSpectrogram;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * SpecAugment masks (Park et al. 2019): {@code count} spans of frames (time masks) or mel bands
 * (frequency masks), each of a width drawn uniformly from {@code 0..maxWidth} (capped at the
 * axis length) at a start drawn uniformly from the positions where it fits, filled with a {@link
 * MaskValue}. Spans may overlap. {@link #plan(AugmentContext, int)} tells which spans a context
 * draws.
 *
 * @param axis frames or mel bands
 * @param count masks per window, {@code >= 0} (0 disables)
 * @param maxWidth the widest mask, {@code >= 0}
 * @param value what masked cells become
 */
public record Masks(Axis axis, int count, int maxWidth, MaskValue value) implements SpectrogramAugmentation {

    /** Which axis a mask spans. */
    public enum Axis {
        /** Frames: the mask silences a stretch of time in every band. */
        TIME,
        /** Mel bands: the mask removes a band range in every frame. */
        FREQUENCY
    }

    /** Validates the parameters. */
    public Masks {
        Objects.requireNonNull(axis, "axis");
        Objects.requireNonNull(value, "value");
        if (count < 0 || maxWidth < 0) {
            throw new IllegalArgumentException("mask count and max width must be >= 0, got " + count + " and "
                    + maxWidth);
        }
    }

    /**
     * Time masks.
     *
     * @param count masks per window
     * @param maxWidth widest mask in frames
     * @param value fill value
     * @return the augmentation
     */
    public static Masks time(int count, int maxWidth, MaskValue value) {
        return new Masks(Axis.TIME, count, maxWidth, value);
    }

    /**
     * Frequency masks.
     *
     * @param count masks per window
     * @param maxWidth widest mask in mel bands
     * @param value fill value
     * @return the augmentation
     */
    public static Masks frequency(int count, int maxWidth, MaskValue value) {
        return new Masks(Axis.FREQUENCY, count, maxWidth, value);
    }

    /**
     * The spans a context draws on an axis of a given length.
     *
     * @param context the source of randomness
     * @param length frames or mel bands of the window
     * @return {@link #count()} spans inside {@code [0, length)}
     */
    public List<Span> plan(AugmentContext context, int length) {
        SplittableRandom r = context.random();
        List<Span> spans = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int w = Math.min(r.nextInt(maxWidth + 1), length);
            int start = r.nextInt(length - w + 1);
            spans.add(new Span(start, w));
        }
        return spans;
    }

    @Override
    public TrainingSample apply(TrainingSample sample, AugmentContext context) {
        if (count == 0 || maxWidth == 0) {
            return sample;
        }
        MelSpectrogram m = sample.mel();
        int frames = m.frames();
        float[] v = m.values().clone();
        float fill = value.of(v);
        for (Span s : plan(context, axis == Axis.TIME ? frames : m.mels())) {
            if (axis == Axis.TIME) {
                for (int b = 0; b < m.mels(); b++) {
                    java.util.Arrays.fill(v, b * frames + s.start(), b * frames + s.start() + s.width(), fill);
                }
            } else {
                java.util.Arrays.fill(v, s.start() * frames, (s.start() + s.width()) * frames, fill);
            }
        }
        return sample.withMel(new MelSpectrogram(m.mels(), frames, v));
    }
}
