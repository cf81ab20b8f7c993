package io.bullwatch.core.synth;

import java.util.Objects;

/**
 * One sound event mixed into a synthetic night.
 *
 * @param kind what it is
 * @param start start in seconds from the start of the recording, {@code >= 0}
 * @param duration length in seconds, {@code > 0}; for a bull this is exactly the labelled stretch
 * @param snrDb loudness: the event's mean power over its duration relative to the modelled
 *     background power over the same stretch, in dB (before the microphone colouring)
 * @param seed the seed of the event's own random stream, so that it sounds the same whatever is
 *     rendered before it
 */
public record SynthEvent(EventKind kind, double start, double duration, double snrDb, long seed) {

    /** Validates. */
    public SynthEvent {
        Objects.requireNonNull(kind, "kind");
        if (!(start >= 0) || !Double.isFinite(start)) {
            throw new IllegalArgumentException("start must be a finite number >= 0 s, got " + start);
        }
        if (!(duration > 0) || !Double.isFinite(duration)) {
            throw new IllegalArgumentException("duration must be a finite number > 0 s, got " + duration);
        }
        if (!Double.isFinite(snrDb)) {
            throw new IllegalArgumentException("snrDb must be finite, got " + snrDb);
        }
    }

    /**
     * The end of the event.
     *
     * @return {@code start + duration}, in seconds
     */
    public double end() {
        return start + duration;
    }
}
