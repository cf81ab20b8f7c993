package io.bullwatch.features.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.features.mel.MelSpectrogram;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TimeStretchTest {

    /** One band, frames 0..7 holding f^2 + 1: 1, 2, 5, 10, 17, 26, 37, 50 (mean 18.5). */
    private static MelSpectrogram squares() {
        float[] v = new float[8];
        for (int f = 0; f < 8; f++) {
            v[f] = f * f + 1;
        }
        return new MelSpectrogram(1, 8, v);
    }

    @Test
    void factorTwoKeepsTheCentreHalfInterpolated() {
        // centre c = 3.5; output frame j reads position 3.5 + (j - 3.5) / 2 = 1.75, 2.25, ..., 5.25
        // 1.75 -> 2 + 0.75 * (5 - 2) = 4.25; 2.25 -> 5 + 0.25 * 5 = 6.25; 2.75 -> 5 + 0.75 * 5 = 8.75;
        // 3.25 -> 10 + 0.25 * 7 = 11.75; 3.75 -> 15.25; 4.25 -> 17 + 0.25 * 9 = 19.25; 4.75 -> 23.75;
        // 5.25 -> 26 + 0.25 * 11 = 28.75
        float[] expected = {4.25f, 6.25f, 8.75f, 11.75f, 15.25f, 19.25f, 23.75f, 28.75f};
        for (TimeStretch.Padding p : TimeStretch.Padding.values()) {
            assertArrayEquals(expected, new TimeStretch(2, 2, p).stretch(squares(), 2).values(), p.name());
        }
        TrainingSample out = new TimeStretch(2, 2, TimeStretch.Padding.EDGE)
                .apply(new TrainingSample(squares(), true), AugmentContext.of(1, 0, 0));
        assertArrayEquals(expected, out.mel().values());
        assertTrue(out.bull());
    }

    @Test
    void factorHalfSqueezesAndPadsAsChosen() {
        // positions 3.5 + (j - 3.5) * 2 = -3.5, -1.5, 0.5, 2.5, 4.5, 6.5, 8.5, 10.5
        // inside: 0.5 -> 1.5, 2.5 -> (5 + 10) / 2 = 7.5, 4.5 -> (17 + 26) / 2 = 21.5, 6.5 -> (37 + 50) / 2 = 43.5
        MelSpectrogram m = squares();
        assertArrayEquals(new float[] {1, 1, 1.5f, 7.5f, 21.5f, 43.5f, 50, 50},
                TimeStretch.of(0.5, 0.5).stretch(m, 0.5).values());
        assertArrayEquals(new float[] {0, 0, 1.5f, 7.5f, 21.5f, 43.5f, 0, 0},
                new TimeStretch(0.5, 0.5, TimeStretch.Padding.ZERO).stretch(m, 0.5).values());
        assertArrayEquals(new float[] {18.5f, 18.5f, 1.5f, 7.5f, 21.5f, 43.5f, 18.5f, 18.5f},
                new TimeStretch(0.5, 0.5, TimeStretch.Padding.MEAN).stretch(m, 0.5).values());
        assertArrayEquals(new float[] {1, 2, 5, 10, 17, 26, 37, 50}, m.values(), "input unchanged");
    }

    @Test
    void edgePaddingIsPerBand() {
        MelSpectrogram two = new MelSpectrogram(2, 4, new float[] {1, 2, 3, 4, -5, -6, -7, -8});
        // c = 1.5, factor 0.5: positions -1.5, 0.5, 2.5, 4.5
        assertArrayEquals(new float[] {1, 1.5f, 3.5f, 4, -5, -5.5f, -7.5f, -8},
                TimeStretch.of(0.5, 0.5).stretch(two, 0.5).values());
    }

    @Test
    void factorOneIsTheIdentity() {
        MelSpectrogram m = randomWindow(new Random(3), 5, 33);
        MelSpectrogram same = TimeStretch.of(1, 1).stretch(m, 1);
        assertNotSame(m.values(), same.values());
        assertArrayEquals(m.values(), same.values());
        TrainingSample s = new TrainingSample(m, false);
        assertSame(s, TimeStretch.of(1, 1).apply(s, AugmentContext.of(1, 2, 3)));
        MelSpectrogram one = new MelSpectrogram(2, 1, new float[] {7, 9});
        assertArrayEquals(one.values(), TimeStretch.of(0.5, 2).stretch(one, 1.7).values());
    }

    @Test
    void drawsAreDeterministicUniformAndInRange() {
        TimeStretch t = TimeStretch.of(0.8, 1.25);
        TrainingSample s = new TrainingSample(randomWindow(new Random(4), 4, 50), true);
        double sum = 0;
        Set<Double> distinct = new HashSet<>();
        for (int w = 0; w < 4000; w++) {
            AugmentContext c = AugmentContext.of(11, 2, w);
            double r = t.draw(c);
            assertEquals(r, t.draw(c));
            assertTrue(r >= 0.8 && r <= 1.25, "factor " + r);
            sum += r;
            distinct.add(r);
        }
        assertEquals(1.025, sum / 4000, 0.01, "mean of uniform [0.8, 1.25]");
        assertEquals(4000, distinct.size());
        float[] a = t.apply(s, AugmentContext.of(11, 2, 9)).mel().values();
        assertArrayEquals(a, t.apply(s, AugmentContext.of(11, 2, 9)).mel().values());
        assertFalse(Arrays.equals(a, t.apply(s, AugmentContext.of(11, 3, 9)).mel().values()));
        assertThrows(IllegalArgumentException.class, () -> TimeStretch.of(0, 1));
        assertThrows(IllegalArgumentException.class, () -> TimeStretch.of(1.2, 1.1));
        assertThrows(IllegalArgumentException.class, () -> TimeStretch.of(1, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> t.stretch(s.mel(), Double.NaN));
    }

    /**
     * Property, over 500 random windows and factors: the shape and label are kept, the input is
     * untouched, every output value lies between its band's extremes (EDGE padding), monotone
     * bands stay monotone, and a band that is a straight line in time {@code a + b f} comes out as
     * {@code a + b clamp(c + (j - c) / r, 0, frames - 1)}.
     */
    @Test
    void propertiesHoldOnRandomWindows() {
        Random random = new Random(20240501);
        for (int n = 0; n < 500; n++) {
            int mels = 1 + random.nextInt(6);
            int frames = 1 + random.nextInt(60);
            double lo = 0.3 + random.nextDouble();
            double hi = lo + random.nextDouble() * 1.5;
            TimeStretch t = TimeStretch.of(lo, hi);
            AugmentContext context = AugmentContext.of(n, 1, random.nextInt(1000));
            double r = t.draw(context);
            String what = "case " + n + ": " + mels + "x" + frames + ", factor " + r;

            MelSpectrogram m = randomWindow(random, mels, frames);
            float[] before = m.values().clone();
            boolean bull = random.nextBoolean();
            TrainingSample out = t.apply(new TrainingSample(m, bull), context);
            assertArrayEquals(before, m.values(), what);
            assertEquals(bull, out.bull(), what);
            assertEquals(mels, out.mel().mels(), what);
            assertEquals(frames, out.mel().frames(), what);
            for (int b = 0; b < mels; b++) {
                float min = Float.POSITIVE_INFINITY;
                float max = Float.NEGATIVE_INFINITY;
                for (int f = 0; f < frames; f++) {
                    min = Math.min(min, m.get(b, f));
                    max = Math.max(max, m.get(b, f));
                }
                for (int f = 0; f < frames; f++) {
                    float v = out.mel().get(b, f);
                    assertTrue(v >= min && v <= max, what + ": band " + b + " frame " + f + " = " + v);
                }
            }

            // monotone bands and straight lines
            float[] ramps = new float[mels * frames];
            double[] a = new double[mels];
            double[] slope = new double[mels];
            for (int b = 0; b < mels; b++) {
                a[b] = random.nextInt(200) - 100;
                slope[b] = random.nextInt(17) - 8;
                for (int f = 0; f < frames; f++) {
                    ramps[b * frames + f] = (float) (a[b] + slope[b] * f);
                }
            }
            MelSpectrogram lines = t.stretch(new MelSpectrogram(mels, frames, ramps), r);
            double c = (frames - 1) / 2.0;
            for (int b = 0; b < mels; b++) {
                for (int j = 0; j < frames; j++) {
                    double p = Math.max(0, Math.min(frames - 1, c + (j - c) / r));
                    assertEquals(a[b] + slope[b] * p, lines.get(b, j), 1e-4 * (1 + Math.abs(a[b]) + 8 * frames),
                            what + ": band " + b + " frame " + j);
                    if (j > 0) {
                        double step = lines.get(b, j) - lines.get(b, j - 1);
                        assertTrue(step * slope[b] >= 0, what + ": monotone band " + b + " at frame " + j);
                    }
                }
            }
        }
    }

    @Test
    void worksInAPipeline() {
        SpectrogramAugmentation aug = SpectrogramAugmentation.pipeline(
                TimeStretch.of(0.8, 1.25).withProbability(0.5),
                new TimeShift(3, TimeShift.Mode.ROLL, MaskValue.ZERO));
        TrainingSample s = new TrainingSample(randomWindow(new Random(5), 8, 40), false);
        for (int w = 0; w < 20; w++) {
            assertArrayEquals(aug.apply(s, AugmentContext.of(1, 1, w)).mel().values(),
                    aug.apply(s, AugmentContext.of(1, 1, w)).mel().values());
        }
    }

    private static MelSpectrogram randomWindow(Random r, int mels, int frames) {
        float[] v = new float[mels * frames];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * 10);
        }
        return new MelSpectrogram(mels, frames, v);
    }
}
