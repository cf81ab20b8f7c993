package io.bullwatch.core.evaluate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The metrics of one recording.
 *
 * @param name the recording's name
 * @param site its site
 * @param threshold the detection's threshold
 * @param windows window metrics
 * @param events event metrics
 * @param listening listening time
 */
public record RecordingEvaluation(String name, String site, double threshold, WindowMetrics windows,
        EventMetrics events, ListeningMetrics listening) {

    /** Checks the values. */
    public RecordingEvaluation {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(windows, "windows");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(listening, "listening");
    }

    /** @return {@code name, site, threshold, windows, events, listening}, ordered */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("site", site);
        m.put("threshold", threshold);
        m.put("windows", windows.toMap());
        m.put("events", events.toMap());
        m.put("listening", listening.toMap());
        return m;
    }
}
