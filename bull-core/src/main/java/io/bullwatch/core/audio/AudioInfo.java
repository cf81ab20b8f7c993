package io.bullwatch.core.audio;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a recording holds, as read from its header and size.
 *
 * @param file the file the information was read from (may be {@code null} for in-memory audio)
 * @param container {@code "RIFF"} or {@code "RF64"} for WAV files, {@code "memory"} for arrays
 * @param sampleRate frames per second, {@code > 0}
 * @param channels channels per frame, {@code > 0}
 * @param bitsPerSample significant bits per sample (the container may be wider)
 * @param encoding how samples are stored
 * @param frames complete frames that can be read, {@code >= 0}
 * @param warnings problems that were repaired while reading the header (for example a
 *     {@code data} size larger than the file), in the order found; empty for a clean file
 */
public record AudioInfo(
        Path file,
        String container,
        int sampleRate,
        int channels,
        int bitsPerSample,
        SampleEncoding encoding,
        long frames,
        List<String> warnings) {

    /** Validates the values and copies the warnings. */
    public AudioInfo {
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(encoding, "encoding");
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be > 0 Hz, got " + sampleRate);
        }
        if (channels <= 0) {
            throw new IllegalArgumentException("channels must be > 0, got " + channels);
        }
        if (frames < 0) {
            throw new IllegalArgumentException("frames must be >= 0, got " + frames);
        }
        warnings = List.copyOf(warnings);
    }

    /**
     * The recording's length.
     *
     * @return {@code frames / sampleRate} in seconds
     */
    public double durationSeconds() {
        return (double) frames / sampleRate;
    }

    /**
     * Whether any repair was needed to read the file.
     *
     * @return {@code true} if {@link #warnings()} is not empty
     */
    public boolean hasWarnings() {
        return !warnings.isEmpty();
    }
}
