package io.bullwatch.core.audio;

/** How the samples of a WAV file are stored. */
public enum SampleEncoding {
    /** Unsigned 8-bit integer PCM (silence is 128). */
    PCM_UNSIGNED_8(1, false),
    /** Signed 16-bit little-endian PCM. */
    PCM_SIGNED_16(2, false),
    /** Signed 24-bit little-endian PCM. */
    PCM_SIGNED_24(3, false),
    /** Signed 32-bit little-endian PCM. */
    PCM_SIGNED_32(4, false),
    /** IEEE 754 32-bit float. */
    FLOAT_32(4, true),
    /** IEEE 754 64-bit float. */
    FLOAT_64(8, true);

    private final int bytesPerSample;
    private final boolean floatingPoint;

    SampleEncoding(int bytesPerSample, boolean floatingPoint) {
        this.bytesPerSample = bytesPerSample;
        this.floatingPoint = floatingPoint;
    }

    /**
     * Bytes one sample of one channel occupies in the file.
     *
     * @return 1, 2, 3, 4 or 8
     */
    public int bytesPerSample() {
        return bytesPerSample;
    }

    /**
     * Whether samples are IEEE floats.
     *
     * @return {@code true} for {@link #FLOAT_32} and {@link #FLOAT_64}
     */
    public boolean isFloatingPoint() {
        return floatingPoint;
    }

    /**
     * The PCM integer encoding stored in the given number of bytes.
     *
     * @param bytes container bytes per sample, 1 to 4
     * @return the encoding
     * @throws IllegalArgumentException for other sizes
     */
    public static SampleEncoding pcm(int bytes) {
        switch (bytes) {
            case 1: return PCM_UNSIGNED_8;
            case 2: return PCM_SIGNED_16;
            case 3: return PCM_SIGNED_24;
            case 4: return PCM_SIGNED_32;
            default:
                throw new IllegalArgumentException("PCM samples of " + bytes + " bytes are not supported; allowed: 1 to 4");
        }
    }
}
