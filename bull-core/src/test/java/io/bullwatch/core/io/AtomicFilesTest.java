package io.bullwatch.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void createsAndReplacesLeavingNoTemporaryFile() throws IOException {
        Path f = dir.resolve("a.bin");
        AtomicFiles.write(f, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(f));
        AtomicFiles.write(f, out -> out.write("second".getBytes(StandardCharsets.UTF_8)));
        assertEquals("second", Files.readString(f));
        assertEquals(List.of("a.bin"), names());
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path f = dir.resolve("keep.txt");
        Files.writeString(f, "old");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("the writer failed");
        }));
        assertEquals(f.toAbsolutePath() + ": the writer failed", e.getMessage());
        IllegalStateException r = assertThrows(IllegalStateException.class, () -> AtomicFiles.write(f, out -> {
            throw new IllegalStateException("a bug");
        }));
        assertEquals("a bug", r.getMessage());
        assertEquals("old", Files.readString(f));
        assertEquals(List.of("keep.txt"), names());
    }

    @Test
    void aFullDiskIsAnErrorNamingTheFile() throws IOException {
        try (FileSystem disk = Jimfs.newFileSystem(Configuration.unix().toBuilder().setBlockSize(512)
                .setMaxSize(4 * 512).build())) {
            Path f = Files.createDirectory(disk.getPath("/out")).resolve("big.bin");
            FileSystemException e = assertThrows(FileSystemException.class,
                    () -> AtomicFiles.write(f, new byte[64 * 1024]));
            assertEquals("/out/big.bin", e.getFile());
            assertTrue(e.getMessage().startsWith("/out/big.bin: out of disk space"), e.getMessage());
            try (Stream<Path> s = Files.list(disk.getPath("/out"))) {
                assertEquals(List.of(), s.toList(), "the temporary file is deleted");
            }
        }
    }

    @Test
    void sha256MatchesTheStandardsTestVectors() throws IOException {
        // FIPS 180-2, appendix B.1 and B.2
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Sha256.hex("abc"));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sha256.hex(""));
        Path f = Files.writeString(dir.resolve("abc"), "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq");
        assertEquals("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", Sha256.hex(f));
    }
}
