package io.bullwatch.core.corpus;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Tells how long a recording is, without decoding it all; the audio package provides one for WAV
 * files.
 */
@FunctionalInterface
public interface RecordingProbe {

    /**
     * The duration of a recording.
     *
     * @param recording the audio file
     * @return its duration in seconds (frames divided by sample rate)
     * @throws IOException if the file cannot be read or is not a supported recording
     */
    double durationSeconds(Path recording) throws IOException;
}
