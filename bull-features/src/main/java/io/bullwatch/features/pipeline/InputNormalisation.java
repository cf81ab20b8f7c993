package io.bullwatch.features.pipeline;

import io.bullwatch.features.mel.MelConfig;
import io.bullwatch.features.mel.Pcen;
import io.bullwatch.features.mel.RecordingFrames;
import java.util.Locale;

/**
 * How mel power values are turned into network inputs, before the network's own input adapter.
 */
public enum InputNormalisation {

    /** The mel power as computed (the seed's input; the network's BatchNorm adapter scales it). */
    LINEAR,

    /** {@code ln(x + 1e-10)}, no standardisation (a network adapter does the rest). */
    LOG,

    /**
     * {@code ln(x + 1e-10)}, then per recording and per mel band: minus the band's mean over all
     * windows of the recording, divided by the band's standard deviation. Removes the site's level
     * and microphone colouring, so a model sees what stands out from its own recording's
     * background; needs every window of a recording (or a first pass over it) before scoring.
     */
    LOG_PER_RECORDING,

    /**
     * Per-channel energy normalisation ({@link Pcen}) over the recording's frames in
     * order, no standardisation: each band measured against its own recent level, so a steady
     * background flattens and transients stand out. A window's values depend on the frames before
     * it, so the whole recording is read first, in order (never a window on its own).
     */
    PCEN,

    /**
     * {@link #PCEN}, then per recording and per band standardised as {@link #LOG_PER_RECORDING}
     * standardises the log: the standardised input the recording mix of training expects.
     */
    PCEN_PER_RECORDING;

    /** The added floor inside the logarithm. */
    public static final float LOG_EPSILON = 1e-10f;

