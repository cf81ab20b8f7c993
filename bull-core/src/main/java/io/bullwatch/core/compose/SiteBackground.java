package io.bullwatch.core.compose;

import io.bullwatch.core.annotation.Annotation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A site's background recordings with the gain that brings each to the bed's level: the
 * recordings differ in level (one recorder closer to the water than another), the bed of a site
 * should not jump at every cut. A recording's level is its RMS over the whole of it when it is at
 * most 100 s long, else over 100 one-second stretches spread evenly across it.
 */
public final class SiteBackground {

    /** The loudest gain a quiet recording gets (+40 dB), so that near-silence is not blown up. */
    public static final double MAX_GAIN = 100;
    private static final int BLOCK = 1 << 16;
    /** One-second stretches a long recording's level is measured on. */
    private static final int PIECES = 100;

    private final String site;
    private final List<ComposeSource> sources;
    private final double[] gains;

    private SiteBackground(String site, List<ComposeSource> sources, double[] gains) {
        this.site = site;
        this.sources = sources;
        this.gains = gains;
    }

    /**
     * Measures the recordings.
     *
     * @param site the site's name, for messages
     * @param sources its background recordings, at least one
     * @param bedRmsDb the level of the bed, dB relative to full scale (for example -30)
     * @return the background
     * @throws IOException if a recording cannot be read
     * @throws IllegalArgumentException if there is no recording, or one is silent
     */
    public static SiteBackground of(String site, List<ComposeSource> sources, double bedRmsDb) throws IOException {
        Objects.requireNonNull(site, "site");
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("site " + site + " has no background recording");
        }
        double target = Math.pow(10, bedRmsDb / 20);
        double[] gains = new double[sources.size()];
        float[] block = new float[BLOCK];
        for (int k = 0; k < gains.length; k++) {
            ComposeSource s = sources.get(k);
            double sum = 0;
            long n = 0;
            long frames = s.audio().frames();
            int rate = s.audio().sampleRate();
            // the whole recording when short, else 100 one-second stretches spread evenly over it
            int pieces = frames <= (long) PIECES * rate ? 1 : PIECES;
            long piece = pieces == 1 ? frames : rate;
            for (int q = 0; q < pieces; q++) {
                long start = pieces == 1 ? 0 : q * ((frames - piece) / (pieces - 1));
                for (long at = start; at < start + piece; ) {
                    int got = s.audio().read(at, block, 0, (int) Math.min(BLOCK, start + piece - at));
                    if (got <= 0) {
                        break;
                    }
                    for (int i = 0; i < got; i++) {
                        sum += (double) block[i] * block[i];
                    }
                    n += got;
                    at += got;
                }
            }
            double rms = n == 0 ? 0 : Math.sqrt(sum / n);
            if (!(rms > 0)) {
                throw new IllegalArgumentException("site " + site + ": background " + s.name() + " is silent");
            }
            gains[k] = Math.min(MAX_GAIN, target / rms);
        }
        return new SiteBackground(site, List.copyOf(sources), gains);
    }

    /** @return the site's name */
    public String site() {
        return site;
    }

    /** @return the recordings */
    public List<ComposeSource> sources() {
        return sources;
    }

    /**
     * @param k a recording's index
     * @return the gain that brings it to the bed's level
     */
    public double gain(int k) {
        return gains[k];
    }

    /**
     * Whether samples {@code [from, to)} of recording {@code k} stay clear of its annotated bulls
     * (with {@code margin} seconds either side).
     */
    boolean clear(int k, long from, long to, double margin) {
        ComposeSource s = sources.get(k);
        double rate = s.audio().sampleRate();
        double a = from / rate;
        double b = to / rate;
        for (Annotation e : s.avoid()) {
            if (e.start() - margin < b && e.end() + margin > a) {
                return false;
            }
        }
        return true;
    }

    /** @return the number of recordings */
    int size() {
        return sources.size();
    }

    /** A copy of the gains (for the events file). */
    List<Double> gains() {
        List<Double> out = new ArrayList<>();
        for (double g : gains) {
            out.add(g);
        }
        return out;
    }
}
