package io.bullwatch.core.audio;

import io.bullwatch.core.InputFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the chunk structure of a RIFF/RF64 WAVE file by positional reads.
 *
 * <p>Robustness rules: the walk over chunks always advances by at least 8 bytes, so it ends on any
 * input; no buffer is ever sized from a value read from the file (at most 40 bytes of {@code fmt }
 * and 28 bytes of {@code ds64} are read); chunk sizes are unsigned 32-bit values held in longs.
 */
final class WavHeader {

    /** The tail of the KSDATAFORMAT_SUBTYPE GUID shared by PCM and IEEE float sub-formats. */
    private static final byte[] GUID_TAIL = {
        0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38,
        (byte) 0x9B, 0x71
    };
    private static final long FOUR_GIB = 1L << 32;
    private static final long UINT32_MAX = 0xFFFFFFFFL;

    private final AudioInfo info;
    private final long dataOffset;
    private final int blockAlign;

    private WavHeader(AudioInfo info, long dataOffset, int blockAlign) {
        this.info = info;
        this.dataOffset = dataOffset;
        this.blockAlign = blockAlign;
    }

    AudioInfo info() {
        return info;
    }

    long dataOffset() {
        return dataOffset;
    }

    int blockAlign() {
        return blockAlign;
    }

    /** Reads and validates the header of {@code file} through {@code ch}. */
    static WavHeader parse(Path file, SeekableByteChannel ch) throws IOException {
        final long length = ch.size();
        if (length == 0) {
            throw InputFormatException.of(file, "empty file (0 bytes); expected a WAV file");
        }
        if (length < 12) {
            throw InputFormatException.atByte(file, length, "header cut short: the file has only " + length
                    + " bytes, a WAV header needs at least 44");
        }
        ByteBuffer head = read(ch, 0, 12);
        String riff = fourCc(head, 0);
        String wave = fourCc(head, 8);
        if (riff.equals("RIFX") || riff.equals("FFIR")) {
            throw new UnsupportedAudioException(file, "byte 0",
                    "big-endian RIFX WAV files are not supported; convert to a little-endian WAV");
        }
        boolean rf64 = riff.equals("RF64") || riff.equals("BW64");
        if (!(riff.equals("RIFF") || rf64) || !wave.equals("WAVE")) {
            throw InputFormatException.of(file, "not a WAV file: expected 'RIFF' or 'RF64' followed by 'WAVE' at byte 0,"
                    + " found '" + printable(riff) + "' and '" + printable(wave) + "'");
        }

        List<String> warnings = new ArrayList<>();
        long ds64DataSize = -1;
        Fmt fmt = null;
        long dataOffset = -1;
        long declaredData = -1;
        long pos = 12;
        while (pos + 8 <= length) {
            ByteBuffer hdr = read(ch, pos, 8);
            String id = fourCc(hdr, 0);
            long size = hdr.getInt(4) & UINT32_MAX;
            long body = pos + 8;
            if (id.equals("ds64")) {
                if (size < 24 || body + 24 > length) {
                    throw InputFormatException.atByte(file, pos, "'ds64' chunk cut short: it needs 24 bytes, "
                            + Math.min(size, length - body) + " are present");
                }
                ByteBuffer d = read(ch, body, 24);
                ds64DataSize = d.getLong(8);
                if (ds64DataSize < 0) {
                    throw InputFormatException.atByte(file, body + 8,
                            "'ds64' data size is negative (" + ds64DataSize + ")");
                }
            } else if (id.equals("fmt ")) {
                if (size < 16 || body + 16 > length) {
                    throw InputFormatException.atByte(file, pos, "'fmt ' chunk cut short: it needs at least 16 bytes, "
                            + Math.min(size, length - body) + " are present");
                }
                int n = (int) Math.min(Math.min(size, 40), length - body);
                fmt = Fmt.parse(file, body, read(ch, body, n));
            } else if (id.equals("data")) {
                dataOffset = body;
                declaredData = size;
                if (fmt != null) {
                    break;
                }
                // fmt after data is legal but rare: keep walking (only possible with a sane size)
                if (size == 0 || size == UINT32_MAX || body + size > length) {
                    break;
                }
            }
            long next = body + size + (size & 1);
            if (next > length && !id.equals("data")) {
                throw InputFormatException.atByte(file, pos, "chunk '" + printable(id) + "' claims " + size
                        + " bytes but only " + (length - body) + " remain in the file"
                        + (dataOffset < 0 ? "; no 'data' chunk was found before it" : ""));
            }
            if ((size & 1) == 1 && next + 8 <= length && !plausibleId(ch, next) && plausibleId(ch, next - 1)) {
                warnings.add(String.format(Locale.ROOT,
                        "chunk '%s' at byte %d has an odd size without its pad byte; read past it anyway",
                        printable(id), pos));
                next -= 1;
            }
            pos = next;
        }
        if (fmt == null) {
            throw InputFormatException.atByte(file, Math.min(pos, length),
                    "header cut short or incomplete: no 'fmt ' chunk in the " + length
                            + " bytes of the file; a WAV file needs a 'fmt ' chunk before its 'data' chunk");
        }
        if (dataOffset < 0) {
            throw InputFormatException.atByte(file, Math.min(pos, length),
                    "no 'data' chunk found in the " + length + " bytes of the file");
        }

        long available = length - dataOffset;
        long dataBytes;
        if (rf64 && declaredData == UINT32_MAX && ds64DataSize >= 0) {
            dataBytes = ds64DataSize;
        } else if (rf64 && declaredData == UINT32_MAX) {
            warnings.add("RF64 file without a 'ds64' chunk: reading the data to the end of the file");
            dataBytes = available;
        } else {
            dataBytes = declaredData;
        }
        if (dataBytes == 0 && available > 0 && followingChunkFillsTheFile(ch, dataOffset, length)) {
            // a finalised empty recording: what follows its 'data' chunk is another chunk (LIST, say)
            // that ends where the file ends, not samples written after an unfinished header
            warnings.add(String.format(Locale.ROOT, "'data' chunk declares 0 bytes and is followed by chunk"
                    + " '%s' to the end of the file: an empty recording",
                    printable(new String(read(ch, dataOffset, 4).array(), java.nio.charset.StandardCharsets.US_ASCII))));
        } else if (dataBytes == 0 && available > 0) {
            warnings.add(String.format(Locale.ROOT, "'data' chunk declares 0 bytes but %d bytes follow it"
                    + " (recording not finalised?); reading them as samples", available));
            dataBytes = available;
        } else if (!rf64 && dataBytes == UINT32_MAX) {
            warnings.add(String.format(Locale.ROOT, "'data' chunk declares 0xFFFFFFFF bytes (size unknown);"
                    + " reading the %d bytes present", available));
            dataBytes = available;
        } else if (dataBytes > available) {
            warnings.add(String.format(Locale.ROOT, "'data' chunk declares %d bytes but only %d are present"
                    + " (file truncated?); reading the frames present", dataBytes, available));
            dataBytes = available;
        } else if (!rf64 && length > FOUR_GIB && available - dataBytes >= FOUR_GIB) {
            // A RIFF writer that went past 4 GiB stores the size modulo 2^32.
            long wrapped = dataBytes + ((available - dataBytes) / FOUR_GIB) * FOUR_GIB;
            warnings.add(String.format(Locale.ROOT, "'data' size %d looks wrapped past 4 GiB in a RIFF file of %d"
                    + " bytes; reading %d bytes", dataBytes, length, wrapped));
            dataBytes = wrapped;
        }
        long frames = dataBytes / fmt.blockAlign;
        long partial = dataBytes % fmt.blockAlign;
        if (partial != 0) {
            warnings.add(String.format(Locale.ROOT, "last frame is incomplete (%d of %d bytes); dropped",
                    partial, fmt.blockAlign));
        }
        if (fmt.byteRate != (long) fmt.sampleRate * fmt.blockAlign) {
            warnings.add(String.format(Locale.ROOT, "'fmt ' byte rate %d does not match %d Hz x %d bytes per frame;"
                    + " ignored", fmt.byteRate, fmt.sampleRate, fmt.blockAlign));
        }
        AudioInfo info = new AudioInfo(file, rf64 ? "RF64" : "RIFF", fmt.sampleRate, fmt.channels,
                fmt.validBits, fmt.encoding, frames, warnings);
        return new WavHeader(info, dataOffset, fmt.blockAlign);
    }

