package io.bullwatch.core.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.evaluate.CrossValidation.Fold;
import io.bullwatch.core.evaluate.CrossValidation.SiteResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link CrossValidation}: folds, a site's numbers by hand, mean and worst. */
class CrossValidationTest {

    @Test
    void eachSiteIsTestedOnceAndCalibratedOnAnother() {
        List<Fold> folds = CrossValidation.leaveOneSiteOut(List.of("a", "b", "c", "d", "b"));
        assertEquals(List.of(new Fold("a", List.of("b"), List.of("c", "d")),
                new Fold("b", List.of("c"), List.of("a", "d")), new Fold("c", List.of("d"), List.of("a", "b")),
                new Fold("d", List.of("a"), List.of("b", "c"))), folds);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CrossValidation.leaveOneSiteOut(List.of("a", "b")));
        assertTrue(e.getMessage().contains("at least 3 sites"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Fold("a", List.of("a"), List.of("b")));
        // two calibration sites, pooled
        assertEquals(new Fold("d", List.of("a", "b"), List.of("c")),
                CrossValidation.leaveOneSiteOut(List.of("a", "b", "c", "d"), 2).get(3));
        assertThrows(IllegalArgumentException.class, () -> CrossValidation.leaveOneSiteOut(List.of("a", "b", "c"), 2));
    }

    @Test
    void aSitesNumbersAtTheCalibratedThresholdByHand() {
        // flagged at 0.5: 0.9 (bull), 0.8 (no bull); missed: 0.2 (bull); quiet: 0.1
        SiteResult a = SiteResult.of("a", new float[] {0.9f, 0.8f, 0.2f, 0.1f},
                new boolean[] {true, false, true, false}, 0.5);
        assertEquals(4, a.windows());
        assertEquals(2, a.bullWindows());
        assertEquals(0.5, a.averageRecall(), 1e-12);
        assertEquals(0.5, a.bullRecall(), 1e-12);
        assertEquals(0.5, a.precision(), 1e-12);
        assertEquals(0.5, a.flagged(), 1e-12);
        assertEquals(30, a.listeningMinutesPerHour(), 1e-12);
        assertEquals(0.75, a.rocAuc(), 1e-12); // 3 of the 4 bull / no-bull pairs in order
        assertEquals(0.75, a.bestAverageRecall(), 1e-12); // at 0.9: (0.5 + 1) / 2
        assertEquals(0.25, a.gap(), 1e-12);
        assertEquals(a, SiteResult.fromMap(a.toMap()));
    }

    @Test
    void meanAndWorstSite() {
        SiteResult a = SiteResult.of("a", new float[] {0.9f, 0.8f, 0.2f, 0.1f},
                new boolean[] {true, false, true, false}, 0.5);
        SiteResult b = SiteResult.of("b", new float[] {0.7f, 0.6f, 0.4f}, new boolean[] {true, true, false}, 0.5);
        CrossValidation.Summary s = CrossValidation.summarise(List.of(a, b));
        assertEquals(0.75, (double) s.mean().get("average_recall"), 1e-12);
        assertEquals(0.5, (double) s.worst().get("average_recall"), 1e-12);
        assertEquals("a", s.worst().get("site"));
        assertEquals(2 / 3.0, (double) s.worst().get("flagged"), 1e-12); // the highest share is the worst
        assertEquals(0.125, (double) s.mean().get("gap"), 1e-12);
        Map<String, Object> json = s.toMap();
        assertEquals(List.of("sites", "mean", "worst"), List.copyOf(json.keySet()));
        // nothing flagged: precision is not a number and is left out of the mean
        SiteResult quiet = SiteResult.of("c", new float[] {0.1f, 0.2f}, new boolean[] {true, false}, 0.5);
        assertTrue(Double.isNaN(quiet.precision()));
        assertEquals(0.75, (double) CrossValidation.summarise(List.of(a, b, quiet)).mean().get("precision"), 1e-12);
        // a site without a bull window has no average recall: the worst site is the lowest of the others
        SiteResult none = SiteResult.of("d", new float[] {0.1f, 0.7f}, new boolean[] {false, false}, 0.5);
        assertTrue(Double.isNaN(none.averageRecall()));
        assertEquals("a", CrossValidation.summarise(List.of(none, b, a)).worst().get("site"));
    }
}
