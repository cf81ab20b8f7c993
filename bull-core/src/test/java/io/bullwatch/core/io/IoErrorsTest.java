package io.bullwatch.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.junit.jupiter.api.Test;

class IoErrorsTest {

    @Test
    void commonFileSystemErrorsInPlainWordsNamingTheFile() {
        assertEquals("/a/b.wav: no such file or folder", IoErrors.named(new NoSuchFileException("/a/b.wav")));
        assertEquals("/a: permission denied", IoErrors.named(new AccessDeniedException("/a")));
        assertEquals("/a: not a folder", IoErrors.named(new NotDirectoryException("/a")));
        assertEquals("/a: already exists", IoErrors.named(new FileAlreadyExistsException("/a")));
        assertEquals("/out/x.csv: No space left on device",
                IoErrors.named(new FileSystemException("/out/x.csv", null, "No space left on device")));
        // no reason: the message would be the file alone
        assertEquals("/out/x.csv: FileSystemException", IoErrors.named(new FileSystemException("/out/x.csv")));
    }

    @Test
    void otherFailuresKeepTheirMessageAndNameNoFile() {
        assertEquals("stream closed", IoErrors.reason(new IOException("stream closed")));
        assertEquals("IOException", IoErrors.reason(new IOException(" ")));
        assertNull(IoErrors.named(new IOException("stream closed")));
        assertNull(IoErrors.named(new FileSystemException(null)));
    }
}
