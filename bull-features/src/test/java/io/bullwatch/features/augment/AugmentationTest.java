package io.bullwatch.features.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.features.mel.MelConfig;
import io.bullwatch.features.mel.MelSpectrogram;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AugmentationTest {

    private static MelSpectrogram random(long seed, int mels, int frames) {
        Random r = new Random(seed);
        float[] v = new float[mels * frames];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (0.01 + r.nextDouble() * r.nextDouble());
        }
        return new MelSpectrogram(mels, frames, v);
    }

    private static TrainingSample sample(long seed, boolean bull) {
        return new TrainingSample(random(seed, 8, 40), bull);
    }

    private static SpectrogramAugmentation everything() {
        SpectrogramBank noise = SpectrogramBank.of(List.of(random(100, 8, 90), random(101, 8, 25)));
        SampleBank partners = SampleBank.of(List.of(sample(200, true), sample(201, false)));
        return SpectrogramAugmentation.pipeline(
                new BackgroundMix(noise, 0, 20, FeatureDomain.LINEAR_POWER).withProbability(0.7),
                new Mixup(partners, 0.4).withProbability(0.5),
                new Gain(-6, 6, FeatureDomain.LINEAR_POWER),
                new TimeShift(5, TimeShift.Mode.ROLL, MaskValue.ZERO),
                Masks.time(2, 6, MaskValue.MEAN),
                Masks.frequency(2, 3, MaskValue.ZERO));
    }

    @Test
    void sameSeedAndWindowGiveTheSameResultOnAnyThreadAndOrder() {
        SpectrogramAugmentation aug = everything();
        TrainingSample in = sample(1, false);
        float[] before = in.mel().values().clone();
        List<float[]> serial = new ArrayList<>();
        for (int w = 0; w < 50; w++) {
            serial.add(aug.apply(in, AugmentContext.of(7, 3, w)).mel().values());
        }
        assertArrayEquals(before, in.mel().values(), "input must not be modified");
        List<float[]> parallel = IntStream.range(0, 50).parallel().map(w -> 49 - w).boxed()
                .map(w -> aug.apply(in, AugmentContext.of(7, 3, w)))
                .map(s -> s.mel().values()).toList();
        for (int w = 0; w < 50; w++) {
            assertArrayEquals(serial.get(w), parallel.get(49 - w));
        }
        Set<Integer> distinct = new HashSet<>();
        serial.forEach(v -> distinct.add(java.util.Arrays.hashCode(v)));
        assertTrue(distinct.size() > 45, "windows should be augmented differently");
        float[] otherEpoch = aug.apply(in, AugmentContext.of(7, 4, 0)).mel().values();
        float[] otherSeed = aug.apply(in, AugmentContext.of(8, 3, 0)).mel().values();
        assertFalse(java.util.Arrays.equals(serial.get(0), otherEpoch));
        assertFalse(java.util.Arrays.equals(serial.get(0), otherSeed));
    }

    @Test
    void masksHitExactlyTheDrawnSpans() {
        MelSpectrogram m = random(2, 8, 40);
        double sum = 0;
        for (float v : m.values()) {
            sum += v;
        }
        float mean = (float) (sum / m.values().length);
        Set<Integer> widths = new HashSet<>();
        for (int w = 0; w < 200; w++) {
            AugmentContext ctx = AugmentContext.of(3, 0, w);
            for (Masks masks : List.of(Masks.time(3, 7, MaskValue.MEAN), Masks.frequency(2, 3, MaskValue.ZERO))) {
                boolean time = masks.axis() == Masks.Axis.TIME;
                List<Span> spans = masks.plan(ctx, time ? 40 : 8);
                assertEquals(masks.count(), spans.size());
                float fill = time ? mean : 0f;
                MelSpectrogram out = masks.apply(new TrainingSample(m, true), ctx).mel();
                for (int b = 0; b < 8; b++) {
                    for (int f = 0; f < 40; f++) {
                        int idx = time ? f : b;
                        boolean hit = spans.stream().anyMatch(s -> s.contains(idx));
                        assertEquals(hit ? fill : m.get(b, f), out.get(b, f), 0f, "cell " + b + "," + f);
                    }
                }
                for (Span s : spans) {
                    assertTrue(s.width() <= masks.maxWidth() && s.start() + s.width() <= (time ? 40 : 8), s.toString());
                    if (time) {
                        widths.add(s.width());
                    }
                }
            }
        }
        assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6, 7), widths);
    }

    @Test
    void timeShiftRollsOrPads() {
        MelSpectrogram m = random(4, 3, 20);
        Set<Integer> shifts = new HashSet<>();
        for (int w = 0; w < 100; w++) {
            AugmentContext ctx = AugmentContext.of(5, 0, w);
            TimeShift roll = new TimeShift(4, TimeShift.Mode.ROLL, MaskValue.ZERO);
            TimeShift pad = new TimeShift(4, TimeShift.Mode.PAD, MaskValue.ZERO);
            int s = roll.draw(ctx);
            shifts.add(s);
            MelSpectrogram r = roll.apply(new TrainingSample(m, false), ctx).mel();
            MelSpectrogram p = pad.apply(new TrainingSample(m, false), ctx).mel();
            for (int b = 0; b < 3; b++) {
                for (int f = 0; f < 20; f++) {
                    assertEquals(m.get(b, ((f - s) % 20 + 20) % 20), r.get(b, f));
                    assertEquals(f - s >= 0 && f - s < 20 ? m.get(b, f - s) : 0f, p.get(b, f));
                }
            }
        }
        assertEquals(Set.of(-4, -3, -2, -1, 0, 1, 2, 3, 4), shifts);
    }

    @Test
    void gainArithmeticPerDomain() {
        MelSpectrogram m = random(6, 2, 5);
        TrainingSample in = new TrainingSample(m, true);
        AugmentContext ctx = AugmentContext.of(1, 1, 1);
        double[][] cases = { // domain ordinal, expected factor or offset for +6 dB
            {FeatureDomain.LINEAR_POWER.ordinal(), 3.9810717055349722},
            {FeatureDomain.LINEAR_AMPLITUDE.ordinal(), 1.9952623149688795},
            {FeatureDomain.DB.ordinal(), 6.0},
            {FeatureDomain.LOG_POWER.ordinal(), 1.3815510557964274},
            {FeatureDomain.LOG_AMPLITUDE.ordinal(), 0.6907755278982137},
        };
        for (double[] c : cases) {
            FeatureDomain d = FeatureDomain.values()[(int) c[0]];
            MelSpectrogram out = new Gain(6, 6, d).apply(in, ctx).mel();
            for (int i = 0; i < m.values().length; i++) {
                float expected = d.linear() ? (float) (m.values()[i] * c[1]) : (float) (m.values()[i] + c[1]);
                assertEquals(expected, out.values()[i], Math.ulp(expected), d.toString());
            }
        }
        Gain range = new Gain(-3, 9, FeatureDomain.LINEAR_POWER);
        for (int w = 0; w < 50; w++) {
            MelSpectrogram out = range.apply(in, AugmentContext.of(2, 0, w)).mel();
            double db = 10 * Math.log10(out.values()[0] / (double) m.values()[0]);
            assertTrue(db >= -3 - 1e-5 && db <= 9 + 1e-5, "gain " + db);
            for (int i = 1; i < m.values().length; i++) {
                assertEquals(db, 10 * Math.log10(out.values()[i] / (double) m.values()[i]), 1e-5);
            }
        }
        assertEquals(FeatureDomain.LINEAR_POWER, FeatureDomain.of(MelConfig.seed()));
        assertEquals(FeatureDomain.DB, FeatureDomain.of(MelConfig.builder().optScale(MelConfig.OutputScale.DB).build()));
        assertEquals(FeatureDomain.LOG_AMPLITUDE,
                FeatureDomain.of(MelConfig.builder().optPower(1).optScale(MelConfig.OutputScale.LOG).build()));
    }

    @Test
    void backgroundMixMeetsTheDrawnSnr() {
        MelSpectrogram x = random(7, 8, 40);
        SpectrogramBank bank = SpectrogramBank.of(List.of(random(8, 8, 100), random(9, 8, 17)));
        double meanX = 0;
        for (float v : x.values()) {
            meanX += v;
        }
        meanX /= x.values().length;
        List<Double> measured = new ArrayList<>();
        for (double[] range : new double[][] {{5, 5}, {-10, 30}}) {
            BackgroundMix mix = new BackgroundMix(bank, range[0], range[1], FeatureDomain.LINEAR_POWER);
            for (int w = 0; w < 100; w++) {
                MelSpectrogram out = mix.apply(new TrainingSample(x, false), AugmentContext.of(1, 0, w)).mel();
                double added = 0;
                for (int i = 0; i < out.values().length; i++) {
                    double a = (double) out.values()[i] - x.values()[i];
                    assertTrue(a > 0, "background only adds power");
                    added += a;
                }
                added /= out.values().length;
                double snr = 10 * Math.log10(meanX / added);
                if (range[0] == range[1]) {
                    assertEquals(5.0, snr, 2e-3);
                } else {
                    assertTrue(snr > range[0] - 2e-3 && snr < range[1] + 2e-3, "snr " + snr);
                    measured.add(snr);
                }
            }
        }
        assertTrue(measured.stream().anyMatch(s -> s < 0) && measured.stream().anyMatch(s -> s > 20));
        // magnitudes: powers add
        BackgroundMix amp = new BackgroundMix(bank, 3, 3, FeatureDomain.LINEAR_AMPLITUDE);
        MelSpectrogram out = amp.apply(new TrainingSample(x, true), AugmentContext.of(1, 0, 0)).mel();
        double px = 0;
        double pa = 0;
        for (int i = 0; i < out.values().length; i++) {
            double xi = x.values()[i];
            px += xi * xi;
            pa += (double) out.values()[i] * out.values()[i] - xi * xi;
        }
        assertEquals(3.0, 10 * Math.log10(px / pa), 1e-2);
        assertThrows(IllegalArgumentException.class, () -> new BackgroundMix(bank, 0, 10, FeatureDomain.DB));
        MelSpectrogram silent = new MelSpectrogram(8, 40, new float[320]);
        TrainingSample s = new TrainingSample(silent, false);
        assertSame(s, new BackgroundMix(bank, 0, 0, FeatureDomain.LINEAR_POWER).apply(s, AugmentContext.of(0, 0, 0)));
    }

    @Test
    void mixupLabelIsOrAndLambdaInBounds() {
        TrainingSample pos = sample(10, true);
        TrainingSample neg = sample(11, false);
        boolean[][] table = {{false, false, false}, {false, true, true}, {true, false, true}, {true, true, true}};
        for (boolean[] row : table) {
            TrainingSample a = new TrainingSample(row[0] ? pos.mel() : neg.mel(), row[0]);
            TrainingSample b = new TrainingSample(row[1] ? pos.mel() : neg.mel(), row[1]);
            Mixup mixup = new Mixup(SampleBank.of(List.of(b)), 1.0);
            for (int w = 0; w < 10; w++) {
                AugmentContext ctx = AugmentContext.of(3, 0, w);
                TrainingSample out = mixup.apply(a, ctx);
                assertEquals(row[2], out.bull());
                double lambda = mixup.drawLambda(ctx);
                assertTrue(lambda >= 0 && lambda <= 1);
                for (int i = 0; i < out.mel().values().length; i++) {
                    float expected = (float) (lambda * a.mel().values()[i] + (1 - lambda) * b.mel().values()[i]);
                    assertEquals(expected, out.mel().values()[i], 0f);
                }
            }
        }
    }

    @Test
    void betaDrawsHaveTheBetaMoments() {
        for (double alpha : new double[] {0.2, 0.4, 1.0, 2.0}) {
            Mixup mixup = new Mixup(SampleBank.of(List.of(sample(1, false))), alpha);
            int n = 20000;
            double s = 0;
            double ss = 0;
            for (int w = 0; w < n; w++) {
                double l = mixup.drawLambda(AugmentContext.of(9, 0, w));
                assertTrue(l >= 0 && l <= 1);
                s += l;
                ss += l * l;
            }
            double mean = s / n;
            double var = ss / n - mean * mean;
            double expectedVar = 1 / (4 * (2 * alpha + 1));
            assertEquals(0.5, mean, 0.01, "alpha " + alpha);
            assertEquals(expectedVar, var, 0.05 * expectedVar, "alpha " + alpha);
        }
    }

    @Test
    void disabledAugmentationsChangeNothing() {
        TrainingSample in = sample(12, true);
        AugmentContext ctx = AugmentContext.of(1, 2, 3);
        for (SpectrogramAugmentation a : List.of(SpectrogramAugmentation.none(), Masks.time(0, 10, MaskValue.MEAN),
                Masks.frequency(3, 0, MaskValue.ZERO), new TimeShift(0, TimeShift.Mode.PAD, MaskValue.ZERO),
                new Gain(0, 0, FeatureDomain.DB), new Gain(6, 6, FeatureDomain.DB).withProbability(0),
                SpectrogramAugmentation.pipeline())) {
            TrainingSample out = a.apply(in, ctx);
            assertArrayEquals(in.mel().values(), out.mel().values());
            assertEquals(in.bull(), out.bull());
        }
    }

    @Test
    void probabilityAppliesToTheRequestedShare() {
        SpectrogramAugmentation g = new Gain(6, 6, FeatureDomain.DB).withProbability(0.3);
        TrainingSample in = sample(13, false);
        int applied = 0;
        for (int w = 0; w < 5000; w++) {
            if (g.apply(in, AugmentContext.of(4, 0, w)) != in) {
                applied++;
            }
        }
        assertEquals(0.3, applied / 5000.0, 0.02);
    }
}
