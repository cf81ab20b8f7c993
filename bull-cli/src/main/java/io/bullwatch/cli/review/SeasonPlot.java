package io.bullwatch.cli.review;

import io.bullwatch.core.review.BullCount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The season plot of a review session: its nights' counts, through {@link io.bullwatch.cli.plot.SeasonPlot}. */
final class SeasonPlot {

    private SeasonPlot() {
    }

    static byte[] png(ReviewSession session, Map<String, BullCount.Night> counts) {
        List<io.bullwatch.cli.plot.SeasonPlot.Point> points = new ArrayList<>();
        counts.forEach((name, c) -> points.add(new io.bullwatch.cli.plot.SeasonPlot.Point(
                session.nights().get(name).files().site(), name, c.estimate().estimate(), c.estimate().lower(),
                c.estimate().upper(), c.confirmed())));
        return io.bullwatch.cli.plot.SeasonPlot.png(points);
    }
}
