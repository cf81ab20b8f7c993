package io.bullwatch.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnergyDetectorTest {

    @TempDir
    Path dir;

    @Test
    void findsLoudBurstsAndNothingElse() throws Exception {
        Path wav = TestRecordings.write(dir.resolve("night.wav"), 16000, 180, 1, 41.0, 122.5);
        EnergyDetector detector = EnergyDetector.of(15);
        double[] last = {0};
        RecordingDetection d = detector.detect(wav, (done, total) -> {
            assertEquals(180, total, 1e-9);
            last[0] = done;
        });
        assertEquals(180, last[0], 1e-9);
        assertEquals("night.wav", d.name());
        assertEquals(34, d.windows().size()); // full 15 s windows every 5 s in 180 s
        assertEquals(2, d.events().size(), d.events().toString());
        assertTrue(d.events().get(0).start() <= 41.0 && d.events().get(0).end() >= 41.3, d.events().toString());
        assertTrue(d.events().get(1).start() <= 122.5 && d.events().get(1).end() >= 122.8, d.events().toString());
        assertTrue(d.events().get(0).score() > 25, "a 30 dB burst stands out: " + d.events());
        assertEquals(15.0, detector.parameters().get("threshold"));
        assertEquals("energy", detector.parameters().get("detector"));
    }

    @Test
    void stopsWhenInterrupted() throws Exception {
        Path wav = TestRecordings.write(dir.resolve("long.wav"), 8000, 120, 2);
        Thread.currentThread().interrupt();
        try {
            // Interrupted reads end either between blocks or in the file channel (closed by interrupt).
            IOException e = assertThrows(IOException.class, () -> EnergyDetector.of(10).detect(wav, null));
            assertTrue(e instanceof InterruptedIOException || e instanceof ClosedByInterruptException, e.toString());
        } finally {
            Thread.interrupted();
        }
    }
}
