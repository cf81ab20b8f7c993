package io.bullwatch.core.io;

import io.bullwatch.core.InputFormatException;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A NumPy {@code .npz} archive (as written by {@code numpy.savez} or {@code savez_compressed}):
 * a zip of {@code .npy} arrays, read one array at a time so that large weight files need memory
 * for their largest array only.
 *
 * <p>Supported: {@code .npy} format versions 1 to 3, C order, little- or big-endian float16,
 * float32, float64 and integer types up to 64 bits (converted to float32; integers such as
 * PyTorch's {@code num_batches_tracked} counters are read but rarely needed). Errors name the
 * file, the entry and what was wrong.
 */
public final class NpzFile implements Closeable {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private final Path path;
    private final ZipFile zip;
    private final Map<String, ZipEntry> entries = new LinkedHashMap<>();

    private NpzFile(Path path, ZipFile zip) {
        this.path = path;
        this.zip = zip;
        Enumeration<? extends ZipEntry> all = zip.entries();
        while (all.hasMoreElements()) {
            ZipEntry entry = all.nextElement();
            String name = entry.getName();
            if (!entry.isDirectory() && name.endsWith(".npy")) {
                entries.put(name.substring(0, name.length() - 4), entry);
            }
        }
    }

    /**
     * Opens an archive.
     *
     * @param path the {@code .npz} file
     * @return the open archive; close it
     * @throws IOException if the file cannot be read or is not a zip archive
     */
    public static NpzFile open(Path path) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(path.toFile());
        } catch (java.util.zip.ZipException e) {
            throw new InputFormatException(path, "byte 0",
                    "not an .npz archive (zip of .npy files): " + e.getMessage());
        }
        return new NpzFile(path, zip);
    }

    /**
     * Reads every array of an archive.
     *
     * @param path the {@code .npz} file
     * @return name to array, in archive order
     * @throws IOException if the file cannot be read or an array is malformed
     */
    public static Map<String, NpyArray> readAll(Path path) throws IOException {
        try (NpzFile npz = open(path)) {
            Map<String, NpyArray> arrays = new LinkedHashMap<>();
            for (String name : npz.names()) {
                arrays.put(name, npz.read(name));
            }
            return arrays;
        }
    }

    /**
     * The names of the arrays.
     *
     * @return the names (entry names without {@code .npy}), in archive order
     */
    public List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(entries.keySet()));
    }

    /**
     * Reads one array.
     *
     * @param name the array's name
     * @return the array as float32
     * @throws IOException if it cannot be read or is malformed
     * @throws IllegalArgumentException if the archive has no such array
     */
    public NpyArray read(String name) throws IOException {
        ZipEntry entry = entries.get(name);
        if (entry == null) {
            throw new IllegalArgumentException(path + " has no array '" + name + "'; it has "
                    + entries.keySet());
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return readNpy(in, name, path + "!" + entry.getName());
        }
    }

    /**
     * Reads one {@code .npy} stream.
     *
     * @param stream the stream, positioned at the magic string
     * @param name the name to give the array
     * @param source where the stream comes from, for error messages
     * @return the array as float32
     * @throws IOException if the stream cannot be read or is malformed
     */
    public static NpyArray readNpy(InputStream stream, String name, String source)
            throws IOException {
        DataInputStream in = new DataInputStream(stream);
        byte[] magic = new byte[MAGIC.length];
        readFully(in, magic, source, 0);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw malformed(source, 0, "not a .npy array (magic string \\x93NUMPY missing)");
        }
        int major = in.readUnsignedByte();
        in.readUnsignedByte();
        long headerLength;
        int prefix;
        if (major == 1) {
            headerLength = Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
            prefix = 10;
        } else if (major == 2 || major == 3) {
            headerLength = Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
            prefix = 12;
        } else {
            throw malformed(source, 6, ".npy format version " + major
                    + " is not supported (1, 2 and 3 are)");
        }
        if (headerLength > 1 << 20) {
            throw malformed(source, prefix, "header of " + headerLength + " bytes is too long");
        }
        byte[] headerBytes = new byte[(int) headerLength];
        readFully(in, headerBytes, source, prefix);
        String header = new String(headerBytes,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR, header, source, prefix, "'descr'");
        if ("True".equals(group(FORTRAN, header, source, prefix, "'fortran_order'"))) {
            throw malformed(source, prefix, "Fortran-ordered arrays are not supported; save "
                    + "with numpy.ascontiguousarray");
        }
        long[] shape = parseShape(group(SHAPE, header, source, prefix, "'shape'"), source, prefix);
        long count = NpyArray.size(shape);
        if (count > Integer.MAX_VALUE - 8) {
            throw malformed(source, prefix, "array of " + count + " values is too large");
        }
        float[] data = decode(in, descr, (int) count, source, prefix + headerLength);
        return new NpyArray(name, descr, shape, data);
    }

    private static float[] decode(DataInputStream in, String descr, int count, String source,
            long offset) throws IOException {
        if (descr.length() < 3) {
            throw malformed(source, offset, "unknown data type '" + descr + "'");
        }
        char order = descr.charAt(0);
        ByteOrder byteOrder = order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        char kind = descr.charAt(1);
        int width;
        try {
            width = Integer.parseInt(descr.substring(2));
        } catch (NumberFormatException e) {
            throw malformed(source, offset, "unknown data type '" + descr + "'");
        }
        boolean supported = switch (kind) {
            case 'f' -> width == 2 || width == 4 || width == 8;
            case 'i', 'u' -> width == 1 || width == 2 || width == 4 || width == 8;
            case 'b' -> width == 1;
            default -> false;
        };
        if (!supported || (order != '<' && order != '>' && order != '|' && order != '=')) {
            throw malformed(source, offset, "data type '" + descr + "' is not supported "
                    + "(float16/32/64, integers and booleans are)");
        }
        float[] out = new float[count];
        byte[] chunk = new byte[1 << 16];
        int done = 0;
        long position = offset;
        while (done < count) {
            int n = Math.min(count - done, chunk.length / width);
            readFully(in, chunk, 0, n * width, source, position);
            ByteBuffer buffer = ByteBuffer.wrap(chunk, 0, n * width).order(byteOrder);
            for (int i = 0; i < n; i++) {
                out[done + i] = switch (kind) {
                    case 'f' -> width == 2 ? halfToFloat(buffer.getShort())
                            : width == 4 ? buffer.getFloat() : (float) buffer.getDouble();
                    case 'u' -> width == 1 ? Byte.toUnsignedInt(buffer.get())
                            : width == 2 ? Short.toUnsignedInt(buffer.getShort())
                            : width == 4 ? Integer.toUnsignedLong(buffer.getInt())
                            : (float) buffer.getLong();
                    default -> width == 1 ? buffer.get() : width == 2 ? buffer.getShort()
                            : width == 4 ? buffer.getInt() : (float) buffer.getLong();
                };
            }
            done += n;
            position += (long) n * width;
        }
        return out;
    }

    /** IEEE 754 binary16 to binary32 (Java 17 has no {@code Float.float16ToFloat}). */
    static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // zero or subnormal: mantissa * 2^-24, exact in float
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    private static long[] parseShape(String text, String source, long offset)
            throws InputFormatException {
        List<Long> dims = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            try {
                long d = Long.parseLong(p.endsWith("L") ? p.substring(0, p.length() - 1) : p);
                if (d < 0) {
                    throw new NumberFormatException();
                }
                dims.add(d);
            } catch (NumberFormatException e) {
                throw malformed(source, offset, "bad shape (" + text + ")");
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private static String group(Pattern pattern, String header, String source, long offset,
            String what) throws InputFormatException {
        Matcher m = pattern.matcher(header);
        if (!m.find()) {
            throw malformed(source, offset, "header has no " + what + ": " + header.strip());
        }
        return m.group(1);
    }

    private static void readFully(DataInputStream in, byte[] b, String source, long offset)
            throws IOException {
        readFully(in, b, 0, b.length, source, offset);
    }

    private static void readFully(DataInputStream in, byte[] b, int off, int len, String source,
            long offset) throws IOException {
        try {
            in.readFully(b, off, len);
        } catch (java.io.EOFException e) {
            throw malformed(source, offset, "file ends early, " + len + " more bytes expected");
        }
    }

    private static InputFormatException malformed(String source, long byteOffset, String what) {
        return new InputFormatException(Path.of(source),
                String.format(Locale.ROOT, "byte %d", byteOffset), what);
    }

    /**
     * Closes the archive.
     *
     * @throws IOException if closing fails
     */
    @Override
    public void close() throws IOException {
        zip.close();
    }
}
