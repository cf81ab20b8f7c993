package io.bullwatch.features.cache;

/** How cached values are stored. */
public enum CacheDtype {
    /**
     * IEEE half precision, 2 bytes a value: half the disk and page cache; relative error at most
     * 2^-11 (4.9e-4) for values from 6.1e-5 to 65504, absolute 3e-8 below; a value beyond
     * 65504 is stored as 65504 (with a warning), which linear power reaches with loud audio (a
     * full-scale tone at the seed's settings: about 1.3e6), so keep linear power in
     * {@link #FLOAT32}.
     */
    FLOAT16(2),
    /** IEEE single precision, 4 bytes a value: exactly the extractor's output. */
    FLOAT32(4);

    private final int bytes;

    CacheDtype(int bytes) {
        this.bytes = bytes;
    }

    /**
     * Bytes one value occupies.
     *
     * @return 2 or 4
     */
    public int bytes() {
        return bytes;
    }
}
