package io.bullwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.audio.SampleEncoding;
import io.bullwatch.core.audio.WavWriter;
import io.bullwatch.core.events.DetectionFiles;
import io.bullwatch.features.mel.MelConfig;
import io.bullwatch.models.backbone.Backbone;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bull detect} runs a model over a 4-hour recording in a child JVM with a 256 MiB heap. */
class DetectLargeFileTest {

    private static final int RATE = 16_000;

    @TempDir
    Path dir;

    @Test
    void detectsOnAFourHourRecordingWithA256MibHeap() throws Exception {
        Path wav = dir.resolve("night.wav");
        long frames = 4L * 3600 * RATE; // 230,400,000 frames, 461 MB of 16-bit mono
        SplittableRandom r = new SplittableRandom(3);
        float[] block = new float[RATE];
        try (WavWriter w = WavWriter.create(wav, RATE, 1, SampleEncoding.PCM_SIGNED_16)) {
            for (long f = 0; f < frames; f += block.length) {
                for (int i = 0; i < block.length; i++) {
                    block[i] = (float) (0.01 * r.nextGaussian());
                }
                w.write(block, 0, block.length);
            }
        }
        MelConfig mel = MelConfig.seed().toBuilder().optSampleRate(RATE).optFMax(RATE / 2.0).optNFft(1024).optWinLength(1024)
                .optNMels(32).optHop(2048).build();
        Path model = dir.resolve("model");
        TestBundles.save(model, mel, Backbone.COMPACT, 0.25);
        Path out = dir.resolve("out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-Dai.djl.offline=true"));
        String cache = System.getenv("DJL_CACHE_DIR");
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BullCli.class.getName(),
                "detect", "--model", model.toString(), "--out", out.toString(), wav.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(dir.resolve("stderr.txt").toFile());
        if (cache != null) {
            pb.environment().put("DJL_CACHE_DIR", cache);
        }
        Process p = pb.start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "bull detect did not finish");
        String stderr = Files.readString(dir.resolve("stderr.txt"));
        assertEquals(0, p.exitValue(), () -> stdout + stderr);
        assertTrue(stdout.contains("1 done, 0 skipped (done before), 0 failed"), stdout);
        // 15 s windows every 5 s over 14,400 s: 2,878 full windows, the last one ending at the end
        assertEquals(2_878, DetectionFiles.readWindows(out.resolve("night.bull.windows.csv")).size());
        assertTrue(Files.readString(out.resolve("summary.csv")).contains("night.wav,14400.000,"));
    }
}
