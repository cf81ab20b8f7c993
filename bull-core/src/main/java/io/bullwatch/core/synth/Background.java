package io.bullwatch.core.synth;

import io.bullwatch.core.dsp.Biquad;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The background of one night at one site, generated sample by sample in order: river flow
 * (coloured noise with slow level and spectral modulation, plus bubble gurgling), wind with gusts,
 * rain spells, distant road or rail hum with passing vehicles, and microphone self-noise. Its
 * modelled power at any time is known in closed form ({@link #expectedPower}), which is what event
 * loudness is set against.
 */
final class Background {

    /** Envelopes are recomputed every this many samples. */
    static final int STEP = 256;

    private static final double TWO_PI = 2 * Math.PI;
    private static final double WIND_LOW = Math.sqrt(0.5);
    private static final double WIND_MID = 0.45;
    private static final int TABLE = 4096;
    private static final double[] SINE = new double[TABLE + 1];

    static {
        for (int i = 0; i <= TABLE; i++) {
            SINE[i] = Math.sin(TWO_PI * i / TABLE);
        }
    }

    /** Sine by table lookup with linear interpolation; {@code phase} in turns (any real). */
    static double sinTurns(double phase) {
        double x = (phase - Math.floor(phase)) * TABLE;
        int i = (int) x;
        double f = x - i;
        return SINE[i] + f * (SINE[i + 1] - SINE[i]);
    }

    private final SiteProfile site;
    private final double rate;
    private final SplittableRandom r;
    private final double level;
    private final double micShare;

    // slow modulations: sums of sinusoids (period, phase, weight)
    private final double[][] flowLevelMod;
    private final double[][] brightnessMod;
    private final List<double[]> gusts = new ArrayList<>();      // start, duration, gain (power factor - 1), flutter Hz
    private final List<double[]> rainSpells = new ArrayList<>(); // start, duration, power share, drops/s
    private final List<double[]> vehicles = new ArrayList<>();   // start, duration, power factor - 1

    // flow
    private final Biquad flowLow;
    private final Biquad flowLowHp;
    private final Biquad flowMid;
    private final double flowLowNorm;
    private final double flowMidNorm;
    private final Biquad[] bubbles = new Biquad[4];
    private final double bubbleNorm;
    private final double wobbleHz;
    // lapping: wavelets slapping the bank, more of them in gusts
    private final double lapPerSecond;
    private final double lapShare;
    private final double lapDecay;
    private final Biquad lapBp;
    private final double lapNorm;
    private double lapEnv;
    private double lapP;
    private double gLap;
    // wind
    private final Biquad windLow;
    private final Biquad windMid;
    private final double windNorm;
    // rain
    private final Biquad rainBp;
    private final double rainNormPerDrop;
    // hum
    private final double[] humAmp = new double[4];
    private final double humNorm;
    private final Biquad vehicleLp;
    private final double vehicleNorm;
    private double humPhase;

    // per-step envelope values
    private long frame;
    private double gFlowLow;
    private double gFlowMid;
    private double gBubble;
    private double bubbleP;
    private double gWind;
    private double flutterHz;
    private double gRain;
    private double rainP;
    private double gHum;
    private double gVehicle;
    private double gMic;
    private double wobble;
    private double flutter;

    Background(SiteProfile site, double seconds, double rate, long seed) {
        this.site = site;
        this.rate = rate;
        this.r = new SplittableRandom(seed);
        this.level = Math.pow(10, site.levelDbfs() / 20);
        this.micShare = Math.max(0.01, 1 - site.flowShare() - site.windShare() - site.humShare());
        this.flowLevelMod = sinusoids(3, 120, 2400);
        this.brightnessMod = sinusoids(2, 60, 900);
        for (double t : poisson(site.gustsPerHour(), seconds)) {
            gusts.add(new double[] {t, Sounds.uniform(r, 3, 25), Math.pow(10, Sounds.uniform(r, 4, 16) / 10) - 1,
                Sounds.uniform(r, 0.5, 4)});
        }
        for (double t : poisson(site.rainSpellsPerHour(), seconds)) {
            rainSpells.add(new double[] {t, Sounds.uniform(r, 120, 900), Math.pow(10, Sounds.uniform(r, -8, 4) / 10),
                Sounds.logUniform(r, 200, 3000)});
        }
        for (double t : poisson(Sounds.uniform(r, 3, 20) * (site.humShare() > 0.05 ? 1 : 0.2), seconds)) {
            vehicles.add(new double[] {t, Sounds.uniform(r, 15, 60), Math.pow(10, Sounds.uniform(r, 3, 10) / 10) - 1});
        }
        flowLow = Biquad.lowPass(site.flowLowHz(), 0.7, rate);
        flowLowHp = Biquad.highPass(20, 0.7, rate);
        flowMid = Biquad.bandPass(site.flowBandHz(), 0.6, rate);
        flowLowNorm = 1 / Math.sqrt(noisePowerGain(Biquad.lowPass(site.flowLowHz(), 0.7, rate), Biquad.highPass(20, 0.7, rate)));
        flowMidNorm = 1 / Math.sqrt(noisePowerGain(Biquad.bandPass(site.flowBandHz(), 0.6, rate), null));
        double bubbleGain = 0;
        for (int k = 0; k < bubbles.length; k++) {
            double f = site.babbleHz() * new double[] {0.6, 0.85, 1.2, 1.7}[k];
            bubbles[k] = Biquad.bandPass(f, 10, rate);
            bubbleGain += impulsePowerGain(Biquad.bandPass(f, 10, rate)) / bubbles.length;
        }
        // impulse amplitudes u^3 (heavy tail: now and then a loud pop): E[a^2] = 1/7
        bubbleNorm = 1 / Math.sqrt(bubbleGain * site.babblePerSecond() / 7);
        wobbleHz = Sounds.uniform(r, 0.2, 2);
        lapPerSecond = Sounds.logUniform(r, 0.03, 0.4);
        lapShare = Sounds.uniform(r, 0.05, 0.3);
        double lapTau = Sounds.uniform(r, 0.03, 0.15);
        lapDecay = Math.exp(-1 / (lapTau * rate));
        double lapHz = Sounds.logUniform(r, 500, 3000);
        lapBp = Biquad.bandPass(lapHz, 0.4, rate);
        // amplitudes u^2: E[a^2] = 1/5; energy of exp(-t/tau) squared: tau/2 seconds
        lapNorm = 1 / Math.sqrt(noisePowerGain(Biquad.bandPass(lapHz, 0.4, rate), null) * lapPerSecond * lapTau / 2 / 5);
        double windLowHz = Sounds.uniform(r, 120, 400);
        double windMidHz = Sounds.uniform(r, 400, 1500);
        windLow = Biquad.lowPass(windLowHz, 0.7, rate);
        windMid = Biquad.bandPass(windMidHz, 0.4, rate);
        windNorm = 1 / Math.sqrt(windPowerGain(Biquad.lowPass(windLowHz, 0.7, rate), Biquad.bandPass(windMidHz, 0.4, rate)));
        rainBp = Biquad.bandPass(Sounds.uniform(r, 2500, 7000), 0.6, rate);
        // drop amplitudes: u^2 with random sign, E[a^2] = 1/5
        rainNormPerDrop = impulsePowerGain(Biquad.bandPass(3500, 0.6, rate)) / 5;
        double h = 0;
        for (int k = 0; k < humAmp.length; k++) {
            humAmp[k] = Sounds.uniform(r, 0.1, 1) / (k + 1);
            h += humAmp[k] * humAmp[k] / 2;
        }
        humNorm = 1 / Math.sqrt(h);
        vehicleLp = Biquad.lowPass(Sounds.uniform(r, 150, 500), 0.7, rate);
        vehicleNorm = 1 / Math.sqrt(noisePowerGain(Biquad.lowPass(300, 0.7, rate), null));
    }

    private double[][] sinusoids(int n, double minPeriod, double maxPeriod) {
        double[][] s = new double[n][];
        double total = 0;
        for (int i = 0; i < n; i++) {
            s[i] = new double[] {Sounds.logUniform(r, minPeriod, maxPeriod), r.nextDouble() * TWO_PI, 0.3 + r.nextDouble()};
            total += s[i][2];
        }
        for (double[] x : s) {
            x[2] /= total;
        }
        return s;
    }

    private static double mod(double[][] s, double t) {
        double v = 0;
        for (double[] x : s) {
            v += x[2] * Math.sin(TWO_PI * t / x[0] + x[1]);
        }
        return v; // in [-1, 1]
    }

    private List<Double> poisson(double perHour, double seconds) {
        List<Double> times = new ArrayList<>();
        if (perHour <= 0) {
            return times;
        }
        double t = 0;
        while (true) {
            t += -Math.log(1 - r.nextDouble()) * 3600 / perHour;
            if (t >= seconds) {
                return times;
            }
            times.add(t);
        }
    }

    private static double noisePowerGain(Biquad a, Biquad b) {
        SplittableRandom c = new SplittableRandom(12345);
        double s = 0;
        int n = 44100;
        for (int i = 0; i < n + 4410; i++) {
            double x = a.process(Sounds.noise(c));
            if (b != null) {
                x = b.process(x);
            }
            if (i >= 4410) {
                s += x * x;
            }
        }
        return s / n;
    }

    private static double windPowerGain(Biquad low, Biquad mid) {
        SplittableRandom c = new SplittableRandom(54321);
        double s = 0;
        int n = 44100;
        for (int i = 0; i < n + 4410; i++) {
            double x = Sounds.noise(c);
            double y = WIND_LOW * low.process(x) + WIND_MID * mid.process(x);
            if (i >= 4410) {
                s += y * y;
            }
        }
        return s / n;
    }

    private static double impulsePowerGain(Biquad f) {
        double s = 0;
        for (int i = 0; i < 44100; i++) {
            double y = f.process(i == 0 ? 1 : 0);
            s += y * y;
        }
        return s;
    }

    private static double bump(double t, double start, double duration) {
        if (t <= start || t >= start + duration) {
            return 0;
        }
        double s = Math.sin(Math.PI * (t - start) / duration);
        return s * s;
    }

    private double flowEnvelope(double t) {
        return Math.pow(10, site.flowSwingDb() * mod(flowLevelMod, t) / 20);
    }

    private double brightness(double t) {
        return Math.min(0.95, Math.max(0.05, site.flowBrightness() + 0.25 * mod(brightnessMod, t)));
    }

    private double windPowerFactor(double t) {
        double f = 1;
        for (double[] g : gusts) {
            if (t > g[0] && t < g[0] + g[1]) {
                f += g[2] * bump(t, g[0], g[1]);
            }
        }
        return f;
    }

    private double rainShare(double t) {
        double s = 0;
        for (double[] spell : rainSpells) {
            if (t > spell[0] && t < spell[0] + spell[1]) {
                double fade = Math.min(1, Math.min(t - spell[0], spell[0] + spell[1] - t) / 30);
                s += spell[2] * fade;
            }
        }
        return s;
    }

    private double rainDropsPerSecond(double t) {
        double d = 0;
        for (double[] spell : rainSpells) {
            if (t > spell[0] && t < spell[0] + spell[1]) {
                d = Math.max(d, spell[3]);
            }
        }
        return d;
    }

    private double vehicleFactor(double t) {
        double f = 0;
        for (double[] v : vehicles) {
            if (t > v[0] && t < v[0] + v[1]) {
                f += v[2] * bump(t, v[0], v[1]);
            }
        }
        return f;
    }

    /**
     * The modelled background power at a time (before the microphone colouring), in full-scale
     * units squared.
     */
    double expectedPower(double t) {
        double flow = site.flowShare() * Math.pow(flowEnvelope(t), 2);
        double wind = site.windShare() * windPowerFactor(t);
        double hum = site.humShare() * (1 + vehicleFactor(t));
        double lap = lapShare * windPowerFactor(t);
        return level * level * (flow + wind + rainShare(t) + hum + micShare + lap);
    }

    /** Mean modelled power over a stretch. */
    double expectedPower(double from, double to) {
        int n = 32;
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += expectedPower(from + (to - from) * (i + 0.5) / n);
        }
        return s / n;
    }

    private void updateEnvelopes() {
        double t = frame / rate;
        double flowAmp = level * Math.sqrt(site.flowShare()) * flowEnvelope(t);
        double b = brightness(t);
        gFlowLow = flowAmp * Math.sqrt(0.75 * (1 - b)) * flowLowNorm;
        gFlowMid = flowAmp * Math.sqrt(0.75 * b) * flowMidNorm;
        gBubble = flowAmp * Math.sqrt(0.25) * bubbleNorm;
        bubbleP = site.babblePerSecond() / rate;
        gWind = level * Math.sqrt(site.windShare() * windPowerFactor(t)) * windNorm;
        flutterHz = 0;
        for (double[] g : gusts) {
            if (t > g[0] && t < g[0] + g[1]) {
                flutterHz = g[3];
            }
        }
        double drops = rainDropsPerSecond(t);
        rainP = drops / rate;
        gRain = drops > 0 ? level * Math.sqrt(rainShare(t) / (drops * rainNormPerDrop)) : 0;
        gHum = level * Math.sqrt(site.humShare()) * humNorm;
        gVehicle = level * Math.sqrt(site.humShare() * vehicleFactor(t)) * vehicleNorm;
        gMic = level * Math.sqrt(micShare);
        double windFactor = windPowerFactor(t);
        // gusts raise the rate of slaps (power share grows with the wind power factor)
        lapP = lapPerSecond * windFactor / rate;
        gLap = level * Math.sqrt(lapShare) * lapNorm;
        wobble = 1 + 0.2 * Math.sin(TWO_PI * wobbleHz * t);
        flutter = flutterHz > 0 ? 1 + 0.4 * Math.sin(TWO_PI * flutterHz * t) : 1;
    }

    /** Writes the next {@code len} background samples into {@code out[off..off+len)}. */
    void next(float[] out, int off, int len) {
        double humStep = site.humHz() / rate;
        for (int i = 0; i < len; i++) {
            if (frame % STEP == 0) {
                updateEnvelopes();
            }
            double n1 = Sounds.noise(r);
            double n2 = Sounds.noise(r);
            double flow = gFlowLow * flowLowHp.process(flowLow.process(n1)) + gFlowMid * wobble * flowMid.process(n2);
            double bubbleIn = 0;
            int which = 0;
            if (r.nextDouble() < bubbleP) {
                double u = r.nextDouble();
                bubbleIn = u * u * u;
                which = r.nextInt(bubbles.length);
            }
            double bub = 0;
            for (int k = 0; k < bubbles.length; k++) {
                bub += bubbles[k].process(k == which ? bubbleIn : 0);
            }
            flow += gBubble * bub;
            double n3 = Sounds.noise(r);
            double wind = gWind * flutter * (WIND_LOW * windLow.process(n3) + WIND_MID * windMid.process(n3));
            double rain = 0;
            if (rainP > 0 && r.nextDouble() < rainP) {
                double u = r.nextDouble();
                rain = u * u * (r.nextBoolean() ? 1 : -1);
            }
            rain = gRain * rainBp.process(rain);
            humPhase += humStep;
            if (humPhase >= 1) {
                humPhase -= 1;
            }
            double hum = 0;
            if (gHum > 0) {
                for (int k = 0; k < humAmp.length; k++) {
                    hum += humAmp[k] * sinTurns((k + 1) * humPhase);
                }
                hum *= gHum;
            }
            if (r.nextDouble() < lapP) {
                double u = r.nextDouble();
                lapEnv += u * u;
            }
            lapEnv *= lapDecay;
            double lap = gLap * lapEnv * lapBp.process(Sounds.noise(r));
            double n4 = Sounds.noise(r);
            double vehicle = gVehicle * vehicleLp.process(n4);
            out[off + i] = (float) (flow + wind + rain + hum + vehicle + lap + gMic * Sounds.noise(r));
            frame++;
        }
    }
}
