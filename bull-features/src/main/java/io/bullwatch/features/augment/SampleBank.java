package io.bullwatch.features.augment;

import java.util.List;
import java.util.Objects;

/**
 * Labelled windows to draw mixup partners from. An implementation may compute or read them on
 * demand; it must be safe for concurrent reads when training is multi-threaded.
 */
public interface SampleBank {

    /**
     * Windows in the bank.
     *
     * @return the count, {@code >= 1}
     */
    int size();

    /**
     * One window.
     *
     * @param index {@code 0 <= index < size()}
     * @return the window and its label (not modified by the caller)
     */
    TrainingSample get(int index);

    /**
     * A bank over samples held in memory.
     *
     * @param samples at least one sample
     * @return the bank
     */
    static SampleBank of(List<TrainingSample> samples) {
        List<TrainingSample> copy = List.copyOf(samples);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("a sample bank needs at least one sample");
        }
        return new SampleBank() {
            @Override
            public int size() {
                return copy.size();
            }

            @Override
            public TrainingSample get(int index) {
                return Objects.requireNonNull(copy.get(index));
            }
        };
    }
}
