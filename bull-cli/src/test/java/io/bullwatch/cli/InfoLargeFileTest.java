package io.bullwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.audio.SampleEncoding;
import io.bullwatch.core.audio.WavWriter;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bull info --scan} streams a 3-hour 44.1 kHz recording through a 64 MiB heap. */
class InfoLargeFileTest {

    @TempDir
    Path dir;

    @Test
    void scansAThreeHourRecordingWithA64MibHeap() throws Exception {
        Path wav = dir.resolve("night.wav");
        long frames = 3L * 3600 * 44_100; // 476,280,000 frames, 952 MB of 16-bit mono
        float[] block = new float[44_100];
        for (int i = 0; i < block.length; i++) {
            block[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / 44_100.0));
        }
        try (WavWriter w = WavWriter.create(wav, 44_100, 1, SampleEncoding.PCM_SIGNED_16)) {
            for (long f = 0; f < frames; f += block.length) {
                w.write(block, 0, block.length);
            }
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                BullCli.class.getName(), "info", "--scan", wav.toString()))
                .redirectErrorStream(false)
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "bull info --scan did not finish");
        assertEquals(0, p.exitValue(), () -> out + readQuietly(dir.resolve("stderr.txt").toFile()));
        assertTrue(out.contains("\"frames\":" + frames + ","), out);
        assertTrue(out.contains("\"seconds\":10800.0,"), out);
        // a 0.5-amplitude sine: RMS = 0.5/sqrt(2), i.e. 20*log10(0.3536) = -9.03 dBFS
        assertTrue(out.contains("\"rmsDbfs\":-9.03"), out);
        assertTrue(out.contains("\"clippedSamples\":0"), out);
    }

    private static String readQuietly(File f) {
        try {
            return Files.readString(f.toPath());
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
