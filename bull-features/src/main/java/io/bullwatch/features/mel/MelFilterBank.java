package io.bullwatch.features.mel;

import io.bullwatch.features.mel.MelConfig.FilterNorm;
import io.bullwatch.features.mel.MelConfig.MelScale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Triangular mel filters over the one-sided FFT bins, defined exactly as {@code
 * torchaudio.functional.melscale_fbanks}.
 *
 * <p>Bin {@code k} of {@code nFreqs} has the frequency {@code k * floor(sampleRate / 2) / (nFreqs
 * - 1)} Hz. The band edges are {@code nMels + 2} points equally spaced on the mel scale from
 * {@code fMin} to {@code fMax}, converted back to Hz: {@code f[0..nMels+1]}. Filter {@code m}
 * rises linearly from 0 at {@code f[m]} to 1 at {@code f[m+1]} and falls back to 0 at {@code
 * f[m+2]}: its weight at frequency {@code x} is {@code max(0, min((x - f[m]) / (f[m+1] - f[m]),
 * (f[m+2] - x) / (f[m+2] - f[m+1])))}. With {@link FilterNorm#SLANEY} it is multiplied by {@code 2
 * / (f[m+2] - f[m])}. Everything is computed in {@code double} and the weights rounded once to
 * {@code float}; torchaudio computes in {@code float32}, which differs by about one float rounding.
 *
 * <p>Only the non-zero run of each filter is stored, so {@link #apply} costs about two
 * multiply-adds per bin. Instances are immutable and thread-safe.
 */
public final class MelFilterBank {

    private static final double SLANEY_F_SP = 200.0 / 3.0;
    private static final double SLANEY_MIN_LOG_HZ = 1000.0;
    private static final double SLANEY_MIN_LOG_MEL = SLANEY_MIN_LOG_HZ / SLANEY_F_SP;
    private static final double SLANEY_LOGSTEP = Math.log(6.4) / 27.0;

    private static final Logger LOG = LoggerFactory.getLogger(MelFilterBank.class);

    private final int nFreqs;
    private final int nMels;
    private final double[] edges;
    private final int[] first;
    private final float[][] weights;

    private MelFilterBank(int nFreqs, int nMels, double[] edges, int[] first, float[][] weights) {
        this.nFreqs = nFreqs;
        this.nMels = nMels;
        this.edges = edges;
        this.first = first;
        this.weights = weights;
    }

    /**
     * The filter bank of a configuration: {@code nFreqs = nFft / 2 + 1}.
     *
     * @param config the mel configuration
     * @return the filter bank
     */
    public static MelFilterBank of(MelConfig config) {
        return create(config.bins(), config.fMin(), config.fMax(), config.nMels(),
                config.sampleRate(), config.norm(), config.melScale());
    }

    /**
     * A filter bank with torchaudio's {@code melscale_fbanks(n_freqs, f_min, f_max, n_mels,
     * sample_rate, norm, mel_scale)} arguments.
     *
     * @param nFreqs one-sided bins, {@code >= 2}
     * @param fMin lowest edge in Hz, {@code >= 0}
     * @param fMax highest edge in Hz, {@code > fMin}
     * @param nMels bands, {@code >= 1}
     * @param sampleRate Hz, {@code > 0}
     * @param norm filter normalisation
     * @param scale mel scale
     * @return the filter bank
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static MelFilterBank create(int nFreqs, double fMin, double fMax, int nMels,
            int sampleRate, FilterNorm norm, MelScale scale) {
        Objects.requireNonNull(norm, "norm");
        Objects.requireNonNull(scale, "scale");
        if (nFreqs < 2 || nMels < 1 || sampleRate <= 0) {
            throw new IllegalArgumentException("need nFreqs >= 2, nMels >= 1 and sampleRate > 0, got "
                    + nFreqs + ", " + nMels + ", " + sampleRate);
        }
        if (!(fMin >= 0) || !(fMax > fMin) || !Double.isFinite(fMax)) {
            throw new IllegalArgumentException(
                    "need 0 <= fMin < fMax, got fMin " + fMin + ", fMax " + fMax);
        }
        double melMin = hzToMel(fMin, scale);
        double melMax = hzToMel(fMax, scale);
        int points = nMels + 2;
        double[] f = new double[points];
        for (int i = 0; i < points; i++) {
            f[i] = melToHz(melMin + (melMax - melMin) * i / (points - 1), scale);
        }
        double binHz = (double) (sampleRate / 2) / (nFreqs - 1);
        int[] first = new int[nMels];
        float[][] weights = new float[nMels][];
        double[] column = new double[nFreqs];
        for (int m = 0; m < nMels; m++) {
            double lo = f[m];
            double mid = f[m + 1];
            double hi = f[m + 2];
            double gain = norm == FilterNorm.SLANEY ? 2.0 / (hi - lo) : 1.0;
            int a = -1;
            int b = -1;
            for (int k = 0; k < nFreqs; k++) {
                double x = k * binHz;
                double down = (x - lo) / (mid - lo);
                double up = (hi - x) / (hi - mid);
                double w = Math.max(0.0, Math.min(down, up)) * gain;
                column[k] = w;
                if (w > 0 && (float) w != 0f) {
                    if (a < 0) {
                        a = k;
                    }
                    b = k;
                }
            }
            if (a < 0) {
                first[m] = 0;
                weights[m] = new float[0];
            } else {
                first[m] = a;
                weights[m] = new float[b - a + 1];
                for (int k = a; k <= b; k++) {
                    weights[m][k - a] = (float) column[k];
                }
            }
        }
        MelFilterBank bank = new MelFilterBank(nFreqs, nMels, f, first, weights);
        int empty = bank.emptyBands();
        if (empty > 0) {
            // as torchaudio warns: such a band is zero in every frame, whatever the audio
            LOG.warn("{} of {} mel bands fall between two FFT bins and hold no bin ({} Hz apart): they are zero in"
                    + " every frame; use fewer mel bands, a larger FFT, or a wider band from fMin to fMax",
                    empty, nMels, binHz);
        }
        return bank;
    }

    /**
     * The bands that hold no FFT bin (too narrow for the FFT's resolution): zero in every frame.
     *
     * @return how many of the {@code nMels} filters are empty
     */
    public int emptyBands() {
        int empty = 0;
        for (float[] w : weights) {
            empty += w.length == 0 ? 1 : 0;
        }
        return empty;
    }

    /**
     * Hz to mel.
     *
     * @param hz frequency in Hz
     * @param scale {@link MelScale#HTK}: {@code 2595 log10(1 + hz / 700)}; {@link MelScale#SLANEY}:
     *     {@code hz / (200/3)} below 1000 Hz, {@code 15 + ln(hz / 1000) / (ln(6.4) / 27)} above
     * @return mels
     */
    public static double hzToMel(double hz, MelScale scale) {
        if (scale == MelScale.HTK) {
            return 2595.0 * Math.log10(1.0 + hz / 700.0);
        }
        if (hz >= SLANEY_MIN_LOG_HZ) {
            return SLANEY_MIN_LOG_MEL + Math.log(hz / SLANEY_MIN_LOG_HZ) / SLANEY_LOGSTEP;
        }
        return hz / SLANEY_F_SP;
    }

    /**
     * Mel to Hz, the inverse of {@link #hzToMel(double, MelScale)}.
     *
     * @param mel mels
     * @param scale the mel scale
     * @return frequency in Hz
     */
    public static double melToHz(double mel, MelScale scale) {
        if (scale == MelScale.HTK) {
            return 700.0 * (Math.pow(10.0, mel / 2595.0) - 1.0);
        }
        if (mel >= SLANEY_MIN_LOG_MEL) {
            return SLANEY_MIN_LOG_HZ * Math.exp(SLANEY_LOGSTEP * (mel - SLANEY_MIN_LOG_MEL));
        }
        return SLANEY_F_SP * mel;
    }

    /**
     * The number of FFT bins the filters read.
     *
     * @return {@code nFreqs}
     */
    public int bins() {
        return nFreqs;
    }

    /**
     * The number of filters.
     *
     * @return {@code nMels}
     */
    public int mels() {
        return nMels;
    }

    /**
     * The band edges in Hz: filter {@code m} starts at edge {@code m}, peaks at {@code m + 1} and
     * ends at {@code m + 2}.
     *
     * @return a new array of {@code mels() + 2} frequencies
     */
    public double[] edgesHz() {
        return edges.clone();
    }

    /**
     * One filter weight.
     *
     * @param mel the filter, {@code 0 <= mel < mels()}
     * @param bin the FFT bin, {@code 0 <= bin < bins()}
     * @return the weight, 0 outside the filter's triangle
     */
    public float weight(int mel, int bin) {
        Objects.checkIndex(mel, nMels);
        Objects.checkIndex(bin, nFreqs);
        int k = bin - first[mel];
        return k >= 0 && k < weights[mel].length ? weights[mel][k] : 0f;
    }

    /**
     * The weights as torchaudio returns them: {@code nFreqs x nMels}, row-major.
     *
     * @return a new array of {@code bins() * mels()} weights, {@code [bin * mels() + mel]}
     */
    public float[] toMatrix() {
        float[] out = new float[nFreqs * nMels];
        for (int m = 0; m < nMels; m++) {
            for (int k = 0; k < weights[m].length; k++) {
                out[(first[m] + k) * nMels + m] = weights[m][k];
            }
        }
        return out;
    }

    /**
     * Applies the filters to one spectrum: {@code out[outOffset + m * stride] = sum_k w[m][k]
     * spectrum[k]}, accumulated in {@code double}. Allocates nothing.
     *
     * <p>Each filter's non-zero run is summed with four independent {@code double} accumulators
     * (terms {@code k = 4i + r} into accumulator {@code r}, then {@code (s0 + s1) + (s2 + s3)}), so
     * the loop is not bound by the latency of one add chain; the order is fixed, so results are
     * deterministic and the same on every thread.
     *
     * @param spectrum {@link #bins()} values (power or magnitude)
     * @param out receives {@link #mels()} values
     * @param outOffset index of the first value in {@code out}
     * @param stride distance in {@code out} between consecutive mel bands ({@code 1} for a frame
     *     stored contiguously)
     */
    public void apply(float[] spectrum, float[] out, int outOffset, int stride) {
        for (int m = 0; m < nMels; m++) {
            out[outOffset + m * stride] = (float) dot(weights[m], spectrum, first[m]);
        }
    }

    private static double dot(float[] w, float[] x, int base) {
        int n = w.length;
        if (n == 0) {
            return 0;
        }
        java.util.Objects.checkFromIndexSize(base, n, x.length);
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = 0;
        for (; k + 3 < n; k += 4) {
            s0 += (double) w[k] * x[base + k];
            s1 += (double) w[k + 1] * x[base + k + 1];
            s2 += (double) w[k + 2] * x[base + k + 2];
            s3 += (double) w[k + 3] * x[base + k + 3];
        }
        for (; k < n; k++) {
            s0 += (double) w[k] * x[base + k];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
