package io.bullwatch.core.batch;

import io.bullwatch.core.io.IoErrors;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** One-line reasons for the summary's {@code error} column, naming the file. */
final class Reasons {

    private Reasons() {
    }

    /** A write failure in one line; file system errors name the file they were writing. */
    static String describeWrite(Throwable e) {
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

    /** The Java heap limit, for out-of-memory messages. */
    static String heap() {
        return "Java heap limit " + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                + " MiB; run Java with a larger -Xmx";
    }

    /** A one-line reason naming the file. */
    static String describe(Throwable e, Path file) {
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
