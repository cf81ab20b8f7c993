package io.bullwatch.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextFilesTest {

    @TempDir
    Path dir;

    @Test
    void readsAnyLineEndingAndStripsUtf8Bom() throws IOException {
        Path f = dir.resolve("a.txt");
        byte[] body = "a\r\nb\rc\n\nd\n".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[body.length + 3];
        bytes[0] = (byte) 0xEF;
        bytes[1] = (byte) 0xBB;
        bytes[2] = (byte) 0xBF;
        System.arraycopy(body, 0, bytes, 3, body.length);
        Files.write(f, bytes);
        assertEquals(List.of("a", "b", "c", "", "d"), TextFiles.readLines(f));
    }

    @Test
    void readsUtf16WithBom() throws IOException {
        Path f = dir.resolve("u.txt");
        byte[] body = "é\tx\r\n".getBytes(StandardCharsets.UTF_16LE);
        byte[] bytes = new byte[body.length + 2];
        bytes[0] = (byte) 0xFF;
        bytes[1] = (byte) 0xFE;
        System.arraycopy(body, 0, bytes, 2, body.length);
        Files.write(f, bytes);
        assertEquals(List.of("é\tx"), TextFiles.readLines(f));
    }

    @Test
    void replacesInvalidBytesInsteadOfFailing() throws IOException {
        Path f = dir.resolve("latin1.txt");
        Files.write(f, new byte[] {'a', (byte) 0xE9, '\n'});
        assertEquals(List.of("a\uFFFD"), TextFiles.readLines(f));
    }

    @Test
    void writesAtomicallyAndReplaces() throws IOException {
        Path f = dir.resolve("out.txt");
        Files.writeString(f, "old");
        TextFiles.writeAtomically(f, w -> w.write("new\n"));
        assertEquals("new\n", Files.readString(f));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(f), s.toList());
        }
    }

    @Test
    void newFilesGetTheUsualPermissionsNotOwnerOnly() throws IOException {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"));
        Path plain = Files.createFile(dir.resolve("plain.txt"));
        Path written = dir.resolve("written.txt");
        TextFiles.writeAtomically(written, w -> w.write("x"));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(written));
    }

    @Test
    void failedWriteKeepsTheOldFileAndLeavesNoTemporary() throws IOException {
        Path f = dir.resolve("out.txt");
        Files.writeString(f, "old");
        assertThrows(IOException.class, () -> TextFiles.writeAtomically(f, w -> {
            w.write("partial");
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(f));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(f), s.toList());
        }
    }
}
