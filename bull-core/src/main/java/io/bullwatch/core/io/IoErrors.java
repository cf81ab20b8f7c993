package io.bullwatch.core.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** One-line words for I/O failures, shared by every message that reports one to a user. */
public final class IoErrors {

    private IoErrors() {
    }

    /**
     * Why an I/O operation failed, without the file: plain words for the common file-system
     * errors ({@code no such file or folder}, {@code permission denied}, {@code not a folder},
     * {@code already exists}), else the operating system's reason or the message.
     *
     * @param e the failure
     * @return the reason, never empty
     */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "not a folder";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof FileSystemException f) {
            // its message is "FILE: REASON", or the file alone when there is no reason
            return f.getReason() != null ? f.getReason() : e.getClass().getSimpleName();
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /**
     * {@code FILE: REASON} for a file-system error that names its file.
     *
     * @param e the failure
     * @return the line, or null when {@code e} names no file (it is not a {@link
     *     FileSystemException}, or has no file)
     */
    public static String named(IOException e) {
        if (e instanceof FileSystemException f && f.getFile() != null) {
            return f.getFile() + ": " + reason(e);
        }
        return null;
    }
}
