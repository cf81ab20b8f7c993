package io.bullwatch.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.models.bundle.ModelBundle;
import io.bullwatch.models.data.InputNormalisation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest extends CliTestBase {

    @TempDir
    Path dir;

    @Test
    void trainsATinyModelAndWritesABundle() throws Exception {
        Path corpus = dir.resolve("nights");
        // 3 sites x 3 minutes at 16 kHz, many bulls so that every split has some.
        assertEquals(0, run("synth", "--hours", "0.15", "--sites", "3", "--recording-minutes", "3",
                "--sample-rate", "16000", "--bulls-per-hour", "300", "--seed", "3", "--threads", "1",
                "--out", corpus.toString()), err::toString);
        Path model = dir.resolve("model");
        assertEquals(0, run("train", "--data", corpus.toString(), "--out", model.toString(),
                "--width", "0.25", "--mels", "16", "--hop", "2048", "--epochs", "2",
                "--threshold-rule", "recall:0.9", "--threads", "1"), () -> out + "\n" + err);
        String text = out.toString();
        assertTrue(text.contains("threshold rules on validation"), text);
        assertTrue(text.contains("test (site03"), text);
        ModelBundle bundle = ModelBundle.read(model);
        assertEquals("recall:0.9", bundle.thresholdRule());
        assertEquals(InputNormalisation.LOG_PER_RECORDING, bundle.normalisation());
        assertEquals(16_000, bundle.mel().sampleRate());
        assertTrue(((Map<?, ?>) bundle.metrics().get("test")).containsKey("bullRecall"));
        assertEquals(3, Files.readAllLines(model.resolve("metrics.csv")).size());
        assertTrue(Files.isRegularFile(model.resolve(ModelBundle.PARAMETERS)));
    }
}
