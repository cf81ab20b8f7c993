package io.bullwatch.features.mel;

import java.util.List;
import java.util.Locale;

/**
 * Per-channel energy normalisation (PCEN; Wang et al. 2017, Lostanlen et al. 2019, "Per-channel
 * energy normalization: why and how"), an adaptive gain control of each mel band: a sound is
 * measured against the band's own recent past, so a steady background (a weir, rain, a torrent)
 * flattens towards a constant and what rises out of it (a splash) stands out, whatever the site's
 * level and microphone colour.
 *
 * <p>For each band, with {@code E(t)} the mel power of frame {@code t}:
 * <pre>
 *   M(0) = E(0),   M(t) = (1 - s) M(t-1) + s E(t)
 *   PCEN(t) = (E(t) / (eps + M(t))^alpha + delta)^r - delta^r
 * </pre>
 * where the smoothing coefficient {@code s} comes from the time constant {@code T} in frames
 * ({@code T = timeConstantSeconds * frameRate}): {@code s = (sqrt(1 + 4 T^2) - 1) / (2 T^2)}.
 * This is librosa's formulation ({@code librosa.pcen} with {@code max_size=1}, its filter starting
 * in the steady state of the first frame), computed as {@code delta^r expm1(r log1p(E (eps +
 * M)^-alpha / delta))}. The golden files in the tests come from an independent NumPy/SciPy
 * script of these equations ({@code scripts/pcen-golden.py}).
 *
 * <p>The input is the mel power as {@link MelSpectrogramExtractor} computes it (samples in
 * [-1, 1], no scaling). Immutable.
 *
 * @param timeConstantSeconds {@code T}, the smoother's time constant in seconds, {@code > 0}
 * @param gain {@code alpha}, how much of the smoothed level is divided out, in {@code [0, 1]}
 * @param bias {@code delta}, {@code > 0}
 * @param power {@code r}, the root compression, in {@code (0, 1]}
 * @param epsilon {@code eps}, keeps the division finite in silence, {@code > 0}
 */
public record Pcen(double timeConstantSeconds, double gain, double bias, double power, double epsilon) {

    /**
     * BullWatch's default: librosa's parameters ({@code alpha = 0.98, delta = 2, r = 0.5, eps =
     * 1e-6}) except the time constant, {@code T = 6 s} instead of librosa's 0.4 s. A bull lasts
     * seconds: with a short memory the smoothed level catches up with the splash within it and
     * flattens all but its onset. Measured leave-one-site-out on the real-sound benchmark
     * (docs/models.md): mean average recall 0.860 at 0.4 s, 0.886 at 2 s, 0.909 at 6 s, 0.883 at
     * 15 s.
     */
    public static final Pcen DEFAULT = new Pcen(6, 0.98, 2, 0.5, 1e-6);

    /** librosa's defaults: {@code T = 0.4 s, alpha = 0.98, delta = 2, r = 0.5, eps = 1e-6}. */
    public static final Pcen LIBROSA = new Pcen(0.4, 0.98, 2, 0.5, 1e-6);

