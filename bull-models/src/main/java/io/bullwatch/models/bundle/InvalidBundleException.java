package io.bullwatch.models.bundle;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A model bundle that cannot be used: missing, unreadable, malformed, of another architecture, or
 * with parameters that do not give finite scores. The message is one line that names the bundle
 * file and says what is wrong.
 */
public final class InvalidBundleException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The file (or bundle folder) that is wrong. */
    private final transient Path file;

    /**
     * @param file the bundle file (or folder) that is wrong
     * @param problem what is wrong with it, without the file name
     */
    public InvalidBundleException(Path file, String problem) {
        super(Objects.requireNonNull(file, "file") + ": " + Objects.requireNonNull(problem, "problem"));
        this.file = file;
    }

    /**
     * @param file the bundle file (or folder) that is wrong
     * @param problem what is wrong with it, without the file name
     * @param cause the underlying failure
     */
    public InvalidBundleException(Path file, String problem, Throwable cause) {
        this(file, problem);
        initCause(cause);
    }

    /** @return the bundle file (or folder) that is wrong */
    public Path file() {
        return file;
    }
}
