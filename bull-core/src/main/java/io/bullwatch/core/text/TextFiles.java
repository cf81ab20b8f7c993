package io.bullwatch.core.text;

import io.bullwatch.core.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads small text files whatever their byte-order mark and line endings, and replaces output files
 * atomically.
 */
public final class TextFiles {

    private TextFiles() {
    }

    /**
     * Reads all lines of a text file.
     *
     * <p>The encoding is UTF-8, with or without a byte-order mark; a UTF-16 byte-order mark (as
     * written by spreadsheet programs' "Unicode text" export) switches to UTF-16. Bytes that are not
     * valid in the encoding become U+FFFD instead of failing the read. Lines end at {@code \n},
     * {@code \r\n} or a lone {@code \r}; a final line ending does not add an empty line. Element
     * {@code i} of the result is line {@code i + 1} of the file.
     *
     * @param file the file to read
     * @return the lines, without line terminators and without a byte-order mark
     * @throws IOException if the file cannot be read
     */
    public static List<String> readLines(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        return splitLines(decode(Files.readAllBytes(file)));
    }

    /**
     * Decodes bytes as {@link #readLines(Path)} does.
     *
     * @param bytes the file content
     * @return the text without a byte-order mark
     */
    public static String decode(byte[] bytes) {
        Charset charset = StandardCharsets.UTF_8;
        int skip = 0;
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF) {
            skip = 3;
        } else if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE) {
            charset = StandardCharsets.UTF_16LE;
            skip = 2;
        } else if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF) {
            charset = StandardCharsets.UTF_16BE;
            skip = 2;
        }
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes, skip, bytes.length - skip))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            // Cannot happen with REPLACE; keep the compiler and the reader honest.
            throw new IllegalStateException("decoder with REPLACE failed", e);
        }
    }

    /**
     * Splits text into lines at {@code \n}, {@code \r\n} or {@code \r}.
     *
     * @param text the text
     * @return the lines without terminators; a final terminator adds no empty line
     */
    public static List<String> splitLines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(text.substring(start, i));
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < n) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    /**
     * Something that writes a file's content.
     */
    @FunctionalInterface
    public interface ContentWriter {
        /**
         * Writes the content.
         *
         * @param out where to write; closed by the caller
         * @throws IOException if writing fails
         */
        void write(Writer out) throws IOException;
    }

    /**
     * Writes a UTF-8 text file through a temporary file in the same folder, then renames it over
     * the target, so that readers never see a half-written file ({@link AtomicFiles#write}). The
     * rename is atomic where the file system supports it. On failure the temporary file is deleted
     * and the target is left as it was.
     *
     * @param file the file to create or replace
     * @param content writes the content
     * @throws IOException if writing or renaming fails; its message names {@code file} (a
     *     {@link java.nio.file.FileSystemException} for the operating system's errors, such as a full disk)
     */
    public static void writeAtomically(Path file, ContentWriter content) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(content, "content");
        AtomicFiles.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            content.write(w);
            w.flush();
        });
    }
}
