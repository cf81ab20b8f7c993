package io.bullwatch.core.compose;

import io.bullwatch.core.annotation.Annotation;
import io.bullwatch.core.audio.AudioSource;
import io.bullwatch.core.corpus.CorpusRecording;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

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

    /** Opens a recording as mono samples at the night's rate (mixing down and resampling as needed). */
    @FunctionalInterface
    public interface Opener {
        /**
         * @param file the recording
         * @return its samples, mono at the night's rate; closed by the caller
         * @throws IOException if it cannot be read
         */
        AudioSource open(Path file) throws IOException;
    }

    /**
     * The annotated bulls of annotated recordings, each cut with a margin of context either side
     * (as much as the recording holds). Point annotations (no duration) are skipped: they say
     * where a bull is, not how long it lasts.
     *
     * @param recordings the recordings, in order; those without a bull are not opened
     * @param margin seconds of context before and after each bull, {@code >= 0}
     * @param open opens a recording at the night's rate
     * @param names a recording's name as {@code NAME.events.tsv} records it; the clip's name adds
     *     {@code @START} (the bull's start in seconds)
     * @return the clips, in recording and annotation order (empty when no recording holds a bull)
     * @throws IOException if a recording cannot be opened
     */
    public static List<Clip> annotatedBulls(List<CorpusRecording> recordings, double margin, Opener open,
            Function<CorpusRecording, String> names) throws IOException {
        if (!(margin >= 0) || Double.isInfinite(margin)) {
            throw new IllegalArgumentException("the margin must be a finite number of seconds >= 0, got " + margin);
        }
        List<Clip> out = new ArrayList<>();
        for (CorpusRecording r : recordings) {
            if (r.events().isEmpty()) {
                continue;
            }
            AudioSource a = open.open(r.recording());
            int rate = a.sampleRate();
            for (Annotation e : r.events()) {
                if (!(e.end() > e.start())) {
                    continue;
                }
                long from = Math.max(0, (long) Math.floor((e.start() - margin) * rate));
                long to = Math.min(a.frames(), (long) Math.ceil((e.end() + margin) * rate));
                double eventStart = Math.max(0, e.start() * rate - from) / rate;
                double eventEnd = Math.min(to - from, e.end() * rate - from) / rate;
                if (to > from && eventEnd > eventStart) {
                    out.add(new Clip(names.apply(r) + String.format(Locale.ROOT, "@%.3f", e.start()), a, from, to,
                            eventStart, eventEnd));
                }
            }
        }
        return out;
    }
}
