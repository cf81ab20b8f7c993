package io.bullwatch.features.mel;

/**
 * How the frames at the edges of a window are computed when windows are served from a streamed
 * recording ({@link MelSpectrogramExtractor#streamWindows}).
 */
public enum EdgeMode {
    /**
     * Every frame of a window is a frame of the recording's continuous spectrogram: frames near
     * the window's edges see the real samples around the window, and frame {@code f} is centred
     * on sample {@code (t0 + f) * hop} with {@code t0 = round(start / hop)} (within {@code hop /
     * 2} samples of the per-window centre {@code start + f * hop}). Every frame is computed once
     * per recording: the fastest mode, and the more faithful to the recording.
     */
    CONTEXT,
    /**
     * Every window equals {@link MelSpectrogramExtractor#extract(float[])} of the window's own
     * samples exactly (the seed's way: the window padded at its own edges). Interior frames are
     * still taken from the stream when the window starts on the frame grid ({@code start % hop
     * == 0}) and only the edge frames are recomputed; a window off the grid is computed whole.
     */
    PER_WINDOW
}
