package io.bullwatch.features.mel;

import java.util.Objects;

/**
 * A mel spectrogram: {@code mels x frames} values stored mel-major (row-major with one mel band
 * per row), the layout of torchaudio's output and of a NumPy {@code (n_mels, frames)} array.
 *
 * @param mels the number of mel bands (rows), {@code >= 1}
 * @param frames the number of frames (columns), {@code >= 0}
 * @param values {@code values[mel * frames + frame]}; not copied, so the owner of the record may
 *     change them
 */
public record MelSpectrogram(int mels, int frames, float[] values) {

    /** Checks that the shape matches the values. */
    public MelSpectrogram {
        Objects.requireNonNull(values, "values");
        if (mels < 1 || frames < 0 || (long) mels * frames != values.length) {
            throw new IllegalArgumentException("a " + mels + " x " + frames
                    + " mel spectrogram needs " + ((long) mels * frames) + " values, got "
                    + values.length);
        }
    }

    /**
     * One value.
     *
     * @param mel the band, {@code 0 <= mel < mels()}
     * @param frame the frame, {@code 0 <= frame < frames()}
     * @return the value
     */
    public float get(int mel, int frame) {
        Objects.checkIndex(mel, mels);
        Objects.checkIndex(frame, frames);
        return values[mel * frames + frame];
    }

    /**
     * The largest value.
     *
     * @return the maximum, or {@link Float#NEGATIVE_INFINITY} when there are no frames
     */
    public float max() {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            max = Math.max(max, v);
        }
        return max;
    }
}
