package io.bullwatch.features.cache;

/**
 * IEEE 754 binary16 ("half") conversion, as {@code Float.floatToFloat16} and {@code
 * Float.float16ToFloat} do from Java 20 on: round to nearest, ties to even; subnormals; infinities;
 * NaNs stay NaN (quiet, sign and the payload's top bits kept). Halves hold 11 significant bits
 * (relative error at most 2^-11, about 4.9e-4) between 6.1e-5 and 65504, subnormals down to
 * 6.0e-8; larger magnitudes become infinity.
 */
public final class Half {

    /** The largest finite half, 65504. */
    public static final float MAX_VALUE = 65504f;

    private static final float[] TABLE = new float[1 << 16];

    static {
        for (int h = 0; h < TABLE.length; h++) {
            TABLE[h] = compute((short) h);
        }
    }

    private Half() {
    }

    /**
     * The float a half stands for (exact: every half is a float).
     *
     * @param half the half's bits
     * @return its value
     */
    public static float toFloat(short half) {
        return TABLE[half & 0xffff];
    }

    private static float compute(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0) {
            float v = mant * 0x1p-24f; // exact
            return sign != 0 ? -v : v;
        }
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    /**
     * The nearest half to a float, ties to even.
     *
     * @param value the float
     * @return the half's bits
     */
    public static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int abs = bits & 0x7fffffff;
        if (abs >= 0x7f800000) { // infinity or NaN
            if (abs == 0x7f800000) {
                return (short) (sign | 0x7c00);
            }
            return (short) (sign | 0x7c00 | 0x200 | ((abs & 0x7fffff) >>> 13));
        }
        if (abs >= 0x477ff000) { // >= 65520: rounds to infinity
            return (short) (sign | 0x7c00);
        }
        if (abs >= 0x38800000) { // >= 2^-14: normal half
            int e = (abs >>> 23) - 127 + 15;
            int m = abs & 0x7fffff;
            int h = (e << 10) | (m >>> 13);
            int rest = m & 0x1fff;
            if (rest > 0x1000 || (rest == 0x1000 && (h & 1) != 0)) {
                h++; // may carry into the exponent, which is the right result
            }
            return (short) (sign | h);
        }
        if (abs < 0x33000000) { // < 2^-25: rounds to zero (2^-25 itself ties to even zero)
            return (short) sign;
        }
        // subnormal half: value = m * 2^(e - 23), in units of 2^-24: m >> shift
        int e = (abs >>> 23) - 127;
        int m = (abs & 0x7fffff) | 0x800000;
        int shift = -(e + 1);
        int q = m >>> shift;
        int rest = m & ((1 << shift) - 1);
        int halfway = 1 << (shift - 1);
        if (rest > halfway || (rest == halfway && (q & 1) != 0)) {
            q++; // 0x400 is the smallest normal, encoded correctly
        }
        return (short) (sign | q);
    }
}
