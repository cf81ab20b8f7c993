package io.bullwatch.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A user's input file is malformed: it names the file, where in the file the problem is, and what
 * was expected there.
 *
 * <p>Thrown by every BullWatch reader (WAV files, annotation files, manifests) for content that
 * cannot be accepted. It is an {@link IOException}, so batch code that isolates failing files
 * catches it with the other I/O failures; the message is meant to be shown to a user as is:
 * {@code "night1.wav: byte 36: expected a 'data' chunk, found end of file"}.
 */
public class InputFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String position;
    private final String reason;

    /**
     * Creates an exception.
     *
     * @param file the file that was being read (may be {@code null} for an anonymous stream)
     * @param position where in the file, such as {@code "line 12"} or {@code "byte 44"}; empty when
     *     the problem concerns the whole file
     * @param reason what was wrong and what was expected
     */
    public InputFormatException(Path file, String position, String reason) {
        super(format(file, position, reason));
        this.file = file;
        this.position = Objects.requireNonNull(position, "position");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * A problem at a line of a text file.
     *
     * @param file the file
     * @param line the 1-based line number
     * @param reason what was wrong and what was expected
     * @return the exception
     */
    public static InputFormatException atLine(Path file, long line, String reason) {
        return new InputFormatException(file, "line " + line, reason);
    }

    /**
     * A problem at a byte offset of a binary file.
     *
     * @param file the file
     * @param offset the 0-based byte offset
     * @param reason what was wrong and what was expected
     * @return the exception
     */
    public static InputFormatException atByte(Path file, long offset, String reason) {
        return new InputFormatException(file, "byte " + offset, reason);
    }

    /**
     * A problem with the file as a whole.
     *
     * @param file the file
     * @param reason what was wrong and what was expected
     * @return the exception
     */
    public static InputFormatException of(Path file, String reason) {
        return new InputFormatException(file, "", reason);
    }

    /**
     * The file being read.
     *
     * @return the file, or {@code null} when reading an anonymous stream
     */
    public Path file() {
        return file;
    }

    /**
     * Where in the file the problem lies.
     *
     * @return for example {@code "line 12"} or {@code "byte 44"}; empty for the whole file
     */
    public String position() {
        return position;
    }

    /**
     * What was wrong, without the file and position.
     *
     * @return the reason
     */
    public String reason() {
        return reason;
    }

    private static String format(Path file, String position, String reason) {
        StringBuilder sb = new StringBuilder();
        sb.append(file == null ? "<stream>" : file.toString());
        if (position != null && !position.isEmpty()) {
            sb.append(": ").append(position);
        }
        return sb.append(": ").append(reason).toString();
    }
}
