package io.bullwatch.core.synth;

import io.bullwatch.core.dsp.Biquad;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Synthesis of single sound events (bulls and distractors) at an arbitrary scale; the renderer
 * scales them to the wanted SNR. Every event draws from its own random stream.
 */
final class Sounds {

    private Sounds() {
    }

    /** Draws a distractor's duration in seconds (bulls are drawn by the plan). */
    static double distractorDuration(EventKind kind, SplittableRandom r) {
        return switch (kind) {
            case BULL -> throw new IllegalArgumentException("bull durations are drawn by the plan");
            case PLOP -> 0.25 + 1.25 * r.nextDouble();
            case INSECT -> 2 + 23 * r.nextDouble();
            case FROG -> 1.5 + 6 * r.nextDouble();
            case OWL -> 1.5 + 5 * r.nextDouble();
            case BIRD -> 0.6 + 2.5 * r.nextDouble();
            case RAIN_BURST -> 3 + 17 * r.nextDouble();
            case HANDLING -> 0.5 + 3.5 * r.nextDouble();
        };
    }

    /**
     * Renders an event at an arbitrary scale.
     *
     * @param kind the kind
     * @param seed the event's seed
     * @param duration seconds
     * @param rate sample rate
     * @return {@code round(duration * rate)} samples (at least 1)
     */
    static float[] render(EventKind kind, long seed, double duration, double rate) {
        int n = Math.max(1, (int) Math.round(duration * rate));
        float[] out = new float[n];
        SplittableRandom r = new SplittableRandom(seed);
        switch (kind) {
            case BULL -> bull(out, r, rate);
            case PLOP -> plop(out, r, rate);
            case INSECT -> insect(out, r, rate);
            case FROG -> frog(out, r, rate);
            case OWL -> owl(out, r, rate);
            case BIRD -> bird(out, r, rate);
            case RAIN_BURST -> rainBurst(out, r, rate);
            case HANDLING -> handling(out, r, rate);
            default -> throw new AssertionError(kind);
        }
        return out;
    }

    static double uniform(SplittableRandom r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }

    static double logUniform(SplittableRandom r, double lo, double hi) {
        return lo * Math.exp(Math.log(hi / lo) * r.nextDouble());
    }

    /** White noise with unit variance (uniform distribution). */
    static double noise(SplittableRandom r) {
        return (2 * r.nextDouble() - 1) * 1.7320508075688772;
    }

    /**
     * Adds one splash transient at {@code at}: band-limited noise with a fast attack and an
     * exponential decay, with a random spectral tilt and, sometimes, a rising bubble resonance.
     */
    static void splash(float[] out, int at, SplittableRandom r, double rate, double amp, double bubbleChance) {
        double tau = logUniform(r, 0.012, 0.22);
        double attack = uniform(r, 0.0005, 0.004);
        int len = (int) Math.min(out.length - (long) at, (long) ((attack + 5 * tau) * rate));
        if (len <= 0) {
            return;
        }
        Biquad hp = Biquad.highPass(uniform(r, 150, 400), 0.7, rate);
        Biquad lp = Biquad.lowPass(logUniform(r, 900, 8000), 0.7, rate);
        // random tilt: a second low-pass with its own corner steepens the top for some splashes
        Biquad tilt = r.nextDouble() < 0.5 ? Biquad.lowPass(logUniform(r, 1500, 9000), 0.6, rate) : null;
        boolean bubble = r.nextDouble() < bubbleChance;
        double f0 = logUniform(r, 300, 2500);
        double chirp = uniform(r, 0, 4);
        double bubbleTau = uniform(r, 0.01, 0.06);
        double bubbleAmp = uniform(r, 0.3, 1.5);
        double phase = 0;
        double attackSamples = Math.max(1, attack * rate);
        for (int i = 0; i < len; i++) {
            double t = i / rate;
            double env = i < attackSamples ? i / attackSamples : Math.exp(-(t - attack) / tau);
            double x = lp.process(hp.process(noise(r)));
            if (tilt != null) {
                x = tilt.process(x) * 1.4;
            }
            double s = x * env;
            if (bubble) {
                phase += 2 * Math.PI * f0 * (1 + chirp * t) / rate;
                s += bubbleAmp * Math.sin(phase) * Math.exp(-t / bubbleTau) * Math.min(1, i / attackSamples);
            }
            out[at + i] += (float) (amp * s);
        }
    }

