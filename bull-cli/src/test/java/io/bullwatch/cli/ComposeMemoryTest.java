package io.bullwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.audio.SampleEncoding;
import io.bullwatch.core.audio.WavFile;
import io.bullwatch.core.audio.WavWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bull compose} renders block by block: a three-hour night (173 MB of 16-bit samples, 346
 * MB as floats) composes in a JVM with a 48 MiB heap.
 */
class ComposeMemoryTest {

    @TempDir
    Path dir;

    @Test
    void aThreeHourNightComposesWithA48MibHeap() throws Exception {
        int rate = 8000;
        Path bed = dir.resolve("bank/bank.wav");
        Files.createDirectories(bed.getParent());
        SplittableRandom r = new SplittableRandom(1);
        float[] x = new float[60 * rate];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.05 * r.nextGaussian());
        }
        WavWriter.write(bed, x, rate, SampleEncoding.PCM_SIGNED_16);
        float[] splash = new float[rate];
        for (int i = 0; i < splash.length; i++) {
            splash[i] = (float) (0.5 * Math.exp(-3.0 * i / rate) * r.nextGaussian());
        }
        Files.createDirectories(dir.resolve("bulls"));
        WavWriter.write(dir.resolve("bulls/splash.wav"), splash, rate, SampleEncoding.PCM_SIGNED_16);
        Path out = dir.resolve("corpus");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx48m", "-cp", System.getProperty("java.class.path"),
                BullCli.class.getName(), "compose", "--out", out.toString(), "--site", "bank=" + bed.getParent(),
                "--bulls", dir.resolve("bulls").toString(), "--hours-per-site", "3", "--recording-minutes", "180",
                "--sample-rate", "8000");
        Path stderr = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "bull compose did not finish");
        assertEquals(0, p.exitValue(), () -> stdout + readQuietly(stderr));
        assertEquals(3 * 3600.0, WavFile.info(out.resolve("bank/bank-night01.wav")).durationSeconds(), 1e-9);
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
