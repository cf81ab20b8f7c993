package io.bullwatch.core.batch;

import io.bullwatch.core.io.IoErrors;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * One-line reasons for the summary's {@code error} column, naming the file; shared by every batch
 * runner (this package's, and the Spark job's), so that a failure reads the same wherever it ran.
 */
public final class Reasons {

    private Reasons() {
    }

    /**
     * A write failure in one line; file system errors name the file they were writing.
     *
     * @param e the failure
     * @return the reason
     */
    public static String describeWrite(Throwable e) {
        if (e instanceof OutOfMemoryError) {
            return "out of memory (" + heap() + ")";
        }
        String named = e instanceof IOException io ? IoErrors.named(io) : null;
        if (named != null) {
            return named;
        }
        String msg = e.getMessage();
        return msg == null || msg.isBlank() ? e.getClass().getSimpleName() : msg;
    }

    /**
     * The Java heap limit, for out-of-memory messages.
     *
     * @return the limit and what to do about it
     */
    public static String heap() {
        return "Java heap limit " + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                + " MiB; run Java with a larger -Xmx";
    }

    /**
     * A one-line reason naming the file.
     *
     * @param e the failure
     * @param file the input it concerns
     * @return the reason, starting with the file unless the message already names it
     */
    public static String describe(Throwable e, Path file) {
        if (e instanceof NoSuchFileException || e instanceof AccessDeniedException) {
            return file + ": " + IoErrors.reason((IOException) e);
        }
        String msg = e.getMessage();
        if (msg == null || msg.isBlank()) {
            return file + ": " + e.getClass().getSimpleName();
        }
        if (e instanceof RuntimeException) {
            msg = e.getClass().getSimpleName() + ": " + msg;
        }
        return msg.contains(file.getFileName().toString()) ? msg : file + ": " + msg;
    }
}
