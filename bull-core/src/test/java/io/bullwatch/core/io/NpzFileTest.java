package io.bullwatch.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.InputFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .npz/.npy reader against files built byte by byte; {@link #npy} is shared with bull-models' tests. */
public class NpzFileTest {

    /** A .npy file built byte by byte as the format specification describes (version 1.0). */
    public static byte[] npy(String descr, String shape, boolean fortran, byte[] data) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False")
                + ", 'shape': (" + shape + "), }";
        int total = 10 + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        StringBuilder header = new StringBuilder(dict);
        header.append(" ".repeat(padded - total)).append('\n');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x93);
        out.writeBytes("NUMPY".getBytes(StandardCharsets.US_ASCII));
        out.write(1);
        out.write(0);
        int len = header.length();
        out.write(len & 0xff);
        out.write(len >>> 8);
        out.writeBytes(header.toString().getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(data);
        return out.toByteArray();
    }

    private static byte[] bytes(ByteOrder order, int capacity, java.util.function.Consumer<ByteBuffer>
            fill) {
        ByteBuffer b = ByteBuffer.allocate(capacity).order(order);
        fill.accept(b);
        return b.array();
    }

    @Test
    void readsFloat32Float64BigEndianAndIntegers() throws IOException {
        byte[] f4 = bytes(ByteOrder.LITTLE_ENDIAN, 24, b -> {
            for (float v : new float[] {1.5f, -2, 3, 4, 5, 6.25f}) {
                b.putFloat(v);
            }
        });
        NpyArray a = NpzFile.readNpy(new ByteArrayInputStream(npy("<f4", "2, 3", false, f4)),
                "a", "test");
        assertArrayEquals(new long[] {2, 3}, a.shape());
        assertArrayEquals(new float[] {1.5f, -2, 3, 4, 5, 6.25f}, a.data());

        byte[] f8 = bytes(ByteOrder.BIG_ENDIAN, 16, b -> b.putDouble(0.1).putDouble(-1e3));
        NpyArray d = NpzFile.readNpy(new ByteArrayInputStream(npy(">f8", "2,", false, f8)), "d",
                "test");
        assertArrayEquals(new float[] {0.1f, -1000}, d.data());

        byte[] i8 = bytes(ByteOrder.LITTLE_ENDIAN, 8, b -> b.putLong(123));
        NpyArray scalar = NpzFile.readNpy(new ByteArrayInputStream(npy("<i8", "", false, i8)),
                "n", "test");
        assertEquals(0, scalar.shape().length);
        assertArrayEquals(new float[] {123}, scalar.data());
    }

    @Test
    void halfPrecisionByTheIeeeTable() {
        // 0x3C00 = 1, 0xC000 = -2, 0x7BFF = 65504 (largest), 0x0001 = 2^-24 (smallest
        // subnormal), 0x3555 = 0.333251953125, 0x7C00 = infinity
        assertEquals(1f, NpzFile.halfToFloat((short) 0x3C00));
        assertEquals(-2f, NpzFile.halfToFloat((short) 0xC000));
        assertEquals(65504f, NpzFile.halfToFloat((short) 0x7BFF));
        assertEquals(0x1p-24f, NpzFile.halfToFloat((short) 0x0001));
        assertEquals(0.333251953125f, NpzFile.halfToFloat((short) 0x3555));
        assertEquals(Float.POSITIVE_INFINITY, NpzFile.halfToFloat((short) 0x7C00));
        assertTrue(Float.isNaN(NpzFile.halfToFloat((short) 0x7E00)));
    }

    @Test
    void readsAnArchiveByName(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("w.npz");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("features.0.weight.npy"));
            zip.write(npy("<f4", "1,", false, bytes(ByteOrder.LITTLE_ENDIAN, 4,
                    b -> b.putFloat(7))));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("x.npy"));
            zip.write(npy("<f2", "2,", false, bytes(ByteOrder.LITTLE_ENDIAN, 4,
                    b -> b.putShort((short) 0x3C00).putShort((short) 0xC000))));
            zip.closeEntry();
        }
        try (NpzFile npz = NpzFile.open(file)) {
            assertEquals(java.util.List.of("features.0.weight", "x"), npz.names());
            assertArrayEquals(new float[] {7}, npz.read("features.0.weight").data());
            assertArrayEquals(new float[] {1, -2}, npz.read("x").data());
            assertThrows(IllegalArgumentException.class, () -> npz.read("nope"));
        }
    }

    @Test
    void malformedFilesAreReportedWithPosition(@TempDir Path dir) throws IOException {
        InputFormatException magic = assertThrows(InputFormatException.class,
                () -> NpzFile.readNpy(new ByteArrayInputStream(new byte[16]), "a", "bad.npy"));
        assertTrue(magic.getMessage().contains("byte 0"), magic.getMessage());
        assertThrows(InputFormatException.class, () -> NpzFile.readNpy(
                new ByteArrayInputStream(npy("<f4", "2,", true, new byte[8])), "a", "f.npy"));
        assertThrows(InputFormatException.class, () -> NpzFile.readNpy(
                new ByteArrayInputStream(npy("<c8", "1,", false, new byte[8])), "a", "c.npy"));
        InputFormatException early = assertThrows(InputFormatException.class,
                () -> NpzFile.readNpy(new ByteArrayInputStream(npy("<f4", "3,", false,
                        new byte[8])), "a", "short.npy"));
        assertTrue(early.getMessage().contains("ends early"), early.getMessage());
        Path notZip = dir.resolve("x.npz");
        Files.write(notZip, new byte[] {1, 2, 3});
        assertThrows(InputFormatException.class, () -> NpzFile.open(notZip));
    }
}
