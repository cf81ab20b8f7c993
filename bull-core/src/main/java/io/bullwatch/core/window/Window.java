package io.bullwatch.core.window;

/**
 * One window of a recording, in sample frames.
 *
 * <p>The window covers frames {@code [startFrame, endFrame)}. A window produced with
 * {@link TailPolicy#PAD} may end after the last frame of the recording; its missing frames are
 * zeros ({@link #isPadded(long)}).
 *
 * @param index the window's position in its recording's sequence, {@code >= 0}
 * @param startFrame first frame, {@code >= 0}
 * @param endFrame frame after the last one (exclusive), {@code > startFrame}
 */
public record Window(int index, long startFrame, long endFrame) {

    /** Validates index and frame range. */
    public Window {
        if (index < 0) {
            throw new IllegalArgumentException("window index must be >= 0, got " + index);
        }
        if (startFrame < 0) {
            throw new IllegalArgumentException("window start frame must be >= 0, got " + startFrame);
        }
        if (endFrame <= startFrame) {
            throw new IllegalArgumentException("window end frame (" + endFrame
                    + ") must be after its start frame (" + startFrame + ")");
        }
    }

    /**
     * Number of frames in the window, padding included.
     *
     * @return {@code endFrame - startFrame}
     */
    public long lengthFrames() {
        return endFrame - startFrame;
    }

    /**
     * Start time.
     *
     * @param sampleRate frames per second, finite and {@code > 0}
     * @return {@code startFrame / sampleRate}, in seconds
     */
    public double startSeconds(double sampleRate) {
        return startFrame / checkRate(sampleRate);
    }

    /**
     * End time (exclusive), padding included.
     *
     * @param sampleRate frames per second, finite and {@code > 0}
     * @return {@code endFrame / sampleRate}, in seconds
     */
    public double endSeconds(double sampleRate) {
        return endFrame / checkRate(sampleRate);
    }

    /**
     * Middle of the window.
     *
     * @param sampleRate frames per second, finite and {@code > 0}
     * @return {@code (startFrame + endFrame) / 2 / sampleRate}, in seconds
     */
    public double centreSeconds(double sampleRate) {
        return (startFrame + endFrame) / 2.0 / checkRate(sampleRate);
    }

    /**
     * Whether the window runs past the end of the recording and is zero-padded there.
     *
     * @param recordingFrames frames in the recording, {@code >= 0}
     * @return {@code true} when {@code endFrame > recordingFrames}
     */
    public boolean isPadded(long recordingFrames) {
        return paddedFrames(recordingFrames) > 0;
    }

    /**
     * Frames of the window that lie past the end of the recording.
     *
     * @param recordingFrames frames in the recording, {@code >= 0}
     * @return the number of zero-padded frames, between 0 and {@link #lengthFrames()}
     */
    public long paddedFrames(long recordingFrames) {
        if (recordingFrames < 0) {
            throw new IllegalArgumentException(
                    "recording length must be >= 0 frames, got " + recordingFrames);
        }
        return Math.min(lengthFrames(), Math.max(0, endFrame - recordingFrames));
    }

    private static double checkRate(double sampleRate) {
        if (!Double.isFinite(sampleRate) || sampleRate <= 0) {
            throw new IllegalArgumentException(
                    "sample rate must be a finite number of frames per second > 0, got " + sampleRate);
        }
        return sampleRate;
    }
}
