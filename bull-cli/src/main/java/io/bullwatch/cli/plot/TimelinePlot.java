package io.bullwatch.cli.plot;

import io.bullwatch.core.annotation.Annotation;
import io.bullwatch.core.events.DetectedEvent;
import io.bullwatch.core.events.RecordingDetection;
import io.bullwatch.core.events.WindowScore;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One recording over time: window scores (a line through the window centres), the threshold (a red
 * horizontal line), true bulls (orange bands over the full height) and detected events (blue bars in
 * a lane above the plot). The x axis is the time in {@code h:mm} (or {@code h:mm:ss} for short
 * recordings); the y axis is the score, 0 to 1 when every score and the threshold lie there, else
 * the range of the scores and the threshold.
 */
public final class TimelinePlot {

    /** Image width in pixels. */
    public static final int WIDTH = 1600;
    /** Image height in pixels. */
    public static final int HEIGHT = 400;
    /** The plot area: scores, threshold and true bulls are drawn inside it. */
    public static final Rectangle PLOT_AREA = new Rectangle(80, 70, WIDTH - 80 - 30, HEIGHT - 70 - 58);
    /** Top and height of the lane of detected events, above the plot area. */
    public static final int LANE_TOP = 50;
    /** Height of the lane of detected events. */
    public static final int LANE_HEIGHT = 14;

    /** Colour of the true-bull bands. */
    public static final Color TRUTH = new Color(253, 208, 162);
    /** Colour of the detected-event bars. */
    public static final Color DETECTED = new Color(31, 119, 180);
    /** Colour of the threshold line. */
    public static final Color THRESHOLD = new Color(214, 39, 40);
    /** Colour of the score line. */
    public static final Color SCORE = new Color(40, 40, 40);

