package io.bullwatch.features.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * The cache file's header. Little-endian throughout:
 *
 * <pre>
 * 0   8 bytes  magic "BULLMELC"
 * 8   int      format version (1)
 * 12  int      header length = offset of the data, a multiple of 64
 * 16  int      bytes per value (2 float16, 4 float32)
 * 20  int      n_mels
 * 24  long     frames
 * 32  long     recording size in bytes
 * 40  long     recording modification time, nanoseconds since the epoch
 * 48  long     CRC32C of the data
 * 56  int      length of the MelConfig JSON in UTF-8 bytes
 * 60  int      length of the recording's path in UTF-8 bytes
 * 64  ...      MelConfig JSON, then the path, then zeros up to the header length
 * data         frames x n_mels values, frame-major: value m of frame t at t * n_mels + m
 * </pre>
 */
record CacheFormat(int dtypeBytes, int mels, long frames, long recordingSize, long recordingMtimeNanos,
        long dataCrc, String configJson, String recordingPath, int headerLength) {

    static final byte[] MAGIC = "BULLMELC".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int FIXED = 64;
    static final int CRC_OFFSET = 48;
    /** Refuse absurd headers before allocating for them. */
    private static final int MAX_TEXT = 1 << 20;

    static CacheFormat create(CacheDtype dtype, int mels, long frames, long size, long mtime, String configJson,
            String path) {
        int text = configJson.getBytes(StandardCharsets.UTF_8).length + path.getBytes(StandardCharsets.UTF_8).length;
        int header = (FIXED + text + 63) / 64 * 64;
        return new CacheFormat(dtype.bytes(), mels, frames, size, mtime, 0, configJson, path, header);
    }

    long dataBytes() {
        return frames * mels * dtypeBytes;
    }

    ByteBuffer encode() {
        byte[] json = configJson.getBytes(StandardCharsets.UTF_8);
        byte[] path = recordingPath.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(headerLength).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(VERSION).putInt(headerLength).putInt(dtypeBytes).putInt(mels).putLong(frames)
                .putLong(recordingSize).putLong(recordingMtimeNanos).putLong(dataCrc).putInt(json.length)
                .putInt(path.length).put(json).put(path);
        b.position(0);
        return b;
    }

    /**
     * Reads and checks a header's structure (not its agreement with a recording or config).
     *
     * @throws CorruptCacheException if it is not a well-formed header of this version
     */
    static CacheFormat read(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < FIXED) {
            throw new CorruptCacheException("file of " + size + " bytes is shorter than the " + FIXED
                    + "-byte header");
        }
        ByteBuffer b = ByteBuffer.allocate(FIXED).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, b, 0);
        b.flip();
        byte[] magic = new byte[MAGIC.length];
        b.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new CorruptCacheException("bad magic (not a BullWatch feature cache file)");
        }
        int version = b.getInt();
        if (version != VERSION) {
            throw new CorruptCacheException("format version " + version + ", this library reads " + VERSION);
        }
        int header = b.getInt();
        int dtype = b.getInt();
        int mels = b.getInt();
        long frames = b.getLong();
        long recSize = b.getLong();
        long mtime = b.getLong();
        long crc = b.getLong();
        int jsonLen = b.getInt();
        int pathLen = b.getInt();
        if ((dtype != 2 && dtype != 4) || mels < 1 || frames < 0 || jsonLen < 0 || pathLen < 0
                || jsonLen > MAX_TEXT || pathLen > MAX_TEXT || header < FIXED + jsonLen + pathLen
                || header % 64 != 0) {
            throw new CorruptCacheException("inconsistent header fields");
        }
        long expected;
        try {
            expected = Math.addExact(header, Math.multiplyExact(Math.multiplyExact(frames, (long) mels), dtype));
        } catch (ArithmeticException e) {
            throw new CorruptCacheException("header sizes overflow");
        }
        if (size != expected) {
            throw new CorruptCacheException("file has " + size + " bytes, header says " + expected
                    + " (truncated or extended)");
        }
        ByteBuffer text = ByteBuffer.allocate(jsonLen + pathLen);
        readFully(ch, text, FIXED);
        String json = new String(text.array(), 0, jsonLen, StandardCharsets.UTF_8);
        String path = new String(text.array(), jsonLen, pathLen, StandardCharsets.UTF_8);
        return new CacheFormat(dtype, mels, frames, recSize, mtime, crc, json, path, header);
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
            if (n < 0) {
                throw new CorruptCacheException("unexpected end of file in the header");
            }
            pos += n;
        }
    }

    /** A cache file that is not what it claims to be. */
    static final class CorruptCacheException extends IOException {
        private static final long serialVersionUID = 1L;

        CorruptCacheException(String message) {
            super(message);
        }
    }
}
