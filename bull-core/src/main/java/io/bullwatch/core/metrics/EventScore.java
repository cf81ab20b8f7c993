package io.bullwatch.core.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Event-level comparison of detections with annotated events.
 *
 * <p>A true event is found when at least one detection {@link TimeSpan#overlaps overlaps} it; a
 * detection is correct when it overlaps at least one true event. Matching is many-to-many: one long
 * detection can find several events, and several detections can find one event. Built in
 * {@code O((events + detections) log(events + detections))}.
 *
 * @param trueEvents number of annotated events
 * @param detections number of detections
 * @param missedEvents the true events no detection overlaps, sorted by start
 * @param falseDetections the detections that overlap no true event, sorted by start
 */
public record EventScore(
        int trueEvents, int detections, List<TimeSpan> missedEvents, List<TimeSpan> falseDetections) {

    private static final Comparator<TimeSpan> BY_START =
            Comparator.comparingDouble(TimeSpan::start).thenComparingDouble(TimeSpan::end);

    /** Copies the lists and checks the counts. */
    public EventScore {
        missedEvents = List.copyOf(Objects.requireNonNull(missedEvents, "missedEvents"));
        falseDetections = List.copyOf(Objects.requireNonNull(falseDetections, "falseDetections"));
        if (missedEvents.size() > trueEvents || falseDetections.size() > detections) {
            throw new IllegalArgumentException("missed events (" + missedEvents.size()
                    + ") and false detections (" + falseDetections.size()
                    + ") cannot outnumber true events (" + trueEvents + ") and detections ("
                    + detections + ")");
        }
    }

    /**
     * Compares detections with true events.
     *
     * @param truth the annotated events, in any order
     * @param detected the detections, in any order
     * @return the comparison
     */
    public static EventScore of(List<TimeSpan> truth, List<TimeSpan> detected) {
        Objects.requireNonNull(truth, "truth");
        Objects.requireNonNull(detected, "detected");
        SpanIndex detectionIndex = new SpanIndex(detected);
        SpanIndex truthIndex = new SpanIndex(truth);
        List<TimeSpan> missed = new ArrayList<>();
        for (TimeSpan t : truth) {
            if (!detectionIndex.anyOverlaps(t)) {
                missed.add(t);
            }
        }
        List<TimeSpan> falseAlarms = new ArrayList<>();
        for (TimeSpan d : detected) {
            if (!truthIndex.anyOverlaps(d)) {
                falseAlarms.add(d);
            }
        }
        missed.sort(BY_START);
        falseAlarms.sort(BY_START);
        return new EventScore(truth.size(), detected.size(), missed, falseAlarms);
    }

    /**
     * True events found by at least one detection.
     *
     * @return {@code trueEvents - missedEvents.size()}
     */
    public int foundEvents() {
        return trueEvents - missedEvents.size();
    }

    /**
     * Detections that overlap at least one true event.
     *
     * @return {@code detections - falseDetections.size()}
     */
    public int correctDetections() {
        return detections - falseDetections.size();
    }

    /**
     * Share of true events found.
     *
     * @return {@code foundEvents / trueEvents}, {@code NaN} when there are no true events
     */
    public double eventRecall() {
        return trueEvents == 0 ? Double.NaN : (double) foundEvents() / trueEvents;
    }

    /**
     * Share of detections that overlap a true event.
     *
     * @return {@code correctDetections / detections}, {@code NaN} when there are no detections
     */
    public double eventPrecision() {
        return detections == 0 ? Double.NaN : (double) correctDetections() / detections;
    }

    /**
     * True events longer than a duration that were missed entirely; the seed reports this for
     * 2 s ("of bulls longer than 2 s, only one was missed entirely").
     *
     * @param seconds the duration, finite and {@code >= 0}; events strictly longer count
     * @return the number of such missed events
     */
    public int missedLongerThan(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            throw new IllegalArgumentException(
                    "duration must be a finite number of seconds >= 0, got " + seconds);
        }
        int n = 0;
        for (TimeSpan t : missedEvents) {
            if (t.duration() > seconds) {
                n++;
            }
        }
        return n;
    }
}
