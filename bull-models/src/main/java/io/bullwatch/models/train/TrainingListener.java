package io.bullwatch.models.train;

/** Receives progress from a {@link BullTrainer}; the CLI prints it. */
public interface TrainingListener {

    /** A listener that ignores everything. */
    TrainingListener NONE = new TrainingListener() { };

    /**
     * Called after each optimiser step.
     *
     * @param epoch the epoch, from 1
     * @param epochs the maximum number of epochs
     * @param done training windows seen in this epoch
     * @param total training windows per epoch
     * @param windowsPerSecond the epoch's speed so far
     * @param etaSeconds estimated seconds left in this epoch
     */
    default void onProgress(int epoch, int epochs, int done, int total, double windowsPerSecond,
            double etaSeconds) {
    }

    /**
     * Called after each epoch's validation.
     *
     * @param metrics the epoch's numbers
     * @param best whether it is the best epoch so far
     */
    default void onEpoch(EpochMetrics metrics, boolean best) {
    }
}
