package io.bullwatch.features.resample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.audio.AudioSource;
import io.bullwatch.core.audio.SampleEncoding;
import io.bullwatch.core.audio.WavWriter;
import io.bullwatch.features.mel.MelConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResamplingTest {

    private static float[] tone(int rate, double hz, double amp, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (amp * Math.sin(2 * Math.PI * hz * i / rate + 0.3));
        }
        return x;
    }

    /** Amplitude of the sinusoid at an integer bin, by a direct DFT over n samples from start. */
    private static double amplitude(float[] y, int start, int n, int bin) {
        double re = 0;
        double im = 0;
        for (int i = 0; i < n; i++) {
            double a = -2 * Math.PI * (double) bin * i / n;
            re += y[start + i] * Math.cos(a);
            im += y[start + i] * Math.sin(a);
        }
        return 2 * Math.hypot(re, im) / n;
    }

    private static float[] resample(float[] x, int in, int out, ResamplerConfig f) throws IOException {
        try (ResampledAudioSource r = ResampledAudioSource.of(AudioSource.of(x, in), out, f)) {
            float[] y = new float[(int) r.frames()];
            assertEquals(y.length, r.read(0, y, 0, y.length));
            return y;
        }
    }

    @Test
    void tonesBelowTheCutoffKeepAmplitudeAndFrequency() throws IOException {
        int[][] cases = {{48000, 44100, 1000}, {48000, 44100, 18000}, {16000, 44100, 3000}, {44100, 16000, 5000},
            {44100, 22050, 7000}};
        for (int[] c : cases) {
            float[] y = resample(tone(c[0], c[2], 0.5, c[0] * 3 / 2), c[0], c[1], ResamplerConfig.kaiserBest());
            int n = c[1]; // one second: 1 Hz bins
            double a = amplitude(y, c[1] / 4, n, c[2]);
            double leak = Math.max(amplitude(y, c[1] / 4, n, c[2] - 1), amplitude(y, c[1] / 4, n, c[2] + 7));
            System.out.printf(Locale.ROOT, "resample %d -> %d Hz, %d Hz tone: amplitude %.6f (0.5), neighbours %.1e%n",
                    c[0], c[1], c[2], a, leak);
            assertEquals(0.5, a, 5e-4, "amplitude of " + c[2] + " Hz at " + c[0] + " -> " + c[1]);
            assertTrue(leak < 1e-5, "energy leaked to other bins: " + leak);
        }
    }

    @Test
    void tonesAboveTheNewNyquistAreAttenuatedByMoreThan60Db() throws IOException {
        // {in, out, tone, where its alias would land}
        int[][] cases = {{48000, 16000, 12000, 4000}, {48000, 44100, 23500, 20600}, {44100, 8000, 6000, 2000}};
        for (ResamplerConfig f : new ResamplerConfig[] {ResamplerConfig.kaiserBest(), ResamplerConfig.kaiserFast()}) {
            for (int[] c : cases) {
                float[] y = resample(tone(c[0], c[2], 0.5, c[0] * 3 / 2), c[0], c[1], f);
                double a = amplitude(y, c[1] / 4, c[1], c[3]);
                double db = 20 * Math.log10(0.5 / a);
                System.out.printf(Locale.ROOT, "%s: %d Hz tone at %d -> %d Hz: alias at %d Hz down %.1f dB%n",
                        f.tag(), c[2], c[0], c[1], c[3], db);
                assertTrue(db > 60, "only " + db + " dB");
            }
        }
    }

    /** An independent direct evaluation of sum_i x[i] h(i - n in / out). */
    private static double reference(float[] x, long n, int in, int out, ResamplerConfig f) {
        double cut = f.rolloff() * Math.min(1.0, (double) out / in);
        double tau = (double) n * in / out;
        double w = f.lowpassFilterWidth();
        double i0b = i0(f.beta());
        double sum = 0;
        for (int i = Math.max(0, (int) Math.floor(tau - w / cut) - 1); i <= Math.min(x.length - 1, tau + w / cut + 1); i++) {
            double t = (i - tau) * cut;
            if (Math.abs(t) > w) {
                continue;
            }
            double sinc = t == 0 ? 1 : Math.sin(Math.PI * t) / (Math.PI * t);
            sum += x[i] * cut * sinc * i0(f.beta() * Math.sqrt(1 - (t / w) * (t / w))) / i0b;
        }
        return sum;
    }

    private static double i0(double x) {
        double s = 0;
        double fact = 1;
        for (int k = 0; k < 60; k++) {
            if (k > 0) {
                fact *= k;
            }
            s += Math.pow(x / 2, 2 * k) / (fact * fact);
        }
        return s;
    }

    @Test
    void positionalReadsEqualAWholeResampleAndTheDirectFormula() throws IOException {
        Random r = new Random(3);
        float[] x = new float[10000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian() * 0.3f;
        }
        for (int[] c : new int[][] {{44100, 48000}, {48000, 44100}, {48000, 16000}}) {
            ResamplerConfig f = ResamplerConfig.kaiserFast();
            float[] whole = resample(x, c[0], c[1], f);
            for (int n : new int[] {0, 1, 17, whole.length / 2, whole.length - 1}) {
                assertEquals(reference(x, n, c[0], c[1], f), whole[n], 2e-6, "sample " + n);
            }
            try (ResampledAudioSource s = ResampledAudioSource.of(AudioSource.of(x, c[0]), c[1], f)) {
                for (int k = 0; k < 40; k++) {
                    int start = r.nextInt(whole.length);
                    int count = 1 + r.nextInt(6000);
                    float[] part = new float[count + 3];
                    int got = s.read(start, part, 3, count);
                    assertEquals(Math.min(count, whole.length - start), got);
                    for (int i = 0; i < got; i++) {
                        assertEquals(Float.floatToIntBits(whole[start + i]), Float.floatToIntBits(part[3 + i]),
                                "sample " + (start + i));
                    }
                }
                assertEquals(0, s.read(whole.length, new float[4], 0, 4));
                float[] viaDefault = s.readFrames(0, whole.length);
                assertArrayEquals(whole, viaDefault);
            }
        }
    }

    @Test
    void lengthIsTheCeilingOfFramesTimesTheRatio() {
        int[][] cases = {{48000, 44100, 1000}, {48000, 44100, 160}, {44100, 48000, 1}, {44100, 16000, 44101},
            {8000, 8000, 77}, {22050, 44100, 5}, {48000, 44100, 0}};
        for (int[] c : cases) {
            long expected = (long) Math.ceil((double) c[2] * c[1] / c[0]);
            assertEquals(expected, ResampledAudioSource.of(AudioSource.of(new float[c[2]], c[0]), c[1],
                    ResamplerConfig.kaiserFast()).frames(), java.util.Arrays.toString(c));
        }
        assertEquals(919, ResampledAudioSource.of(AudioSource.of(new float[1000], 48000), 44100,
                ResamplerConfig.kaiserFast()).frames()); // 918.75 rounded up
    }

    @Test
    void configMismatchIsRefusedByDefaultOrResampled() {
        MelConfig seed = MelConfig.seed();
        AudioSource same = AudioSource.of(new float[100], 44100);
        assertSame(same, Resampling.forConfig(same, seed, Resampling.RatePolicy.REFUSE));
        AudioSource other = AudioSource.of(new float[4800], 48000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Resampling.forConfig(other, seed, Resampling.RatePolicy.REFUSE));
        assertTrue(e.getMessage().contains("48000 Hz") && e.getMessage().contains("44100 Hz"), e.getMessage());
        AudioSource r = Resampling.forConfig(other, seed, Resampling.RatePolicy.RESAMPLE);
        assertEquals(44100, r.sampleRate());
        assertEquals(4410, r.frames());
        assertThrows(IllegalArgumentException.class, () -> new ResamplerConfig(0, 0.9, 5));
        assertThrows(IllegalArgumentException.class, () -> new ResamplerConfig(6, 1.2, 5));
        assertEquals("kaiser(width=16,rolloff=0.85,beta=8.555504641634386)", ResamplerConfig.kaiserFast().tag());
    }

    @Test
    void aRefusedSourceIsClosedSoThatOpeningItInTheCallLeaksNothing(@TempDir Path dir) throws IOException {
        Path wav = dir.resolve("at48k.wav");
        WavWriter.write(wav, new float[4800], 48000, SampleEncoding.PCM_SIGNED_16);
        AudioSource[] opened = new AudioSource[1];
        assertThrows(IllegalArgumentException.class, () -> Resampling.forConfig(
                opened[0] = io.bullwatch.core.audio.WavFile.open(wav), MelConfig.seed(), Resampling.RatePolicy.REFUSE));
        // its file channel is closed: a read fails instead of working on a leaked handle
        assertThrows(IOException.class, () -> opened[0].readFrames(0, 10));
        // the same file at the same rate is handed back open
        try (AudioSource same = Resampling.forConfig(io.bullwatch.core.audio.WavFile.open(wav),
                MelConfig.seed().toBuilder().optSampleRate(48000).build(), Resampling.RatePolicy.REFUSE)) {
            assertEquals(10, same.readFrames(0, 10).length);
        }
    }

    @Test
    void openMonoResamplesOnlyWhenTheRateDiffersAndHandsBackWhatItOpened(@TempDir Path dir) throws IOException {
        float[] x = new float[16000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / 16000.0));
        }
        Path wav = dir.resolve("a.wav");
        WavWriter.write(wav, x, 16000, SampleEncoding.FLOAT_32);
        List<AudioSource> opened = new ArrayList<>();
        AudioSource same = Resampling.openMono(wav, 16000, opened);
        assertEquals(List.of(same), opened, "the file itself, no resampler");
        assertEquals(16000, same.frames());
        AudioSource half = Resampling.openMono(wav, 8000, opened);
        assertEquals(3, opened.size(), "the file and the resampler over it");
        assertSame(half, opened.get(2));
        assertEquals(8000, half.sampleRate());
        assertEquals(8000, half.frames());
        for (AudioSource a : opened) {
            a.close();
        }
        assertThrows(IOException.class, () -> Resampling.openMono(dir.resolve("missing.wav"), 8000, opened));
    }
}
