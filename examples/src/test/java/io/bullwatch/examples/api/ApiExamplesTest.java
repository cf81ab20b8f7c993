package io.bullwatch.examples.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.events.DetectionFiles;
import io.bullwatch.core.synth.SynthConfig;
import io.bullwatch.core.synth.SyntheticCorpus;
import io.bullwatch.models.bundle.ModelBundle;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the API example programs end to end on a tiny synthetic corpus. */
class ApiExamplesTest {

    @TempDir
    Path dir;

    @Test
    void trainThenDetectOnAFileThenOnALiveStream() throws Exception {
        Path corpus = dir.resolve("nights");
        SyntheticCorpus.write(SynthConfig.builder().optSeed(4).optSites(3).optHours(0.15)
                .optMaxRecordingSeconds(180).optSampleRate(16_000).optBullsPerHour(300).build(), corpus, 1);
        Path model = dir.resolve("model");
        String trained = capture(() -> TrainOnFolder.main(new String[] {corpus.toString(), model.toString(), "1", "64"}));
        assertTrue(trained.contains("best epoch 1"), trained);
        assertEquals(16_000, ModelBundle.read(model).mel().sampleRate());

        Path wav = corpus.resolve("site03/site03-night01.wav");
        Path out = dir.resolve("out");
        String detected = capture(() -> DetectOneFile.main(new String[] {model.toString(), wav.toString(), out.toString()}));
        assertTrue(detected.contains("site03-night01.wav: 180 s, 34 windows"), detected);
        assertTrue(DetectionFiles.outputs(out, "site03-night01").exist());

        String live = capture(() -> LiveStream.main(new String[] {model.toString(), wav.toString(), "1e6", "60"}));
        assertTrue(live.contains("[scored up to 0:01:00.0]"), live);
        assertTrue(live.contains("[scored up to 0:03:00.0]"), live);
        // 180 s in 60 s chunks: the end of the stream does not score the last chunk's end again
        assertEquals(1, live.split("\\[scored up to 0:03:00.0\\]", -1).length - 1, live);
        assertEquals(3, live.split("\\[scored up to", -1).length - 1, live);

        // site03's recording without its labels as a new site: two composed 3-minute nights
        Path newSite = java.nio.file.Files.createDirectories(dir.resolve("new-site"));
        java.nio.file.Files.copy(wav, newSite.resolve("site03-night01.wav"));
        Path adaptedDir = dir.resolve("adapted");
        String adapted = capture(() -> AdaptToSite.main(new String[] {model.toString(), corpus.toString(),
            newSite.toString(), adaptedDir.toString(), "1", "3", "0.1"}));
        assertTrue(adapted.contains("composed adapt-calibration/adapt-calibration-night02"), adapted);
        assertTrue(adapted.contains("wrote " + adaptedDir.toAbsolutePath()), adapted);
        assertEquals(ModelBundle.read(model).pipeline(), ModelBundle.read(adaptedDir).pipeline());
    }

    private interface Body {
        void run() throws Exception;
    }

    private static String capture(Body body) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setOut(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
