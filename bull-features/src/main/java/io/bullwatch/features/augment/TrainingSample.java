package io.bullwatch.features.augment;

import io.bullwatch.features.mel.MelSpectrogram;
import java.util.Objects;

/**
 * A window's spectrogram with its label, so that augmentations that combine windows (mixup) can
 * combine the labels too.
 *
 * @param mel the spectrogram
 * @param bull whether the window holds a bull
 */
public record TrainingSample(MelSpectrogram mel, boolean bull) {

    /** Checks the spectrogram is present. */
    public TrainingSample {
        Objects.requireNonNull(mel, "mel");
    }

    /**
     * The same label with other values.
     *
     * @param values the new spectrogram
     * @return a sample with this label
     */
    public TrainingSample withMel(MelSpectrogram values) {
        return new TrainingSample(values, bull);
    }
}
