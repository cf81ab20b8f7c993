package io.bullwatch.core.evaluate;

import io.bullwatch.core.annotation.Annotation;
import io.bullwatch.core.events.DetectedEvent;
import io.bullwatch.core.events.RecordingDetection;
import io.bullwatch.core.events.WindowScore;
import io.bullwatch.core.metrics.Confusion;
import io.bullwatch.core.metrics.EventScore;
import io.bullwatch.core.metrics.ThresholdSweep;
import io.bullwatch.core.metrics.TimeSpan;
import io.bullwatch.core.window.LabelRule;
import io.bullwatch.core.window.WindowLabel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Scores detections against true bulls: window, event and listening metrics per recording, per site
 * and overall (see the {@linkplain io.bullwatch.core.evaluate package}). Immutable and thread-safe.
 *
 * <pre>{@code
 * List<ScoredRecording> scored = new ArrayList<>();
 * for (CorpusRecording r : recordings) {
 *     scored.add(ScoredRecording.detect(detector, r, RecordingDetector.Progress.NONE));
 * }
 * EvaluationReport report = DetectionEvaluation.training().evaluate(scored);
 * report.overall().windows().averageRecall();
 * }</pre>
 */
public final class DetectionEvaluation {

    /** The name of the group of all recordings. */
    public static final String OVERALL = "overall";

    /** The seed's long-miss duration: "of bulls longer than 2 s, only one was missed entirely". */
    public static final double SEED_LONG_MISS_SECONDS = 2.0;

    private final LabelRule rule;
    private final double longMissSeconds;

    private DetectionEvaluation(LabelRule rule, double longMissSeconds) {
        this.rule = Objects.requireNonNull(rule, "rule");
        if (!(longMissSeconds >= 0) || Double.isInfinite(longMissSeconds)) {
            throw new IllegalArgumentException("the long-miss duration must be a finite number of"
                    + " seconds >= 0, got " + longMissSeconds);
        }
        this.longMissSeconds = longMissSeconds;
    }

    /**
     * An evaluation labelling windows with a rule, counting missed bulls longer than 2 s.
     *
     * @param rule the label rule (ambiguous windows are left out of the window metrics)
     * @return the evaluation
     */
    public static DetectionEvaluation of(LabelRule rule) {
        return new DetectionEvaluation(rule, SEED_LONG_MISS_SECONDS);
    }

    /**
     * The evaluation with the rule training uses: a window holding at least 1 s of a bull (or the
     * whole bull, when shorter) is a bull window; windows overlapping a bull less are ambiguous.
     *
     * @return the evaluation
     */
    public static DetectionEvaluation training() {
        return of(LabelRule.minOverlapSeconds(1).withAmbiguousOverlapAbove(0));
    }

    /**
     * This evaluation with another long-miss duration.
     *
     * @param seconds missed bulls strictly longer than this count as long misses
     * @return a new evaluation
     */
    public DetectionEvaluation withLongMissSeconds(double seconds) {
        return new DetectionEvaluation(rule, seconds);
    }

    /** @return the label rule */
    public LabelRule rule() {
        return rule;
    }

    /** @return the long-miss duration in seconds */
    public double longMissSeconds() {
        return longMissSeconds;
    }

    /**
     * Evaluates recordings.
     *
     * @param recordings the detections with their truth and site, at least one
     * @return per recording, per site (in order of first appearance) and overall
     */
    public EvaluationReport evaluate(List<ScoredRecording> recordings) {
        Objects.requireNonNull(recordings, "recordings");
        if (recordings.isEmpty()) {
            throw new IllegalArgumentException("nothing to evaluate: no recordings");
        }
        List<Scored> all = new ArrayList<>();
        Map<String, List<Scored>> bySite = new LinkedHashMap<>();
        for (ScoredRecording r : recordings) {
            Scored s = score(Objects.requireNonNull(r, "recordings must not contain null"));
            all.add(s);
            bySite.computeIfAbsent(r.site(), k -> new ArrayList<>()).add(s);
        }
        List<GroupEvaluation> sites = new ArrayList<>();
        for (Map.Entry<String, List<Scored>> e : bySite.entrySet()) {
            sites.add(group(e.getKey(), e.getValue()));
        }
        return new EvaluationReport(rule.toString(), group(OVERALL, all), sites,
                all.stream().map(Scored::evaluation).toList());
    }

    /**
     * Evaluates one recording.
     *
     * @param recording the detection with its truth and site
     * @return its metrics
     */
    public RecordingEvaluation evaluate(ScoredRecording recording) {
        return score(Objects.requireNonNull(recording, "recording")).evaluation();
    }

