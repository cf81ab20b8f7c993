package io.bullwatch.models.adapt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The defaults {@code docs/models.md} measured and documents: 1.5 h composed in 30-minute nights,
 * 60 bulls per hour at 0-15 dB, the parent's top 5 % left out, 20 fine-tuning epochs of 2,048
 * windows at lr 1e-3 beside the training corpus.
 */
class AdaptationDefaultsTest {

    @Test
    void defaultsAreTheMeasuredRecipe() {
        Adaptation a = Adaptation.builder(Path.of("parent"), List.of()).build();
        assertEquals("hours 1.5, nights of 1800.0 s, bulls/h 60.0, snr 0.0..15.0 dB, exclude top 0.05, keep training"
                + " true, epochs 20, lr 0.001, epoch windows 2048, seed 1", a.describe());
    }
}
