package io.bullwatch.core.evaluate;

import io.bullwatch.core.metrics.Confusion;
import io.bullwatch.core.metrics.PrecisionRecallPoint;
import io.bullwatch.core.metrics.ThresholdSweep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Window-level metrics: the windows a detector scored, labelled from the true bulls, at the
 * detection's threshold and over all thresholds.
 *
 * @param confusion the counts at the detection's threshold ({@code score >= threshold} flags),
 *     ambiguous windows left out
 * @param ambiguous windows left out because a bull overlaps them too little to call them either way
 * @param sweep the confusion at every threshold, over the same windows
 * @param averagePrecision the sweep's average precision ({@code NaN} without bull windows)
 * @param rocAuc the sweep's ROC AUC ({@code NaN} unless both classes are present)
 */
public record WindowMetrics(Confusion confusion, long ambiguous, ThresholdSweep sweep,
        double averagePrecision, double rocAuc) {

    /** The smallest change of precision or recall between points {@link #toMap()} writes. */
    static final double CURVE_STEP = 0.005;

    /** Checks the values. */
    public WindowMetrics {
        Objects.requireNonNull(confusion, "confusion");
        Objects.requireNonNull(sweep, "sweep");
        if (ambiguous < 0) {
            throw new IllegalArgumentException("ambiguous windows must be >= 0, got " + ambiguous);
        }
        if (sweep.bulls() != confusion.bulls() || sweep.noBulls() != confusion.noBulls()) {
            throw new IllegalArgumentException("the sweep (" + sweep.bulls() + " bull, "
                    + sweep.noBulls() + " no-bull windows) and the confusion (" + confusion.bulls()
                    + ", " + confusion.noBulls() + ") must count the same windows");
        }
    }

    /**
     * Window metrics with the sweep's summaries computed.
     *
     * @param confusion the counts at the threshold
     * @param ambiguous windows left out
     * @param sweep the sweep over the same windows
     * @return the metrics
     */
    public static WindowMetrics of(Confusion confusion, long ambiguous, ThresholdSweep sweep) {
        return new WindowMetrics(confusion, ambiguous, sweep, sweep.averagePrecision(), sweep.rocAuc());
    }

    /** @return the seed's metric, the mean of bull and no-bull recall */
    public double averageRecall() {
        return confusion.averageRecall();
    }

    /** @return share of bull windows flagged */
    public double bullRecall() {
        return confusion.bullRecall();
    }

    /** @return share of flagged windows that are bull windows */
    public double precision() {
        return confusion.precision();
    }

    /** @return share of (non-ambiguous) windows flagged */
    public double flaggedFraction() {
        return confusion.flaggedFraction();
    }

    /** @return the precision-recall curve, one point per distinct score and a closing point */
    public List<PrecisionRecallPoint> precisionRecallCurve() {
        return sweep.precisionRecallCurve();
    }

    /**
     * The counts, rates and a thinned precision-recall curve: a point is kept when its precision or
     * recall differs by at least 0.005 from the last kept point; the first and last points are
     * always kept. The closing point's threshold is {@code +Infinity}.
     *
     * @return ordered, JSON-friendly values
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("windows", confusion.total());
        m.put("ambiguous", ambiguous);
        m.put("bullWindows", confusion.bulls());
        m.put("tp", confusion.tp());
        m.put("fp", confusion.fp());
        m.put("fn", confusion.fn());
        m.put("tn", confusion.tn());
        m.put("averageRecall", averageRecall());
        m.put("bullRecall", bullRecall());
        m.put("noBullRecall", confusion.noBullRecall());
        m.put("precision", precision());
        m.put("flaggedFraction", flaggedFraction());
        m.put("averagePrecision", averagePrecision);
        m.put("rocAuc", rocAuc);
        List<Map<String, Object>> curve = new ArrayList<>();
        for (PrecisionRecallPoint p : thinned(precisionRecallCurve(), CURVE_STEP)) {
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("threshold", p.threshold());
            point.put("precision", p.precision());
            point.put("recall", p.recall());
            curve.add(point);
        }
        m.put("prCurve", curve);
        return m;
    }

    /** The points whose precision or recall moved by at least {@code step}, plus both ends. */
    static List<PrecisionRecallPoint> thinned(List<PrecisionRecallPoint> curve, double step) {
        List<PrecisionRecallPoint> out = new ArrayList<>();
        PrecisionRecallPoint last = null;
        for (int i = 0; i < curve.size(); i++) {
            PrecisionRecallPoint p = curve.get(i);
            boolean keep = last == null || i == curve.size() - 1
                    || moved(p.precision(), last.precision(), step) || moved(p.recall(), last.recall(), step);
            if (keep) {
                out.add(p);
                last = p;
            }
        }
        return out;
    }

    private static boolean moved(double a, double b, double step) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.isNaN(a) != Double.isNaN(b);
        }
        return Math.abs(a - b) >= step;
    }
}
