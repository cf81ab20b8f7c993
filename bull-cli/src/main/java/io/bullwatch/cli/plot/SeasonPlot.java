package io.bullwatch.cli.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The season plot of {@code bull count}: the estimated bulls of each night with its 95 % interval
 * (a vertical bar) and the confirmed bulls (a hollow mark), nights in name order along the x axis,
 * one colour per site.
 */
public final class SeasonPlot {

    /** Image width in pixels. */
    public static final int WIDTH = 900;
    /** Image height in pixels. */
    public static final int HEIGHT = 420;

    /**
     * One night's point.
     *
     * @param site its site
     * @param night its name
     * @param estimate estimated bulls
     * @param lower the interval's lower end
     * @param upper its upper end
     * @param confirmed bulls confirmed by the expert
     */
    public record Point(String site, String night, double estimate, double lower, double upper, int confirmed) {
    }

    private SeasonPlot() {
    }

    /**
     * Draws the plot.
     *
     * @param points the nights, in the order to show them
     * @return the PNG bytes
     */
    public static byte[] png(List<Point> points) {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Canvas.start(img);
        Rectangle area = new Rectangle(70, 50, WIDTH - 70 - 170, HEIGHT - 50 - 60);
        double top = 1;
        for (Point p : points) {
            top = Math.max(top, p.upper());
        }
        double[] ticks = Canvas.niceTicks(0, top * 1.05, 6);
        double hi = ticks[ticks.length - 1];
        Canvas.yAxis(g, area, 0, hi, ticks, v -> Canvas.number(v, 0), "bulls per night (estimate, 95 % interval)");
        Canvas.frame(g, area);
        Canvas.title(g, "Bulls per night", area.x, 30);
        Map<String, Color> colours = new LinkedHashMap<>();
        for (Point p : points) {
            colours.computeIfAbsent(p.site(), s -> PrecisionRecallPlot.PALETTE.get(
                    colours.size() % PrecisionRecallPlot.PALETTE.size()));
        }
        int n = points.size();
        for (int i = 0; i < n; i++) {
            Point p = points.get(i);
            int x = area.x + (int) Math.round((i + 0.5) * area.width / Math.max(1, n));
            g.setColor(colours.get(p.site()));
            int y0 = Canvas.yPixel(area, 0, hi, p.lower());
            int y1 = Canvas.yPixel(area, 0, hi, p.upper());
            g.fillRect(x - 1, y1, 3, Math.max(1, y0 - y1));
            int ye = Canvas.yPixel(area, 0, hi, p.estimate());
            g.fillOval(x - 4, ye - 4, 9, 9);
            int yc = Canvas.yPixel(area, 0, hi, p.confirmed());
            g.drawRect(x - 4, yc - 4, 8, 8);
            if (n <= 24) {
                g.setColor(Canvas.TEXT);
                g.setFont(Canvas.FONT);
                String label = p.night().substring(p.night().lastIndexOf('/') + 1);
                if (label.length() > 14) {
                    label = label.substring(label.length() - 14);
                }
                g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2,
                        area.y + area.height + 16 + (i % 2) * 14);
            }
        }
        int ly = area.y + 10;
        g.setFont(Canvas.FONT);
        for (Map.Entry<String, Color> e : colours.entrySet()) {
            g.setColor(e.getValue());
            g.fillOval(area.x + area.width + 16, ly - 8, 9, 9);
            g.setColor(Canvas.TEXT);
            g.drawString(e.getKey(), area.x + area.width + 32, ly);
            ly += 18;
        }
        g.setColor(Canvas.TEXT);
        g.drawRect(area.x + area.width + 16, ly - 8, 8, 8);
        g.drawString("confirmed", area.x + area.width + 32, ly);
        g.dispose();
        return Canvas.png(img);
    }
}
