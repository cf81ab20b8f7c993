package io.bullwatch.features.mel;

import java.io.IOException;

/** Receives consecutive blocks of mel frames from {@link MelSpectrogramExtractor#streamFrames}. */
@FunctionalInterface
public interface MelFrameConsumer {

    /**
     * Takes one block of frames.
     *
     * @param firstFrame index in the recording's frame sequence of the block's first frame
     *     (frame {@code t} is centred on sample {@code t * hop} when the configuration centres)
     * @param frameCount frames in the block, {@code >= 1}
     * @param block the frames, frame-major: value {@code m} of frame {@code firstFrame + j} is
     *     {@code block[j * nMels + m]}; the array is reused for the next block, so copy what you
     *     keep
     * @throws IOException to stop the stream with an I/O error
     */
    void accept(long firstFrame, int frameCount, float[] block) throws IOException;
}
