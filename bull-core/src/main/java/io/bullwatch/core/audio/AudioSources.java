package io.bullwatch.core.audio;

/** Argument checks shared by the audio sources. */
final class AudioSources {

    private AudioSources() {
    }

    static void checkRead(long frame, float[] dst, int offset, int count) {
        if (frame < 0) {
            throw new IllegalArgumentException("frame must be >= 0, got " + frame);
        }
        if (count < 0 || offset < 0 || offset > dst.length - count) {
            throw new IllegalArgumentException("cannot store " + count + " samples at index " + offset
                    + " of an array of length " + dst.length);
        }
    }
}
