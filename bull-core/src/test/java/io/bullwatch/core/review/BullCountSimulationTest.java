package io.bullwatch.core.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.random.RandomDraws;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The count's interval checked against known truth: simulated nights whose bulls are known, judged
 * by a simulated expert the way the review page offers (a top-score review of the first events,
 * then the counting sample until it asks for nothing new); the 95 % interval must cover the true
 * number of bulls in about 95 % of the nights, and the estimate must not be biased.
 */
class BullCountSimulationTest {

    private static final Instant T = Instant.parse("2026-05-01T22:00:00Z");

    /** One simulated night: its stretches and whether each holds (begins) a bull. */
    private record SimNight(List<CountUnit> units, Map<String, Boolean> truth, int bulls) {
    }

    /**
     * 720 cells of 5 s (an hour); 1-5 % begin a bull; a bull cell's score is drawn high, other
     * cells' low, with overlap (15 % of the bulls score low and are missed, some plops score high); cells
     * scoring at least 0.3 are detected events. Scores come from Beta draws of this test's own.
     */
    private static SimNight night(SplittableRandom r, double bullRate) {
        List<CountUnit> units = new ArrayList<>();
        Map<String, Boolean> truth = new HashMap<>();
        int bulls = 0;
        for (int c = 0; c < 720; c++) {
            boolean bull = r.nextDouble() < bullRate;
            // 15 % of the bulls score like the background: the detector misses them
            double score = !bull ? RandomDraws.beta(r, 0.5, 9)
                    : r.nextDouble() < 0.15 ? RandomDraws.beta(r, 1, 6) : RandomDraws.beta(r, 4, 1.2);
            UnitKind kind = score >= 0.3 ? UnitKind.EVENT : UnitKind.CELL;
            CountUnit u = new CountUnit(kind, c * 5.0, c * 5.0 + 5, score);
            units.add(u);
            truth.put(u.key(), bull);
            bulls += bull ? 1 : 0;
        }
        return new SimNight(units, truth, bulls);
    }

    private static ReviewEntry verdict(CountUnit u, boolean bull) {
        return new ReviewEntry(u.kind(), u.start(), u.end(), u.score(), bull ? Verdict.BULL : Verdict.NOT_BULL, "sim", T);
    }

    /** Top-score review of {@code top} events, then counting-sample rounds until nothing new is asked. */
    private static Map<String, ReviewEntry> review(String name, SimNight night, int top, int budget) {
        Map<String, ReviewEntry> verdicts = new HashMap<>();
        night.units().stream().filter(u -> u.kind() == UnitKind.EVENT)
                .sorted((a, b) -> Double.compare(b.score(), a.score())).limit(top)
                .forEach(u -> verdicts.put(u.key(), verdict(u, night.truth().get(u.key()))));
        for (int round = 0; round < 100; round++) {
            // the expert judges the next few stretches the sample asks for, then it is drawn again
            List<CountUnit> asked = CountingSample.draw(name, night.units(), verdicts, Optional.empty(), budget);
            if (asked.isEmpty()) {
                break;
            }
            for (CountUnit u : asked.subList(0, Math.min(8, asked.size()))) {
                verdicts.put(u.key(), verdict(u, night.truth().get(u.key())));
            }
        }
        return verdicts;
    }

    @Test
    void intervalsCoverTheTrueCountAboutNinetyFivePercentOfNights() {
        SplittableRandom r = new SplittableRandom(20260501);
        int nights = 100;
        int covered = 0;
        double bias = 0;
        double truth = 0;
        double width = 0;
        for (int i = 0; i < nights; i++) {
            SimNight night = night(r, 0.01 + 0.04 * r.nextDouble());
            String name = "night" + i;
            Map<String, ReviewEntry> verdicts = review(name, night, 10, 80);
            BullCount.Night count = BullCount.night(name, night.units(), verdicts, Optional.empty());
            BullCount.Estimate e = count.estimate();
            if (e.lower() <= night.bulls() && night.bulls() <= e.upper()) {
                covered++;
            }
            bias += e.estimate() - night.bulls();
            truth += night.bulls();
            width += e.upper() - e.lower();
        }
        double coverage = (double) covered / nights;
        // 95 % nominal; with 100 nights a binomial 99 % band is about 0.89-0.99, and the Jeffreys
        // strata make the interval slightly conservative.
        assertTrue(coverage >= 0.89, "coverage " + coverage);
        assertTrue(Math.abs(bias / nights) <= 0.1 * truth / nights, "mean error " + bias / nights
                + " against a mean of " + truth / nights + " bulls");
        assertTrue(width / nights < truth / nights, "mean interval width " + width / nights
                + " for a mean of " + truth / nights + " bulls");
    }

    @Test
    void aFullyJudgedNightIsExact() {
        SimNight night = night(new SplittableRandom(7), 0.03);
        Map<String, ReviewEntry> all = new HashMap<>();
        for (CountUnit u : night.units()) {
            all.put(u.key(), verdict(u, night.truth().get(u.key())));
        }
        BullCount.Estimate e = BullCount.night("n", night.units(), all, Optional.empty()).estimate();
        assertEquals(night.bulls(), e.estimate(), 1e-9);
        assertEquals(night.bulls(), e.lower(), 1e-9);
        assertEquals(night.bulls(), e.upper(), 1e-9);
        assertEquals("complete", e.method());
    }
}
