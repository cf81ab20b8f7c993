package io.bullwatch.core.batch;

/** Told what the run is doing; methods are called on the thread of {@link BatchDetection#run()}, except {@link #progress}. */
public interface BatchListener {

    /**
     * An input is about to be processed.
     *
     * @param input the input
     * @param index its 0-based position
     * @param total the number of inputs
     */
    default void started(BatchInput input, int index, int total) {
    }

    /**
     * Progress within an input, from the detector's worker thread.
     *
     * @param input the input
     * @param secondsDone audio seconds processed
     * @param secondsTotal the recording's length
     */
    default void progress(BatchInput input, double secondsDone, double secondsTotal) {
    }

    /**
     * An input is finished (and the summary rewritten).
     *
     * @param input the input
     * @param row its summary row
     * @param skipped whether it was skipped because an earlier run finished it
     */
    default void finished(BatchInput input, SummaryRow row, boolean skipped) {
    }
}
