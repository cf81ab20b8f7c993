package io.bullwatch.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class ConfusionTest {

    private static final double EPS = 1e-9;

    /** The seed's VGG16 test confusion: 330 found, 24 missed, 1220 false alarms, 7592 rejections. */
    private static final Confusion VGG16 = new Confusion(330, 1220, 24, 7592);

    private static double percentOneDecimal(double rate) {
        return Math.round(rate * 1000) / 10.0;
    }

    @Test
    void reproducesTheSeedsPublishedVgg16Numbers() {
        assertEquals(9166, VGG16.total()); // 330 + 1220 + 24 + 7592
        assertEquals(354, VGG16.bulls()); // 330 + 24
        assertEquals(8812, VGG16.noBulls()); // 1220 + 7592
        assertEquals(1550, VGG16.flagged()); // 330 + 1220
        // precision 330 / 1550 = 0.2129032...
        assertEquals(0.21290322580645161, VGG16.precision(), EPS);
        assertEquals(21.3, percentOneDecimal(VGG16.precision()));
        // bull recall 330 / 354 = 0.9322033...
        assertEquals(0.9322033898305085, VGG16.bullRecall(), EPS);
        assertEquals(93.2, percentOneDecimal(VGG16.bullRecall()));
        // no-bull recall 7592 / 8812 = 0.8615524...
        assertEquals(0.8615524285065819, VGG16.noBullRecall(), EPS);
        // average recall (0.9322034 + 0.8615524) / 2 = 0.8968779
        assertEquals(0.8968779091685452, VGG16.averageRecall(), EPS);
        assertEquals(89.7, percentOneDecimal(VGG16.averageRecall()));
        // F1 = 2*330 / (2*330 + 1220 + 24) = 660 / 1904 = 0.3466387
        assertEquals(660.0 / 1904, VGG16.f1(), EPS);
        assertEquals(0.34663865546218486, VGG16.f1(), EPS);
        // accuracy (330 + 7592) / 9166 = 7922 / 9166 = 0.8642811
        assertEquals(0.8642810386209906, VGG16.accuracy(), EPS);
        // 1550 of 9166 windows flagged: 0.1691, i.e. 9166 / 1550 = 5.91 times less listening
        assertEquals(0.16910320750600044, VGG16.flaggedFraction(), EPS);
        assertEquals(5.913548387096774, VGG16.listeningReduction(), EPS);
        assertEquals(6, Math.round(VGG16.listeningReduction()));
    }

    @Test
    void emptyConfusionIsAllNaN() {
        Confusion e = Confusion.EMPTY;
        assertEquals(0, e.total());
        assertTrue(Double.isNaN(e.precision()));
        assertTrue(Double.isNaN(e.bullRecall()));
        assertTrue(Double.isNaN(e.noBullRecall()));
        assertTrue(Double.isNaN(e.averageRecall()));
        assertTrue(Double.isNaN(e.f1()));
        assertTrue(Double.isNaN(e.accuracy()));
        assertTrue(Double.isNaN(e.flaggedFraction()));
        assertTrue(Double.isNaN(e.listeningReduction()));
    }

    @Test
    void noBullWindows() {
        Confusion c = new Confusion(0, 3, 0, 7);
        assertEquals(0.0, c.precision()); // 0 / 3
        assertTrue(Double.isNaN(c.bullRecall())); // 0 / 0
        assertEquals(0.7, c.noBullRecall(), EPS); // 7 / 10
        assertTrue(Double.isNaN(c.averageRecall()));
        assertEquals(0.0, c.f1()); // 0 / (0 + 3 + 0)
        assertEquals(0.7, c.accuracy(), EPS);
        assertEquals(0.3, c.flaggedFraction(), EPS);
        assertEquals(10.0 / 3, c.listeningReduction(), EPS);
    }

    @Test
    void nothingFlagged() {
        Confusion c = new Confusion(0, 0, 4, 6);
        assertTrue(Double.isNaN(c.precision())); // 0 / 0
        assertEquals(0.0, c.bullRecall());
        assertEquals(1.0, c.noBullRecall());
        assertEquals(0.5, c.averageRecall());
        assertEquals(0.0, c.f1()); // 0 / (0 + 0 + 4)
        assertEquals(0.0, c.flaggedFraction());
        assertTrue(Double.isNaN(c.listeningReduction())); // 10 / 0
        // neither bulls nor flags: F1 is 0 / 0
        assertTrue(Double.isNaN(new Confusion(0, 0, 0, 5).f1()));
        assertTrue(Double.isNaN(new Confusion(0, 0, 0, 5).averageRecall()));
    }

    @Test
    void plusAddsCounts() {
        assertEquals(new Confusion(331, 1222, 27, 7596),
                VGG16.plus(new Confusion(1, 2, 3, 4)));
        assertEquals(VGG16, VGG16.plus(Confusion.EMPTY));
        assertThrows(ArithmeticException.class,
                () -> new Confusion(Long.MAX_VALUE, 0, 0, 0).plus(new Confusion(1, 0, 0, 0)));
    }

    @Test
    void fromScoresFlagsAtOrAboveTheThreshold() {
        double[] scores = {0.9, 0.5, 0.5, 0.2};
        boolean[] bulls = {true, false, true, false};
        // >= 0.5 flags 0.9 (bull), 0.5 (no bull), 0.5 (bull); 0.2 (no bull) is rejected
        assertEquals(new Confusion(2, 1, 0, 1), Confusion.of(scores, bulls, 0.5));
        // > 0.5 would not; 0.50001 flags only 0.9
        assertEquals(new Confusion(1, 0, 1, 2), Confusion.of(scores, bulls, 0.50001));
        assertEquals(new Confusion(2, 1, 0, 1),
                Confusion.of(new float[] {0.9f, 0.5f, 0.5f, 0.2f}, bulls, 0.5));
        assertEquals(Confusion.EMPTY, Confusion.of(new double[0], new boolean[0], 0.5));
    }

    @Test
    void singleWindow() {
        assertEquals(new Confusion(1, 0, 0, 0), Confusion.ofOne(true, true));
        assertEquals(new Confusion(0, 0, 1, 0), Confusion.ofOne(true, false));
        assertEquals(new Confusion(0, 1, 0, 0), Confusion.ofOne(false, true));
        assertEquals(new Confusion(0, 0, 0, 1), Confusion.ofOne(false, false));
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> new Confusion(-1, 0, 0, 0));
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> Confusion.of(new double[] {0.1, Double.NaN}, new boolean[2], 0.5));
        assertTrue(nan.getMessage().contains("score 1 is NaN"), nan.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Confusion.of(new double[] {0.1}, new boolean[2], 0.5));
        assertThrows(IllegalArgumentException.class,
                () -> Confusion.of(new double[] {0.1}, new boolean[1], Double.NaN));
    }

    @Test
    void summaryIgnoresTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertEquals("tp=330 fp=1220 fn=24 tn=7592 precision=0.2129 bullRecall=0.9322"
                    + " averageRecall=0.8969 flagged=0.1691", VGG16.summary());
        } finally {
            Locale.setDefault(before);
        }
    }
}