    private static final int[] TIME_STEPS = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600,
        7200, 10800, 21600, 43200, 86400};

    private TimelinePlot() {
    }

    /**
     * The score range of the y axis.
     *
     * @param detection the detection
     * @return {@code {0, 1}} when every score and the threshold lie in [0, 1], else the smallest and
     *     largest of them widened by 5 % (at least 1e-6)
     */
    public static double[] scoreRange(RecordingDetection detection) {
        double lo = detection.rule().threshold();
        double hi = lo;
        for (WindowScore w : detection.windows()) {
            lo = Math.min(lo, w.score());
            hi = Math.max(hi, w.score());
        }
        if (lo >= 0 && hi <= 1) {
            return new double[] {0, 1};
        }
        double pad = Math.max(1e-6, (hi - lo) * 0.05);
        return new double[] {lo - pad, hi + pad};
    }

    /**
     * Draws the plot.
     *
     * @param detection window scores, events and threshold of one recording
     * @param truth the true bulls
     * @return a {@value #WIDTH} x {@value #HEIGHT} RGB image
     */
    public static BufferedImage render(RecordingDetection detection, List<Annotation> truth) {
        Objects.requireNonNull(detection, "detection");
        Objects.requireNonNull(truth, "truth");
        double end = detection.seconds();
        for (WindowScore w : detection.windows()) {
            end = Math.max(end, w.end());
        }
        double seconds = end > 0 ? end : 1;
        double[] range = scoreRange(detection);
        double lo = range[0];
        double hi = range[1];
        Rectangle a = PLOT_AREA;
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Canvas.start(img);

        int step = timeStep(seconds);
        double[] xTicks = new double[(int) (seconds / step) + 1];
        for (int i = 0; i < xTicks.length; i++) {
            xTicks[i] = (double) i * step;
        }
        Canvas.xAxis(g, a, 0, seconds, xTicks, t -> clock(t, step % 60 == 0),
                step % 60 == 0 ? "time (h:mm)" : "time (h:mm:ss)");
        double[] yTicks = Canvas.niceTicks(lo, hi, 5);
        int decimals = Canvas.decimals(yTicks);
        Canvas.yAxis(g, a, lo, hi, yTicks, v -> Canvas.number(v, decimals), "window score");

        // true bulls: opaque bands over the full height (at least one pixel wide)
        g.setColor(TRUTH);
        for (Annotation t : truth) {
            int x0 = Canvas.xPixel(a, 0, seconds, Math.min(t.start(), seconds));
            int x1 = Canvas.xPixel(a, 0, seconds, Math.min(t.end(), seconds));
            g.fillRect(x0, a.y + 1, Math.max(1, x1 - x0), a.height - 1);
        }

        // scores: a line through the window centres, in time order
        List<WindowScore> windows = new ArrayList<>(detection.windows());
        windows.sort((p, q) -> Double.compare(p.start() + p.end(), q.start() + q.end()));
        Canvas.antialias(g, true);
        Path2D.Double line = new Path2D.Double();
        for (int i = 0; i < windows.size(); i++) {
            WindowScore w = windows.get(i);
            double x = Canvas.x(a, 0, seconds, (w.start() + w.end()) / 2);
            double y = Canvas.y(a, lo, hi, w.score());
            if (i == 0) {
                line.moveTo(x, y);
            } else {
                line.lineTo(x, y);
            }
        }
        g.setColor(SCORE);
        g.setStroke(new BasicStroke(1.2f));
        g.draw(line);
        Canvas.antialias(g, false);

        // threshold: two pixel rows, on top of the scores
        int ty = Canvas.yPixel(a, lo, hi, detection.rule().threshold());
        g.setColor(THRESHOLD);
        g.fillRect(a.x + 1, ty - 1, a.width - 1, 2);

        // detected events: bars in the lane above the plot (at least two pixels wide)
        g.setColor(DETECTED);
        for (DetectedEvent e : detection.events()) {
            int x0 = Canvas.xPixel(a, 0, seconds, e.start());
            int x1 = Canvas.xPixel(a, 0, seconds, e.end());
            g.fillRect(x0, LANE_TOP, Math.max(2, x1 - x0), LANE_HEIGHT);
        }
        g.setColor(Canvas.GRID);
        g.drawLine(a.x, LANE_TOP + LANE_HEIGHT, a.x + a.width, LANE_TOP + LANE_HEIGHT);
        FontMetrics fm = g.getFontMetrics();
        g.setColor(Canvas.TEXT);
        g.drawString("detected", a.x - 8 - fm.stringWidth("detected"), LANE_TOP + LANE_HEIGHT - 2);
        Canvas.frame(g, a);

        Canvas.title(g, String.format(Locale.ROOT, "%s: %d windows, %d true bulls, %d detected events",
                detection.name(), detection.windows().size(), truth.size(), detection.events().size()), a.x, 26);
        legend(g, detection.rule().threshold());
        g.dispose();
        return img;
    }

    /**
     * Draws the plot and writes it as PNG.
     *
     * @param file the PNG file
     * @param detection window scores, events and threshold of one recording
     * @param truth the true bulls
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, RecordingDetection detection, List<Annotation> truth) throws IOException {
        Canvas.write(file, render(detection, truth));
    }

    /**
     * The plot as PNG bytes.
     *
     * @param detection window scores, events and threshold of one recording
     * @param truth the true bulls
     * @return the encoded image
     */
    public static byte[] png(RecordingDetection detection, List<Annotation> truth) {
        return Canvas.png(render(detection, truth));
    }

    private static void legend(Graphics2D g, double threshold) {
        FontMetrics fm = g.getFontMetrics();
        String[] labels = {"window score", "threshold " + Canvas.number(threshold, 3), "true bull", "detected event"};
        int width = 0;
        for (String l : labels) {
            width += 30 + fm.stringWidth(l) + 18;
        }
        int x = WIDTH - 30 - width;
        int y = 21;
        for (int i = 0; i < labels.length; i++) {
            switch (i) {
                case 0 -> Canvas.legendLine(g, SCORE, 1.5f, x, y);
                case 1 -> Canvas.legendLine(g, THRESHOLD, 2f, x, y);
                default -> {
                    g.setColor(i == 2 ? TRUTH : DETECTED);
                    g.fillRect(x, y - 6, 22, 12);
                }
            }
            g.setColor(Canvas.TEXT);
            g.drawString(labels[i], x + 30, y + fm.getAscent() / 2 - 1);
            x += 30 + fm.stringWidth(labels[i]) + 18;
        }
    }

    /** The tick step in seconds: the smallest of 1 s ... 1 day giving at most 12 intervals. */
    static int timeStep(double seconds) {
        for (int s : TIME_STEPS) {
            if (seconds / s <= 12) {
                return s;
            }
        }
        return TIME_STEPS[TIME_STEPS.length - 1];
    }

    /** {@code h:mm}, or {@code h:mm:ss}. */
    static String clock(double t, boolean minutes) {
        long s = Math.round(t);
        return minutes ? String.format(Locale.ROOT, "%d:%02d", s / 3600, (s / 60) % 60)
                : String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
}
