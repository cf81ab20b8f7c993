package io.bullwatch.features.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.audio.AudioSource;
import io.bullwatch.core.audio.SampleEncoding;
import io.bullwatch.core.audio.WavFile;
import io.bullwatch.core.audio.WavWriter;
import io.bullwatch.features.augment.AugmentContext;
import io.bullwatch.features.augment.BackgroundMix;
import io.bullwatch.features.augment.FeatureDomain;
import io.bullwatch.features.augment.MaskValue;
import io.bullwatch.features.augment.Masks;
import io.bullwatch.features.augment.SpectrogramAugmentation;
import io.bullwatch.features.augment.SpectrogramBank;
import io.bullwatch.features.augment.TrainingSample;
import io.bullwatch.features.mel.MelConfig;
import io.bullwatch.features.mel.MelSpectrogram;
import io.bullwatch.features.mel.MelSpectrogramExtractor;
import io.bullwatch.features.resample.ResamplerConfig;
import io.bullwatch.features.resample.Resampling;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pieces together: 48 kHz recordings, resampled, cached, augmented, standardised. */
class TrainingPipelineTest {

    private static final MelConfig CONFIG = MelConfig.builder().optSampleRate(16000).optNFft(512).optHop(160)
            .optNMels(40).build();

    @TempDir
    Path tmp;

    private Path recording(String name, long seed) throws IOException {
        Random r = new Random(seed);
        float[] x = new float[48000 * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.05 * r.nextGaussian() + 0.2 * Math.sin(2 * Math.PI * (300 + seed * 100) * i / 48000.0));
        }
        Path p = tmp.resolve(name);
        WavWriter.write(p, x, 48000, SampleEncoding.PCM_SIGNED_16);
        return p;
    }

    @Test
    void resampledCachedAndAugmented() throws IOException {
        ResamplerConfig filter = ResamplerConfig.kaiserFast();
        FeatureCache cache = FeatureCache.builder().setDirectory(tmp.resolve("cache")).setConfig(CONFIG)
                .optOpener(p -> Resampling.forConfig(WavFile.open(p), CONFIG, Resampling.RatePolicy.RESAMPLE, filter))
                .optSourceTag(filter.tag()).build();
        Path train = recording("site1.wav", 1);
        Path other = recording("site2.wav", 2);
        CachedFeatures a = cache.open(train);
        CachedFeatures b = cache.open(other);
        assertEquals(CONFIG.frames(48000L), a.frames());
        assertFalse(cache.open(train).computed());

        // the cached frames equal those of a fresh streamed extraction of the resampled recording
        List<float[]> direct = new ArrayList<>();
        try (AudioSource s = Resampling.forConfig(WavFile.open(train), CONFIG, Resampling.RatePolicy.RESAMPLE, filter);
                MelSpectrogramExtractor mel = MelSpectrogramExtractor.create(CONFIG, 1)) {
            mel.streamFrames(s, (first, count, values) -> direct.add(java.util.Arrays.copyOf(values, count * 40)));
        }
        long read = 0;
        for (float[] expected : direct) {
            int n = expected.length / 40;
            float[] block = new float[expected.length];
            a.readFrames(read, n, block, 0);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], block[i], 1e-6f * Math.max(1f, Math.abs(expected[i])));
            }
            read += n;
        }
        assertEquals(a.frames(), read);

        // other site's background mixed into training windows, masks, then standardisation
        List<MelSpectrogram> background = new ArrayList<>();
        for (long f = 0; f + 100 <= b.frames(); f += 50) {
            background.add(b.window(f, 100));
        }
        SpectrogramAugmentation aug = SpectrogramAugmentation.pipeline(
                new BackgroundMix(SpectrogramBank.of(background), 0, 10, FeatureDomain.of(CONFIG)),
                Masks.time(2, 10, MaskValue.ZERO), Masks.frequency(1, 5, MaskValue.ZERO));
        int index = 0;
        for (long f = 0; f + 100 <= a.frames(); f += 50) {
            TrainingSample s = aug.apply(new TrainingSample(a.window(f, 100), false), AugmentContext.of(42, 0, index++));
            for (float v : s.mel().values()) {
                assertTrue(Float.isFinite(v));
            }
        }
    }
}
