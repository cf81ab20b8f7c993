package io.bullwatch.core.review;

import io.bullwatch.core.random.RandomDraws;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * Estimates the number of bulls in a night, with a 95 % interval, from an expert's verdicts on
 * some of its stretches ({@link CountUnits}), without leaning on one threshold.
 *
 * <p><b>The estimator</b> (score-stratified validation, as in Navine et al. 2024, "All thresholds
 * barred"): the night's stretches are split into strata by kind (event or cell) and score bin
 * ({@link #EDGES}). In a stratum of {@code N} stretches of which the expert decided {@code n}
 * ({@code bull} or {@code not-bull}; {@code unsure} counts as not judged), {@code k} of them bulls,
 * the share of bulls among the undecided ones is given a Beta posterior:
 * <ul>
 *   <li>with verdicts ({@code n > 0}): {@code Beta(a0 + k, b0 + n - k)}, the prior {@code (a0, b0)}
 *       from the verdicts in the kind's other score bands, nearest weighing most ({@link
 *       #neighbours}), or Jeffreys' {@code (0.5, 0.5)} when they have none;</li>
 *   <li>without, from the model's calibration data ({@link ScoreCalibration}) when given: the share
 *       of bull windows among calibration windows of the same scores, {@code r}, taken as an event's
 *       chance of being a bull and, divided by the bull windows per bull, as a cell's chance that a
 *       bull begins in it; weighed as at most {@value #CALIBRATION_WEIGHT} verdicts, since the new
 *       night need not be like the calibration sites;</li>
 *   <li>without verdicts or calibration data: the prior from the other bands alone, and with
 *       nothing at all {@code Beta(1, 1)}, every share equally likely (a wide interval that says
 *       the stratum needs verdicts).</li>
 * </ul>
 * The number of bulls among a stratum's {@code N - n} undecided stretches is then Beta-binomial,
 * and the night's count is the confirmed bulls plus these, summed over strata. The estimate is the
 * posterior mean and the interval its 2.5 % and 97.5 % quantiles, from {@value #DRAWS} Monte Carlo
 * draws with a seed fixed by the night's name (the same inputs give the same numbers). Nights of one
 * site are summed draw by draw, so the site's interval is that of the sum.
 *
 * <p>Verdicts are unbiased evidence for their stratum when the stretches judged in it were chosen
 * without regard to what they hold: the {@link CountingSample} draws at random within each
 * stratum; a top-score review picks by score, which within a narrow score bin is close to random.
 * Each bull is counted once: a bull event counts one bull, and a cell counts a bull only when one
 * begins in it.
 */
public final class BullCount {

    /** Score bin edges of the strata (the last edge is just above 1, so that 1 falls in the last bin). */
    public static final double[] EDGES = {0, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 0.65, 0.8, 0.9,
        0.95, 0.99, 1.0000001};
    /** Monte Carlo draws per night. */
    public static final int DRAWS = 4000;
    /** The most verdicts the calibration data count for in one stratum. */
    public static final int CALIBRATION_WEIGHT = 20;
    /** The weight, in verdicts, of a stratum's prior from the verdicts in its kind's other bands. */
    public static final double PRIOR_WEIGHT = 1;
    /** How much less each score band further away weighs in a stratum's prior. */
    public static final double BAND_DECAY = 0.8;

    /** Where a stratum's posterior came from. */
    public enum Source {
        /** Every stretch of the stratum was judged: nothing is estimated. */
        COMPLETE,
        /** The expert's verdicts in the stratum. */
        VERDICTS,
        /** The model's calibration data (no verdict in the stratum). */
        CALIBRATION,
        /** The verdicts in the kind's other score bands, nearest weighing most (no verdict in the stratum, no calibration). */
        NEIGHBOURS,
        /** Neither: a uniform prior. */
        PRIOR;

        /** @return the word used in {@code counts.csv} */
        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One stratum of a night.
     *
     * @param kind event or cell
     * @param lower the bin's lowest score
     * @param upper the bin's highest score
     * @param units stretches in the stratum
     * @param judged stretches with a decided verdict
     * @param bulls of those, bulls
     * @param alpha the Beta posterior's first parameter
     * @param beta its second
     * @param source where the posterior came from
     */
    public record Stratum(UnitKind kind, double lower, double upper, int units, int judged, int bulls,
            double alpha, double beta, Source source) {

        /** @return the posterior mean share of bulls among the undecided stretches */
        public double share() {
            return alpha / (alpha + beta);
        }
    }

    /**
     * An estimate with its interval.
     *
     * @param estimate posterior mean number of bulls
     * @param lower 2.5 % quantile
     * @param upper 97.5 % quantile
     * @param method the sources used for strata with undecided stretches, joined by {@code +} (or
     *     {@code complete})
     */
    public record Estimate(double estimate, double lower, double upper, String method) {
    }

    /**
     * One night's count.
     *
     * @param events detected events
     * @param reviewed events with a verdict (unsure included)
     * @param confirmed stretches judged bull (events and cells)
     * @param strata the strata
     * @param estimate the estimate
     * @param draws the Monte Carlo draws of the night's count, for sums over nights
     */
    public record Night(int events, int reviewed, int confirmed, List<Stratum> strata, Estimate estimate,
            int[] draws) {
    }

    private BullCount() {
    }

    /**
     * The bin of a score.
     *
     * @param score a score in [0, 1]
     * @return its bin in {@link #EDGES}
     */
    public static int bin(double score) {
        int i = Arrays.binarySearch(EDGES, score);
        int b = i >= 0 ? i : -i - 2;
        return Math.max(0, Math.min(EDGES.length - 2, b));
    }

    /**
     * Counts one night.
     *
     * @param name the night's name (seeds the draws)
     * @param units its stretches ({@link CountUnits#of})
     * @param verdicts the expert's verdicts by stretch key; verdicts for stretches the night no
     *     longer has (after detecting again) are ignored
     * @param calibration the model's calibration data, if known
     * @return the count
     */
    public static Night night(String name, List<CountUnit> units, Map<String, ReviewEntry> verdicts,
            Optional<ScoreCalibration> calibration) {
        Objects.requireNonNull(name, "name");
        int nb = EDGES.length - 1;
        int[][] n = new int[2][nb];
        int[][] judged = new int[2][nb];
        int[][] bulls = new int[2][nb];
        int events = 0;
        int reviewed = 0;
        int confirmed = 0;
        for (CountUnit u : units) {
            int k = u.kind().ordinal();
            int b = bin(u.score());
            n[k][b]++;
            ReviewEntry v = verdicts.get(u.key());
            if (u.kind() == UnitKind.EVENT) {
                events++;
                if (v != null) {
                    reviewed++;
                }
            }
            if (v != null && v.verdict().decided()) {
                judged[k][b]++;
                if (v.verdict() == Verdict.BULL) {
                    bulls[k][b]++;
                    confirmed++;
                }
            }
        }
        List<Stratum> strata = new ArrayList<>();
        for (UnitKind kind : UnitKind.values()) {
            int k = kind.ordinal();
            for (int b = 0; b < nb; b++) {
                if (n[k][b] > 0) {
                    strata.add(stratum(kind, b, n[k][b], judged[k][b], bulls[k][b], neighbours(judged[k], bulls[k], b),
                            calibration));
                }
            }
        }
        int[] draws = draw(strata, new SplittableRandom(seed(name)));
        return new Night(events, reviewed, confirmed, List.copyOf(strata), summarise(draws, method(strata)), draws);
    }

    /**
     * Sums nights (for a site or a season): the draws are added night by night.
     *
     * @param nights the nights
     * @return the estimate of their total
     */
    public static Estimate total(List<Night> nights) {
        int[] sum = new int[DRAWS];
        List<Stratum> all = new ArrayList<>();
        for (Night night : nights) {
            for (int d = 0; d < DRAWS; d++) {
                sum[d] += night.draws()[d];
            }
            all.addAll(night.strata());
        }
        return summarise(sum, method(all));
    }

    /**
     * The prior of a stratum from the verdicts in the other score bands of its kind, weighed by
     * their distance ({@value #BAND_DECAY} for the next band, its square for the one after, ...),
     * weighing as {@value #PRIOR_WEIGHT} verdict: {@code p = (k + 0.5) / (n + 1)} over the weighted verdict and bull
     * counts. Nearby bands say most about a band; far ones (the top-score detections for a band of
     * low scores) little.
     *
     * @param judged decided verdicts per band of one kind
     * @param bulls bull verdicts per band
     * @param band the stratum's band
     * @return {@code {a0, b0}}, or {@code null} when the other bands have no verdict
     */
    static double[] neighbours(int[] judged, int[] bulls, int band) {
        double n = 0;
        double k = 0;
        for (int j = 0; j < judged.length; j++) {
            if (j != band && judged[j] > 0) {
                double w = Math.pow(BAND_DECAY, Math.abs(j - band));
                n += w * judged[j];
                k += w * bulls[j];
            }
        }
        if (n == 0) {
            return null;
        }
        double p = (k + 0.5) / (n + 1.0);
        return new double[] {PRIOR_WEIGHT * p, PRIOR_WEIGHT * (1 - p)};
    }

    static Stratum stratum(UnitKind kind, int b, int units, int judged, int bulls, double[] neighbours,
            Optional<ScoreCalibration> calibration) {
        double lo = EDGES[b];
        double hi = Math.min(1, EDGES[b + 1]);
        if (judged > 0) {
            double a0 = neighbours == null ? 0.5 : neighbours[0];
            double b0 = neighbours == null ? 0.5 : neighbours[1];
            return new Stratum(kind, lo, hi, units, judged, bulls, a0 + bulls, b0 + judged - bulls,
                    judged == units ? Source.COMPLETE : Source.VERDICTS);
        }
        if (calibration.isPresent()) {
            long[] c = calibration.get().counts(lo, hi);
            if (c[0] > 0) {
                double r = (c[1] + 0.5) / (c[0] + 1.0);
                double p = kind == UnitKind.EVENT ? r : r / calibration.get().bullWindowsPerBull();
                double w = Math.min(c[0], CALIBRATION_WEIGHT);
                return new Stratum(kind, lo, hi, units, 0, 0, p * w, (1 - p) * w, Source.CALIBRATION);
            }
        }
        if (neighbours != null) {
            return new Stratum(kind, lo, hi, units, 0, 0, neighbours[0], neighbours[1], Source.NEIGHBOURS);
        }
        return new Stratum(kind, lo, hi, units, 0, 0, 1, 1, Source.PRIOR);
    }

    private static String method(List<Stratum> strata) {
        EnumSet<Source> used = EnumSet.noneOf(Source.class);
        for (Stratum s : strata) {
            if (s.source() != Source.COMPLETE) {
                used.add(s.source());
            }
        }
        return used.isEmpty() ? Source.COMPLETE.text()
                : used.stream().map(Source::text).collect(Collectors.joining("+"));
    }

    private static int[] draw(List<Stratum> strata, SplittableRandom random) {
        int[] out = new int[DRAWS];
        for (int d = 0; d < DRAWS; d++) {
            int total = 0;
            for (Stratum s : strata) {
                total += s.bulls();
                int open = s.units() - s.judged();
                if (open > 0) {
                    double p = RandomDraws.beta(random, s.alpha(), s.beta());
                    total += RandomDraws.binomial(random, open, p);
                }
            }
            out[d] = total;
        }
        return out;
    }

    private static Estimate summarise(int[] draws, String method) {
        int[] sorted = draws.clone();
        Arrays.sort(sorted);
        double mean = 0;
        for (int x : sorted) {
            mean += x;
        }
        mean /= sorted.length;
        int lo = sorted[(int) Math.floor(0.025 * (sorted.length - 1))];
        int hi = sorted[(int) Math.ceil(0.975 * (sorted.length - 1))];
        return new Estimate(mean, lo, hi, method);
    }

    static long seed(String name) {
        long h = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < name.length(); i++) {
            h = (h ^ name.charAt(i)) * 0x100000001B3L;
        }
        return h;
    }
}
