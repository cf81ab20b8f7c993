package io.bullwatch.core.audio;

import io.bullwatch.core.InputFormatException;
import java.nio.file.Path;

/**
 * A well-formed WAV file whose encoding BullWatch does not decode, such as ADPCM, MP3 or
 * A-law. The message names the encoding and suggests converting to PCM.
 */
public class UnsupportedAudioException extends InputFormatException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param file the file
     * @param position where the unsupported value was found, such as {@code "byte 20"}
     * @param reason the encoding found and what is supported
     */
    public UnsupportedAudioException(Path file, String position, String reason) {
        super(file, position, reason);
    }
}
