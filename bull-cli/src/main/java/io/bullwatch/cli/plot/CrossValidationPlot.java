package io.bullwatch.cli.plot;

import io.bullwatch.core.evaluate.CrossValidation;
import io.bullwatch.core.evaluate.CrossValidation.SiteResult;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The picture of a leave-one-site-out run ({@code crossval.png}): per test site, the average recall
 * at the threshold calibrated on another site beside the best threshold's on the site itself (the
 * gap is what calibration loses), and the share of windows flagged; the mean as a dashed line.
 */
public final class CrossValidationPlot {

    /** Pixels across. */
    public static final int WIDTH = 860;
    /** Pixels down. */
    public static final int HEIGHT = 480;
    private static final Rectangle AREA = new Rectangle(70, 50, 620, HEIGHT - 50 - 70);
    private static final Color CALIBRATED = new Color(31, 119, 180);
    private static final Color BEST = new Color(174, 199, 232);
    private static final Color FLAGGED = new Color(255, 127, 14);

    private CrossValidationPlot() {
    }

    /**
     * Draws the plot.
     *
     * @param summary the run's sites, mean and worst
     * @param title the title
     * @return the image
     */
    public static BufferedImage draw(CrossValidation.Summary summary, String title) {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Canvas.start(img);
        Canvas.title(g, title, AREA.x, 28);
        double[] ticks = Canvas.niceTicks(0, 1, 5);
        Canvas.yAxis(g, AREA, 0, 1, ticks, v -> Canvas.number(v, 1), "average recall, flagged share");
        List<SiteResult> sites = summary.sites();
        FontMetrics fm = g.getFontMetrics();
        int slot = AREA.width / Math.max(1, sites.size());
        int bar = Math.max(3, slot / 4);
        for (int i = 0; i < sites.size(); i++) {
            SiteResult r = sites.get(i);
            int x0 = AREA.x + i * slot + (slot - 3 * bar) / 2;
            bar(g, x0, bar, r.averageRecall(), CALIBRATED);
            bar(g, x0 + bar, bar, r.bestAverageRecall(), BEST);
            bar(g, x0 + 2 * bar, bar, r.flagged(), FLAGGED);
            g.setColor(Canvas.TEXT);
            String name = r.site();
            g.drawString(name, AREA.x + i * slot + slot / 2 - fm.stringWidth(name) / 2,
                    AREA.y + AREA.height + 8 + fm.getAscent());
        }
        Object mean = summary.mean().get("average_recall");
        if (mean instanceof Double m && Double.isFinite(m)) {
            int y = Canvas.yPixel(AREA, 0, 1, m);
            g.setColor(CALIBRATED);
            g.setStroke(new java.awt.BasicStroke(1.5f, java.awt.BasicStroke.CAP_BUTT,
                    java.awt.BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
            g.drawLine(AREA.x, y, AREA.x + AREA.width, y);
            g.setStroke(new java.awt.BasicStroke(1));
        }
        Canvas.frame(g, AREA);
        int lx = AREA.x + AREA.width + 14;
        legend(g, lx, AREA.y + 10, CALIBRATED, "calibrated");
        legend(g, lx, AREA.y + 30, BEST, "best threshold");
        legend(g, lx, AREA.y + 50, FLAGGED, "flagged share");
        legend(g, lx, AREA.y + 70, null, "mean (dashed)");
        g.dispose();
        return img;
    }

    /**
     * Writes the plot as a PNG.
     *
     * @param file the file (replaced atomically)
     * @param summary the run
     * @param title the title
     * @throws IOException if it cannot be written
     */
    public static void write(Path file, CrossValidation.Summary summary, String title) throws IOException {
        Canvas.write(file, draw(summary, title));
    }

    private static void bar(Graphics2D g, int x, int width, double value, Color c) {
        if (!Double.isFinite(value)) {
            return;
        }
        int top = Canvas.yPixel(AREA, 0, 1, Math.max(0, Math.min(1, value)));
        g.setColor(c);
        g.fillRect(x, top, width - 1, AREA.y + AREA.height - top);
    }

    private static void legend(Graphics2D g, int x, int y, Color c, String text) {
        if (c != null) {
            g.setColor(c);
            g.fillRect(x, y - 9, 14, 10);
        }
        g.setColor(Canvas.TEXT);
        g.drawString(text, x + (c == null ? 0 : 20), y);
    }
}
