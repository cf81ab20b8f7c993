package io.bullwatch.core.annotation;

import io.bullwatch.core.text.Decimals;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events of one recording together with the warnings that cleaning them produced.
 *
 * <p>Every operation returns a new set and keeps the earlier warnings; each new warning is also
 * logged at WARN level. A typical use is {@code table.toSet().cleaned(recordingSeconds)}.
 *
 * @param source what the events came from, such as the annotation file's name; starts every
 *     warning
 * @param annotations the events
 * @param warnings what was changed and why, oldest first
 */
public record AnnotationSet(String source, List<Annotation> annotations, List<String> warnings) {

    private static final Logger LOG = LoggerFactory.getLogger(AnnotationSet.class);

    /** Orders events by start, then end, then label. */
    public static final Comparator<Annotation> BY_START = Comparator
            .comparingDouble(Annotation::start)
            .thenComparingDouble(Annotation::end)
            .thenComparing(Annotation::label);

    /** Validates and copies. */
    public AnnotationSet {
        Objects.requireNonNull(source, "source");
        annotations = List.copyOf(annotations);
        warnings = List.copyOf(warnings);
    }

    /**
     * A set with no warnings.
     *
     * @param source what the events came from
     * @param annotations the events
     * @return the set
     */
    public static AnnotationSet of(String source, List<Annotation> annotations) {
        return new AnnotationSet(source, annotations, List.of());
    }

    /**
     * Fits the events to a recording: an event that starts at or after its end is dropped, one
     * that runs past its end is cut at the end; each change adds a warning.
     *
     * @param recordingSeconds the recording's duration, finite and {@code >= 0}
     * @return the fitted set, events in their previous order
     * @throws IllegalArgumentException if the duration is negative or not finite
     */
    public AnnotationSet clippedTo(double recordingSeconds) {
        if (!Double.isFinite(recordingSeconds) || recordingSeconds < 0) {
            throw new IllegalArgumentException(
                    "recording duration must be finite and >= 0 s, got " + recordingSeconds);
        }
        List<Annotation> kept = new ArrayList<>(annotations.size());
        List<String> added = new ArrayList<>();
        String length = Decimals.format(recordingSeconds, 3) + " s";
        for (Annotation a : annotations) {
            if (a.start() >= recordingSeconds) {
                added.add(source + ": " + describe(a) + " starts at or after the end of the"
                        + " recording (" + length + "); dropped");
            } else if (a.end() > recordingSeconds) {
                added.add(source + ": " + describe(a) + " ends after the end of the recording ("
                        + length + "); clipped to " + length);
                kept.add(new Annotation(a.start(), recordingSeconds, a.label()));
            } else {
                kept.add(a);
            }
        }
        return withChanges(kept, added);
    }

    /**
     * Merges events of the same label that overlap or touch (one ends exactly where the next
     * starts), so that one splash annotated in two pieces counts once. Events of different labels
     * are never merged.
     *
     * @return the merged set, sorted by {@link #BY_START}
     */
    public AnnotationSet merged() {
        return merged(0.0);
    }

    /**
     * Merges events of the same label whose gap is at most {@code maxGapSeconds}; a gap of zero
     * means touching events merge.
     *
     * @param maxGapSeconds the largest gap bridged, finite and {@code >= 0}
     * @return the merged set, sorted by {@link #BY_START}
     * @throws IllegalArgumentException if the gap is negative or not finite
     */
    public AnnotationSet merged(double maxGapSeconds) {
        if (!Double.isFinite(maxGapSeconds) || maxGapSeconds < 0) {
            throw new IllegalArgumentException(
                    "the gap to bridge must be finite and >= 0 s, got " + maxGapSeconds);
        }
        Map<String, List<Annotation>> byLabel = new LinkedHashMap<>();
        for (Annotation a : annotations) {
            byLabel.computeIfAbsent(a.label(), k -> new ArrayList<>()).add(a);
        }
        List<Annotation> out = new ArrayList<>(annotations.size());
        for (Map.Entry<String, List<Annotation>> e : byLabel.entrySet()) {
            List<Annotation> list = new ArrayList<>(e.getValue());
            list.sort(BY_START);
            double start = list.get(0).start();
            double end = list.get(0).end();
            for (Annotation a : list.subList(1, list.size())) {
                if (a.start() - end <= maxGapSeconds) {
                    end = Math.max(end, a.end());
                } else {
                    out.add(new Annotation(start, end, e.getKey()));
                    start = a.start();
                    end = a.end();
                }
            }
            out.add(new Annotation(start, end, e.getKey()));
        }
        out.sort(BY_START);
        if (out.size() < annotations.size()) {
            LOG.debug("{}: merged {} events into {}", source, annotations.size(), out.size());
        }
        return new AnnotationSet(source, out, warnings);
    }

    /**
     * Sorts the events by {@link #BY_START}.
     *
     * @return the sorted set
     */
    public AnnotationSet sorted() {
        List<Annotation> out = new ArrayList<>(annotations);
        out.sort(BY_START);
        return new AnnotationSet(source, out, warnings);
    }

    /**
     * Prepares the events for a recording: {@link #clippedTo(double)} then {@link #merged()}.
     *
     * @param recordingSeconds the recording's duration
     * @return events inside the recording, merged per label and sorted by start
     * @throws IllegalArgumentException if the duration is negative or not finite
     */
    public AnnotationSet cleaned(double recordingSeconds) {
        return clippedTo(recordingSeconds).merged();
    }

    /**
     * The number of events.
     *
     * @return the count
     */
    public int size() {
        return annotations.size();
    }

    /**
     * Whether there are no events.
     *
     * @return {@code true} for an empty set
     */
    public boolean isEmpty() {
        return annotations.isEmpty();
    }

    private AnnotationSet withChanges(List<Annotation> kept, List<String> added) {
        if (added.isEmpty()) {
            return new AnnotationSet(source, kept, warnings);
        }
        for (String w : added) {
            LOG.warn(w);
        }
        List<String> all = new ArrayList<>(warnings);
        all.addAll(added);
        return new AnnotationSet(source, kept, all);
    }

    private static String describe(Annotation a) {
        String span = Decimals.format(a.start(), 3) + " to " + Decimals.format(a.end(), 3) + " s";
        return a.label().isEmpty() ? "event " + span : "event '" + a.label() + "' " + span;
    }
}
