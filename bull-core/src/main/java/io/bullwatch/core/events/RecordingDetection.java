package io.bullwatch.core.events;

import java.util.List;
import java.util.Objects;

/**
 * What a detector found in one recording.
 *
 * @param name the recording's name (its file name for files)
 * @param seconds the recording's length in seconds
 * @param windows every scored window, in time order
 * @param events the proposed bulls, in time order
 * @param rule how the events were made from the windows (holds the threshold)
 */
public record RecordingDetection(String name, double seconds, List<WindowScore> windows,
        List<DetectedEvent> events, EventRule rule) {

    /** Copies the lists. */
    public RecordingDetection {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rule, "rule");
        windows = List.copyOf(windows);
        events = List.copyOf(events);
    }

    /**
     * Builds the events from window scores with a rule.
     *
     * @param name the recording's name
     * @param seconds the recording's length in seconds
     * @param windows the scored windows
     * @param rule the event rule
     * @return the detection
     */
    public static RecordingDetection of(String name, double seconds, List<WindowScore> windows,
            EventRule rule) {
        return new RecordingDetection(name, seconds, windows, EventMerger.merge(windows, rule, seconds), rule);
    }

    /**
     * The same windows with events made by another rule (a changed threshold needs no re-run).
     *
     * @param newRule the event rule
     * @return a new detection
     */
    public RecordingDetection withRule(EventRule newRule) {
        return of(name, seconds, windows, newRule);
    }

    /** @return the number of windows flagged at the rule's threshold */
    public int flaggedWindows() {
        int n = 0;
        for (WindowScore w : windows) {
            n += w.isFlagged(rule.threshold()) ? 1 : 0;
        }
        return n;
    }

    /** @return seconds an expert listens to: the total length of the events (they do not overlap) */
    public double secondsToReview() {
        double s = 0;
        for (DetectedEvent e : events) {
            s += e.duration();
        }
        return s;
    }
}
