package io.bullwatch.features.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HalfTest {

    /** Reference decoding straight from the binary16 definition, in double. */
    private static double reference(int h) {
        int sign = (h >>> 15) & 1;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        double v;
        if (exp == 0) {
            v = mant * Math.pow(2, -24);
        } else if (exp == 31) {
            v = mant == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else {
            v = (1 + mant / 1024.0) * Math.pow(2, exp - 15);
        }
        return sign == 1 ? -v : v;
    }

    @Test
    void everyHalfDecodesAsDefinedAndRoundTrips() {
        for (int h = 0; h < 65536; h++) {
            float f = Half.toFloat((short) h);
            double ref = reference(h);
            if (Double.isNaN(ref)) {
                assertTrue(Float.isNaN(f), Integer.toHexString(h));
                short back = Half.fromFloat(f);
                assertEquals(h & 0x8000, back & 0x8000, "NaN sign");
                assertEquals(0x7c00, back & 0x7c00, "NaN exponent");
                assertTrue((back & 0x3ff) != 0, "NaN stays NaN");
                assertEquals(h & 0x1ff, back & 0x1ff, "NaN payload");
            } else {
                assertEquals(ref, f, 0.0, Integer.toHexString(h));
                assertEquals(Double.doubleToRawLongBits(ref) >>> 63, Float.floatToRawIntBits(f) >>> 31);
                assertEquals((short) h, Half.fromFloat(f), Integer.toHexString(h));
            }
        }
    }

    @Test
    void midpointsRoundToEvenAndNeighboursToNearest() {
        // consecutive non-negative halves a < b (up to the largest finite and infinity)
        for (int a = 0; a < 0x7c00; a++) {
            int b = a + 1;
            double lo = reference(a);
            double hi = b == 0x7c00 ? 65536.0 : reference(b); // overflow threshold as if the next step existed
            float mid = (float) ((lo + hi) / 2);
            assertEquals((lo + hi) / 2, mid, 0.0, "midpoint exact in float");
            int even = (a & 1) == 0 ? a : b;
            for (int sign : new int[] {0, 0x8000}) {
                float s = sign == 0 ? 1f : -1f;
                assertEquals((short) (even | sign), Half.fromFloat(s * mid), "tie at " + mid);
                assertEquals((short) (b | sign), Half.fromFloat(s * Math.nextUp(mid)), "above " + mid);
                assertEquals((short) (a | sign), Half.fromFloat(s * Math.nextDown(mid)), "below " + mid);
            }
        }
    }

    @Test
    void randomFloatsGoToTheNearestHalf() {
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 200_000; i++) {
            float f = Float.intBitsToFloat(r.nextInt(0x477fe000)); // [0, 65504)
            short h = Half.fromFloat(f);
            double err = Math.abs(Half.toFloat(h) - (double) f);
            for (int d = -1; d <= 1; d += 2) {
                int other = h + d;
                if (other >= 0 && other < 0x7c00) {
                    double e = Math.abs(reference(other) - f);
                    assertTrue(err < e || (err == e && (h & 1) == 0), "float " + f + " half " + h);
                }
            }
        }
    }

    @Test
    void knownValues() {
        assertEquals((short) 0x3c00, Half.fromFloat(1f));
        assertEquals((short) 0xc000, Half.fromFloat(-2f));
        assertEquals((short) 0x7bff, Half.fromFloat(65504f));
        assertEquals((short) 0x7bff, Half.fromFloat(65519.996f));
        assertEquals((short) 0x7c00, Half.fromFloat(65520f));
        assertEquals((short) 0x7c00, Half.fromFloat(1e10f));
        assertEquals((short) 0xfc00, Half.fromFloat(Float.NEGATIVE_INFINITY));
        assertEquals((short) 0x0400, Half.fromFloat(0x1p-14f));
        assertEquals((short) 0x0001, Half.fromFloat(0x1p-24f));
        assertEquals((short) 0x0000, Half.fromFloat(0x1p-25f));
        assertEquals((short) 0x0001, Half.fromFloat(Math.nextUp(0x1p-25f)));
        assertEquals((short) 0x0002, Half.fromFloat(2.5f * 0x1p-24f)); // subnormal tie: 2 (even), not 3
        assertEquals((short) 0x0004, Half.fromFloat(3.5f * 0x1p-24f)); // subnormal tie: 4 (even), not 3
        assertEquals((short) 0x8000, Half.fromFloat(-0f));
        assertEquals((short) 0x2e66, Half.fromFloat(0.1f));
        assertEquals((short) 0x3555, Half.fromFloat(1f / 3));
        assertEquals((short) 0x3c01, Half.fromFloat(1.0009766f));
        assertEquals(0.099975586f, Half.toFloat((short) 0x2e66), 0f);
        assertEquals(5.9604645e-8f, Half.toFloat((short) 1), 0f);
        assertTrue(Float.isNaN(Half.toFloat(Half.fromFloat(Float.NaN))));
    }
}
