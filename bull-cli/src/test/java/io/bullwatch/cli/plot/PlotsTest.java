package io.bullwatch.cli.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.annotation.Annotation;
import io.bullwatch.core.events.EventRule;
import io.bullwatch.core.events.RecordingDetection;
import io.bullwatch.core.events.WindowScore;
import io.bullwatch.core.evaluate.DetectionEvaluation;
import io.bullwatch.core.evaluate.EvaluationReport;
import io.bullwatch.core.evaluate.ScoredRecording;
import io.bullwatch.core.metrics.PrecisionRecallPoint;
import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {

    /** A 2 h night, 15 s windows every 5 s, background scores 0.10-0.30, bulls 0.9. */
    static RecordingDetection night(String name, List<Annotation> bulls, double threshold) {
        List<WindowScore> windows = new ArrayList<>();
        for (int i = 0; i * 5 + 15 <= 7200; i++) {
            double s = i * 5;
            double e = s + 15;
            boolean bull = bulls.stream().anyMatch(b -> b.start() < e && b.end() > s);
            windows.add(new WindowScore(s, e, bull ? 0.9f : (float) (0.2 + 0.1 * Math.sin(i * 0.37))));
        }
        return RecordingDetection.of(name, 7200, windows, EventRule.of(threshold));
    }

    static final List<Annotation> BULLS = List.of(Annotation.of(3000, 3060), Annotation.of(5000, 5004));

    @Test
    void timelineIsAPngOfTheStatedSizeWithThresholdBandsAndBars() throws IOException {
        RecordingDetection d = night("night-1", BULLS, 0.5);
        byte[] png = TimelinePlot.png(d, BULLS);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(img, "ImageIO reads it back");
        assertEquals(TimelinePlot.WIDTH, img.getWidth());
        assertEquals(TimelinePlot.HEIGHT, img.getHeight());
        Rectangle a = TimelinePlot.PLOT_AREA;
        // threshold 0.5 on a 0..1 axis: halfway up the plot area
        int ty = (int) Math.round(a.y + a.height * 0.5);
        int xQuiet = (int) Math.round(a.x + a.width * 900.0 / 7200);
        assertEquals(TimelinePlot.THRESHOLD.getRGB(), img.getRGB(xQuiet, ty));
        // the true bull 3000-3060 s: an orange band, here sampled at score 0.05 below the curve
        int xBull = (int) Math.round(a.x + a.width * 3030.0 / 7200);
        int yLow = (int) Math.round(a.y + a.height * 0.95);
        assertEquals(TimelinePlot.TRUTH.getRGB(), img.getRGB(xBull, yLow));
        // ... and nothing there away from bulls
        assertEquals(Color.WHITE.getRGB(), img.getRGB(xQuiet, yLow));
        // the detected event over that bull: a blue bar in the lane above the plot
        int yLane = TimelinePlot.LANE_TOP + TimelinePlot.LANE_HEIGHT / 2;
        assertEquals(TimelinePlot.DETECTED.getRGB(), img.getRGB(xBull, yLane));
        assertEquals(Color.WHITE.getRGB(), img.getRGB(xQuiet, yLane));
        // the score line passes through the bull's windows at 0.9 (dark, antialiased)
        int y09 = (int) Math.round(a.y + a.height * 0.1);
        assertTrue(darkness(img.getRGB(xBull, y09)) > 100, "score line at 0.9 over the bull");
    }

    @Test
    void timelineYAxisFollowsScoresOutsideZeroOne() {
        List<WindowScore> w = List.of(new WindowScore(0, 15, -40f), new WindowScore(5, 20, -20f));
        RecordingDetection d = RecordingDetection.of("db", 20, w, EventRule.of(-30));
        double[] r = TimelinePlot.scoreRange(d);
        assertEquals(-41, r[0], 1e-9);
        assertEquals(-19, r[1], 1e-9);
        BufferedImage img = TimelinePlot.render(d, List.of());
        Rectangle a = TimelinePlot.PLOT_AREA;
        int ty = (int) Math.round(a.y + a.height - (-30 - -41) / 22.0 * a.height);
        int x = a.x + a.width - 3;
        assertEquals(TimelinePlot.THRESHOLD.getRGB(), img.getRGB(x, ty));
    }

    @Test
    void timeAxisStepsAndClock() {
        assertEquals(600, TimelinePlot.timeStep(7200));
        assertEquals(1800, TimelinePlot.timeStep(4 * 3600));
        assertEquals(2, TimelinePlot.timeStep(20));
        assertEquals("1:30", TimelinePlot.clock(5400, true));
        assertEquals("0:00:15", TimelinePlot.clock(15, false));
    }

    @Test
    void precisionRecallPlotMarksOperatingPoints() {
        List<PrecisionRecallPoint> site = List.of(new PrecisionRecallPoint(0.1, 0.5, 1.0),
                new PrecisionRecallPoint(0.5, 0.8, 0.6), new PrecisionRecallPoint(0.9, 1.0, 0.2),
                new PrecisionRecallPoint(Double.POSITIVE_INFINITY, 1, 0));
        List<PrecisionRecallPoint> all = List.of(new PrecisionRecallPoint(0.1, 0.3, 1.0),
                new PrecisionRecallPoint(0.5, 0.4, 0.9), new PrecisionRecallPoint(Double.POSITIVE_INFINITY, 1, 0));
        List<PrecisionRecallPlot.Curve> curves = List.of(
                new PrecisionRecallPlot.Curve("A", site, 0.8, 0.5, 0.8, 0.6, false),
                new PrecisionRecallPlot.Curve("overall", all, 0.5, 0.5, 0.4, 0.9, true));
        BufferedImage img = PrecisionRecallPlot.render("test", curves);
        assertEquals(PrecisionRecallPlot.WIDTH, img.getWidth());
        assertEquals(PrecisionRecallPlot.HEIGHT, img.getHeight());
        Rectangle a = PrecisionRecallPlot.PLOT_AREA;
        int x = (int) Math.floor(a.x + 0.6 * a.width);
        int y = (int) Math.floor(a.y + a.height - 0.8 * a.height);
        assertEquals(PrecisionRecallPlot.PALETTE.get(0).getRGB(), img.getRGB(x, y), "site A's marker");
        int xo = (int) Math.floor(a.x + 0.9 * a.width);
        int yo = (int) Math.floor(a.y + a.height - 0.4 * a.height);
        assertEquals(PrecisionRecallPlot.OVERALL.getRGB(), img.getRGB(xo, yo), "overall marker");
        // far from every curve: background (P 0.1, R 0.1)
        assertEquals(Color.WHITE.getRGB(), img.getRGB((int) (a.x + 0.13 * a.width), (int) (a.y + 0.87 * a.height)));
        assertArrayEquals(PrecisionRecallPlot.png("test", curves), PrecisionRecallPlot.png("test", curves));
    }

    @Test
    void curvesOfAReportAndIdenticalBytes(@TempDir Path dir) throws IOException {
        List<Annotation> other = List.of(Annotation.of(1000, 1003), Annotation.of(6000, 6010));
        EvaluationReport report = DetectionEvaluation.training().evaluate(List.of(
                new ScoredRecording("Ceze", night("n1", BULLS, 0.5), BULLS),
                new ScoredRecording("Loire", night("n2", other, 0.5), other)));
        List<PrecisionRecallPlot.Curve> curves = PrecisionRecallPlot.curves(report);
        assertEquals(List.of("Ceze", "Loire", "overall"), curves.stream().map(PrecisionRecallPlot.Curve::name).toList());
        assertEquals(PrecisionRecallPlot.PALETTE.get(1), PrecisionRecallPlot.colour(curves, 1));
        assertEquals(PrecisionRecallPlot.OVERALL, PrecisionRecallPlot.colour(curves, 2));
        Path f1 = dir.resolve("a.png");
        Path f2 = dir.resolve("b.png");
        PrecisionRecallPlot.write(f1, "PR", curves);
        PrecisionRecallPlot.write(f2, "PR", curves);
        assertArrayEquals(Files.readAllBytes(f1), Files.readAllBytes(f2));
        Path t1 = dir.resolve("t1.png");
        Path t2 = dir.resolve("t2.png");
        TimelinePlot.write(t1, night("n1", BULLS, 0.5), BULLS);
        TimelinePlot.write(t2, night("n1", BULLS, 0.5), BULLS);
        assertArrayEquals(Files.readAllBytes(t1), Files.readAllBytes(t2));
        assertEquals(1, PrecisionRecallPlot.curves(DetectionEvaluation.training().evaluate(List.of(
                new ScoredRecording("Ceze", night("n1", BULLS, 0.5), BULLS)))).size());
        String keep = System.getProperty("bull.plots.dir");
        if (keep != null) { // to look at them: -Dbull.plots.dir=/tmp/plots
            Files.createDirectories(Path.of(keep));
            Files.copy(f1, Path.of(keep, "pr.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(t1, Path.of(keep, "timeline.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static int darkness(int rgb) {
        Color c = new Color(rgb);
        return 255 - (c.getRed() + c.getGreen() + c.getBlue()) / 3;
    }
}
