package io.bullwatch.core.evaluate;

import io.bullwatch.core.metrics.EventScore;
import io.bullwatch.core.metrics.TimeSpan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Detected events against true bulls (see {@link EventScore}: a bull is found when a detected event
 * overlaps it, a detection is correct when it overlaps a bull).
 *
 * @param trueEvents number of true bulls
 * @param detections number of detected events
 * @param foundEvents true bulls overlapped by a detected event
 * @param correctDetections detected events that overlap a true bull
 * @param longerThanSeconds the duration above which a missed bull counts in {@link #missedLong()}
 *     (the seed: 2 s)
 * @param missed every true bull no detected event overlaps, by recording then start
 */
public record EventMetrics(int trueEvents, int detections, int foundEvents, int correctDetections,
        double longerThanSeconds, List<MissedEvent> missed) {

    /** Checks and copies. */
    public EventMetrics {
        missed = List.copyOf(Objects.requireNonNull(missed, "missed"));
        if (foundEvents < 0 || foundEvents > trueEvents || correctDetections < 0
                || correctDetections > detections || missed.size() != trueEvents - foundEvents) {
            throw new IllegalArgumentException("inconsistent event counts: true " + trueEvents
                    + ", found " + foundEvents + ", missed " + missed.size() + ", detections "
                    + detections + ", correct " + correctDetections);
        }
        if (!(longerThanSeconds >= 0) || Double.isInfinite(longerThanSeconds)) {
            throw new IllegalArgumentException("the missed-event duration must be finite and >= 0, got "
                    + longerThanSeconds);
        }
    }

    /**
     * The event metrics of one recording.
     *
     * @param recording the recording's name, for the missed events
     * @param score the comparison of its true and detected events
     * @param longerThanSeconds the duration above which a missed bull counts as a long miss
     * @return the metrics
     */
    public static EventMetrics of(String recording, EventScore score, double longerThanSeconds) {
        List<MissedEvent> missed = new ArrayList<>();
        for (TimeSpan t : score.missedEvents()) {
            missed.add(new MissedEvent(recording, t.start(), t.end()));
        }
        return new EventMetrics(score.trueEvents(), score.detections(), score.foundEvents(),
                score.correctDetections(), longerThanSeconds, missed);
    }

    /**
     * Both added up, as for two recordings.
     *
     * @param other the other metrics, with the same {@link #longerThanSeconds()}
     * @return the sums, missed events of this one first
     */
    public EventMetrics plus(EventMetrics other) {
        if (other.longerThanSeconds != longerThanSeconds) {
            throw new IllegalArgumentException("cannot add event metrics with long-miss durations "
                    + longerThanSeconds + " s and " + other.longerThanSeconds + " s");
        }
        List<MissedEvent> all = new ArrayList<>(missed);
        all.addAll(other.missed);
        return new EventMetrics(trueEvents + other.trueEvents, detections + other.detections,
                foundEvents + other.foundEvents, correctDetections + other.correctDetections,
                longerThanSeconds, all);
    }

    /**
     * Share of true bulls found.
     *
     * @return {@code foundEvents / trueEvents}, {@code NaN} when there are no true bulls
     */
    public double eventRecall() {
        return trueEvents == 0 ? Double.NaN : (double) foundEvents / trueEvents;
    }

    /**
     * Share of detected events that hold a bull.
     *
     * @return {@code correctDetections / detections}, {@code NaN} when nothing was detected
     */
    public double eventPrecision() {
        return detections == 0 ? Double.NaN : (double) correctDetections / detections;
    }

    /**
     * The missed bulls longer than {@link #longerThanSeconds()}: the seed's "of bulls longer than
     * 2 s, only one was missed entirely".
     *
     * @return those missed events
     */
    public List<MissedEvent> missedLong() {
        List<MissedEvent> out = new ArrayList<>();
        for (MissedEvent e : missed) {
            if (e.duration() > longerThanSeconds) {
                out.add(e);
            }
        }
        return out;
    }

    /** @return the counts, rates and missed events, ordered */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trueEvents", trueEvents);
        m.put("detections", detections);
        m.put("foundEvents", foundEvents);
        m.put("correctDetections", correctDetections);
        m.put("eventRecall", eventRecall());
        m.put("eventPrecision", eventPrecision());
        m.put("longMissSeconds", longerThanSeconds);
        List<MissedEvent> longMisses = missedLong();
        m.put("missedLong", longMisses.size());
        m.put("missedLongEvents", longMisses.stream().map(MissedEvent::toMap).toList());
        m.put("missedEvents", missed.size());
        return m;
    }
}
