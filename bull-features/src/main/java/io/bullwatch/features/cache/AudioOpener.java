package io.bullwatch.features.cache;

import io.bullwatch.core.audio.AudioSource;
import java.io.IOException;
import java.nio.file.Path;

/** Opens a recording for feature extraction (for example {@code WavFile::open}, or with resampling). */
@FunctionalInterface
public interface AudioOpener {

    /**
     * Opens a recording.
     *
     * @param recording the file
     * @return its samples; the caller closes it
     * @throws IOException if it cannot be read
     */
    AudioSource open(Path recording) throws IOException;
}
