package io.bullwatch.models.adapt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The defaults {@code docs/models.md} measured and documents: 1.5 h composed in 30-minute nights,
 * 60 bulls per hour at 0-15 dB, the parent's top 5 % left out, 20 fine-tuning epochs of 2,048
 * windows at lr 1e-3 beside the training corpus, an expert's verdicts fine-tuning and calibrating.
 */
class AdaptationDefaultsTest {

    private static final String DEFAULTS = "hours 1.5, nights of 1800.0 s, bulls/h 60.0, snr 0.0..15.0 dB, exclude"
            + " top 0.05, keep training true, epochs 20, lr 0.001, epoch windows 2048, seed 1";

    @Test
    void defaultsAreTheMeasuredRecipe() {
        Adaptation a = Adaptation.builder(Path.of("parent"), List.of()).build();
        assertEquals(DEFAULTS + ", verdicts calibrate too", a.describe(true));
    }

    @Test
    void verdictsCalibratingIsNamedOnlyWhenOnSoRunsWhereTheyFineTunedOnlyKeepTheirKeys() {
        Adaptation a = Adaptation.builder(Path.of("parent"), List.of()).optVerdictsCalibrate(false).build();
        assertEquals(DEFAULTS, a.describe(true));
    }

    @Test
    void withoutVerdictsTheirOptionIsNotNamedSoAudioOnlyRunsKeepTheirKeys() {
        // an adaptation from audio alone is the same whatever the verdicts' option says
        assertEquals(DEFAULTS, Adaptation.builder(Path.of("parent"), List.of()).build().describe());
        assertEquals(DEFAULTS, Adaptation.builder(Path.of("parent"), List.of()).build().describe(false));
        assertEquals(DEFAULTS, Adaptation.builder(Path.of("parent"), List.of()).optVerdictsCalibrate(false).build()
                .describe());
    }

    @Test
    void oneNightsVerdictsGivenTwiceAreRefusedBeforeAnyWork(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path night = java.nio.file.Files.createFile(dir.resolve("night01.wav"));
        Path link = java.nio.file.Files.createSymbolicLink(dir.resolve("same-night.wav"), night);
        ReviewedNight a = new ReviewedNight(night, List.of(), List.of(), List.of(), 0, 0, 0);
        ReviewedNight b = new ReviewedNight(link, List.of(), List.of(), List.of(), 0, 0, 0);
        // the parent does not exist: the refusal comes before it is read
        Adaptation adaptation = Adaptation.builder(dir.resolve("no-parent"), List.of()).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adaptation.adapt(List.of(),
                List.of(a, b), List.of(), dir.resolve("out"), dir.resolve("work"), Adaptation.Listener.NONE));
        assertTrue(e.getMessage().contains("has verdicts twice"), e.getMessage());
        assertFalse(java.nio.file.Files.exists(dir.resolve("out")));
    }

    @Test
    void averagingIsNamedOnlyWhenSetSoEarlierRunsKeepTheirKeys() {
        Adaptation a = Adaptation.builder(Path.of("parent"), List.of()).optAveraging(0.995).build();
        assertEquals(DEFAULTS + ", average 0.995", a.describe());
        assertEquals(DEFAULTS + ", verdicts calibrate too, average 0.995", a.describe(true));
        Adaptation.Builder b = Adaptation.builder(Path.of("parent"), List.of());
        assertThrows(IllegalArgumentException.class, () -> b.optAveraging(1));
        assertThrows(IllegalArgumentException.class, () -> b.optAveraging(-0.1));
        assertThrows(IllegalArgumentException.class, () -> b.optAveraging(Double.NaN));
    }
}
