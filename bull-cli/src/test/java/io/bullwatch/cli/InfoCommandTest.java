package io.bullwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.testing.WavBytes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfoCommandTest extends CliTestBase {

    @TempDir
    Path dir;

    @Test
    void reportsEveryFileAndFailsIfAnyFailed() throws Exception {
        Path good = dir.resolve("good.wav");
        Files.write(good, WavBytes.riff().fmt(1, 2, 44_100, 16).data(new byte[4 * 441]).build());
        Path truncated = dir.resolve("cut.wav");
        Files.write(truncated, WavBytes.riff().fmt(1, 1, 22_050, 16).data(1_000_000, new byte[200]).build());
        Path bad = dir.resolve("bad.wav");
        Files.write(bad, "not audio at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        Path missing = dir.resolve("missing.wav");

        int code = run("info", bad.toString(), good.toString(), missing.toString(), truncated.toString());

        assertEquals(1, code);
        String[] lines = out.toString().split("\\R");
        assertEquals(4, lines.length, out.toString());
        assertTrue(lines[0].startsWith("{\"file\":\"" + bad + "\",\"error\":\"" + bad + ": not a WAV file"), lines[0]);
        assertEquals("{\"file\":\"" + good + "\",\"container\":\"RIFF\",\"sampleRate\":44100,\"channels\":2,"
                + "\"bits\":16,\"encoding\":\"PCM_SIGNED_16\",\"frames\":441,\"seconds\":0.01,\"bytes\":1808,"
                + "\"warnings\":[]}", lines[1]);
        assertTrue(lines[2].contains("\"error\":\"" + missing + ": no such file\""), lines[2]);
        assertTrue(lines[3].contains("\"frames\":100,") && lines[3].contains("declares 1000000 bytes"), lines[3]);
        String errors = err.toString();
        assertTrue(errors.contains("bull info: " + bad + ": not a WAV file"), errors);
        assertTrue(errors.contains(missing + ": no such file"), errors);
        assertFalse(errors.contains("Exception"), "no stack traces: " + errors);
    }

    @Test
    void allGoodFilesExitZero() throws Exception {
        Path good = dir.resolve("a.wav");
        Files.write(good, WavBytes.riff().fmt(3, 1, 8000, 32).data(new byte[32]).build());
        assertEquals(0, run("info", good.toString()));
        assertTrue(out.toString().contains("\"encoding\":\"FLOAT_32\""));
    }

    @Test
    void missingArgumentsAreAUsageError() {
        assertEquals(2, run("info"));
        assertEquals(2, run());
    }

    @Test
    void scanMeasuresEveryChannelAndTheDownmix() throws Exception {
        // stereo, 1000 frames: left 0.5, right -1.0 (full scale, clipped); downmix -0.25
        double[] frames = new double[2000];
        for (int i = 0; i < 1000; i++) {
            frames[2 * i] = 0.5;
            frames[2 * i + 1] = -1.0;
        }
        Path f = dir.resolve("stereo.wav");
        Files.write(f, WavBytes.riff().fmt(1, 2, 8000, 16).data(WavBytes.encode(frames, 1, 16)).build());
        assertEquals(0, run("info", "--scan", f.toString()), err::toString);
        // 20 log10(0.25) = -12.0412 dBFS
        assertTrue(out.toString().contains("\"peak\":1.0,\"rmsDbfs\":-12.041"), out.toString());
        assertTrue(out.toString().contains("\"clippedSamples\":1000}"), out.toString());
    }
}
