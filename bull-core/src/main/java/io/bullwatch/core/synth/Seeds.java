package io.bullwatch.core.synth;

/** Derivation of independent seeds from a corpus seed (SplitMix64 finaliser). */
final class Seeds {

    private Seeds() {
    }

    /** Stream tags, so that two uses of the same indices never share a stream. */
    static final long SITE = 0x5173L;
    static final long NIGHT = 0x4E16L;
    static final long PLAN = 0x9A11L;
    static final long BACKGROUND = 0xBA6CL;
    static final long EVENT = 0xE7E1L;

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A seed that depends on every part, in order. */
    static long derive(long seed, long... parts) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        for (long p : parts) {
            h = mix(h + 0x9E3779B97F4A7C15L + p);
        }
        return h;
    }
}
