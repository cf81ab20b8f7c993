package io.bullwatch.features.augment;

import io.bullwatch.features.mel.MelSpectrogram;
import java.util.Objects;

/**
 * Moves a window's content in time by {@code s} frames, {@code s} drawn uniformly from
 * {@code -maxShift..maxShift} (positive: later). {@link Mode#ROLL} wraps the frames that leave one
 * end around to the other; {@link Mode#PAD} fills the frames that open up with a {@link
 * MaskValue}. The label is kept: with the seed's 15 s windows and bulls of a few seconds, keep
 * {@code maxShift} small enough that a bull stays inside (or use {@code ROLL}).
 *
 * @param maxShift the largest shift in frames, {@code >= 0} (0 disables)
 * @param mode roll or pad
 * @param padValue the fill for {@link Mode#PAD}
 */
public record TimeShift(int maxShift, Mode mode, MaskValue padValue) implements SpectrogramAugmentation {

    /** What happens at the window's ends. */
    public enum Mode {
        /** Circular shift. */
        ROLL,
        /** Shift with padding. */
        PAD
    }

    /** Validates the parameters. */
    public TimeShift {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(padValue, "padValue");
        if (maxShift < 0) {
            throw new IllegalArgumentException("max shift must be >= 0 frames, got " + maxShift);
        }
    }

    /**
     * The shift a context draws.
     *
     * @param context the source of randomness
     * @return frames to move the content, in {@code [-maxShift, maxShift]}
     */
    public int draw(AugmentContext context) {
        return context.random().nextInt(2 * maxShift + 1) - maxShift;
    }

    @Override
    public TrainingSample apply(TrainingSample sample, AugmentContext context) {
        if (maxShift == 0) {
            return sample;
        }
        MelSpectrogram m = sample.mel();
        int frames = m.frames();
        int s = draw(context);
        float[] in = m.values();
        float[] out = new float[in.length];
        float fill = padValue.of(in);
        for (int b = 0; b < m.mels(); b++) {
            int row = b * frames;
            for (int f = 0; f < frames; f++) {
                int src = f - s;
                if (mode == Mode.ROLL) {
                    out[row + f] = in[row + Math.floorMod(src, frames)];
                } else {
                    out[row + f] = src >= 0 && src < frames ? in[row + src] : fill;
                }
            }
        }
        return sample.withMel(new MelSpectrogram(m.mels(), frames, out));
    }
}
