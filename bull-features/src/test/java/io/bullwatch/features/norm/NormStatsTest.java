package io.bullwatch.features.norm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.features.mel.MelSpectrogram;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NormStatsTest {

    /** Reference: plain two-pass mean and population std of doubles. */
    private static double[] twoPass(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        double m = s / v.length;
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        return new double[] {m, Math.sqrt(ss / v.length)};
    }

    private static List<MelSpectrogram> windows(Random r, int count, int mels, int frames, double offset,
            double scale) {
        List<MelSpectrogram> out = new ArrayList<>();
        for (int w = 0; w < count; w++) {
            float[] v = new float[mels * frames];
            for (int b = 0; b < mels; b++) {
                for (int f = 0; f < frames; f++) {
                    v[b * frames + f] = (float) (offset + b + scale * r.nextGaussian() * (1 + b));
                }
            }
            out.add(new MelSpectrogram(mels, frames, v));
        }
        return out;
    }

    @Test
    void matchesTwoPassReferenceOverallAndPerBand() {
        List<MelSpectrogram> ws = windows(new Random(1), 7, 5, 33, 2.0, 0.7);
        NormAccumulator acc = NormAccumulator.create(5);
        ws.forEach(acc::add);
        NormStats s = acc.stats();
        assertEquals(7 * 33, s.frames());
        double[] all = new double[7 * 5 * 33];
        int k = 0;
        for (int b = 0; b < 5; b++) {
            double[] band = new double[7 * 33];
            int j = 0;
            for (MelSpectrogram w : ws) {
                for (int f = 0; f < 33; f++) {
                    band[j++] = w.get(b, f);
                    all[k++] = w.get(b, f);
                }
            }
            double[] ref = twoPass(band);
            assertEquals(ref[0], s.bandMeans()[b], 1e-13 * Math.abs(ref[0]) + 1e-15);
            assertEquals(ref[1], s.bandStds()[b], 1e-12 * ref[1]);
        }
        double[] ref = twoPass(all);
        assertEquals(ref[0], s.mean(), 1e-13 * Math.abs(ref[0]));
        assertEquals(ref[1], s.std(), 1e-12 * ref[1]);
    }

    @Test
    void largeOffsetKeepsFullPrecisionWhereNaiveSumsOfSquaresFail() {
        // values 1e8 + 8 k (exact in float), k small integers: exact statistics from k alone
        Random r = new Random(2);
        int frames = 1000;
        int[] k = new int[frames];
        float[] v = new float[frames];
        for (int f = 0; f < frames; f++) {
            k[f] = r.nextInt(7) - 3;
            v[f] = (float) (1e8 + 8.0 * k[f]);
            assertEquals(1e8 + 8.0 * k[f], v[f], 0.0);
        }
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal sumSq = BigDecimal.ZERO;
        for (int x : k) {
            sum = sum.add(BigDecimal.valueOf(x));
            sumSq = sumSq.add(BigDecimal.valueOf((long) x * x));
        }
        MathContext mc = MathContext.DECIMAL128;
        BigDecimal n = BigDecimal.valueOf(frames);
        BigDecimal meanK = sum.divide(n, mc);
        double exactMean = 1e8 + 8 * meanK.doubleValue();
        double exactStd = 8 * Math.sqrt(sumSq.divide(n, mc).subtract(meanK.multiply(meanK, mc)).doubleValue());

        NormAccumulator acc = NormAccumulator.create(1);
        for (int start = 0; start < frames; start += 37) { // many small blocks, merged
            int len = Math.min(37, frames - start);
            float[] block = new float[len];
            System.arraycopy(v, start, block, 0, len);
            acc.addFrames(block, len);
        }
        NormStats s = acc.stats();
        assertEquals(exactMean, s.mean(), 1e-15 * exactMean);
        assertEquals(exactStd, s.std(), 1e-9 * exactStd);

        // the textbook E[x^2] - E[x]^2 loses the spread entirely at this offset
        double sx = 0;
        double sxx = 0;
        for (float x : v) {
            sx += x;
            sxx += (double) x * x;
        }
        double naiveVar = sxx / frames - (sx / frames) * (sx / frames);
        double naiveStd = Math.sqrt(Math.max(0, naiveVar));
        assertTrue(Math.abs(naiveStd - exactStd) > 0.01 * exactStd,
                "naive formula unexpectedly accurate: " + naiveStd + " vs " + exactStd);
    }

    @Test
    void mergeOfSplitsEqualsOnePassAndIsOrderFree() {
        List<MelSpectrogram> ws = windows(new Random(3), 40, 4, 19, -60.0, 0.01);
        NormAccumulator one = NormAccumulator.create(4);
        ws.forEach(one::add);
        NormStats ref = one.stats();
        Random r = new Random(4);
        for (int trial = 0; trial < 5; trial++) {
            NormAccumulator[] parts = new NormAccumulator[1 + r.nextInt(6)];
            for (int p = 0; p < parts.length; p++) {
                parts[p] = NormAccumulator.create(4);
            }
            for (MelSpectrogram w : ws) {
                parts[r.nextInt(parts.length)].add(w);
            }
            NormAccumulator total = NormAccumulator.create(4);
            for (int p = parts.length - 1; p >= 0; p--) {
                total.merge(parts[p]);
            }
            NormStats s = total.stats();
            assertEquals(ref.frames(), s.frames());
            assertEquals(ref.mean(), s.mean(), 1e-13 * Math.abs(ref.mean()));
            assertEquals(ref.std(), s.std(), 1e-9 * ref.std());
            for (int b = 0; b < 4; b++) {
                assertEquals(ref.bandMeans()[b], s.bandMeans()[b], 1e-13 * Math.abs(ref.bandMeans()[b]));
                assertEquals(ref.bandStds()[b], s.bandStds()[b], 1e-9 * ref.bandStds()[b]);
            }
        }
    }

    @Test
    void frameMajorBlocksEqualWindows() {
        List<MelSpectrogram> ws = windows(new Random(5), 3, 6, 11, 1.0, 1.0);
        NormAccumulator a = NormAccumulator.create(6);
        NormAccumulator b = NormAccumulator.create(6);
        for (MelSpectrogram w : ws) {
            a.add(w);
            float[] block = new float[w.frames() * 6 + 6]; // longer than needed
            for (int f = 0; f < w.frames(); f++) {
                for (int m = 0; m < 6; m++) {
                    block[f * 6 + m] = w.get(m, f);
                }
            }
            b.addFrames(block, w.frames());
        }
        assertEquals(a.stats(), b.stats());
    }

    @Test
    void dbTransformStatisticsAndApplication() {
        float[] power = {1e-6f, 1e-4f, 0f, 1f, 1e-2f, 3e-3f};
        MelSpectrogram w = new MelSpectrogram(2, 3, power);
        NormAccumulator acc = NormAccumulator.create(2, FeatureTransform.DB, 1e-10);
        acc.add(w);
        NormStats s = acc.stats();
        double[] band0 = {10 * Math.log10(1e-6f), 10 * Math.log10(1e-4f), -100};
        double[] ref = twoPass(band0);
        assertEquals(ref[0], s.bandMeans()[0], 1e-12);
        assertEquals(ref[1], s.bandStds()[0], 1e-12);
        MelSpectrogram z = s.apply(w, NormMode.PER_BAND);
        assertEquals((band0[2] - ref[0]) / ref[1], z.get(0, 2), 1e-6);
        double ln = Math.log(1e-2f + 1e-6);
        NormAccumulator logAcc = NormAccumulator.create(2, FeatureTransform.LOG, 1e-6);
        logAcc.add(w);
        assertEquals(ln, FeatureTransform.LOG.apply(1e-2f, 1e-6), 0.0);
    }

    @Test
    void standardisedTrainingDataHasZeroMeanUnitStd() {
        List<MelSpectrogram> ws = windows(new Random(6), 5, 3, 20, 10.0, 2.0);
        NormAccumulator acc = NormAccumulator.create(3);
        ws.forEach(acc::add);
        NormStats s = acc.stats();
        for (NormMode mode : NormMode.values()) {
            NormAccumulator after = NormAccumulator.create(3);
            for (MelSpectrogram w : ws) {
                after.add(s.apply(w, mode));
            }
            NormStats t = after.stats();
            assertEquals(0, t.mean(), 1e-6);
            assertEquals(1, t.std(), 1e-5);
            if (mode == NormMode.PER_BAND) {
                for (int b = 0; b < 3; b++) {
                    assertEquals(0, t.bandMeans()[b], 1e-6);
                    assertEquals(1, t.bandStds()[b], 1e-5);
                }
            }
        }
        // by hand: one value, overall
        float x = ws.get(0).get(1, 2);
        assertEquals((float) ((x - s.mean()) / s.std()), s.apply(ws.get(0), NormMode.OVERALL).get(1, 2), 0f);
    }

    @Test
    void constantBandIsCentredNotDividedByZero() {
        NormAccumulator acc = NormAccumulator.create(1);
        acc.add(new MelSpectrogram(1, 3, new float[] {5, 5, 5}));
        NormStats s = acc.stats();
        assertEquals(0.0, s.std(), 0.0);
        MelSpectrogram z = s.apply(new MelSpectrogram(1, 2, new float[] {5, 7}), NormMode.PER_BAND);
        assertEquals(0f, z.get(0, 0));
        assertEquals(2f, z.get(0, 1));
    }

    @Test
    void jsonRoundTripsExactlyAndIsStrict() {
        NormStats s = new NormStats(FeatureTransform.DB, 1e-10, 123456789L, -42.123456789012345,
                0.1 + 0.2, new double[] {-1e-300, 3.0, Math.PI}, new double[] {0.0, 1e-7, 12345.678});
        String json = s.toJson();
        assertTrue(json.contains("\"transform\": \"db\""), json);
        assertTrue(json.contains("\"bandMeans\": [-1.0E-300, 3.0, 3.141592653589793]"), json);
        assertEquals(s, NormStats.fromJson(json));
        String py = "{\"version\": 1, \"transform\": \"none\", \"epsilon\": 0, \"frames\": 2, \"mean\": 1.5,"
                + " \"std\": 0.5, \"bandMeans\": [1.5], \"bandStds\": [0.5]}";
        assertEquals(1.5, NormStats.fromJson(py).mean());
        assertThrows(IllegalArgumentException.class, () -> NormStats.fromJson(json.replace("\"frames\"", "\"frame\"")));
        assertThrows(IllegalArgumentException.class, () -> NormStats.fromJson(json.replace("\"version\": 1", "\"version\": 2")));
        assertThrows(IllegalArgumentException.class, () -> NormStats.fromJson(json.replace("[0.0,", "[")));
        assertThrows(IllegalArgumentException.class, () -> NormStats.fromJson(json.replace("\"db\"", "\"ln\"")));
        assertThrows(IllegalArgumentException.class, () -> NormStats.fromJson(json.substring(0, json.length() - 3)));
    }

    @Test
    void rejectsBadInput() {
        NormAccumulator acc = NormAccumulator.create(2);
        assertThrows(IllegalStateException.class, acc::stats);
        assertThrows(IllegalArgumentException.class, () -> acc.add(new MelSpectrogram(3, 1, new float[3])));
        assertThrows(IllegalArgumentException.class, () -> acc.add(new MelSpectrogram(2, 1, new float[] {1, Float.NaN})));
        assertThrows(IllegalArgumentException.class, () -> acc.addFrames(new float[3], 2));
        assertThrows(IllegalArgumentException.class, () -> acc.merge(NormAccumulator.create(2, FeatureTransform.DB, 1e-10)));
        assertThrows(IllegalArgumentException.class, () -> NormAccumulator.create(2, FeatureTransform.LOG, 0));
    }
}
