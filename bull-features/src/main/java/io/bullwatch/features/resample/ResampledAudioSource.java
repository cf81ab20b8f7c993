package io.bullwatch.features.resample;

import io.bullwatch.core.audio.AudioInfo;
import io.bullwatch.core.audio.AudioSource;
import java.io.IOException;
import java.util.Objects;

/**
 * An {@link AudioSource} that resamples another one while it is read, with a Kaiser-windowed sinc
 * filter (torchaudio's {@code sinc_interp_kaiser} kernel, polyphase over the reduced ratio
 * {@code L / M = out / in}).
 *
 * <p>Output sample {@code n} lies at input time {@code tau = n M / L} (in input samples) and is
 * {@code sum_i x[i] h(i - tau)} with {@code h(d) = c sinc(pi c d) w(c d / W)}: {@code c = rolloff
 * min(1, L / M)} the cutoff in cycles per two input samples, {@code W} the lowpass filter width and
 * {@code w} the Kaiser window {@code I0(beta sqrt(1 - t^2)) / I0(beta)}. Samples outside the
 * recording are zeros (as torchaudio pads), so the first and last {@code W / c} input samples
 * fade. Length: {@code ceil(frames L / M)} (torchaudio's; every output instant inside the
 * recording). Each output sample is computed from the same inputs in the same order whatever the
 * read, so positional reads at any offset equal one whole read bit for bit.
 *
 * <p>Reads cost about {@code 2 W / c} multiply-adds per output sample. Not safe for concurrent
 * use, like any source.
 */
public final class ResampledAudioSource implements AudioSource {

    private static final int BLOCK = 4096;

    private final AudioSource source;
    private final ResamplerConfig filter;
    private final AudioInfo info;
    private final int up;
    private final int down;
    private final int halfWidth;
    private final int taps;
    private final double[] kernels;
    private final int[] phaseBase;
    private float[] input = new float[0];

    private ResampledAudioSource(AudioSource source, int targetRate, ResamplerConfig filter) {
        this.source = source;
        this.filter = filter;
        int in = source.sampleRate();
        int g = gcd(in, targetRate);
        this.up = targetRate / g;
        this.down = in / g;
        if (up > 1 << 20) {
            throw new IllegalArgumentException("the ratio " + targetRate + "/" + in + " reduces to " + up + "/"
                    + down + ", too many filter phases; resample through an intermediate rate");
        }
        double cut = filter.rolloff() * Math.min(1.0, (double) up / down);
        int lpw = filter.lowpassFilterWidth();
        this.halfWidth = (int) Math.ceil(lpw / cut);
        this.taps = 2 * halfWidth + 2;
        this.kernels = new double[up * taps];
        this.phaseBase = new int[up];
        double i0Beta = besselI0(filter.beta());
        for (int j = 0; j < up; j++) {
            long jm = (long) j * down;
            phaseBase[j] = (int) (jm / up);
            double frac = (double) (jm % up) / up;
            for (int r = -halfWidth; r <= halfWidth + 1; r++) {
                double t = (r - frac) * cut; // in sinc zero crossings
                double v;
                if (Math.abs(t) > lpw) {
                    v = 0;
                } else {
                    double u = t / lpw;
                    double window = besselI0(filter.beta() * Math.sqrt(Math.max(0, 1 - u * u))) / i0Beta;
                    double sinc = t == 0 ? 1 : Math.sin(Math.PI * t) / (Math.PI * t);
                    v = cut * sinc * window;
                }
                kernels[j * taps + r + halfWidth] = v;
            }
        }
        long frames = ceilDiv(Math.multiplyExact(source.frames(), (long) up), down);
        AudioInfo s = source.info();
        this.info = new AudioInfo(s.file(), s.container(), targetRate, s.channels(), s.bitsPerSample(),
                s.encoding(), frames, s.warnings());
    }

    /**
     * A source that reads another at a new rate.
     *
     * @param source the recording (closed with this source)
     * @param targetRate the new rate in Hz, {@code > 0}
     * @param filter the resampling filter
     * @return the resampling source
     * @throws IllegalArgumentException if the rate is not positive or the reduced ratio needs more
     *     than 2^20 filter phases
     */
    public static ResampledAudioSource of(AudioSource source, int targetRate, ResamplerConfig filter) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(filter, "filter");
        if (targetRate <= 0) {
            throw new IllegalArgumentException("target sample rate must be > 0 Hz, got " + targetRate);
        }
        return new ResampledAudioSource(source, targetRate, filter);
    }

    /**
     * The filter in use.
     *
     * @return the resampler configuration
     */
    public ResamplerConfig filter() {
        return filter;
    }

    /**
     * The recording being resampled.
     *
     * @return the underlying source
     */
    public AudioSource source() {
        return source;
    }

    @Override
    public AudioInfo info() {
        return info;
    }

    @Override
    public int read(long frame, float[] dst, int offset, int count) throws IOException {
        if (frame < 0) {
            throw new IllegalArgumentException("frame must be >= 0, got " + frame);
        }
        Objects.requireNonNull(dst, "dst");
        if (count < 0 || offset < 0 || offset > dst.length - count) {
            throw new IllegalArgumentException("cannot store " + count + " samples at index " + offset
                    + " of an array of length " + dst.length);
        }
        long end = Math.min(info.frames(), frame + count);
        int done = 0;
        for (long n0 = frame; n0 < end; n0 += BLOCK) {
            int n = (int) Math.min(BLOCK, end - n0);
            block(n0, n, dst, offset + done);
            done += n;
        }
        return done;
    }

    /** Computes outputs [n0, n0 + n). */
    private void block(long n0, int n, float[] dst, int off) throws IOException {
        long last = n0 + n - 1;
        long first = start(n0);
        long stop = start(last) + taps; // exclusive
        int len = (int) (stop - first);
        if (input.length < len) {
            input = new float[len];
        }
        java.util.Arrays.fill(input, 0, len, 0f);
        long from = Math.max(0, first);
        long to = Math.min(source.frames(), stop);
        int pos = (int) (from - first);
        for (long f = from; f < to;) {
            int got = source.read(f, input, pos, (int) (to - f));
            if (got <= 0) {
                throw new IOException("the recording ended at frame " + f + " before its stated length "
                        + source.frames());
            }
            f += got;
            pos += got;
        }
        for (int i = 0; i < n; i++) {
            long out = n0 + i;
            int j = (int) (out % up);
            int s = (int) (start(out) - first);
            int k = j * taps;
            double acc = 0;
            for (int t = 0; t < taps; t++) {
                acc += input[s + t] * kernels[k + t];
            }
            dst[off + i] = (float) acc;
        }
    }

    /** The first input sample of output n's taps. */
    private long start(long out) {
        return (out / up) * down + phaseBase[(int) (out % up)] - halfWidth;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** The modified Bessel function of the first kind, order 0, by its power series. */
    static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double q = x * x / 4;
        for (int k = 1; k < 500; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum;
    }
}
