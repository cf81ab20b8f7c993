package io.bullwatch.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.features.windows.WindowSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingAugmentationTest {

    /** Two windows of 1 band x 2 frames, from two sites; the first holds a bull. */
    private static WindowSet twoSites() {
        return new WindowSet(1, 2, List.of(new float[] {2f, -1f}, new float[] {0.5f, 1f}),
                new boolean[] {true, false}, List.of("a1", "b1"), List.of("a", "b"));
    }

    @Test
    void mixTakesTheCellwiseMaximumRestandardisedAndOrsTheLabels() {
        TrainingAugmentation mixAll = new TrainingAugmentation(1, 0, 0, 0, 0);
        WindowSet out = mixAll.apply(twoSites(), new int[] {1, 0}, 7, 1, 0);
        double mean = 1 / Math.sqrt(Math.PI);           // E[max(Z1, Z2)] = 0.5642
        double sd = Math.sqrt(1 - 1 / Math.PI);         // sd[max(Z1, Z2)] = 0.8257
        // window 1's only partner on another site is window 0: max(0.5, 2) = 2, max(1, -1) = 1
        float[] expected = {(float) ((2 - mean) / sd), (float) ((1 - mean) / sd)};
        assertArrayEquals(expected, out.features(0), 1e-6f);
        assertArrayEquals(expected, out.features(1), 1e-6f);
        assertTrue(out.isBull(0), "no-bull window mixed with a bull window holds a bull");
        assertTrue(out.isBull(1));
        assertEquals("b1", out.recording(0));
        assertEquals("a", out.site(1));
    }

    @Test
    void aMixHoldsBothWindowsBullSpansAndUnknownStaysUnknown() {
        List<float[]> features = List.of(new float[] {2f, -1f}, new float[] {0.5f, 1f});
        List<String> recs = List.of("a1", "b1");
        List<String> sites = List.of("a", "b");
        WindowSet known = new WindowSet(1, 2, features, new boolean[] {true, false},
                List.of(new float[] {0.1f, 0.3f}, new float[0]), recs, sites);
        WindowSet masked = new TrainingAugmentation(0, 1, 1, 0, 0).apply(known, new int[] {0, 1}, 7, 1, 0);
        assertArrayEquals(new float[] {0.1f, 0.3f}, masked.bullSpans(0).orElseThrow(), "masks keep spans");
        assertArrayEquals(new float[0], masked.bullSpans(1).orElseThrow());
        // each window's only partner on another site is the other one
        WindowSet mixed = new TrainingAugmentation(1, 0, 0, 0, 0).apply(known, new int[] {1, 0}, 7, 1, 0);
        assertArrayEquals(new float[] {0.1f, 0.3f}, mixed.bullSpans(0).orElseThrow());
        assertArrayEquals(new float[] {0.1f, 0.3f}, mixed.bullSpans(1).orElseThrow());
        WindowSet twoBulls = new WindowSet(1, 2, features, new boolean[] {true, true},
                List.of(new float[] {0.1f, 0.3f}, new float[] {0.6f, 0.9f}), recs, sites);
        assertArrayEquals(new float[] {0.1f, 0.3f, 0.6f, 0.9f}, new TrainingAugmentation(1, 0, 0, 0, 0)
                .apply(twoBulls, new int[] {0}, 7, 1, 0).bullSpans(0).orElseThrow());
        // spans unknown on either side make the mix's unknown
        WindowSet oneUnknown = new WindowSet(1, 2, features, new boolean[] {true, false},
                java.util.Arrays.asList(new float[] {0.1f, 0.3f}, null), recs, sites);
        WindowSet m2 = new TrainingAugmentation(1, 0, 0, 0, 0).apply(oneUnknown, new int[] {0, 1}, 7, 1, 0);
        assertTrue(m2.bullSpans(0).isEmpty() && m2.bullSpans(1).isEmpty());
    }

    @Test
    void noneChangesNothingAndDrawsAreReproducible() {
        WindowSet data = twoSites();
        WindowSet same = TrainingAugmentation.none().apply(data, new int[] {0, 1}, 1, 1, 0);
        assertSame(data.features(0), same.features(0));
        assertFalse(same.isBull(1));
        TrainingAugmentation half = new TrainingAugmentation(0.5, 1, 1, 0, 0);
        int[] idx = new int[64];
        WindowSet a = half.apply(data, idx, 3, 2, 100);
        WindowSet b = half.apply(data, idx, 3, 2, 100);
        WindowSet c = half.apply(data, idx, 3, 3, 100);
        int mixed = 0;
        boolean differs = false;
        for (int k = 0; k < idx.length; k++) {
            assertArrayEquals(a.features(k), b.features(k));
            mixed += a.features(k)[0] != 2f && a.features(k)[0] != 0f ? 1 : 0;
            differs |= !java.util.Arrays.equals(a.features(k), c.features(k));
        }
        assertTrue(mixed > 16 && mixed < 48, "about half mixed, got " + mixed);
        assertTrue(differs, "another epoch draws differently");
        // the input is never modified
        assertArrayEquals(new float[] {2f, -1f}, data.features(0));
    }

    @Test
    void aBullMixedIntoAnotherSitesBackgroundIsLoweredByAtMostTheAttenuation() {
        List<float[]> features = List.of(new float[] {4f, 3f}, new float[] {0.5f, -1f}, new float[] {5f, 5f});
        WindowSet data = new WindowSet(1, 2, features, new boolean[] {true, false, true},
                List.of(new float[] {0.1f, 0.3f}, new float[0], new float[] {0.2f, 0.4f}), List.of("a1", "b1", "c1"),
                List.of("a", "b", "c"));
        double mean = 1 / Math.sqrt(Math.PI);
        double sd = Math.sqrt(1 - 1 / Math.PI);
        boolean lowered = false;
        boolean bothBulls = false;
        for (int draw = 0; draw < 40; draw++) {
            WindowSet mixed = new TrainingAugmentation(1, 0, 0, 0, 0, 2).apply(data, new int[] {0}, 11, 1, draw);
            double v0 = mixed.features(0)[0] * sd + mean;
            double v1 = mixed.features(0)[1] * sd + mean;
            assertTrue(mixed.isBull(0));
            if (Math.abs(v0 - 5) < 1e-4) {
                // partner c1 holds a bull too: nothing is lowered, max(4, 5) and max(3, 5)
                assertEquals(5, v1, 1e-4);
                bothBulls = true;
            } else {
                // partner b1 holds none: max(4 - a, 0.5) and max(3 - a, -1) with the same 0 <= a <= 2
                double a = 4 - v0;
                assertTrue(a >= -1e-4 && a <= 2 + 1e-4, "a = " + a);
                assertEquals(3 - a, v1, 1e-4);
                lowered |= a > 0.01;
            }
        }
        assertTrue(bothBulls, "some draws mixed a1 with c1");
        assertTrue(lowered, "some draws mixed a1 with b1 and lowered it");
        // without attenuation the same draws give the plain maximum
        float[] plain = new TrainingAugmentation(1, 0, 0, 0, 0).apply(data, new int[] {0}, 11, 1, 0).features(0);
        assertTrue(plain[0] * sd + mean >= 4 - 1e-5);
        assertEquals(new TrainingAugmentation(0.5, 2, 16, 2, 8, 3),
                TrainingAugmentation.parse("mix=0.5,time=2x16,freq=2x8,atten=3", 64, 324));
        assertTrue(TrainingAugmentation.parse("mix=0.5,atten=3", 64, 324).describe().contains("lowered by up to 3.00"));
        assertThrows(IllegalArgumentException.class, () -> new TrainingAugmentation(1, 0, 0, 0, 0, -1));
    }

    @Test
    void backgroundMixingIsParsedDescribedAndNeedsRawFrames() {
        assertEquals(new TrainingAugmentation(0.5, 0, 0, 0, 0, 0, 0.25, -12, 3),
                TrainingAugmentation.parse("mix=0.5,bg=0.25,bgdb=-12:3", 64, 324));
        assertEquals(new TrainingAugmentation(0, 0, 0, 0, 0, 0, 0.5, -10, 5), TrainingAugmentation.parse("bg=0.5", 64, 324));
        assertTrue(TrainingAugmentation.parse("bg=0.5", 64, 324).describe().contains("other sites' backgrounds p=0.50"));
        assertThrows(IllegalArgumentException.class, () -> TrainingAugmentation.parse("bg=0.5,bgdb=5:-5", 64, 324));
        assertThrows(IllegalArgumentException.class, () -> TrainingAugmentation.parse("bgdb=5", 64, 324));
        // windows computed in memory keep no raw frames: a bull drawn for mixing is refused, loudly
        WindowSet computed = new WindowSet(1, 2, List.of(new float[] {1f, 2f}, new float[] {0f, 0f}),
                new boolean[] {true, false}, List.of("a1", "b1"), List.of("a", "b"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new TrainingAugmentation(0, 0, 0, 0, 0, 0, 1, -10, 5).apply(computed, new int[] {0}, 1, 1, 0));
        assertTrue(e.getMessage().contains("raw"), e.getMessage());
    }

    @Test
    void freqMixStyleGivesEachBandAMixOfBothWindowsStatisticsByHand() {
        // band 0: x = 0, 2, 0, 2 (mean 1, sd 1); y = 1, 1, 5, 5 (mean 3, sd 2); lambda 0.25:
        // mean 0.25 * 1 + 0.75 * 3 = 2.5, sd 0.25 * 1 + 0.75 * 2 = 1.75, x -> (x - 1) * 1.75 + 2.5
        // band 1: x = 4, 4, 4, 4 (sd 0: stays flat), y = -2, 0, 2, 0 (mean 0): mean 0.25 * 4 = 1
        float[] x = {0, 2, 0, 2, 4, 4, 4, 4};
        float[] y = {1, 1, 5, 5, -2, 0, 2, 0};
        float[] out = TrainingAugmentation.frequencyMixStyle(x, y, 0.25, 1, 2, 4);
        assertArrayEquals(new float[] {0.75f, 4.25f, 0.75f, 4.25f, 1, 1, 1, 1}, out, 1e-5f);
        // lambda 1 gives the window back; two channels are two sets of bands
        assertArrayEquals(x, TrainingAugmentation.frequencyMixStyle(x, y, 1, 2, 1, 4), 1e-5f);
        assertArrayEquals(new float[] {3 - 2f, 3 + 2f, 3 - 2f, 3 + 2f},
                java.util.Arrays.copyOf(TrainingAugmentation.frequencyMixStyle(x, y, 0, 2, 1, 4), 4), 1e-5f);
    }

    @Test
    void betaDrawsHaveTheBetaDistributionsMeanAndVariance() {
        for (double a : new double[] {0.3, 2}) {
            java.util.SplittableRandom r = new java.util.SplittableRandom(17);
            int n = 40_000;
            double sum = 0;
            double ss = 0;
            for (int k = 0; k < n; k++) {
                double b = TrainingAugmentation.beta(r, a);
                assertTrue(b >= 0 && b <= 1, "draw " + b);
                sum += b;
                ss += b * b;
            }
            double mean = sum / n;
            double variance = ss / n - mean * mean;
            assertEquals(0.5, mean, 0.01, "Beta(a, a) has mean 1/2");
            assertEquals(1 / (4 * (2 * a + 1)), variance, 0.006, "Beta(a, a) has variance 1 / (4 (2a + 1))");
        }
    }

    @Test
    void freqMixStyleKeepsLabelsAndTheOtherAugmentationsDraws() {
        // no value is 0 before masking, nor after the mix (its low frames are mean - sd = 1 whatever lambda)
        WindowSet data = new WindowSet(1, 4, List.of(new float[] {1, 3, 1, 3}, new float[] {1, 1, 5, 5}),
                new boolean[] {true, false}, List.of("a1", "b1"), List.of("a", "b"));
        TrainingAugmentation masks = new TrainingAugmentation(0, 1, 2, 0, 0);
        TrainingAugmentation withFms = new TrainingAugmentation(0, 1, 2, 0, 0, 0, 0, 0, 0, 1, 0.3);
        boolean changed = false;
        for (int draw = 0; draw < 20; draw++) {
            WindowSet plain = masks.apply(data, new int[] {0}, 3, 1, draw);
            WindowSet styled = withFms.apply(data, new int[] {0}, 3, 1, draw);
            assertTrue(styled.isBull(0), "the label is the window's own");
            float[] p = plain.features(0);
            float[] f = styled.features(0);
            for (int t = 0; t < 4; t++) {
                assertEquals(p[t] == 0f, f[t] == 0f,
                        "the same frames are masked with and without Freq-MixStyle");
            }
            changed |= !java.util.Arrays.equals(p, f);
        }
        assertTrue(changed, "some draws move the window's statistics");
        assertEquals(new TrainingAugmentation(0.5, 2, 16, 2, 8, 0, 0, 0, 0, 0.4, 0.3),
                TrainingAugmentation.parse("mix=0.5,time=2x16,freq=2x8,fms=0.4", 64, 324));
        assertEquals(new TrainingAugmentation(0, 0, 0, 0, 0, 0, 0, 0, 0, 0.4, 1),
                TrainingAugmentation.parse("fms=0.4,fmsa=1", 64, 324));
        assertFalse(TrainingAugmentation.parse("fms=0.4", 64, 324).isNone());
        assertTrue(TrainingAugmentation.parse("fms=0.4", 64, 324).describe().contains("Freq-MixStyle p=0.40 alpha=0.30"));
        assertFalse(TrainingAugmentation.defaults(64, 324).describe().contains("MixStyle"));
        assertThrows(IllegalArgumentException.class, () -> TrainingAugmentation.parse("fms=1.5", 64, 324));
        assertThrows(IllegalArgumentException.class, () -> TrainingAugmentation.parse("fms=0.5,fmsa=0", 64, 324));
    }

    @Test
    void itsTextIsTheRecordsFormBeforeFreqMixStyleUnlessThatIsOn() {
        // the form Java gave the nine-part record: crossval fold keys of earlier runs hold it
        assertEquals("TrainingAugmentation[mixProbability=0.5, timeMasks=2, timeMaskFrames=8, frequencyMasks=2,"
                + " frequencyMaskBands=8, mixAttenuation=0.0, backgroundMix=0.0, backgroundLowDb=0.0,"
                + " backgroundHighDb=0.0]", TrainingAugmentation.defaults(64, 162).toString());
        assertEquals("TrainingAugmentation[mixProbability=0.0, timeMasks=0, timeMaskFrames=0, frequencyMasks=0,"
                + " frequencyMaskBands=0, mixAttenuation=0.0, backgroundMix=0.0, backgroundLowDb=0.0,"
                + " backgroundHighDb=0.0, freqMixStyle=0.4, freqMixStyleAlpha=0.3]",
                TrainingAugmentation.parse("fms=0.4", 64, 162).toString());
    }

    @Test
    void parsesTheCommandLineForm() {
        assertEquals(new TrainingAugmentation(0.25, 2, 16, 1, 8),
                TrainingAugmentation.parse("mix=0.25,time=2x16,freq=1x8", 64, 324));
        assertEquals(TrainingAugmentation.defaults(64, 324), TrainingAugmentation.parse("default", 64, 324));
        assertEquals(new TrainingAugmentation(0.5, 2, 16, 2, 8), TrainingAugmentation.defaults(64, 324));
        assertTrue(TrainingAugmentation.parse("none", 64, 324).isNone());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingAugmentation.parse("mix=0.5,time=2", 64, 324));
        assertTrue(e.getMessage().contains("time=2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TrainingAugmentation(1.5, 0, 0, 0, 0));
        assertNotEquals("none", TrainingAugmentation.defaults(64, 324).describe());
    }

    @Test
    void masksCoverTheSameBandsAndFramesInEveryChannel() {
        int bands = 8;
        int frames = 10;
        java.util.Random r = new java.util.Random(3);
        List<float[]> features = new java.util.ArrayList<>();
        for (int w = 0; w < 4; w++) {
            float[] x = new float[2 * bands * frames];
            for (int i = 0; i < bands * frames; i++) {
                x[i] = 1 + r.nextFloat();                  // channel 0: never 0
                x[bands * frames + i] = -1 - r.nextFloat(); // channel 1: never 0
            }
            features.add(x);
        }
        WindowSet data = new WindowSet(2, 2 * bands, frames, features, new boolean[4], java.util.Collections
                .nCopies(4, null), List.of("a1", "a2", "b1", "b2"), List.of("a", "a", "b", "b"));
        assertEquals(2, data.channels());
        WindowSet out = new TrainingAugmentation(0, 2, 3, 2, 2).apply(data, new int[] {0, 1, 2, 3}, 5, 1, 0);
        assertEquals(2, out.channels());
        int masked = 0;
        for (int w = 0; w < 4; w++) {
            float[] y = out.features(w);
            for (int i = 0; i < bands * frames; i++) {
                boolean zero0 = y[i] == 0f;
                boolean zero1 = y[bands * frames + i] == 0f;
                assertEquals(zero0, zero1, "window " + w + " value " + i + " masked in one channel only");
                masked += zero0 ? 1 : 0;
                if (!zero0) {
                    assertEquals(features.get(w)[i], y[i]);
                    assertEquals(features.get(w)[bands * frames + i], y[bands * frames + i]);
                }
            }
        }
        assertTrue(masked > 0, "some cells are masked");
    }
}
