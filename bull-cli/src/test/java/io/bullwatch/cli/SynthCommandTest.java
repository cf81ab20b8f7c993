package io.bullwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.annotation.AudacityLabels;
import io.bullwatch.core.audio.AudioInfo;
import io.bullwatch.core.audio.WavFile;
import io.bullwatch.core.corpus.Corpus;
import io.bullwatch.core.corpus.CorpusRecording;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthCommandTest extends CliTestBase {

    @TempDir
    Path dir;

    @Test
    void writesACorpusTheReadersLoadWithoutWarnings() throws Exception {
        Path corpus = dir.resolve("nights");
        // 0.1 h over 2 sites, recordings of at most 3 minutes: 0.05 h = 3 min per site
        assertEquals(0, run("synth", "--hours", "0.1", "--sites", "2", "--recording-minutes", "3",
                "--sample-rate", "16000", "--seed", "5", "--threads", "1", "--out", corpus.toString()), err::toString);
        assertTrue(out.toString().contains("wrote 2 recordings"), out.toString());
        Corpus c = Corpus.load(corpus.resolve("manifest.csv"));
        assertEquals(2, c.recordings().size());
        assertTrue(c.warnings().isEmpty(), c.warnings().toString());
        for (CorpusRecording r : c.recordings()) {
            AudioInfo info = WavFile.info(r.recording());
            assertEquals(16_000, info.sampleRate());
            assertEquals(180.0, info.durationSeconds(), 1e-9);
            assertTrue(info.warnings().isEmpty());
            Path labels = r.annotationFile().orElseThrow();
            assertEquals(AudacityLabels.read(labels).size(), r.events().size());
        }
        // the same seed again gives the same bytes
        Path again = dir.resolve("again");
        assertEquals(0, run("synth", "--hours", "0.1", "--sites", "2", "--recording-minutes", "3",
                "--sample-rate", "16000", "--seed", "5", "--threads", "2", "--out", again.toString()));
        for (CorpusRecording r : c.recordings()) {
            Path twin = again.resolve(corpus.relativize(r.recording()));
            assertEquals(-1L, Files.mismatch(r.recording(), twin), r.name());
        }
        // a folder that holds a corpus is never replaced
        byte[] manifest = Files.readAllBytes(corpus.resolve("manifest.csv"));
        err.getBuffer().setLength(0);
        assertEquals(2, run("synth", "--hours", "0.1", "--sites", "2", "--recording-minutes", "3",
                "--sample-rate", "16000", "--seed", "6", "--threads", "1", "--out", corpus.toString()));
        assertTrue(err.toString().contains("already holds a corpus"), err.toString());
        org.junit.jupiter.api.Assertions.assertArrayEquals(manifest, Files.readAllBytes(corpus.resolve("manifest.csv")));
    }

    @Test
    void badOptionsAreUsageErrorsWithAClearMessage() {
        assertEquals(2, run("synth", "--out", dir.toString(), "--bull-snr", "10"));
        assertTrue(err.toString().contains("--bull-snr"), err.toString());
        assertEquals(2, run("synth", "--out", dir.toString(), "--threads", "0"));
        assertTrue(err.toString().contains("--threads must be a whole number from 1 to 1024, got 0"), err.toString());
        assertEquals(2, run("synth", "--out", dir.toString(), "--hours", "-1"));
        err.getBuffer().setLength(0);
        assertEquals(2, run("synth", "--out", dir.resolve("x").toString(), "--recording-minutes", "0.5"));
        assertTrue(err.toString().contains("--recording-minutes must be a number from 1 to"), err.toString());
    }
}
