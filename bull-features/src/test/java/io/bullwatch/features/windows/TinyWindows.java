package io.bullwatch.features.windows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Small hand-made window sets for tests: bull windows carry a bright blob in the middle bands. */
public final class TinyWindows {

    private TinyWindows() {
    }

    /**
     * Makes a set.
     *
     * @param n windows
     * @param bullEvery every k-th window is a bull
     * @param mels bands
     * @param frames frames
     * @param seed noise seed
     * @return the set
     */
    public static WindowSet make(int n, int bullEvery, int mels, int frames, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<float[]> features = new ArrayList<>();
        boolean[] bulls = new boolean[n];
        List<String> recs = new ArrayList<>();
        List<String> sites = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] f = new float[mels * frames];
            for (int j = 0; j < f.length; j++) {
                f[j] = (float) r.nextGaussian();
            }
            bulls[i] = i % bullEvery == 0;
            if (bulls[i]) {
                int width = Math.max(1, Math.min(6, frames / 2));
                int t0 = r.nextInt(frames - width + 1);
                for (int m = mels / 4; m < 3 * mels / 4; m++) {
                    for (int t = t0; t < t0 + width; t++) {
                        f[m * frames + t] += 3;
                    }
                }
            }
            features.add(f);
            recs.add("rec" + (i % 2));
            sites.add("site" + (i % 2));
        }
        return new WindowSet(mels, frames, features, bulls, recs, sites);
    }
}
