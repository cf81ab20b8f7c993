package io.bullwatch.core.compose;

import io.bullwatch.core.audio.AudioSource;
import java.util.Objects;

/**
 * A sound mixed into a composed night: samples {@code [from, to)} of a recording, of which {@code
 * [eventStart, eventEnd)} seconds (relative to {@code from}) are the event itself: a whole bull clip,
 * or an annotated bull cut out of a corpus with a margin of context on either side.
 *
 * @param name the recording's name as {@code NAME.events.tsv} records it
 * @param audio its samples, mono at the night's sample rate; not closed here
 * @param from the first sample of the clip
 * @param to the end of the clip (exclusive)
 * @param eventStart the event's start in seconds from {@code from}
 * @param eventEnd the event's end in seconds from {@code from}
 */
public record Clip(String name, AudioSource audio, long from, long to, double eventStart, double eventEnd) {

    /** Validates. */
    public Clip {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(audio, "audio");
        if (from < 0 || to <= from || to > audio.frames()) {
            throw new IllegalArgumentException(name + ": clip [" + from + ", " + to + ") is not within the "
                    + audio.frames() + " samples of the recording");
        }
        double seconds = (to - from) / (double) audio.sampleRate();
        if (!(eventStart >= 0 && eventStart < eventEnd && eventEnd <= seconds + 1e-9)) {
            throw new IllegalArgumentException(name + ": the event [" + eventStart + ", " + eventEnd
                    + "] s is not within the clip's " + seconds + " s");
        }
    }

    /**
     * A whole recording as one event.
     *
     * @param name its name
     * @param audio its samples
     * @return the clip
     */
    public static Clip whole(String name, AudioSource audio) {
        return new Clip(name, audio, 0, audio.frames(), 0, audio.frames() / (double) audio.sampleRate());
    }

    /** @return the clip's length in samples */
    public int length() {
        return Math.toIntExact(to - from);
    }
}
