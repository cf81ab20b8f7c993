package io.bullwatch.core.window;

import io.bullwatch.core.annotation.Annotation;
import java.util.List;
import java.util.Objects;

/**
 * The labelled windows of one recording, and the events no window labels positive.
 *
 * @param windows the regular windows in order (window {@code i} at position {@code i}), then any
 *     extra windows, whose indices continue the sequence
 * @param unlabelledEvents counted events that no regular window labels {@link WindowLabel#BULL},
 *     sorted by start
 * @param countedEvents number of events that passed the label filter
 * @param ignoredEvents number of events the label filter left out
 */
public record WindowLabelling(
        List<LabelledWindow> windows,
        List<Annotation> unlabelledEvents,
        int countedEvents,
        int ignoredEvents) {

    /** Copies the lists and checks the counts. */
    public WindowLabelling {
        windows = List.copyOf(Objects.requireNonNull(windows, "windows"));
        unlabelledEvents = List.copyOf(Objects.requireNonNull(unlabelledEvents, "unlabelledEvents"));
        if (countedEvents < 0 || ignoredEvents < 0) {
            throw new IllegalArgumentException("event counts must be >= 0, got counted="
                    + countedEvents + ", ignored=" + ignoredEvents);
        }
        if (unlabelledEvents.size() > countedEvents) {
            throw new IllegalArgumentException("there cannot be more unlabelled events ("
                    + unlabelledEvents.size() + ") than counted events (" + countedEvents + ")");
        }
    }

    /**
     * Number of windows, regular and extra, with a given label.
     *
     * @param label the label
     * @return how many windows carry it
     */
    public int count(WindowLabel label) {
        Objects.requireNonNull(label, "label");
        int n = 0;
        for (LabelledWindow w : windows) {
            if (w.label() == label) {
                n++;
            }
        }
        return n;
    }

    /**
     * Number of extra windows.
     *
     * @return how many windows are flagged {@link LabelledWindow#extra()}
     */
    public int extraCount() {
        int n = 0;
        for (LabelledWindow w : windows) {
            if (w.extra()) {
                n++;
            }
        }
        return n;
    }

    /**
     * Whether every counted event labels at least one regular window positive.
     *
     * @return {@code true} when {@link #unlabelledEvents()} is empty
     */
    public boolean allEventsLabelled() {
        return unlabelledEvents.isEmpty();
    }
}
