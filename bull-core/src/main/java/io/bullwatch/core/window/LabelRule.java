package io.bullwatch.core.window;

import io.bullwatch.core.annotation.Annotation;

/**
 * How one annotated event labels one window.
 *
 * <p>The window is given as its closed time interval {@code [windowStart, windowEnd]} in seconds
 * (the end includes any zero padding). A window's label is the {@link WindowLabel#combine
 * combination} of the labels that its events give it, so a window is {@link WindowLabel#BULL} when
 * any event makes it so.
 *
 * <p>Contract: a rule returns {@link WindowLabel#NO_BULL} for an event that does not meet the closed
 * window interval ({@code event.end() < windowStart} or {@code event.start() > windowEnd}); the
 * {@link WindowLabeller} relies on it and never asks about such events.
 *
 * <p>In all the rules below an event of zero length (a point label) labels positive every window
 * whose closed interval contains it.
 */
@FunctionalInterface
public interface LabelRule {

    /**
     * The label that one event gives one window.
     *
     * @param windowStart window start in seconds
     * @param windowEnd window end in seconds, {@code > windowStart}
     * @param event the event
     * @return {@link WindowLabel#BULL}, {@link WindowLabel#AMBIGUOUS} or {@link WindowLabel#NO_BULL}
     */
    WindowLabel label(double windowStart, double windowEnd, Annotation event);

    /**
     * The seed's rule, exactly as its preprocessing notebook writes it: the window is a bull window
     * when the event's start or its end lies inside the window, edges included:
     * {@code ws <= start <= we || ws <= end <= we}. An event that merely touches the window's edge
     * counts (with no second of overlap), and an event longer than the window that covers it
     * entirely does not count (use {@link #anyOverlap()} for that).
     *
     * @return the seed's "touches" rule
     */
    static LabelRule seedTouches() {
        return StandardRules.SeedTouches.INSTANCE;
    }

    /**
     * Positive when the event and the window share more than zero seconds:
     * {@code min(end, we) - max(start, ws) > 0}. Unlike {@link #seedTouches()} it catches events
     * longer than the window that cover it entirely, and ignores events that only touch an edge.
     *
     * @return the any-overlap rule
     */
    static LabelRule anyOverlap() {
        return StandardRules.AnyOverlap.INSTANCE;
    }

    /**
     * Positive when at least {@code seconds} of the event lie inside the window, or the whole event
     * when it is shorter than {@code seconds}: {@code overlap > 0 && overlap >= min(seconds,
     * duration)}. A short event wholly inside a window thus stays positive.
     *
     * @param seconds required overlap in seconds, finite and {@code > 0}
     * @return the rule
     */
    static LabelRule minOverlapSeconds(double seconds) {
        return new StandardRules.MinOverlap(seconds);
    }

    /**
     * Positive when at least the given share of the event lies inside the window:
     * {@code overlap / duration >= fraction}. With {@code fraction = 1} only events wholly inside the
     * window count. Events longer than {@code windowLength / fraction} can never be positive; the
     * {@link WindowLabeller} reports them.
     *
     * @param fraction required share of the event, in {@code (0, 1]}
     * @return the rule
     */
    static LabelRule minEventFraction(double fraction) {
        return new StandardRules.MinFraction(fraction);
    }

    /**
     * This rule with an ambiguous band by overlap: where this rule says {@link WindowLabel#NO_BULL}
     * but the event overlaps the window by more than {@code seconds}, the window is
     * {@link WindowLabel#AMBIGUOUS}. For example {@code minOverlapSeconds(2).withAmbiguousOverlapAbove(0)}
     * makes windows that share between 0 and 2 s with an event (both excluded) ambiguous.
     *
     * @param seconds the lower bound of the band in seconds, finite and {@code >= 0}
     * @return the rule with the band
     */
    default LabelRule withAmbiguousOverlapAbove(double seconds) {
        return new StandardRules.AmbiguousOverlap(this, seconds);
    }

    /**
     * This rule with an ambiguous band by share of the event: where this rule says
     * {@link WindowLabel#NO_BULL} but more than {@code fraction} of the event lies inside the window,
     * the window is {@link WindowLabel#AMBIGUOUS}. Zero-length events are never ambiguous.
     *
     * @param fraction the lower bound of the band, in {@code [0, 1)}
     * @return the rule with the band
     */
    default LabelRule withAmbiguousFractionAbove(double fraction) {
        return new StandardRules.AmbiguousFraction(this, fraction);
    }
}
