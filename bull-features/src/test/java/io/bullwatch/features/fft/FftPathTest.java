package io.bullwatch.features.fft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.features.mel.ExtractorOptions;
import io.bullwatch.features.mel.MelConfig;
import io.bullwatch.features.mel.MelSpectrogramExtractor;
import org.junit.jupiter.api.Test;

/**
 * Path selection. Runs in both surefire executions: with {@code --add-modules
 * jdk.incubator.vector} and without it (where the library must still load and use JTransforms).
 */
class FftPathTest {

    @Test
    void autoFollowsTheModuleAndForcingWorks() {
        boolean present = FftPath.vectorModulePresent();
        assertEquals(present, ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
        FftPath auto = FftPath.resolve("auto");
        assertEquals(auto, FftPath.resolve(null));
        assertEquals(auto, FftPath.resolve(" AUTO "));
        if (present && FftPath.vectorLanes() >= FftPath.MIN_AUTO_LANES) {
            assertEquals(FftPath.VECTOR, auto);
        } else {
            assertEquals(FftPath.JTRANSFORMS, auto);
        }
        assertEquals(FftPath.JTRANSFORMS, FftPath.resolve("jtransforms"));
        assertNull(FftPath.JTRANSFORMS.batchFft(new float[16]));
        if (present) {
            assertEquals(FftPath.VECTOR, FftPath.resolve("vector"));
            assertTrue(FftPath.vectorLanes() >= 1);
        } else {
            assertEquals(0, FftPath.vectorLanes());
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> FftPath.resolve("vector"));
            assertTrue(e.getMessage().contains("--add-modules jdk.incubator.vector"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> FftPath.VECTOR.batchFft(new float[16]));
        }
        assertThrows(IllegalArgumentException.class, () -> FftPath.resolve("fftw"));
    }

    @Test
    void theExtractorSaysWhichPathRan() {
        MelConfig config = MelConfig.builder().optSampleRate(8000).optNFft(256).optHop(64)
                .optNMels(16).build();
        try (MelSpectrogramExtractor e = MelSpectrogramExtractor.create(config)) {
            assertEquals(FftPath.fromSystemProperty(), e.fftPath());
        }
        try (MelSpectrogramExtractor e = MelSpectrogramExtractor.create(config, new ExtractorOptions(2, 8, FftPath.JTRANSFORMS))) {
            assertEquals(FftPath.JTRANSFORMS, e.fftPath());
            assertEquals(config.frames(1000), e.extract(new float[1000]).frames());
        }
        if (!FftPath.vectorModulePresent()) {
            assertThrows(IllegalStateException.class,
                    () -> MelSpectrogramExtractor.create(config, new ExtractorOptions(1, 8, FftPath.VECTOR)));
        }
    }
}
