package io.bullwatch.models.train;

import io.bullwatch.features.windows.WindowSet;
import io.bullwatch.models.weights.ImportReport;

/** Receives progress from a {@link BullTrainer} or a {@link DetectorTraining}; the CLI prints it. */
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

    /**
     * Called by {@link DetectorTraining} once the windows of every split are loaded, before the
     * network is built.
     *
     * @param train the training windows
     * @param validation the validation windows
     * @param test the test windows, null when there is no test split
     * @param seconds how long loading took
     */
    default void onWindows(WindowSet train, WindowSet validation, WindowSet test, double seconds) {
    }

    /**
     * Called once the cross-site nights are composed, before the windows are loaded ({@link
     * DetectorTraining.Builder#optCrossSiteNights}).
     *
     * @param nights how many
     * @param hours their hours in all
     * @param dir where they were written
     */
    default void onCrossSiteNights(int nights, double hours, java.nio.file.Path dir) {
    }

    /**
     * Called by {@link DetectorTraining} after loading initial weights.
     *
     * @param report what was loaded
     */
    default void onInitialWeights(ImportReport report) {
    }
}
