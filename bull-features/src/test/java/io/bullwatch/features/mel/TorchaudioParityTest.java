package io.bullwatch.features.mel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.features.mel.MelConfig.OutputScale;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parity with torchaudio 0.13 ({@code MelSpectrogram}, {@code AmplitudeToDB}) on the golden files
 * of {@code scripts/torchaudio-golden.py}: maximum relative error at most 1e-4 wherever the
 * reference is above 1e-6 of its maximum. dB and log outputs are compared after mapping them
 * back to linear values, so the same criterion applies to every scale.
 *
 * <p>Runs on the FFT path the system property {@code bullwatch.fft} selects: bull-features' pom
 * runs it once with the vector path forced and once without the Vector API module (JTransforms).
 */
class TorchaudioParityTest {

    static final double TOLERANCE = 1e-4;
    static final double FLOOR = 1e-6;

    static Stream<Arguments> cases() throws IOException {
        return Golden.melCases().stream().map(c -> Arguments.of(c.name(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTorchaudioFloat32AndFloat64(String name, Golden.Case c) throws IOException {
        MelConfig config = MelConfig.fromJson(Golden.text(name + ".json"));
        float[] input = Golden.floats(name + ".input.f32");
        assertEquals(c.inputLength(), input.length);
        MelSpectrogram mel;
        String fftPath;
        try (MelSpectrogramExtractor extractor = MelSpectrogramExtractor.create(config)) {
            mel = extractor.extract(input);
            fftPath = extractor.fftPath().id();
        }
        assertEquals(c.rows(), mel.mels());
        assertEquals(c.columns(), mel.frames());
        double e32 = maxRelativeError(config, mel.values(), Golden.floats(name + ".mel.f32"));
        double e64 = maxRelativeError(config, mel.values(), Golden.floats(name + ".mel64.f32"));
        System.out.printf(Locale.ROOT, "| %s | %s | %d x %d | %.2e | %.2e |%n",
                name, fftPath, mel.mels(), mel.frames(), e32, e64);
        assertTrue(e32 <= TOLERANCE, name + ": max relative error vs torchaudio float32 " + e32);
        assertTrue(e64 <= TOLERANCE, name + ": max relative error vs torchaudio float64 " + e64);
    }

    @Test
    void silenceIsExactlyZeroOrTheDbFloor() throws IOException {
        for (String name : List.of("silence_linear", "silence_seed_db")) {
            MelConfig config = MelConfig.fromJson(Golden.text(name + ".json"));
            try (MelSpectrogramExtractor extractor = MelSpectrogramExtractor.create(config)) {
                float[] got = extractor.extract(Golden.floats(name + ".input.f32")).values();
                assertArrayEquals(Golden.floats(name + ".mel.f32"), got, 0f, name);
            }
        }
    }

    /** Relative error where the reference (as a linear value) exceeds FLOOR times its maximum. */
    static double maxRelativeError(MelConfig config, float[] ours, float[] reference) {
        assertEquals(reference.length, ours.length);
        double[] a = linear(config, ours);
        double[] b = linear(config, reference);
        double max = 0;
        for (double v : b) {
            max = Math.max(max, Math.abs(v));
        }
        double worst = 0;
        for (int i = 0; i < b.length; i++) {
            if (Math.abs(b[i]) > FLOOR * max) {
                worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.abs(b[i]));
            }
        }
        return worst;
    }

    private static double[] linear(MelConfig config, float[] values) {
        double[] out = new double[values.length];
        double multiplier = config.power() == 2 ? 10 : 20;
        for (int i = 0; i < values.length; i++) {
            out[i] = config.scale() == OutputScale.DB ? Math.pow(10, values[i] / multiplier)
                    : config.scale() == OutputScale.LOG ? Math.exp(values[i])
                    : values[i];
        }
        return out;
    }
}
