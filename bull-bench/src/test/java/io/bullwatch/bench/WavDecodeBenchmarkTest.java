package io.bullwatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bullwatch.core.audio.SampleEncoding;
import io.bullwatch.core.audio.WavFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavDecodeBenchmarkTest {

    @TempDir
    Path dir;

    @Test
    void benchmarkRecordingDecodesToTheToneItWasWrittenWith() throws Exception {
        Path f = dir.resolve("b.wav");
        long frames = 3 * 44_100 + 123;
        WavDecodeBenchmark.writeTestRecording(f, frames, 2, SampleEncoding.FLOAT_32);
        assertEquals(frames, WavFile.info(f).frames());
        // Independent sum: the tone repeats every second (44.1 samples per period, 1000 whole periods),
        // so each whole second sums to ~0 and the remainder is the sum of its first 123 samples.
        double expected = 0;
        for (int second = 0; second < 3; second++) {
            for (int i = 0; i < 44_100; i++) {
                expected += (float) (0.25 * Math.sin(2 * Math.PI * 1000 * i / 44_100));
            }
        }
        for (int i = 0; i < 123; i++) {
            expected += (float) (0.25 * Math.sin(2 * Math.PI * 1000 * i / 44_100));
        }
        assertEquals(expected, WavDecodeBenchmark.sumAll(f, new float[1000]), 1e-6);
    }
}
