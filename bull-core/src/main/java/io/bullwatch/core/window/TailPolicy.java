package io.bullwatch.core.window;

/**
 * What a {@link Segmenter} does with the end of a recording that no full window covers.
 */
public enum TailPolicy {

    /**
     * Only full windows: the tail after the last full window is not scored. This is the default.
     * A recording shorter than one window yields no windows.
     */
    DROP,

    /**
     * Full windows, plus one last window at the next hop position that runs past the end of the
     * recording and is zero-padded there, so the whole recording is covered. A recording shorter
     * than one window yields that one padded window. No window is added when the last full window
     * already ends exactly at the end of the recording.
     */
    PAD
}
