package io.bullwatch.models.adapt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bullwatch.core.annotation.Annotation;
import io.bullwatch.core.review.ReviewEntry;
import io.bullwatch.core.review.UnitKind;
import io.bullwatch.core.review.Verdict;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ReviewedNight}: which stretches of a reviewed night label windows, worked out by hand. */
class ReviewedNightTest {

    private static ReviewEntry verdict(UnitKind kind, double start, double end, Verdict v) {
        return new ReviewEntry(kind, start, end, 0.5, v, "expert", Instant.EPOCH);
    }

    @Test
    void onlyWhatTheExpertJudgedLabelsWindows() {
        // four detections: a bull, not a bull, unsure, and one nobody judged; and a counting cell with a bull
        List<double[]> detections = List.of(new double[] {20, 25}, new double[] {60, 65}, new double[] {80, 85},
                new double[] {90, 95});
        ReviewedNight n = ReviewedNight.of(Path.of("night.wav"), detections, List.of(
                verdict(UnitKind.EVENT, 20, 25, Verdict.BULL), verdict(UnitKind.EVENT, 60, 65, Verdict.NOT_BULL),
                verdict(UnitKind.EVENT, 80, 85, Verdict.UNSURE), verdict(UnitKind.CELL, 30, 35, Verdict.BULL)));
        assertEquals(1, n.confirmed());
        assertEquals(1, n.rejectedCount());
        assertEquals(1, n.unsure());
        assertEquals(2, n.decided());
        String u = ReviewedNight.UNJUDGED;
        // judged detections [20, 25] and [60, 65] with 15 s windows: near them [5, 40] and [45, 80];
        // everything else is left out, and so are the unsure, the unjudged and the cell with a bull
        assertEquals(List.of(new Annotation(0, 5, u), new Annotation(20, 25, ReviewedNight.CONFIRMED),
                new Annotation(30, 35, u), new Annotation(40, 45, u), new Annotation(80, 85, u),
                new Annotation(80, 120, u), new Annotation(90, 95, u)), n.labels(120, 15));
    }
}
