package io.bullwatch.core.batch;

import io.bullwatch.core.events.RecordingDetection;
import io.bullwatch.core.events.RecordingDetector;
import io.bullwatch.core.text.JsonText;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One recording's detection with an optional timeout; failures become the summary's reason. */
final class TimedDetection {

    private static final Logger LOG = LoggerFactory.getLogger(TimedDetection.class);
    /** How long to wait for a timed-out worker to stop before going on without it. */
    private static final long STOP_WAIT_SECONDS = 10;

    private TimedDetection() {
    }

    /** A detection that failed; the message is the summary's reason. */
    static final class DetectionFailure extends Exception {
        private static final long serialVersionUID = 1L;

        DetectionFailure(String message) {
            super(message);
        }
    }

    /**
     * Detects in one input on a worker thread of its own, so that a timeout can interrupt it.
     *
     * @param detector the detector
     * @param in the input
     * @param timeout the longest it may take, or null for no limit
     * @param listener told the progress
     * @return the detection
     * @throws DetectionFailure when it fails, times out, or runs out of memory (the message is the
     *     summary's reason)
     * @throws InterruptedIOException if the calling thread is interrupted
     */
    static RecordingDetection detect(RecordingDetector detector, BatchInput in, Duration timeout,
            BatchListener listener) throws DetectionFailure, InterruptedIOException {
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "bull-detect " + in.recording());
            t.setDaemon(true);
            return t;
        });
        boolean timedOut = false;
        try {
            Future<RecordingDetection> f = worker.submit(() -> detector.detect(in.file(),
                    (done, total) -> listener.progress(in, done, total)));
            RecordingDetection d;
            try {
                d = timeout == null ? f.get() : f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                timedOut = true;
                f.cancel(true);
                throw new DetectionFailure("timed out after " + seconds(timeout) + " s");
            } catch (InterruptedException e) {
                f.cancel(true);
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while detecting in " + in.file());
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof OutOfMemoryError) {
                    // the detection's memory is unreachable now: the next recording can run
                    LOG.debug("out of memory detecting in {}", in.file(), cause);
                    throw new DetectionFailure(in.file() + ": out of memory while detecting ("
                            + Reasons.heap() + ")");
                }
                if (cause instanceof Error error) {
                    throw error;
                }
                throw new DetectionFailure(Reasons.describe(cause, in.file()));
            }
            if (d == null) {
                throw new DetectionFailure(in.file() + ": the detector returned no result");
            }
            return d;
        } finally {
            worker.shutdownNow();
            if (timedOut) {
                try {
                    if (!worker.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                        LOG.warn("the detection of {} did not stop within {} s of its timeout; going on"
                                + " without it", in.file(), STOP_WAIT_SECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static String seconds(Duration d) {
        return JsonText.plain(Double.toString(d.toNanos() / 1e9));
    }
}
