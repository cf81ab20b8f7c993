package io.bullwatch.cli.plot;

import io.bullwatch.core.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;
import javax.imageio.ImageIO;

/** Shared drawing helpers: image set-up, axes with ticks, text, PNG encoding. */
final class Canvas {

    static final Color BACKGROUND = Color.WHITE;
    static final Color AXIS = new Color(60, 60, 60);
    static final Color GRID = new Color(228, 228, 228);
    static final Color TEXT = new Color(20, 20, 20);
    static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);

    private Canvas() {
    }

    /** A white RGB image and its graphics, shapes drawn without antialiasing, text with. */
    static Graphics2D start(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_OFF);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setFont(FONT);
        return g;
    }

    /** Turns shape antialiasing on or off (curves on, rectangles and straight rules off). */
    static void antialias(Graphics2D g, boolean on) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING,
                on ? RenderingHints.VALUE_ANTIALIAS_ON : RenderingHints.VALUE_ANTIALIAS_OFF);
    }

    /** Ticks at multiples of 1, 2 or 5 times a power of ten, at most about {@code max} in [lo, hi]. */
    static double[] niceTicks(double lo, double hi, int max) {
        double span = hi - lo;
        if (!(span > 0)) {
            return new double[] {lo};
        }
        double raw = span / max;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = mag;
        for (double m : new double[] {1, 2, 5, 10}) {
            step = m * mag;
            if (step >= raw) {
                break;
            }
        }
        List<Double> ticks = new ArrayList<>();
        for (long k = (long) Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) {
            ticks.add(k * step);
        }
        return ticks.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Decimals needed to write ticks {@code step} apart. */
    static int decimals(double[] ticks) {
        if (ticks.length < 2) {
            return 2;
        }
        double step = ticks[1] - ticks[0];
        return Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
    }

    /** Horizontal grid lines, left axis with ticks and labels, and the axis title (rotated). */
    static void yAxis(Graphics2D g, Rectangle area, double lo, double hi, double[] ticks,
            DoubleFunction<String> format, String title) {
        FontMetrics fm = g.getFontMetrics();
        for (double t : ticks) {
            int y = yPixel(area, lo, hi, t);
            g.setColor(GRID);
            g.drawLine(area.x + 1, y, area.x + area.width, y);
            g.setColor(AXIS);
            g.drawLine(area.x - 5, y, area.x, y);
            g.setColor(TEXT);
            String s = format.apply(t);
            g.drawString(s, area.x - 8 - fm.stringWidth(s), y + fm.getAscent() / 2 - 1);
        }
        Graphics2D r = (Graphics2D) g.create();
        r.translate(16, area.y + area.height / 2 + fm.stringWidth(title) / 2);
        r.rotate(-Math.PI / 2);
        r.setColor(TEXT);
        r.drawString(title, 0, 0);
        r.dispose();
    }

    /** Vertical grid lines, bottom axis with ticks and labels, and the axis title. */
    static void xAxis(Graphics2D g, Rectangle area, double lo, double hi, double[] ticks,
            DoubleFunction<String> format, String title) {
        FontMetrics fm = g.getFontMetrics();
        int bottom = area.y + area.height;
        for (double t : ticks) {
            int x = xPixel(area, lo, hi, t);
            g.setColor(GRID);
            g.drawLine(x, area.y, x, bottom - 1);
            g.setColor(AXIS);
            g.drawLine(x, bottom, x, bottom + 5);
            g.setColor(TEXT);
            String s = format.apply(t);
            g.drawString(s, x - fm.stringWidth(s) / 2, bottom + 8 + fm.getAscent());
        }
        g.setColor(TEXT);
        g.drawString(title, area.x + area.width / 2 - fm.stringWidth(title) / 2,
                bottom + 14 + 2 * fm.getAscent());
    }

    /** The frame around the plot area. */
    static void frame(Graphics2D g, Rectangle area) {
        g.setColor(AXIS);
        g.setStroke(new BasicStroke(1));
        g.drawRect(area.x, area.y, area.width, area.height);
    }

    /** The title, left-aligned above the plot area. */
    static void title(Graphics2D g, String title, int x, int baseline) {
        g.setFont(TITLE_FONT);
        g.setColor(TEXT);
        g.drawString(title, x, baseline);
        g.setFont(FONT);
    }

    /** Pixel column of a value on an x axis spanning the plot area. */
    static int xPixel(Rectangle area, double lo, double hi, double v) {
        return (int) Math.round(area.x + (v - lo) / (hi - lo) * area.width);
    }

    /** Pixel row of a value on a y axis spanning the plot area (higher values up). */
    static int yPixel(Rectangle area, double lo, double hi, double v) {
        return (int) Math.round(area.y + area.height - (v - lo) / (hi - lo) * area.height);
    }

    /** Sub-pixel x, for curves. */
    static double x(Rectangle area, double lo, double hi, double v) {
        return area.x + (v - lo) / (hi - lo) * area.width;
    }

    /** Sub-pixel y, for curves. */
    static double y(Rectangle area, double lo, double hi, double v) {
        return area.y + area.height - (v - lo) / (hi - lo) * area.height;
    }

    /** A short legend line sample. */
    static void legendLine(Graphics2D g, Color c, float width, int x, int y) {
        g.setColor(c);
        g.setStroke(new BasicStroke(width));
        g.draw(new Line2D.Double(x, y, x + 22, y));
        g.setStroke(new BasicStroke(1));
    }

    /** A number with fixed decimals, locale-independent; "n/a" for NaN. */
    static String number(double v, int decimals) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** The image as PNG bytes. */
    static byte[] png(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory does not fail
        }
        return out.toByteArray();
    }

    /** Writes the image as a PNG file, atomically. */
    static void write(Path file, BufferedImage img) throws IOException {
        AtomicFiles.write(file, png(img));
    }
}
