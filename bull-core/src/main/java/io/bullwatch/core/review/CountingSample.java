package io.bullwatch.core.review;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Chooses the stretches of a night an expert judges for counting: a budget of stretches spread
 * over the {@link BullCount} strata (below the threshold too), drawn at random within each
 * stratum, so that their verdicts are unbiased evidence for it.
 *
 * <p><b>Where the budget goes</b>: first one verdict to every stratum that has none (the largest
 * first), so that no score band is estimated from other bands alone; then one stretch at a time,
 * to the stratum whose share of the interval's variance one more verdict reduces most. A stratum of {@code N} stretches with
 * posterior share {@code p} and {@code m} verdicts contributes about {@code N^2 p (1 - p) / (m + 1)}
 * ({@code m + 1}: the prior counts as one verdict) times the finite-population correction
 * {@code 1 - m / N}; the stratum with the largest drop from {@code m} to {@code m + 1} gets the next
 * one. Large strata with uncertain shares get most verdicts, strata that are sure (nearly all
 * bulls, or nearly none) or small get few. Verdicts already given in a stratum (from a top-score
 * review too) count towards its {@code m} and towards the budget, so the allocation adapts as the
 * expert judges, and the sample asks for nothing more once the night has {@code budget} verdicts.
 *
 * <p><b>Which stretches</b>: within a stratum, stretches in a fixed pseudo-random order seeded by
 * the night's name and the stretch's times, so the sample is the same on every reload: a stratum's
 * next stretches to judge are its first ones in that order without a verdict.
 */
public final class CountingSample {

    /** Stretches per night in the counting sample when none is said. */
    public static final int DEFAULT_BUDGET = 40;

    private CountingSample() {
    }

    /**
     * The counting sample of a night.
     *
     * @param name the night's name (seeds the order)
     * @param units its stretches
     * @param verdicts verdicts given so far, by stretch key
     * @param calibration the model's calibration data, if known
     * @param budget decided verdicts the night should have in all: those already given (from a
     *     top-score review too) count, and the sample asks for the rest
     * @return the stretches still to judge, stratum by stratum from the lowest scores, each
     *     stratum's in its random order; empty once the budget is spent
     */
    public static List<CountUnit> draw(String name, List<CountUnit> units, Map<String, ReviewEntry> verdicts,
            Optional<ScoreCalibration> calibration, int budget) {
        Objects.requireNonNull(name, "name");
        if (budget < 0) {
            throw new IllegalArgumentException("the budget must be >= 0, got " + budget);
        }
        Map<String, List<CountUnit>> strata = new LinkedHashMap<>();
        List<CountUnit> ordered = new ArrayList<>(units);
        ordered.sort(Comparator.comparing(CountUnit::kind).reversed()
                .thenComparingInt(u -> BullCount.bin(u.score())));
        for (CountUnit u : ordered) {
            strata.computeIfAbsent(u.kind() + "/" + BullCount.bin(u.score()), k -> new ArrayList<>()).add(u);
        }
        List<List<CountUnit>> groups = new ArrayList<>(strata.values());
        int g = groups.size();
        int[] judged = new int[g];
        int[] bulls = new int[g];
        int[] open = new int[g];
        int decided = 0;
        long seed = BullCount.seed(name);
        for (int i = 0; i < g; i++) {
            List<CountUnit> group = groups.get(i);
            group.sort(Comparator.comparingLong(u -> mix(seed, u)));
            for (CountUnit u : group) {
                ReviewEntry v = verdicts.get(u.key());
                if (v == null) {
                    open[i]++;
                } else if (v.verdict().decided()) {
                    judged[i]++;
                    bulls[i] += v.verdict() == Verdict.BULL ? 1 : 0;
                }
            }
            decided += judged[i];
        }
        int bands = BullCount.EDGES.length - 1;
        int[][] judgedBand = new int[UnitKind.values().length][bands];
        int[][] bullsBand = new int[UnitKind.values().length][bands];
        for (int i = 0; i < g; i++) {
            CountUnit first = groups.get(i).get(0);
            judgedBand[first.kind().ordinal()][BullCount.bin(first.score())] = judged[i];
            bullsBand[first.kind().ordinal()][BullCount.bin(first.score())] = bulls[i];
        }
        double[] variance = new double[g];
        for (int i = 0; i < g; i++) {
            CountUnit first = groups.get(i).get(0);
            int k = first.kind().ordinal();
            int band = BullCount.bin(first.score());
            double p = BullCount.stratum(first.kind(), band, groups.get(i).size(), judged[i], bulls[i],
                    BullCount.neighbours(judgedBand[k], bullsBand[k], band), calibration).share();
            variance[i] = p * (1 - p);
        }
        int[] extra = new int[g];
        int spent = decided;
        // first, one verdict for every stratum that has none, the largest first
        List<Integer> unjudged = new ArrayList<>();
        for (int i = 0; i < g; i++) {
            if (judged[i] == 0 && open[i] > 0) {
                unjudged.add(i);
            }
        }
        unjudged.sort(Comparator.comparingInt((Integer i) -> groups.get(i).size()).reversed());
        for (int i : unjudged) {
            if (spent >= budget) {
                break;
            }
            extra[i]++;
            spent++;
        }
        for (; spent < budget; spent++) {
            int best = -1;
            double bestGain = 0;
            for (int i = 0; i < g; i++) {
                if (extra[i] >= open[i]) {
                    continue;
                }
                int n = groups.get(i).size();
                int m = judged[i] + extra[i];
                double gain = contribution(n, variance[i], m) - contribution(n, variance[i], m + 1);
                if (best < 0 || gain > bestGain) {
                    best = i;
                    bestGain = gain;
                }
            }
            if (best < 0) {
                break;
            }
            extra[best]++;
        }
        List<CountUnit> out = new ArrayList<>();
        for (int i = 0; i < g; i++) {
            int left = extra[i];
            for (CountUnit u : groups.get(i)) {
                if (left == 0) {
                    break;
                }
                if (!verdicts.containsKey(u.key())) {
                    out.add(u);
                    left--;
                }
            }
        }
        return out;
    }

    private static double contribution(int n, double variance, int m) {
        double fpc = Math.max(0, 1 - (double) m / n);
        return (double) n * n * variance / (m + 1) * fpc;
    }

    private static long mix(long seed, CountUnit u) {
        long h = seed ^ Double.doubleToLongBits(u.start()) * 0xBF58476D1CE4E5B9L
                ^ Double.doubleToLongBits(u.end()) * 0x94D049BB133111EBL ^ u.kind().ordinal();
        h ^= h >>> 31;
        h *= 0x9E3779B97F4A7C15L;
        h ^= h >>> 29;
        return h;
    }
}
