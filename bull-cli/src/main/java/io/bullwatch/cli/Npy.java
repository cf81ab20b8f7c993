package io.bullwatch.cli;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a 2-D little-endian float32 NumPy {@code .npy} file (format version 1.0), streaming the
 * values in the order they are stored on disk.
 *
 * <p>The header is {@code \x93NUMPY}, version 1.0, a little-endian 16-bit header length, and a
 * Python dict literal {@code {'descr': '<f4', 'fortran_order': B, 'shape': (R, C), }} padded with
 * spaces and a final newline so that the data starts at a multiple of 64 bytes. With {@code
 * fortran_order} the values are written column by column: for a {@code (n_mels, frames)} array
 * that is frame after frame, the order in which mel frames are computed.
 */
final class Npy implements Closeable {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};

    private final OutputStream out;
    private final long expected;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private long written;

    private Npy(OutputStream out, long expected) {
        this.out = out;
        this.expected = expected;
    }

    /** Opens {@code file} and writes the header of a {@code rows x columns} float32 array. */
    static Npy create(Path file, long rows, long columns, boolean fortranOrder) throws IOException {
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        out.write(header(rows, columns, fortranOrder));
        return new Npy(out, rows * columns);
    }

    /** The complete header, data-aligned to 64 bytes. */
    static byte[] header(long rows, long columns, boolean fortranOrder) {
        String dict = String.format(Locale.ROOT, "{'descr': '<f4', 'fortran_order': %s, 'shape': (%d, %d), }",
                fortranOrder ? "True" : "False", rows, columns);
        int unpadded = MAGIC.length + 2 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String text = dict + " ".repeat(padding) + "\n";
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 2 + text.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putShort((short) text.length()).put(text.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    /** Appends values in storage order. */
    void write(float[] values, int offset, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            if (!buffer.hasRemaining()) {
                flushBuffer();
            }
            buffer.putFloat(values[offset + i]);
        }
        written += count;
    }

    private void flushBuffer() throws IOException {
        out.write(buffer.array(), 0, buffer.position());
        buffer.clear();
    }

    /** Flushes and closes; fails if the number of values written does not match the shape. */
    @Override
    public void close() throws IOException {
        try (out) {
            flushBuffer();
            if (written != expected) {
                throw new IOException("wrote " + written + " values but the .npy header declares "
                        + expected);
            }
        }
    }
}
