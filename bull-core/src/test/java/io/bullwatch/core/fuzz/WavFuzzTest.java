package io.bullwatch.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.bullwatch.core.InputFormatException;
import io.bullwatch.core.audio.AudioInfo;
import io.bullwatch.core.audio.AudioSource;
import io.bullwatch.core.audio.ChannelPolicy;
import io.bullwatch.core.audio.WavFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of the WAV reader with Jazzer.
 *
 * <p>Under {@code mvn verify} this runs in Jazzer's regression mode over the committed seed inputs
 * (and the short fuzzing run configured in the pom); {@code docs/fuzzing.md} describes the longer
 * campaign. Any exception other than {@link InputFormatException} (or a channel-policy
 * {@link IllegalArgumentException} for a channel the file lacks) is a bug.
 */
class WavFuzzTest {

    private static final Path FILE;

    static {
        try {
            FILE = Files.createTempFile("bullwatch-fuzz", ".wav");
            FILE.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "20s")
    void wavReaderOnlyThrowsTypedExceptions(byte[] data) throws IOException {
        Files.write(FILE, data);
        AudioInfo info;
        try {
            info = WavFile.info(FILE);
        } catch (InputFormatException expected) {
            return;
        }
        assertTrue(info.frames() >= 0 && info.frames() <= data.length, "frames beyond the file size");
        try {
            try (AudioSource a = WavFile.open(FILE, ChannelPolicy.downmix())) {
                float[] block = new float[257];
                long read = 0;
                for (long f = 0; f < a.frames(); f += block.length) {
                    read += a.read(f, block, 0, block.length);
                }
                assertTrue(read == a.frames(), "read " + read + " of " + a.frames() + " frames");
            }
            if (info.channels() > 1) {
                try (AudioSource a = WavFile.open(FILE, ChannelPolicy.channel(info.channels() - 1))) {
                    a.readFrames(Math.max(0, a.frames() - 10), 10);
                }
            }
        } catch (InputFormatException e) {
            // the one error a header that reads can still give: float data that is no number
            assertTrue(info.encoding().name().startsWith("FLOAT") && e.getMessage().contains(
                    "expected finite sample values"), e::getMessage);
        }
    }
}
