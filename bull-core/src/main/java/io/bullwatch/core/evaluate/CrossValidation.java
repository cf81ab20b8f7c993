package io.bullwatch.core.evaluate;

import io.bullwatch.core.calibrate.Calibration;
import io.bullwatch.core.metrics.Confusion;
import io.bullwatch.core.metrics.ThresholdSweep;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Leave-one-site-out cross-validation, the yardstick of a detector meant for sites it never saw:
 * each site is the test site once, the model trains on the others but one (or a few), and its
 * threshold is calibrated on that one (or the few, pooled), never on the test site. {@link #leaveOneSiteOut} makes the folds, {@link
 * SiteResult#of} scores a fold's test site at its calibrated threshold, {@link #summarise} gives
 * the mean and the worst site.
 */
public final class CrossValidation {

    private CrossValidation() {
    }

    /**
     * One fold.
     *
     * @param testSite the site scored, never seen in training or calibration
     * @param validationSites the sites the threshold is calibrated on, their windows pooled (and the
     *     best epoch chosen)
     * @param trainSites the sites trained on
     */
    public record Fold(String testSite, List<String> validationSites, List<String> trainSites) {

        /** Validates and copies. */
        public Fold {
            Objects.requireNonNull(testSite, "testSite");
            validationSites = List.copyOf(validationSites);
            trainSites = List.copyOf(trainSites);
            if (validationSites.isEmpty() || validationSites.contains(testSite) || trainSites.contains(testSite)
                    || trainSites.stream().anyMatch(validationSites::contains) || trainSites.isEmpty()) {
                throw new IllegalArgumentException("a fold needs distinct test, validation and training sites,"
                        + " got " + testSite + ", " + validationSites + ", " + trainSites);
            }
        }
    }

    /**
     * The folds of some sites with one calibration site: {@link #leaveOneSiteOut(Collection, int)}
     * with 1.
     *
     * @param sites the corpus's sites, in the order to test them
     * @return one fold per site
     * @throws IllegalArgumentException with fewer than three distinct sites
     */
    public static List<Fold> leaveOneSiteOut(Collection<String> sites) {
        return leaveOneSiteOut(sites, 1);
    }

    /**
     * The folds of some sites: site {@code i} is tested, the {@code calibrationSites} sites after
     * it (cyclically) calibrate, the rest train. Calibrating on the pooled windows of several sites
     * gives a threshold that depends less on one site's background.
     *
     * @param sites the corpus's sites, in the order to test them
     * @param calibrationSites how many sites each fold calibrates on, {@code >= 1}
     * @return one fold per site
     * @throws IllegalArgumentException unless there are at least {@code calibrationSites + 2}
     *     distinct sites (one to test and one to train on besides)
     */
    public static List<Fold> leaveOneSiteOut(Collection<String> sites, int calibrationSites) {
        List<String> all = new ArrayList<>(new LinkedHashSet<>(sites));
        if (calibrationSites < 1) {
            throw new IllegalArgumentException("calibrate on at least one site, got " + calibrationSites);
        }
        if (all.size() < calibrationSites + 2) {
            throw new IllegalArgumentException("leave-one-site-out needs at least " + (calibrationSites + 2)
                    + " sites (one to test, " + calibrationSites + " to calibrate on, one to train on), got "
                    + all.size() + ": " + all);
        }
        List<Fold> folds = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            String test = all.get(i);
            List<String> val = new ArrayList<>();
            for (int k = 1; k <= calibrationSites; k++) {
                val.add(all.get((i + k) % all.size()));
            }
            List<String> train = new ArrayList<>(all);
            train.remove(test);
            train.removeAll(val);
            folds.add(new Fold(test, val, train));
        }
        return folds;
    }

    /**
     * A test site's numbers at the threshold calibrated on another site.
     *
     * @param site the test site
     * @param threshold the calibrated threshold ({@code score >= threshold} is flagged)
     * @param windows the site's scored windows
     * @param bullWindows of which hold a bull
     * @param averageRecall the mean of bull and no-bull recall at the threshold
     * @param bullRecall the share of bull windows flagged
     * @param precision the share of flagged windows that hold a bull (NaN when none is flagged)
     * @param flagged the share of windows flagged
     * @param listeningMinutesPerHour minutes an expert listens per hour of recording
     * @param rocAuc the area under the ROC curve (threshold-free ranking)
     * @param averagePrecision the area under the precision-recall curve
     * @param bestAverageRecall the average recall of the best threshold on this site, which no
     *     calibration can beat
     */
    public record SiteResult(String site, double threshold, long windows, long bullWindows,
            double averageRecall, double bullRecall, double precision, double flagged,
            double listeningMinutesPerHour, double rocAuc, double averagePrecision,
            double bestAverageRecall) {

        /** Validates. */
        public SiteResult {
            Objects.requireNonNull(site, "site");
        }

        /**
         * Scores a test site.
         *
         * @param site the site
         * @param scores its windows' bull probabilities
         * @param bulls their labels
         * @param threshold the threshold calibrated elsewhere
         * @return the numbers
         */
        public static SiteResult of(String site, float[] scores, boolean[] bulls, double threshold) {
            Confusion c = Confusion.of(scores, bulls, threshold);
            ThresholdSweep sweep = ThresholdSweep.of(scores, bulls);
            double best = sweep.maxAverageRecall().map(p -> p.confusion().averageRecall()).orElse(Double.NaN);
            return new SiteResult(site, threshold, c.total(), c.bulls(), c.averageRecall(), c.bullRecall(),
                    c.precision(), c.flaggedFraction(), Calibration.listeningMinutes(c, 1), sweep.rocAuc(),
                    sweep.averagePrecision(), best);
        }

        /** @return how much average recall the calibrated threshold loses against the best one */
        public double gap() {
            return bestAverageRecall - averageRecall;
        }

        /**
         * The numbers as {@code crossval.json} holds them (snake case).
         *
         * @return an ordered map
         */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("site", site);
            m.put("threshold", threshold);
            m.put("windows", windows);
            m.put("bull_windows", bullWindows);
            m.putAll(numbers(this));
            return m;
        }

        /**
         * Reads {@link #toMap()} back (numbers as any {@link Number}, null as NaN).
         *
         * @param m the map
         * @return the result
         * @throws IllegalArgumentException naming a missing or malformed field
         */
        public static SiteResult fromMap(Map<String, ?> m) {
            return new SiteResult(String.valueOf(required(m, "site")), number(m, "threshold"),
                    (long) number(m, "windows"), (long) number(m, "bull_windows"), number(m, "average_recall"),
                    number(m, "bull_recall"), number(m, "precision"), number(m, "flagged"),
                    number(m, "listening_minutes_per_hour"), number(m, "roc_auc"), number(m, "ap"),
                    number(m, "best_average_recall"));
        }

        private static Object required(Map<String, ?> m, String key) {
            if (!m.containsKey(key)) {
                throw new IllegalArgumentException("field '" + key + "' is missing");
            }
            return m.get(key);
        }

        private static double number(Map<String, ?> m, String key) {
            Object v = required(m, key);
            if (v == null) {
                return Double.NaN;
            }
            if (!(v instanceof Number n)) {
                throw new IllegalArgumentException("field '" + key + "': expected a number, got " + v);
            }
            return n.doubleValue();
        }
    }

    /** The metrics, with whether a higher value is better. */
    private static final List<Metric> METRICS = List.of(
            new Metric("average_recall", SiteResult::averageRecall, true),
            new Metric("bull_recall", SiteResult::bullRecall, true),
            new Metric("precision", SiteResult::precision, true),
            new Metric("flagged", SiteResult::flagged, false),
            new Metric("listening_minutes_per_hour", SiteResult::listeningMinutesPerHour, false),
            new Metric("roc_auc", SiteResult::rocAuc, true),
            new Metric("ap", SiteResult::averagePrecision, true),
            new Metric("best_average_recall", SiteResult::bestAverageRecall, true),
            new Metric("gap", SiteResult::gap, false));

    private record Metric(String name, ToDoubleFunction<SiteResult> value, boolean higherIsBetter) {
    }

    private static Map<String, Object> numbers(SiteResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Metric metric : METRICS) {
            m.put(metric.name(), metric.value().applyAsDouble(r));
        }
        return m;
    }

    /**
     * The sites' results with their mean and worst.
     *
     * @param sites one result per test site
     * @param mean per metric, the mean over the sites where it is a number
     * @param worst per metric, the worst site's value (lowest recall, AUC, AP; highest flagged
     *     share, listening and gap), and {@code site}: the site of the lowest average recall
     */
    public record Summary(List<SiteResult> sites, Map<String, Object> mean, Map<String, Object> worst) {

        /** Copies. */
        public Summary {
            sites = List.copyOf(sites);
            mean = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(mean));
            worst = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(worst));
        }

        /**
         * {@code {"sites": [...], "mean": {...}, "worst": {...}}}.
         *
         * @return an ordered map
         */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sites", sites.stream().map(SiteResult::toMap).toList());
            m.put("mean", mean);
            m.put("worst", worst);
            return m;
        }
    }

    /**
     * The mean and the worst of the sites' results.
     *
     * @param sites one result per test site, at least one
     * @return the summary
     */
    public static Summary summarise(List<SiteResult> sites) {
        if (sites.isEmpty()) {
            throw new IllegalArgumentException("no site results to summarise");
        }
        Map<String, Object> mean = new LinkedHashMap<>();
        Map<String, Object> worst = new LinkedHashMap<>();
        SiteResult lowest = sites.get(0);
        for (SiteResult r : sites) {
            // a site whose average recall is undefined (no bull window) is never the lowest
            if (Double.isNaN(lowest.averageRecall()) || r.averageRecall() < lowest.averageRecall()) {
                lowest = r;
            }
        }
        worst.put("site", lowest.site());
        for (Metric metric : METRICS) {
            double sum = 0;
            int n = 0;
            double w = Double.NaN;
            for (SiteResult r : sites) {
                double v = metric.value().applyAsDouble(r);
                if (Double.isFinite(v)) {
                    sum += v;
                    n++;
                    w = Double.isNaN(w) ? v : metric.higherIsBetter() ? Math.min(w, v) : Math.max(w, v);
                }
            }
            mean.put(metric.name(), n == 0 ? Double.NaN : sum / n);
            worst.put(metric.name(), w);
        }
        return new Summary(sites, mean, worst);
    }
}
