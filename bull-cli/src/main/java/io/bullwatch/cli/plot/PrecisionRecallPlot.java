package io.bullwatch.cli.plot;

import io.bullwatch.core.evaluate.DetectionEvaluation;
import io.bullwatch.core.evaluate.EvaluationReport;
import io.bullwatch.core.evaluate.GroupEvaluation;
import io.bullwatch.core.metrics.PrecisionRecallPoint;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Precision-recall curves, one per site and one overall (black, thicker), each with its operating
 * point (the precision and bull recall at the detection threshold) as a filled circle. Recall on
 * x, precision on y, both 0 to 1; the legend gives each curve's average precision and operating
 * point.
 */
public final class PrecisionRecallPlot {

    /** Image width in pixels. */
    public static final int WIDTH = 860;
    /** Image height in pixels. */
    public static final int HEIGHT = 600;
    /** The plot area: recall 0 to 1 left to right, precision 0 to 1 bottom to top. */
    public static final Rectangle PLOT_AREA = new Rectangle(70, 50, 480, HEIGHT - 50 - 62);
    /** Radius of the operating-point marker in pixels. */
    public static final int MARKER_RADIUS = 6;
    /** Colour of the overall curve. */
    public static final Color OVERALL = Color.BLACK;
    /** Colours of the other curves, in order (then again from the start). */
    public static final List<Color> PALETTE = List.of(new Color(31, 119, 180), new Color(255, 127, 14),
            new Color(44, 160, 44), new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75),
            new Color(227, 119, 194), new Color(127, 127, 127), new Color(188, 189, 34), new Color(23, 190, 207));

    private PrecisionRecallPlot() {
    }

    /**
     * One curve.
     *
     * @param name the legend's name
     * @param points the curve (see {@link io.bullwatch.core.metrics.ThresholdSweep#precisionRecallCurve()});
     *     points with an undefined precision or recall are skipped
     * @param averagePrecision shown in the legend
     * @param threshold the operating threshold, shown in the legend ({@code NaN} when none)
     * @param precision precision at the operating point ({@code NaN}: no marker)
     * @param recall bull recall at the operating point ({@code NaN}: no marker)
     * @param overall whether this is the overall curve (drawn black and thicker)
     */
    public record Curve(String name, List<PrecisionRecallPoint> points, double averagePrecision,
            double threshold, double precision, double recall, boolean overall) {

        /** Checks and copies. */
        public Curve {
            Objects.requireNonNull(name, "name");
            points = List.copyOf(points);
        }

        /**
         * The curve of an evaluation group.
         *
         * @param group a site or the overall group
         * @return its curve and operating point
         */
        public static Curve of(GroupEvaluation group) {
            return new Curve(group.name(), group.windows().precisionRecallCurve(),
                    group.windows().averagePrecision(), group.threshold(), group.windows().precision(),
                    group.windows().bullRecall(), group.name().equals(DetectionEvaluation.OVERALL));
        }
    }

    /**
     * The curves of a report: one per site, then the overall one (drawn last, on top). With a single
     * site, only the overall curve (they are the same).
     *
     * @param report the evaluation
     * @return the curves
     */
    public static List<Curve> curves(EvaluationReport report) {
        List<Curve> curves = new ArrayList<>();
        if (report.sites().size() > 1) {
            report.sites().forEach(s -> curves.add(Curve.of(s)));
        }
        curves.add(Curve.of(report.overall()));
        return curves;
    }

    /**
     * The colour of the {@code i}-th curve.
     *
     * @param curves the curves
     * @param i the index
     * @return {@link #OVERALL} for the overall curve, else the palette's colour for its index among
     *     the non-overall curves
     */
    public static Color colour(List<Curve> curves, int i) {
        if (curves.get(i).overall()) {
            return OVERALL;
        }
        int k = 0;
        for (int j = 0; j < i; j++) {
            k += curves.get(j).overall() ? 0 : 1;
        }
        return PALETTE.get(k % PALETTE.size());
    }

    /**
     * Draws the plot.
     *
     * @param title the title
     * @param curves the curves, drawn in order
     * @return a {@value #WIDTH} x {@value #HEIGHT} RGB image
     */
    public static BufferedImage render(String title, List<Curve> curves) {
        Objects.requireNonNull(title, "title");
        Rectangle a = PLOT_AREA;
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Canvas.start(img);
        double[] ticks = Canvas.niceTicks(0, 1, 5);
        Canvas.xAxis(g, a, 0, 1, ticks, v -> Canvas.number(v, 1), "bull recall (windows)");
        Canvas.yAxis(g, a, 0, 1, ticks, v -> Canvas.number(v, 1), "precision (windows)");

        Canvas.antialias(g, true);
        for (int i = 0; i < curves.size(); i++) {
            Curve c = curves.get(i);
            Path2D.Double path = new Path2D.Double();
            boolean started = false;
            for (PrecisionRecallPoint p : c.points()) {
                if (Double.isNaN(p.precision()) || Double.isNaN(p.recall())) {
                    continue;
                }
                double x = Canvas.x(a, 0, 1, p.recall());
                double y = Canvas.y(a, 0, 1, p.precision());
                if (started) {
                    path.lineTo(x, y);
                } else {
                    path.moveTo(x, y);
                    started = true;
                }
            }
            g.setColor(colour(curves, i));
            g.setStroke(new BasicStroke(c.overall() ? 2.5f : 1.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(path);
        }
        for (int i = 0; i < curves.size(); i++) {
            Curve c = curves.get(i);
            if (Double.isNaN(c.precision()) || Double.isNaN(c.recall())) {
                continue;
            }
            double x = Canvas.x(a, 0, 1, c.recall());
            double y = Canvas.y(a, 0, 1, c.precision());
            Ellipse2D.Double dot = new Ellipse2D.Double(x - MARKER_RADIUS, y - MARKER_RADIUS,
                    2 * MARKER_RADIUS, 2 * MARKER_RADIUS);
            g.setColor(colour(curves, i));
            g.fill(dot);
            g.setColor(c.overall() ? Color.WHITE : Color.BLACK);
            g.setStroke(new BasicStroke(1.2f));
            g.draw(dot);
        }
        g.setStroke(new BasicStroke(1));
        Canvas.antialias(g, false);
        Canvas.frame(g, a);
        Canvas.title(g, title, a.x, 30);
        legend(g, curves);
        g.dispose();
        return img;
    }

    /**
     * Draws the plot and writes it as PNG.
     *
     * @param file the PNG file
     * @param title the title
     * @param curves the curves
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, String title, List<Curve> curves) throws IOException {
        Canvas.write(file, render(title, curves));
    }

    /**
     * The plot as PNG bytes.
     *
     * @param title the title
     * @param curves the curves
     * @return the encoded image
     */
    public static byte[] png(String title, List<Curve> curves) {
        return Canvas.png(render(title, curves));
    }

    private static void legend(Graphics2D g, List<Curve> curves) {
        FontMetrics fm = g.getFontMetrics();
        int x = PLOT_AREA.x + PLOT_AREA.width + 24;
        int y = PLOT_AREA.y + 10;
        g.setColor(Canvas.TEXT);
        g.drawString("circle: operating point", x, y + fm.getAscent() / 2);
        y += 24;
        for (int i = 0; i < curves.size(); i++) {
            Curve c = curves.get(i);
            Canvas.antialias(g, true);
            Canvas.legendLine(g, colour(curves, i), c.overall() ? 2.5f : 1.5f, x, y);
            Canvas.antialias(g, false);
            g.setColor(Canvas.TEXT);
            g.drawString(c.name(), x + 30, y + fm.getAscent() / 2 - 1);
            y += fm.getHeight();
            g.drawString(String.format(Locale.ROOT, "AP %s, at %s: P %s, R %s", Canvas.number(c.averagePrecision(), 3),
                    Canvas.number(c.threshold(), 3), Canvas.number(c.precision(), 2), Canvas.number(c.recall(), 2)),
                    x + 30, y + fm.getAscent() / 2 - 1);
            y += fm.getHeight() + 8;
        }
    }
}
