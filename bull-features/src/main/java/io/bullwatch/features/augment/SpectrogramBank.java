package io.bullwatch.features.augment;

import io.bullwatch.features.mel.MelSpectrogram;
import java.util.List;
import java.util.Objects;

/**
 * Spectrograms to mix into training windows: background from other recordings or sites, or other
 * windows. An implementation may compute or read them on demand (for example from a feature
 * cache); it must be safe for concurrent reads when training is multi-threaded.
 */
public interface SpectrogramBank {

    /**
     * Entries in the bank.
     *
     * @return the count, {@code >= 1}
     */
    int size();

    /**
     * One entry.
     *
     * @param index {@code 0 <= index < size()}
     * @return its spectrogram (not modified by the caller)
     */
    MelSpectrogram get(int index);

    /**
     * A bank over spectrograms held in memory.
     *
     * @param entries at least one spectrogram
     * @return the bank
     */
    static SpectrogramBank of(List<MelSpectrogram> entries) {
        List<MelSpectrogram> copy = List.copyOf(entries);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("a spectrogram bank needs at least one entry");
        }
        return new SpectrogramBank() {
            @Override
            public int size() {
                return copy.size();
            }

            @Override
            public MelSpectrogram get(int index) {
                return Objects.requireNonNull(copy.get(index));
            }
        };
    }
}
