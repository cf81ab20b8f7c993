package io.bullwatch.core.evaluate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A true bull that no detected event overlaps.
 *
 * @param recording the recording's name
 * @param start start in seconds
 * @param end end in seconds
 */
public record MissedEvent(String recording, double start, double end) {

    /** Checks the values. */
    public MissedEvent {
        Objects.requireNonNull(recording, "recording");
        if (!(end >= start)) {
            throw new IllegalArgumentException("a missed event must satisfy start <= end, got ["
                    + start + ", " + end + "]");
        }
    }

    /** @return {@code end - start} in seconds */
    public double duration() {
        return end - start;
    }

    /** @return {@code recording}, {@code start}, {@code end}, {@code duration} */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("recording", recording);
        m.put("start", start);
        m.put("end", end);
        m.put("duration", duration());
        return m;
    }
}