    /** Validates. */
    public Pcen {
        if (!(timeConstantSeconds > 0 && timeConstantSeconds < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("PCEN time constant must be > 0 s, got " + timeConstantSeconds);
        }
        if (!(gain >= 0 && gain <= 1)) {
            throw new IllegalArgumentException("PCEN gain must be in [0, 1], got " + gain);
        }
        if (!(bias > 0 && bias < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("PCEN bias must be > 0, got " + bias);
        }
        if (!(power > 0 && power <= 1)) {
            throw new IllegalArgumentException("PCEN power must be in (0, 1], got " + power);
        }
        if (!(epsilon > 0 && epsilon < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("PCEN epsilon must be > 0, got " + epsilon);
        }
    }

    /**
     * The smoother's coefficient {@code s} for a frame rate.
     *
     * @param frameRate frames per second, {@code > 0}
     * @return {@code s} in {@code (0, 1]}
     */
    public double smoothing(double frameRate) {
        if (!(frameRate > 0 && frameRate < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("frame rate must be > 0, got " + frameRate);
        }
        double t = timeConstantSeconds * frameRate;
        if (t < 1) {
            // the same value without the cancellation of sqrt(1 + 4t^2) - 1, which loses every digit as t
            // goes to 0 (t = 2e-11 gave 0, a level that never moves, instead of 1); above one frame the
            // original form is kept, so that every bundle trained so far computes the same bits
            return 2 / (1 + Math.sqrt(1 + 4 * t * t));
        }
        return (Math.sqrt(1 + 4 * t * t) - 1) / (2 * t * t);
    }

    /**
     * A new stream over one recording's frames, which it transforms in place, in order.
     *
     * @param mels mel bands per frame, {@code >= 1}
     * @param frameRate frames per second of the recording ({@code sampleRate / hop})
     * @return a stream in its initial state
     */
    public Stream stream(int mels, double frameRate) {
        return new Stream(this, mels, smoothing(frameRate));
    }

    /**
     * A transform that computes PCEN at several parameter sets (time constants, say) of the same
     * frames side by side, one channel each: multi-rate PCEN, where a short memory follows a
     * background's quick changes and a long one keeps a whole splash above it.
     *
     * @param channels the parameter sets, one per channel, at least 2
     * @param mels mel bands per frame, {@code >= 1}
     * @param frameRate frames per second of the recording
     * @return a transform in its initial state, one per recording
     * @throws IllegalArgumentException if fewer than 2 channels
     */
    public static Channels channels(List<Pcen> channels, int mels, double frameRate) {
        if (channels.size() < 2) {
            throw new IllegalArgumentException("multi-channel PCEN needs >= 2 parameter sets, got "
                    + channels.size() + "; use stream for one");
        }
        Stream[] streams = new Stream[channels.size()];
        for (int c = 0; c < streams.length; c++) {
            streams[c] = channels.get(c).stream(mels, frameRate);
        }
        return new Channels(streams, mels);
    }

    /** @return for example {@code T=0.40s alpha=0.98 delta=2 r=0.5 eps=1e-06} */
    public String describe() {
        return String.format(Locale.ROOT, "T=%.2fs alpha=%s delta=%s r=%s eps=%s", timeConstantSeconds,
                num(gain), num(bias), num(power), num(epsilon));
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e6 ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * PCEN over one recording's consecutive frames, frame-major ({@code values[j * mels + m]} is
     * band {@code m} of the block's frame {@code j}), blocks in the recording's order: it keeps
     * each band's smoothed level from one block to the next. Not thread-safe; one per recording.
     */
    public static final class Stream implements RecordingFrames.ValueTransform {
        private final int mels;
        private final double s;
        private final double alpha;
        private final double delta;
        private final double r;
        private final double deltaPow;
        private final double eps;
        private final double[] level;
        private boolean started;

        private Stream(Pcen p, int mels, double s) {
            if (mels < 1) {
                throw new IllegalArgumentException("mels must be >= 1, got " + mels);
            }
            this.mels = mels;
            this.s = s;
            this.alpha = p.gain;
            this.delta = p.bias;
            this.r = p.power;
            this.deltaPow = Math.pow(p.bias, p.power);
            this.eps = p.epsilon;
            this.level = new double[mels];
        }

        /**
         * Transforms the next frames, {@code values[from .. to)}, in place.
         *
         * @param values frame-major mel power
         * @param from first index, at the start of a frame
         * @param to end index (exclusive), a whole number of frames after {@code from}
         * @throws IllegalArgumentException if the range is not whole frames
         */
        @Override
        public void apply(float[] values, int from, int to) {
            if ((to - from) % mels != 0) {
                throw new IllegalArgumentException((to - from) + " values are not whole frames of "
                        + mels + " mel bands");
            }
            for (int o = from; o < to; o += mels) {
                if (!started) {
                    for (int m = 0; m < mels; m++) {
                        level[m] = values[o + m];
                    }
                    started = true;
                }
                for (int m = 0; m < mels; m++) {
                    double e = values[o + m];
                    double mm = level[m] + s * (e - level[m]);
                    level[m] = mm;
                    double g = e * Math.exp(-alpha * Math.log(eps + mm));
                    values[o + m] = (float) (deltaPow * Math.expm1(r * Math.log1p(g / delta)));
                }
            }
        }
    }

    /**
     * PCEN at several parameter sets side by side ({@link #channels}): each frame's {@code mels}
     * values become {@code C x mels}, channel {@code c} being what {@link Stream} with the
     * {@code c}-th parameters gives. Not thread-safe; one per recording.
     */
    public static final class Channels implements RecordingFrames.ValueTransform {
        private final Stream[] streams;
        private final int mels;
        private float[] scratch = new float[0];

        private Channels(Stream[] streams, int mels) {
            this.streams = streams;
            this.mels = mels;
        }

        @Override
        public int channels() {
            return streams.length;
        }

        /**
         * Not available: several channels cannot be computed in place.
         *
         * @throws UnsupportedOperationException always
         */
        @Override
        public void apply(float[] values, int from, int to) {
            throw new UnsupportedOperationException(streams.length + " PCEN channels cannot be computed in"
                    + " place: use expand");
        }

        @Override
        public void expand(float[] in, int frames, int bands, float[] out) {
            if (bands != mels) {
                throw new IllegalArgumentException("frames of " + bands + " mel bands, the transform's "
                        + mels);
            }
            int n = frames * mels;
            int rows = streams.length * mels;
            java.util.Objects.checkFromIndexSize(0, n, in.length);
            java.util.Objects.checkFromIndexSize(0, frames * rows, out.length);
            if (scratch.length < n) {
                scratch = new float[n];
            }
            for (int c = 0; c < streams.length; c++) {
                System.arraycopy(in, 0, scratch, 0, n);
                streams[c].apply(scratch, 0, n);
                for (int j = 0; j < frames; j++) {
                    System.arraycopy(scratch, j * mels, out, j * rows + c * mels, mels);
                }
            }
        }
    }
}
