package io.bullwatch.core.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces files so that a reader, a crash or a {@code kill -9} never leaves half a file: the
 * content goes to a temporary file in the target's folder ({@code .NAME.HEX.tmp}), is flushed to
 * the disk, and is renamed over the target (atomically where the file system supports it). On
 * failure the temporary file is deleted and the target is left as it was. The one writer of
 * bundles, checkpoints, detection outputs, summaries and feature caches.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /** Something that writes a file's bytes. */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes the content.
         *
         * @param out where to write (buffered); closed by the caller
         * @throws IOException if writing fails
         */
        void write(OutputStream out) throws IOException;
    }

    /**
     * Creates or replaces a file atomically.
     *
     * @param file the file to create or replace; its folder must exist
     * @param content writes the bytes
     * @throws IOException if writing, flushing or renaming fails; its message names {@code file}
     *     (the operating system's errors, such as a full disk, name no file by themselves and are
     *     wrapped in a {@link FileSystemException} for it)
     */
    public static void write(Path file, Content content) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(content, "content");
        Path target = file.toAbsolutePath();
        Path tmp = null;
        FileChannel channel = null;
        // Not Files.createTempFile: it makes owner-only files, and the renamed output must get
        // the same permissions as any other new file (the umask's).
        for (int attempt = 0; channel == null; attempt++) {
            tmp = target.resolveSibling("." + target.getFileName() + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + ".tmp");
            try {
                channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            } catch (IOException e) {
                throw named(e, target);
            }
        }
        try {
            try (FileChannel ch = channel;
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
                content.write(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof IOException io) {
                throw named(io, target);
            }
            throw e;
        }
    }

    /**
     * Creates or replaces a file atomically with the given bytes.
     *
     * @param file the file
     * @param bytes its content
     * @throws IOException as {@link #write(Path, Content)}
     */
    public static void write(Path file, byte[] bytes) throws IOException {
        Objects.requireNonNull(bytes, "bytes");
        write(file, out -> out.write(bytes));
    }

    /**
     * An I/O failure whose message names the file: the operating system's own errors from a
     * write (such as "No space left on device") name no file, so they are wrapped in a {@link
     * FileSystemException} for {@code file}; exceptions that already name a file are kept.
     */
    private static IOException named(IOException e, Path file) {
        if (e instanceof FileSystemException || e instanceof InterruptedIOException) {
            return e;
        }
        String reason = e.getMessage() == null || e.getMessage().isBlank()
                ? e.getClass().getSimpleName() : e.getMessage();
        FileSystemException named = new FileSystemException(file.toString(), null, reason);
        named.initCause(e);
        return named;
    }
}