    /**
     * Whether the bytes at {@code pos} are chunks (a printable id and a size each) that end exactly at
     * the end of the file (allowing each one's pad byte): then they are not samples.
     */
    private static boolean followingChunkFillsTheFile(SeekableByteChannel ch, long pos, long length)
            throws IOException {
        while (pos + 8 <= length && plausibleId(ch, pos)) {
            long size = read(ch, pos + 4, 4).getInt(0) & 0xFFFFFFFFL;
            long next = pos + 8 + size;
            if (next == length || (size & 1) == 1 && next + 1 == length) {
                return true;
            }
            pos = next + (size & 1);
        }
        return false;
    }

    private static boolean plausibleId(SeekableByteChannel ch, long pos) throws IOException {
        if (pos + 4 > ch.size()) {
            return false;
        }
        ByteBuffer b = read(ch, pos, 4);
        for (int i = 0; i < 4; i++) {
            int c = b.get(i) & 0xFF;
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    /**
     * One positional read: {@link FileChannel#read(ByteBuffer, long)} for a file, else a seek and a
     * read (the channel is used by one thread at a time).
     */
    static int readAt(SeekableByteChannel ch, ByteBuffer dst, long pos) throws IOException {
        if (ch instanceof FileChannel f) {
            return f.read(dst, pos);
        }
        ch.position(pos);
        return ch.read(dst);
    }

    static ByteBuffer read(SeekableByteChannel ch, long pos, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            int r = readAt(ch, b, pos + b.position());
            if (r < 0) {
                break;
            }
        }
        b.flip();
        if (b.remaining() < n) {
            ByteBuffer full = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
            full.put(b);
            full.flip();
            return full;
        }
        return b;
    }

    private static String fourCc(ByteBuffer b, int at) {
        byte[] id = new byte[4];
        for (int i = 0; i < 4; i++) {
            id[i] = b.get(at + i);
        }
        return new String(id, StandardCharsets.ISO_8859_1);
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c >= 0x20 && c < 0x7F) {
                sb.append(c);
            } else {
                sb.append(String.format(Locale.ROOT, "\\x%02X", (int) c));
            }
        }
        return sb.toString();
    }

    /** The decoded 'fmt ' chunk. */
    private static final class Fmt {
        int channels;
        int sampleRate;
        long byteRate;
        int blockAlign;
        int validBits;
        SampleEncoding encoding;

        static Fmt parse(Path file, long at, ByteBuffer b) throws InputFormatException {
            Fmt f = new Fmt();
            int tag = b.getShort(0) & 0xFFFF;
            f.channels = b.getShort(2) & 0xFFFF;
            long rate = b.getInt(4) & UINT32_MAX;
            f.byteRate = b.getInt(8) & UINT32_MAX;
            f.blockAlign = b.getShort(12) & 0xFFFF;
            int bits = b.getShort(14) & 0xFFFF;
            f.validBits = bits;
            if (tag == 0xFFFE) {
                if (b.limit() < 40) {
                    throw InputFormatException.atByte(file, at, "WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk has "
                            + b.limit() + " bytes; expected 40");
                }
                int valid = b.getShort(18) & 0xFFFF;
                int subTag = b.getShort(24) & 0xFFFF;
                for (int i = 0; i < GUID_TAIL.length; i++) {
                    if (b.get(26 + i) != GUID_TAIL[i]) {
                        throw new UnsupportedAudioException(file, "byte " + (at + 24),
                                "unknown WAVE_FORMAT_EXTENSIBLE sub-format GUID " + guid(b, 24)
                                        + "; supported: PCM and IEEE float");
                    }
                }
                tag = subTag;
                if (valid > 0 && valid <= bits) {
                    f.validBits = valid;
                }
            }
            if (f.channels == 0) {
                throw InputFormatException.atByte(file, at + 2, "the 'fmt ' chunk declares 0 channels; expected 1 or more");
            }
            if (rate == 0 || rate > Integer.MAX_VALUE) {
                throw InputFormatException.atByte(file, at + 4, "the 'fmt ' chunk declares a sample rate of " + rate
                        + " Hz; expected 1 Hz or more");
            }
            f.sampleRate = (int) rate;
            int containerBytes = (bits + 7) / 8;
            switch (tag) {
                case 1:
                    if (bits == 0 || containerBytes > 4) {
                        throw new UnsupportedAudioException(file, "byte " + (at + 14), "PCM with " + bits
                                + " bits per sample is not supported; supported: 8, 16, 24 and 32");
                    }
                    f.encoding = SampleEncoding.pcm(containerBytes);
                    break;
                case 3:
                    if (bits != 32 && bits != 64) {
                        throw new UnsupportedAudioException(file, "byte " + (at + 14), "IEEE float with " + bits
                                + " bits per sample is not supported; supported: 32 and 64");
                    }
                    f.encoding = bits == 32 ? SampleEncoding.FLOAT_32 : SampleEncoding.FLOAT_64;
                    break;
                default:
                    throw new UnsupportedAudioException(file, "byte " + at, "compressed or unknown encoding "
                            + encodingName(tag) + "; supported: PCM (8, 16, 24, 32 bit) and IEEE float"
                            + " (32, 64 bit); convert the file to PCM WAV");
            }
            long expectedAlign = (long) f.channels * f.encoding.bytesPerSample();
            if (f.blockAlign != expectedAlign) {
                throw InputFormatException.atByte(file, at + 12, "block align " + f.blockAlign
                        + " is inconsistent with " + f.channels + " channel(s) of " + bits
                        + "-bit samples; expected " + expectedAlign);
            }
            return f;
        }

        private static String guid(ByteBuffer b, int at) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                sb.append(String.format(Locale.ROOT, "%02X", b.get(at + i) & 0xFF));
            }
            return sb.toString();
        }

        private static String encodingName(int tag) {
            String name;
            switch (tag) {
                case 0x0002: name = "Microsoft ADPCM"; break;
                case 0x0006: name = "A-law"; break;
                case 0x0007: name = "mu-law"; break;
                case 0x0011: name = "IMA ADPCM"; break;
                case 0x0031: name = "GSM 6.10"; break;
                case 0x0050: name = "MPEG"; break;
                case 0x0055: name = "MP3"; break;
                case 0x00FF: name = "AAC"; break;
                case 0xF1AC: name = "FLAC"; break;
                default: name = "unknown"; break;
            }
            return String.format(Locale.ROOT, "%s (format tag 0x%04X)", name, tag);
        }
    }
}
