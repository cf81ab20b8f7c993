package io.bullwatch.core.synth;

import io.bullwatch.core.dsp.Biquad;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Renders a {@link NightPlan} block by block, in order, in bounded memory: the background is
 * generated sample by sample, each event is synthesised when the rendering reaches its start and
 * dropped when it is over, and the microphone colouring is applied last.
 *
 * <p>The mix is {@code colour(background + distractors) + colour(bulls)}; the colouring is linear,
 * so this equals colouring the sum, and {@link #next(float[], float[], int, int)} can hand out the
 * coloured bull track on its own: exactly what the bulls add to the mix.
 */
public final class NightRenderer {

    private final NightPlan plan;
    private final Background background;
    private final Colour colourOther;
    private final Colour colourBulls;
    private final Iterator<SynthEvent> pending;
    private SynthEvent nextEvent;
    private final List<Active> active = new ArrayList<>();
    private float[] bullScratch = new float[0];
    private long frame;

    private record Active(long startFrame, float[] samples, boolean bull) {
    }

    /** The microphone: high-pass, presence peak or dip, high shelf. */
    private static final class Colour {
        private final Biquad hp;
        private final Biquad peak;
        private final Biquad shelf;

        Colour(SiteProfile s, double rate) {
            hp = Biquad.highPass(s.micHighPassHz(), 0.7, rate);
            peak = Biquad.peaking(s.micPeakHz(), 1.0, s.micPeakDb(), rate);
            shelf = Biquad.highShelf(6000, s.micShelfDb(), rate);
        }

        void apply(float[] x, int off, int len) {
            for (int i = off; i < off + len; i++) {
                x[i] = (float) shelf.process(peak.process(hp.process(x[i])));
            }
        }
    }

    private NightRenderer(NightPlan plan) {
        this.plan = plan;
        double rate = plan.sampleRate();
        this.background = new Background(plan.site(), plan.seconds(), rate, Seeds.derive(plan.seed(), Seeds.BACKGROUND));
        this.colourOther = new Colour(plan.site(), rate);
        this.colourBulls = new Colour(plan.site(), rate);
        this.pending = plan.events().iterator();
        this.nextEvent = pending.hasNext() ? pending.next() : null;
    }

    /**
     * A renderer positioned at the start of the night.
     *
     * @param plan the night
     * @return a new renderer
     */
    public static NightRenderer of(NightPlan plan) {
        return new NightRenderer(Objects.requireNonNull(plan, "plan"));
    }

    /**
     * The plan being rendered.
     *
     * @return the plan
     */
    public NightPlan plan() {
        return plan;
    }

    /**
     * Frames not rendered yet.
     *
     * @return frames left
     */
    public long remaining() {
        return plan.frames() - frame;
    }

    /**
     * Renders the next frames.
     *
     * @param mix receives the mixed samples
     * @param bulls receives the coloured bull track alone (what the bulls add to the mix), or
     *     {@code null}
     * @param offset where to write in both arrays
     * @param length frames wanted
     * @return frames written, {@code min(length, remaining())}
     */
    public int next(float[] mix, float[] bulls, int offset, int length) {
        Objects.requireNonNull(mix, "mix");
        if (offset < 0 || length < 0 || offset > mix.length - length
                || (bulls != null && offset > bulls.length - length)) {
            throw new IllegalArgumentException("invalid range " + offset + "+" + length);
        }
        int n = (int) Math.min(length, remaining());
        if (n == 0) {
            return 0;
        }
        if (bullScratch.length < n) {
            bullScratch = new float[n];
        }
        float[] bullTrack = bullScratch;
        java.util.Arrays.fill(bullTrack, 0, n, 0f);
        background.next(mix, offset, n);
        long end = frame + n;
        double rate = plan.sampleRate();
        while (nextEvent != null && Math.round(nextEvent.start() * rate) < end) {
            active.add(start(nextEvent));
            nextEvent = pending.hasNext() ? pending.next() : null;
        }
        for (Iterator<Active> it = active.iterator(); it.hasNext();) {
            Active a = it.next();
            long from = Math.max(frame, a.startFrame);
            long to = Math.min(end, a.startFrame + a.samples.length);
            float[] dst = a.bull ? bullTrack : mix;
            int dstBase = a.bull ? 0 : offset;
            for (long f = from; f < to; f++) {
                dst[dstBase + (int) (f - frame)] += a.samples[(int) (f - a.startFrame)];
            }
            if (a.startFrame + a.samples.length <= end) {
                it.remove();
            }
        }
        colourOther.apply(mix, offset, n);
        colourBulls.apply(bullTrack, 0, n);
        for (int i = 0; i < n; i++) {
            mix[offset + i] += bullTrack[i];
        }
        if (bulls != null) {
            System.arraycopy(bullTrack, 0, bulls, offset, n);
        }
        frame = end;
        return n;
    }

    private Active start(SynthEvent e) {
        double rate = plan.sampleRate();
        float[] s = Sounds.render(e.kind(), e.seed(), e.duration(), rate);
        double p = Sounds.power(s);
        if (p > 0) {
            double target = background.expectedPower(e.start(), e.end()) * Math.pow(10, e.snrDb() / 10);
            Sounds.scale(s, Math.sqrt(target / p));
        }
        return new Active(Math.round(e.start() * rate), s, e.kind().isBull());
    }

    /**
     * Renders one event alone, scaled to an RMS of 0.05 (no background, no colouring): for
     * pictures and listening.
     *
     * @param kind the kind
     * @param seed its seed
     * @param seconds its duration
     * @param sampleRate the sample rate
     * @return the samples
     */
    public static float[] renderEvent(EventKind kind, long seed, double seconds, int sampleRate) {
        float[] s = Sounds.render(kind, seed, seconds, sampleRate);
        double p = Sounds.power(s);
        if (p > 0) {
            Sounds.scale(s, Math.sqrt(1 / p) * 0.05);
        }
        return s;
    }
}