    /**
     * Labels scored windows from true events with a rule: each window's closed interval
     * {@code [start, end]} is labelled by every event that meets it, and the labels {@linkplain
     * WindowLabel#combine combine}.
     *
     * @param windows the windows, in any order
     * @param truth the true events, in any order
     * @param rule the label rule
     * @return one label per window, in the windows' order
     */
    public static WindowLabel[] labelWindows(List<WindowScore> windows, List<Annotation> truth,
            LabelRule rule) {
        Objects.requireNonNull(windows, "windows");
        Objects.requireNonNull(rule, "rule");
        Annotation[] events = truth.toArray(new Annotation[0]);
        Arrays.sort(events, Comparator.comparingDouble(Annotation::start).thenComparingDouble(Annotation::end));
        // prefix maximum of event ends: below index i, no event ends after maxEnd[i]
        double[] maxEnd = new double[events.length];
        double[] starts = new double[events.length];
        for (int i = 0; i < events.length; i++) {
            maxEnd[i] = Math.max(events[i].end(), i == 0 ? Double.NEGATIVE_INFINITY : maxEnd[i - 1]);
            starts[i] = events[i].start();
        }
        WindowLabel[] labels = new WindowLabel[windows.size()];
        for (int w = 0; w < labels.length; w++) {
            WindowScore win = windows.get(w);
            WindowLabel label = WindowLabel.NO_BULL;
            // events starting at or before the window's end, from the latest back, while one can still reach it
            for (int i = lastStartAtOrBefore(starts, win.end()); i >= 0 && maxEnd[i] >= win.start(); i--) {
                if (events[i].end() >= win.start()) {
                    label = label.combine(Objects.requireNonNull(rule.label(win.start(), win.end(), events[i]),
                            "label rule returned null"));
                }
            }
            labels[w] = label;
        }
        return labels;
    }

    private static int lastStartAtOrBefore(double[] starts, double t) {
        int lo = 0;
        int hi = starts.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] <= t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo - 1;
    }

    /** One recording's labelled scores and metrics, kept for pooling. */
    private record Scored(RecordingEvaluation evaluation, double[] scores, boolean[] bulls) {
    }

    private Scored score(ScoredRecording r) {
        RecordingDetection d = r.detection();
        double threshold = d.rule().threshold();
        WindowLabel[] labels = labelWindows(d.windows(), r.truth(), rule);
        int kept = 0;
        for (WindowLabel l : labels) {
            kept += l.isTrainable() ? 1 : 0;
        }
        double[] scores = new double[kept];
        boolean[] bulls = new boolean[kept];
        int k = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i].isTrainable()) {
                scores[k] = d.windows().get(i).score();
                bulls[k] = labels[i].isBull();
                k++;
            }
        }
        WindowMetrics windows = WindowMetrics.of(Confusion.of(scores, bulls, threshold),
                labels.length - kept, ThresholdSweep.of(scores, bulls));
        List<TimeSpan> truth = r.truth().stream().map(TimeSpan::of).toList();
        List<TimeSpan> detected = new ArrayList<>();
        for (DetectedEvent e : d.events()) {
            detected.add(TimeSpan.of(e.start(), e.end()));
        }
        EventMetrics events = EventMetrics.of(d.name(), EventScore.of(truth, detected), longMissSeconds);
        ListeningMetrics listening = new ListeningMetrics(d.seconds(), d.secondsToReview());
        return new Scored(new RecordingEvaluation(d.name(), r.site(), threshold, windows, events, listening),
                scores, bulls);
    }

    private GroupEvaluation group(String name, List<Scored> members) {
        int n = 0;
        for (Scored s : members) {
            n += s.scores().length;
        }
        double[] scores = new double[n];
        boolean[] bulls = new boolean[n];
        int at = 0;
        Confusion confusion = Confusion.EMPTY;
        long ambiguous = 0;
        EventMetrics events = new EventMetrics(0, 0, 0, 0, longMissSeconds, List.of());
        ListeningMetrics listening = new ListeningMetrics(0, 0);
        double threshold = members.get(0).evaluation().threshold();
        List<String> names = new ArrayList<>();
        for (Scored s : members) {
            RecordingEvaluation e = s.evaluation();
            System.arraycopy(s.scores(), 0, scores, at, s.scores().length);
            System.arraycopy(s.bulls(), 0, bulls, at, s.bulls().length);
            at += s.scores().length;
            confusion = confusion.plus(e.windows().confusion());
            ambiguous += e.windows().ambiguous();
            events = events.plus(e.events());
            listening = listening.plus(e.listening());
            if (Double.compare(e.threshold(), threshold) != 0) {
                threshold = Double.NaN;
            }
            names.add(e.name());
        }
        return new GroupEvaluation(name, names, threshold,
                WindowMetrics.of(confusion, ambiguous, ThresholdSweep.of(scores, bulls)), events, listening);
    }
}
