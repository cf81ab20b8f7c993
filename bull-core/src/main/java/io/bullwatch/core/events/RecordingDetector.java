package io.bullwatch.core.events;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Anything that scores the windows of a recording file and proposes events: the CNN detector of
 * {@code bull-models}, or a simple energy detector. Batch runs ({@code bull detect}) work through
 * this interface, so their bookkeeping (resume, isolation of bad files, outputs) does not depend on
 * the model.
 *
 * <p>Implementations must be safe to call from one thread at a time per instance; {@link #detect}
 * must react to thread interruption (for per-file timeouts) by throwing promptly, for example an
 * {@link java.io.InterruptedIOException}.
 */
public interface RecordingDetector {

    /**
     * Detects bulls in one recording.
     *
     * @param file a WAV file
     * @param progress told how far the detection has come
     * @return the scored windows and events
     * @throws IOException if the file cannot be read or is malformed (the message names the file)
     */
    RecordingDetection detect(Path file, Progress progress) throws IOException;

    /**
     * Everything that decides the outputs besides the input file: model identity, threshold,
     * event rule, feature and window settings. Two runs with equal parameters give equal outputs;
     * batch runs use them as part of the resume key and write them to {@code run.json}.
     *
     * @return ordered, JSON-friendly values (strings, numbers, booleans, lists and maps)
     */
    Map<String, Object> parameters();

    /**
     * The share of a night's windows this detector is expected to flag, as calibration measured it
     * (a model bundle's validation flagged share at its threshold); a night flagged far beyond it
     * is reported ({@link FlaggingGuard}). Empty when nothing is known, for example with a
     * threshold other than the calibrated one.
     *
     * @return the expected flagged share, in [0, 1]
     */
    default OptionalDouble expectedFlaggedShare() {
        return OptionalDouble.empty();
    }

    /** Reports progress within one recording. */
    @FunctionalInterface
    interface Progress {
        /** Ignores progress. */
        Progress NONE = (done, total) -> { };

        /**
         * Called from time to time while a recording is processed.
         *
         * @param secondsDone audio seconds processed so far
         * @param secondsTotal the recording's length in seconds
         */
        void update(double secondsDone, double secondsTotal);
    }
}
