package io.bullwatch.core.corpus;

import io.bullwatch.core.audio.AudioInfo;
import io.bullwatch.core.audio.WavFile;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads what a recording holds (rate, length) without decoding it; {@link #wav()} does it for WAV
 * files from their header.
 */
@FunctionalInterface
public interface RecordingProbe {

    /**
     * What a recording holds.
     *
     * @param recording the audio file
     * @return its format and length
     * @throws IOException if the file cannot be read or is not a supported recording
     */
    AudioInfo probe(Path recording) throws IOException;

    /**
     * The probe for WAV files ({@link WavFile#info(Path)}).
     *
     * @return the probe
     */
    static RecordingProbe wav() {
        return WavFile::info;
    }
}
