package io.bullwatch.core.events;

import io.bullwatch.core.text.Decimals;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a detector found in one recording.
 *
 * @param name the recording's name (its file name for files)
 * @param seconds the recording's length in seconds
 * @param windows every scored window, in time order
 * @param events the proposed bulls, in time order
 * @param rule how the events were made from the windows (holds the threshold)
 * @param background how far the recording's background sits from the model's sites; empty when
 *     the detector does not know (a model without the statistics, or the energy detector)
 * @param embedding how far the network's embeddings of the recording's windows sit from those of
 *     the model's sites (the background as the network sees it); empty when the detector does not
 *     know
 */
public record RecordingDetection(String name, double seconds, List<WindowScore> windows,
        List<DetectedEvent> events, EventRule rule, Optional<SiteDistance> background,
        Optional<SiteDistance> embedding) {

    /** How the embedding distance's warning names what it measured. */
    public static final String EMBEDDING_VIEW = "background as the network sees it (embeddings)";

    /** Copies the lists. */
    public RecordingDetection {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(background, "background");
        Objects.requireNonNull(embedding, "embedding");
        windows = List.copyOf(windows);
        events = List.copyOf(events);
    }

    /**
     * A detection without background distances.
     *
     * @param name the recording's name
     * @param seconds its length in seconds
     * @param windows every scored window, in time order
     * @param events the proposed bulls, in time order
     * @param rule how the events were made
     */
    public RecordingDetection(String name, double seconds, List<WindowScore> windows, List<DetectedEvent> events,
            EventRule rule) {
        this(name, seconds, windows, events, rule, Optional.empty(), Optional.empty());
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
        return new RecordingDetection(name, seconds, windows, EventMerger.merge(windows, newRule, seconds), newRule,
                background, embedding);
    }

    /**
     * @param distance how far the recording's background sits from the model's sites
     * @return this detection with it
     */
    public RecordingDetection withBackground(SiteDistance distance) {
        return new RecordingDetection(name, seconds, windows, events, rule, Optional.of(distance), embedding);
    }

    /**
     * @param distance how far the network's embeddings of the recording's windows sit from the
     *     model's sites'
     * @return this detection with it
     */
    public RecordingDetection withEmbedding(SiteDistance distance) {
        return new RecordingDetection(name, seconds, windows, events, rule, background, Optional.of(distance));
    }

    /**
     * What a reviewer should know before trusting this detection: a recording too short for one
     * window (nothing scored), a night flagged far
     * beyond what calibration expects ({@link FlaggingGuard}), a background far from the model's
     * sites on its band statistics ({@link SiteDistance#warning()}) or on the network's embeddings
     * ({@link #EMBEDDING_VIEW}), joined by {@code "; "}.
     *
     * @param expectedFlaggedShare the detector's {@link RecordingDetector#expectedFlaggedShare()}
     * @return the warning; empty when there is nothing to say
     */
    public String warning(OptionalDouble expectedFlaggedShare) {
        List<String> parts = new ArrayList<>();
        if (windows.isEmpty()) {
            // a night nobody listened to must not read as a quiet night
            parts.add("nothing scored: the recording (" + Decimals.format(seconds, 3)
                    + " s) is shorter than one of the model's windows");
        }
        if (expectedFlaggedShare.isPresent()) {
            FlaggingGuard.check(this, expectedFlaggedShare.getAsDouble()).ifPresent(parts::add);
        }
        background.flatMap(SiteDistance::warning).ifPresent(parts::add);
        embedding.flatMap(d -> d.warning(EMBEDDING_VIEW)).ifPresent(parts::add);
        return String.join("; ", parts);
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
