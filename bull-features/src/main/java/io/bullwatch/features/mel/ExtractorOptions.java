package io.bullwatch.features.mel;

import io.bullwatch.features.fft.FftPath;
import java.util.Objects;

/**
 * How a {@link MelSpectrogramExtractor} computes, not what: threads, chunk size and FFT path.
 * None of them changes a feature beyond the FFT path's double rounding.
 *
 * @param threads threads computing frames (the caller's and {@code threads - 1} workers), {@code >= 1}
 * @param chunkFrames frames computed per block (memory: about {@code chunkFrames * hop} samples
 *     plus {@code chunkFrames * nMels} values), {@code >= 1}
 * @param fftPath the FFT implementation
 */
public record ExtractorOptions(int threads, int chunkFrames, FftPath fftPath) {

    /** Default frames per chunk: about 12 s at the seed's hop, 2 MB of samples. */
    public static final int DEFAULT_CHUNK_FRAMES = 512;

    /**
     * Validates.
     *
     * @throws IllegalArgumentException if {@code threads} or {@code chunkFrames} is below 1
     */
    public ExtractorOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (chunkFrames < 1) {
            throw new IllegalArgumentException("chunkFrames must be >= 1, got " + chunkFrames);
        }
        Objects.requireNonNull(fftPath, "fftPath");
    }

    /**
     * Options with a number of threads, the default chunk, and the process's default FFT path
     * ({@link FftPath#fromSystemProperty()}: the system property {@value FftPath#PROPERTY}, {@code
     * auto} when unset).
     *
     * @param threads threads computing frames, {@code >= 1}
     * @return the options
     * @throws IllegalArgumentException if the system property has an unknown value
     * @throws IllegalStateException if it asks for the vector path and the module {@code
     *     jdk.incubator.vector} is absent
     */
    public static ExtractorOptions threads(int threads) {
        return new ExtractorOptions(threads, DEFAULT_CHUNK_FRAMES, FftPath.fromSystemProperty());
    }

    /** @param frames frames per block @return these options with that chunk size */
    public ExtractorOptions withChunkFrames(int frames) {
        return new ExtractorOptions(threads, frames, fftPath);
    }

    /** @param path the FFT implementation @return these options on that path */
    public ExtractorOptions withFftPath(FftPath path) {
        return new ExtractorOptions(threads, chunkFrames, path);
    }
}
