package io.bullwatch.core.window;

import io.bullwatch.core.annotation.Annotation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Labels every window of a recording from its annotated events.
 *
 * <p>One pass: windows in order and events sorted by start advance together, keeping only the events
 * that meet the current window, so the cost is proportional to windows plus events plus the
 * (window, event) pairs that actually meet, not to windows times events.
 *
 * <p>Options: the {@link LabelRule}; which events count ({@link #withLabelFilter(Predicate)}, all by
 * default; events left out neither label windows nor get reported); and whether to add, for each
 * event no regular window labels positive, an extra {@link WindowLabel#BULL} window centred on it
 * ({@link #withExtraWindows(boolean)}, off by default). Instances are immutable and thread-safe.
 */
public final class WindowLabeller {

    private static final Logger LOG = LoggerFactory.getLogger(WindowLabeller.class);

    private static final Comparator<Annotation> BY_START =
            Comparator.comparingDouble(Annotation::start).thenComparingDouble(Annotation::end);

    private final LabelRule rule;
    private final Predicate<String> labelFilter;
    private final boolean extraWindows;

    private WindowLabeller(LabelRule rule, Predicate<String> labelFilter, boolean extraWindows) {
        this.rule = Objects.requireNonNull(rule, "rule");
        this.labelFilter = Objects.requireNonNull(labelFilter, "labelFilter");
        this.extraWindows = extraWindows;
    }

    /**
     * A labeller with a rule, counting all events, adding no extra windows.
     *
     * @param rule the rule
     * @return the labeller
     */
    public static WindowLabeller of(LabelRule rule) {
        return new WindowLabeller(rule, label -> true, false);
    }

    /**
     * The seed's labelling: {@link LabelRule#seedTouches()}, all events, no extra windows.
     *
     * @return the labeller
     */
    public static WindowLabeller seed() {
        return of(LabelRule.seedTouches());
    }

    /**
     * This labeller counting only events whose label passes a filter.
     *
     * @param accept accepts the labels of events to count
     * @return a new labeller
     */
    public WindowLabeller withLabelFilter(Predicate<String> accept) {
        return new WindowLabeller(rule, accept, extraWindows);
    }

    /**
     * This labeller counting only events with one of the given labels, compared exactly.
     *
     * @param labels the labels to count
     * @return a new labeller
     */
    public WindowLabeller withLabels(String... labels) {
        List<String> accepted = List.of(labels);
        return withLabelFilter(accepted::contains);
    }

    /**
     * This labeller adding, or not, an extra window centred on each event that no regular window
     * labels positive. Extra windows are labelled {@link WindowLabel#BULL}, flagged
     * {@link LabelledWindow#extra()}, and numbered after the regular windows; they stay inside the
     * recording unless it is shorter than one window. Their events are still listed in
     * {@link WindowLabelling#unlabelledEvents()}.
     *
     * @param add whether to add extra windows
     * @return a new labeller
     */
    public WindowLabeller withExtraWindows(boolean add) {
        return new WindowLabeller(rule, labelFilter, add);
    }

    /**
     * The rule.
     *
     * @return the rule
     */
    public LabelRule rule() {
        return rule;
    }

    /**
     * Whether extra windows are added.
     *
     * @return {@code true} if they are
     */
    public boolean extraWindows() {
        return extraWindows;
    }

    /**
     * Labels the windows of one recording.
     *
     * @param windows the recording's windows
     * @param events the recording's events, ideally sorted by start (a sorted copy is made otherwise)
     * @return the labelled windows and the events no regular window labels positive
     */
    public WindowLabelling label(Segmenter windows, List<Annotation> events) {
        Objects.requireNonNull(windows, "windows");
        Objects.requireNonNull(events, "events");
        List<Annotation> counted = new ArrayList<>(events.size());
        int ignored = 0;
        boolean sorted = true;
        for (Annotation e : events) {
            Objects.requireNonNull(e, "events must not contain null");
            if (!labelFilter.test(e.label())) {
                ignored++;
                continue;
            }
            if (!counted.isEmpty() && BY_START.compare(counted.get(counted.size() - 1), e) > 0) {
                sorted = false;
            }
            counted.add(e);
        }
        if (!sorted) {
            counted.sort(BY_START);
        }
        long pastEnd = counted.stream().filter(e -> e.end() > windows.recordingSeconds()).count();
        if (pastEnd > 0) {
            LOG.warn("{} events end after the recording does ({} s); check the annotation file",
                    pastEnd, windows.recordingSeconds());
        }

        double rate = windows.sampleRate();
        int n = counted.size();
        boolean[] positive = new boolean[n];
        int[] active = new int[n];
        int activeCount = 0;
        int nextEvent = 0;
        List<LabelledWindow> out = new ArrayList<>(windows.count());
        for (Window w : windows) {
            double ws = w.startSeconds(rate);
            double we = w.endSeconds(rate);
            // events starting before the window ends join; those ending before it starts leave
            while (nextEvent < n && counted.get(nextEvent).start() <= we) {
                active[activeCount++] = nextEvent++;
            }
            int kept = 0;
            WindowLabel label = WindowLabel.NO_BULL;
            for (int a = 0; a < activeCount; a++) {
                int idx = active[a];
                Annotation e = counted.get(idx);
                if (e.end() < ws) {
                    continue; // window starts only move forward: this event meets no later window
                }
                active[kept++] = idx;
                WindowLabel l = Objects.requireNonNull(rule.label(ws, we, e),
                        "label rule returned null");
                if (l == WindowLabel.BULL) {
                    positive[idx] = true;
                }
                label = label.combine(l);
            }
            activeCount = kept;
            out.add(new LabelledWindow(w, label, false));
        }

        List<Annotation> unlabelled = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!positive[i]) {
                unlabelled.add(counted.get(i));
            }
        }
        if (extraWindows) {
            int index = windows.count();
            for (Annotation e : unlabelled) {
                Window w = windows.centredOn((e.start() + e.end()) / 2.0, index++);
                out.add(new LabelledWindow(w, WindowLabel.BULL, true));
            }
        }
        if (!unlabelled.isEmpty()) {
            LOG.warn("{} of {} events label no window positive under {} (first at {} s){}",
                    unlabelled.size(), n, rule, unlabelled.get(0).start(),
                    extraWindows ? "; added a centred window for each" : "");
        }
        LOG.debug("labelled {} windows from {} events ({} ignored by the label filter)",
                out.size(), n, ignored);
        return new WindowLabelling(out, unlabelled, n, ignored);
    }
}
