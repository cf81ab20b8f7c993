package io.bullwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.audio.SampleEncoding;
import io.bullwatch.core.audio.WavWriter;
import io.bullwatch.features.mel.MelConfig;
import io.bullwatch.models.backbone.Backbone;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bull detect} in a child JVM with a small heap: batches are sized from the heap there is,
 * and a heap too small for a recording fails that recording, not the batch.
 */
class DetectSmallHeapTest {

    private static final int RATE = 16_000;

    @TempDir
    Path dir;
    Path model;
    Path night;
    Path shortNight;

    @BeforeEach
    void inputs() throws IOException {
        night = dir.resolve("in/a_night.wav");
        shortNight = dir.resolve("in/b_short.wav");
        Files.createDirectories(night.getParent());
        write(night, 20 * 60);
        write(shortNight, 60);
        // the quickstart's features (64 mels, hop 2048) at 16 kHz, full-width compact-sed
        MelConfig mel = MelConfig.seed().toBuilder().optSampleRate(RATE).optFMax(RATE / 2.0).optNMels(64)
                .optHop(2048).build();
        model = dir.resolve("model");
        TestBundles.save(model, mel, Backbone.COMPACT_SED, 1.0);
    }

    private static void write(Path file, int seconds) throws IOException {
        SplittableRandom r = new SplittableRandom(seconds);
        float[] block = new float[RATE];
        try (WavWriter w = WavWriter.create(file, RATE, 1, SampleEncoding.PCM_SIGNED_16)) {
            for (int s = 0; s < seconds; s++) {
                for (int i = 0; i < block.length; i++) {
                    block[i] = (float) (0.01 * r.nextGaussian());
                }
                w.write(block, 0, block.length);
            }
        }
    }

    private record Run(int code, String stdout, String stderr) {
    }

    private Run detect(String heap, Path out) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, heap, "-Dai.djl.offline=true", "-cp",
                System.getProperty("java.class.path"), BullCli.class.getName(), "detect", "--model", model.toString(),
                "--out", out.toString(), night.getParent().toString()));
        Path stderr = dir.resolve("stderr-" + out.getFileName() + ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(stderr.toFile());
        String cache = System.getenv("DJL_CACHE_DIR");
        if (cache != null) {
            pb.environment().put("DJL_CACHE_DIR", cache);
        }
        Process p = pb.start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "bull detect did not finish");
        return new Run(p.exitValue(), stdout, Files.readString(stderr));
    }

    @Test
    void aTwentyMinuteNightDetectsWithA24MibHeap() throws Exception {
        Run r = detect("-Xmx24m", dir.resolve("out24"));
        assertEquals(0, r.code(), () -> r.stdout() + r.stderr());
        assertTrue(r.stdout().contains("2 done, 0 skipped (done before), 0 failed"), r.stdout());
    }

    @Test
    void aHeapTooSmallFailsEachRecordingWithTheReasonAndTheBatchFinishes() throws Exception {
        Path out = dir.resolve("out10");
        Run r = detect("-Xmx10m", out);
        assertEquals(1, r.code(), () -> r.stdout() + r.stderr());
        assertFalse(r.stderr().contains("Exception in thread"), r.stderr());
        assertFalse(r.stderr().contains("\tat "), r.stderr());
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertEquals(3, summary.size(), summary::toString);
        assertTrue(summary.get(1).startsWith("a_night.wav,1200.000,,,,failed,"), summary.get(1));
        assertTrue(summary.get(1).contains("out of memory while detecting (Java heap limit"), summary.get(1));
        assertTrue(summary.get(2).startsWith("b_short.wav,60.000,"), summary.get(2));
    }
}
