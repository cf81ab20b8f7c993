package io.bullwatch.core.evaluate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The metrics of a group of recordings (one site, or all): windows pooled across the recordings,
 * event counts and seconds added up.
 *
 * @param name the site's name, or {@value DetectionEvaluation#OVERALL} for all recordings
 * @param recordings the names of the recordings in the group
 * @param threshold the detections' threshold when they all share one, {@code NaN} otherwise (each
 *     recording's confusion is then taken at its own threshold)
 * @param windows window metrics over the pooled windows
 * @param events event metrics, summed
 * @param listening listening time, summed
 */
public record GroupEvaluation(String name, List<String> recordings, double threshold,
        WindowMetrics windows, EventMetrics events, ListeningMetrics listening) {

    /** Checks and copies. */
    public GroupEvaluation {
        Objects.requireNonNull(name, "name");
        recordings = List.copyOf(Objects.requireNonNull(recordings, "recordings"));
        Objects.requireNonNull(windows, "windows");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(listening, "listening");
    }

    /** @return {@code name, recordings, threshold, windows, events, listening}, ordered */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("recordings", recordings);
        m.put("threshold", threshold);
        m.put("windows", windows.toMap());
        m.put("events", events.toMap());
        m.put("listening", listening.toMap());
        return m;
    }
}
