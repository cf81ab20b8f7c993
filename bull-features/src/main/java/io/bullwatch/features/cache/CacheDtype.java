package io.bullwatch.features.cache;

/** How cached values are stored. */
public enum CacheDtype {
    /**
     * IEEE half precision, 2 bytes a value: half the disk and page cache; relative error at most
     * 2^-11 (4.9e-4) for values from 6.1e-5 to 65504, absolute 3e-8 below; values above 65504
     * become infinity (linear power of full-scale audio stays far below).
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