    /**
     * The lower-case name used on the command line and in bundles.
     *
     * @return for example {@code log-per-recording}
     */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Parses a {@link #cliName()} (or the constant's name).
     *
     * @param text the name
     * @return the normalisation
     * @throws IllegalArgumentException if unknown, with the allowed names
     */
    public static InputNormalisation parse(String text) {
        for (InputNormalisation n : values()) {
            if (n.cliName().equalsIgnoreCase(text) || n.name().equalsIgnoreCase(text)) {
                return n;
            }
        }
        throw new IllegalArgumentException("unknown normalisation '" + text
                + "'; allowed: linear, log, log-per-recording, pcen, pcen-per-recording");
    }

    /**
     * Whether every band is standardised against statistics of the whole recording ({@link
     * #LOG_PER_RECORDING}, {@link #PCEN_PER_RECORDING}).
     *
     * @return whether a recording's statistics are needed
     */
    public boolean perRecording() {
        return this == LOG_PER_RECORDING || this == PCEN_PER_RECORDING;
    }

    /** @return whether this is one of the PCEN front ends */
    public boolean pcen() {
        return this == PCEN || this == PCEN_PER_RECORDING;
    }

    /**
     * Whether one window's input can be computed from its own frames alone ({@link #LINEAR},
     * {@link #LOG}); the others need the whole recording first.
     *
     * @return whether windows can be normalised one at a time
     */
    public boolean windowLocal() {
        return this == LINEAR || this == LOG;
    }

    /**
     * The transform applied to a recording's frames as they are computed, in order, before they
     * are kept: {@code ln(x + eps)} for the log inputs, a new {@link Pcen.Stream} for the PCEN
     * inputs of one parameter set (one per recording: it keeps state), a {@link Pcen.Channels}
     * that stores {@code channels x mels} values per frame for several sets, none for {@link
     * #LINEAR}.
     *
     * @param mel the features (PCEN needs linear mel power)
     * @param pcen the PCEN parameter sets, at least one (used by the PCEN inputs only)
     * @return the transform, or null for none
     * @throws IllegalArgumentException if PCEN is asked of features that are not linear power
     */
    public RecordingFrames.ValueTransform frameTransform(MelConfig mel, java.util.List<Pcen> pcen) {
        return switch (this) {
            case LINEAR -> null;
            case LOG, LOG_PER_RECORDING -> this::toLog;
            case PCEN, PCEN_PER_RECORDING -> {
                checkFeatures(mel);
                double rate = (double) mel.sampleRate() / mel.hop();
                yield pcen.size() == 1 ? pcen.get(0).stream(mel.nMels(), rate)
                        : Pcen.channels(pcen, mel.nMels(), rate);
            }
        };
    }

    /**
     * Checks that the features suit this normalisation: PCEN needs linear mel power.
     *
     * @param mel the features
     * @throws IllegalArgumentException if they do not suit it, saying what is needed
     */
    public void checkFeatures(MelConfig mel) {
        if (pcen() && (mel.scale() != MelConfig.OutputScale.LINEAR || mel.power() != 2)) {
            throw new IllegalArgumentException(cliName() + " needs linear mel power (scale linear,"
                    + " power 2), got scale " + mel.scale() + ", power " + mel.power());
        }
    }

    /**
     * Normalises the windows of one recording in place.
     *
     * @param windows every window of one recording, {@code mels x frames} each, torchaudio's layout
     * @param mels the number of mel bands
     */
    public void apply(java.util.List<float[]> windows, int mels) {
        if (pcen()) {
            throw new UnsupportedOperationException(cliName() + " runs over a recording's frames in order,"
                    + " not over windows: use FeaturePipeline.prepare");
        }
        if (this == LINEAR || windows.isEmpty()) {
            return;
        }
        for (float[] w : windows) {
            toLog(w);
        }
        if (this == LOG) {
            return;
        }
        BandAccumulator acc = new BandAccumulator(mels);
        for (float[] w : windows) {
            acc.add(w);
        }
        BandScaling scaling = acc.finish();
        for (float[] w : windows) {
            scaling.apply(w);
        }
    }

    /**
     * The first step of {@link #LOG} and {@link #LOG_PER_RECORDING}, in place: {@code ln(x +}
     * {@link #LOG_EPSILON}{@code )}. Does nothing for {@link #LINEAR} and the PCEN inputs (whose
     * frames are transformed as they are computed: {@link #frameTransform}).
     *
     * @param window one window's values
     */
    public void toLog(float[] window) {
        toLog(window, 0, window.length);
    }

    /**
     * {@link #toLog(float[])} of {@code values[from .. to)}, each value on its own (so it may be
     * applied to frames once instead of to every window holding them, with the same result).
     *
     * @param values the values
     * @param from first index
     * @param to end index (exclusive)
     */
    public void toLog(float[] values, int from, int to) {
        if (this == LINEAR || pcen()) {
            return;
        }
        for (int i = from; i < to; i++) {
            values[i] = (float) Math.log(values[i] + LOG_EPSILON);
        }
    }

    /**
     * Accumulates the per-band statistics of {@link #LOG_PER_RECORDING} window by window, so a
     * streaming detector can compute them in a first pass without holding the windows: every
     * window counts, so a frame shared by overlapping windows counts once per window, exactly as
     * {@link #apply} counts it. Not thread-safe.
     */
    public static final class BandAccumulator {
        private final int mels;
        private final double[] sum;
        private final double[] sq;
        private long n;

        /**
         * @param mels the number of mel bands, {@code >= 1}
         */
        public BandAccumulator(int mels) {
            if (mels < 1) {
                throw new IllegalArgumentException("mels must be >= 1, got " + mels);
            }
            this.mels = mels;
            this.sum = new double[mels];
            this.sq = new double[mels];
        }

        /**
         * Adds one window, already through {@link #toLog}.
         *
         * @param w {@code mels x frames} values, torchaudio's layout
         * @throws IllegalArgumentException if the length is not a multiple of the mel count
         */
        public void add(float[] w) {
            if (w.length % mels != 0) {
                throw new IllegalArgumentException("a window of " + w.length + " values is not "
                        + mels + " mel bands of whole frames");
            }
            int frames = w.length / mels;
            for (int m = 0; m < mels; m++) {
                double s = 0;
                double q = 0;
                for (int f = 0; f < frames; f++) {
                    double v = w[m * frames + f];
                    s += v;
                    q += v * v;
                }
                sum[m] += s;
                sq[m] += q;
            }
            n += frames;
        }

        /** @return the number of windows' frames added so far (a frame counts once per window) */
        public long count() {
            return n;
        }

        /**
         * The band means and inverse standard deviations of everything added.
         *
         * @return the scaling
         * @throws IllegalStateException if nothing was added
         */
        public BandScaling finish() {
            if (n == 0) {
                throw new IllegalStateException("no windows were added");
            }
            float[] mean = new float[mels];
            float[] inv = new float[mels];
            for (int m = 0; m < mels; m++) {
                double mu = sum[m] / n;
                double var = Math.max(0, sq[m] / n - mu * mu);
                mean[m] = (float) mu;
                inv[m] = (float) (1 / Math.sqrt(var + 1e-6));
            }
            return new BandScaling(mean, inv);
        }
    }

    /**
     * Per-band standardisation of {@link #LOG_PER_RECORDING}: {@code (x - mean[m]) * inverseStd[m]}.
     * Immutable, so safe to share between threads.
     */
    public static final class BandScaling {
        private final float[] mean;
        private final float[] inv;

        private BandScaling(float[] mean, float[] inv) {
            this.mean = mean;
            this.inv = inv;
        }

        /** @return a copy of the band means (of the log values) */
        public float[] mean() {
            return mean.clone();
        }

        /** @return a copy of the inverse standard deviations, {@code 1 / sqrt(var + 1e-6)} */
        public float[] inverseStd() {
            return inv.clone();
        }

        /**
         * Standardises one window (already through {@link #toLog}) in place.
         *
         * @param w {@code mels x frames} values, torchaudio's layout
         */
        public void apply(float[] w) {
            apply(w, 0, w.length);
        }

        /**
         * Standardises one window stored at {@code w[offset .. offset + length)} in place.
         *
         * @param w the array holding the window ({@code mels x frames} values, torchaudio's layout)
         * @param offset the window's first value
         * @param length the window's values, a multiple of the mel count
         * @throws IllegalArgumentException if the length is not a multiple of the mel count
         */
        public void apply(float[] w, int offset, int length) {
            int mels = mean.length;
            if (length % mels != 0) {
                throw new IllegalArgumentException("a window of " + length + " values is not "
                        + mels + " mel bands of whole frames");
            }
            java.util.Objects.checkFromIndexSize(offset, length, w.length);
            int frames = length / mels;
            for (int m = 0; m < mels; m++) {
                for (int f = 0, o = offset + m * frames; f < frames; f++, o++) {
                    w[o] = (w[o] - mean[m]) * inv[m];
                }
            }
        }
    }
}
