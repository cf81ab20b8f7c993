package io.bullwatch.core.batch;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
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
        if (e instanceof FileSystemException f && f.getFile() != null) {
            String reason = f.getReason() != null ? f.getReason()
                    : f instanceof AccessDeniedException ? "permission denied"
                    : f instanceof NoSuchFileException ? "no such file or folder"
                    : f.getClass().getSimpleName();
            return f.getFile() + ": " + reason;
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
        if (e instanceof NoSuchFileException) {
            return file + ": no such file";
        }
        if (e instanceof AccessDeniedException) {
            return file + ": permission denied";
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
