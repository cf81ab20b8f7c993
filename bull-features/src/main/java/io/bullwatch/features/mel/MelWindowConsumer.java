package io.bullwatch.features.mel;

import io.bullwatch.core.window.Window;
import java.io.IOException;

/** Receives one mel spectrogram per window from {@link MelSpectrogramExtractor#streamWindows}. */
@FunctionalInterface
public interface MelWindowConsumer {

    /**
     * Takes one window's spectrogram.
     *
     * @param window the window, as given to the stream
     * @param mel its spectrogram, {@code nMels x frames}; a new array the consumer may keep
     * @throws IOException to stop the stream with an I/O error
     */
    void accept(Window window, MelSpectrogram mel) throws IOException;
}