    /** A bull: several splash transients over the event with a churning wash beneath them. */
    static void bull(float[] out, SplittableRandom r, double rate) {
        double d = out.length / rate;
        double perSecond = uniform(r, 1.5, 6);
        int n = Math.max(3, (int) Math.round(d * perSecond));
        double peakAt = uniform(r, 0.15, 0.85);
        double bubbleChance = uniform(r, 0.1, 0.8);
        int lastStart = Math.max(0, out.length - (int) (0.25 * rate));
        for (int k = 0; k < n; k++) {
            int at;
            if (k == 0) {
                at = 0;
            } else if (k == n - 1) {
                at = lastStart;
            } else {
                at = (int) (r.nextDouble() * lastStart);
            }
            double x = (double) at / out.length;
            double shape = 0.35 + 0.65 * Math.exp(-Math.pow((x - peakAt) / 0.35, 2));
            double amp = shape * Math.pow(10, 4 * r.nextGaussian() / 20);
            splash(out, at, r, rate, amp, bubbleChance);
        }
        // churning wash: broadband noise following the same slow shape, well below the splashes
        Biquad bp = Biquad.bandPass(logUniform(r, 500, 2500), 0.5, rate);
        double wash = uniform(r, 0.05, 0.25);
        int fade = (int) Math.min(out.length / 2, 0.05 * rate);
        for (int i = 0; i < out.length; i++) {
            double x = (double) i / out.length;
            double shape = 0.35 + 0.65 * Math.exp(-Math.pow((x - peakAt) / 0.35, 2));
            double edge = Math.min(1, Math.min(i, out.length - 1 - i) / (double) Math.max(1, fade));
            out[i] += (float) (wash * shape * edge * bp.process(noise(r)));
        }
    }

    /**
     * A fish jumping or feeding at the surface, or a stone: one splash, often followed by one to
     * three smaller ones (the fish falling back, a second rise).
     */
    static void plop(float[] out, SplittableRandom r, double rate) {
        splash(out, 0, r, rate, 1.0, 0.8);
        int more = r.nextDouble() < 0.5 ? 1 + r.nextInt(3) : 0;
        for (int k = 0; k < more && out.length > 0.15 * rate; k++) {
            int at = (int) (uniform(r, 0.1, 0.9) * out.length);
            splash(out, at, r, rate, uniform(r, 0.2, 0.8), 0.8);
        }
    }

    /** A stridulation train: pulses of a high carrier, in chirps or a continuous trill. */
    static void insect(float[] out, SplittableRandom r, double rate) {
        double carrier = uniform(r, 3000, 9000);
        double pulseRate = uniform(r, 8, 60);
        double duty = uniform(r, 0.2, 0.6);
        boolean chirps = r.nextDouble() < 0.6;
        double chirpOn = uniform(r, 0.15, 1.0);
        double chirpOff = uniform(r, 0.1, 0.6);
        double noiseMix = uniform(r, 0.1, 0.6);
        Biquad bp = Biquad.bandPass(carrier, 3, rate);
        int fade = (int) (0.3 * rate);
        for (int i = 0; i < out.length; i++) {
            double t = i / rate;
            double gate = 1;
            if (chirps) {
                double c = t % (chirpOn + chirpOff);
                gate = c < chirpOn ? 1 : 0;
            }
            double p = (t * pulseRate) % 1.0;
            double pulse = p < duty ? Math.sin(Math.PI * p / duty) : 0;
            double edge = Math.min(1, Math.min(i, out.length - 1 - i) / (double) fade);
            double s = (1 - noiseMix) * Math.sin(2 * Math.PI * carrier * t) + noiseMix * 3 * bp.process(noise(r));
            out[i] = (float) (gate * pulse * edge * s);
        }
    }

    /** Frog croaks: harmonic pulsed notes at a low fundamental. */
    static void frog(float[] out, SplittableRandom r, double rate) {
        double f0 = uniform(r, 150, 600);
        double am = uniform(r, 20, 80);
        double croak = uniform(r, 0.08, 0.3);
        double gap = uniform(r, 0.15, 0.8);
        double[] harm = new double[6];
        for (int k = 0; k < harm.length; k++) {
            harm[k] = uniform(r, 0.2, 1.0) / (k + 1);
        }
        double d = out.length / rate;
        for (double t0 = 0; t0 + croak <= d; t0 += croak + gap * uniform(r, 0.8, 1.25)) {
            int at = (int) (t0 * rate);
            int len = Math.min(out.length - at, (int) (croak * rate));
            double amp = uniform(r, 0.6, 1.0);
            for (int i = 0; i < len; i++) {
                double t = i / rate;
                double env = Math.sin(Math.PI * i / len);
                double pulse = Math.pow(Math.abs(Math.sin(Math.PI * am * t)), 2);
                double s = 0;
                for (int k = 0; k < harm.length; k++) {
                    s += harm[k] * Math.sin(2 * Math.PI * f0 * (k + 1) * t);
                }
                out[at + i] += (float) (amp * env * pulse * s);
            }
        }
    }

