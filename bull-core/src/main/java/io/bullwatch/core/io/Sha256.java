package io.bullwatch.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/** SHA-256 hashes of files, text and bytes, as lower-case hexadecimal text or raw bytes. */
public final class Sha256 {

    private Sha256() {
    }

    /**
     * @return a new SHA-256 digest
     */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /**
     * @param bytes the bytes
     * @return their hash, 32 bytes
     */
    public static byte[] of(byte[] bytes) {
        return digest().digest(Objects.requireNonNull(bytes, "bytes"));
    }

    /**
     * @param text the text
     * @return the hash of its UTF-8 bytes, 64 hexadecimal digits
     */
    public static String hex(String text) {
        return HexFormat.of().formatHex(of(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Hashes a file, streaming it.
     *
     * @param file the file
     * @return its hash, 64 hexadecimal digits
     * @throws IOException if the file cannot be read
     */
    public static String hex(Path file) throws IOException {
        MessageDigest md = digest();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