    /** Owl hoots: tonal notes with a slight downward glide and weak harmonics. */
    static void owl(float[] out, SplittableRandom r, double rate) {
        double f0 = uniform(r, 280, 600);
        double hoot = uniform(r, 0.3, 0.9);
        double gap = uniform(r, 0.3, 1.5);
        double d = out.length / rate;
        for (double t0 = 0; t0 + 0.2 <= d; t0 += hoot + gap) {
            int at = (int) (t0 * rate);
            int len = Math.min(out.length - at, (int) (hoot * rate));
            double phase = 0;
            for (int i = 0; i < len; i++) {
                double x = (double) i / len;
                double f = f0 * (1 - 0.1 * x) * (1 + 0.01 * Math.sin(2 * Math.PI * 6 * i / rate));
                phase += 2 * Math.PI * f / rate;
                double env = Math.min(1, x * 10) * Math.pow(Math.sin(Math.PI * Math.min(1, 0.5 + x / 2)), 0.5);
                out[at + i] += (float) (env * (Math.sin(phase) + 0.2 * Math.sin(2 * phase) + 0.08 * Math.sin(3 * phase)));
            }
        }
    }

    /** Bird notes: frequency-modulated whistles. */
    static void bird(float[] out, SplittableRandom r, double rate) {
        double d = out.length / rate;
        double t0 = 0;
        while (t0 < d - 0.05) {
            double note = uniform(r, 0.05, 0.3);
            double fa = uniform(r, 2000, 7000);
            double fb = fa * uniform(r, 0.5, 1.5);
            int at = (int) (t0 * rate);
            int len = Math.min(out.length - at, (int) (note * rate));
            double phase = 0;
            for (int i = 0; i < len; i++) {
                double x = (double) i / len;
                double f = fa + (fb - fa) * x;
                phase += 2 * Math.PI * f / rate;
                double env = Math.sin(Math.PI * x);
                out[at + i] += (float) (env * (Math.sin(phase) + 0.1 * Math.sin(2 * phase)));
            }
            t0 += note + uniform(r, 0.05, 0.4);
        }
    }

    /** A burst of heavy rain: dense drop clicks, broadband, with soft edges. */
    static void rainBurst(float[] out, SplittableRandom r, double rate) {
        double dropsPerSecond = uniform(r, 500, 4000);
        double p = dropsPerSecond / rate;
        Biquad bp = Biquad.bandPass(uniform(r, 2000, 6000), 0.5, rate);
        Biquad big = Biquad.bandPass(uniform(r, 800, 2000), 2, rate);
        int fade = (int) Math.min(out.length / 2, 0.8 * rate);
        for (int i = 0; i < out.length; i++) {
            double drop = 0;
            double bigDrop = 0;
            if (r.nextDouble() < p) {
                drop = Math.pow(r.nextDouble(), 2) * (r.nextBoolean() ? 1 : -1);
                if (r.nextDouble() < 0.03) {
                    bigDrop = 3 * drop;
                }
            }
            double edge = Math.min(1, Math.min(i, out.length - 1 - i) / (double) fade);
            out[i] = (float) (edge * (bp.process(drop) + big.process(bigDrop)));
        }
    }

    /** Handling noise: low thumps with a click, and rubbing noise with a fast random envelope. */
    static void handling(float[] out, SplittableRandom r, double rate) {
        int thumps = 1 + r.nextInt(4);
        for (int k = 0; k < thumps; k++) {
            int at = (int) (r.nextDouble() * out.length * 0.8);
            Biquad lp = Biquad.lowPass(uniform(r, 60, 250), 2, rate);
            double amp = uniform(r, 0.5, 2);
            int len = Math.min(out.length - at, (int) (0.25 * rate));
            for (int i = 0; i < len; i++) {
                double x = i == 0 ? 40 : 0;
                double click = i < 30 ? noise(r) * (1 - i / 30.0) : 0;
                out[at + i] += (float) (amp * (lp.process(x) + click));
            }
        }
        Biquad bp = Biquad.bandPass(uniform(r, 500, 3000), 0.7, rate);
        double rubRate = uniform(r, 3, 20);
        double rubAmp = uniform(r, 0.1, 0.8);
        double phase = r.nextDouble();
        for (int i = 0; i < out.length; i++) {
            double env = Math.pow(Math.max(0, Math.sin(2 * Math.PI * (phase + rubRate * i / rate))), 3);
            out[i] += (float) (rubAmp * env * bp.process(noise(r)));
        }
    }

    /** Mean power of a signal. */
    static double power(float[] x) {
        double s = 0;
        for (float v : x) {
            s += (double) v * v;
        }
        return x.length == 0 ? 0 : s / x.length;
    }

    static void scale(float[] x, double gain) {
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (x[i] * gain);
        }
    }

    static float[] copy(float[] x) {
        return Arrays.copyOf(x, x.length);
    }
}
