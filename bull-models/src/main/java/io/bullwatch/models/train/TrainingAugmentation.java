package io.bullwatch.models.train;

import io.bullwatch.features.augment.AugmentContext;
import io.bullwatch.features.augment.MaskValue;
import io.bullwatch.features.augment.Masks;
import io.bullwatch.features.augment.SpectrogramAugmentation;
import io.bullwatch.features.augment.TrainingSample;
import io.bullwatch.features.mel.MelSpectrogram;
import io.bullwatch.features.pipeline.InputNormalisation;
import io.bullwatch.features.windows.WindowSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;

/**
 * On-the-fly augmentation of training windows, drawn from the trainer's seed, the epoch and the
 * draw's position, so runs stay reproducible. Validation and test windows are never augmented.
 *
 * <p><b>Recording mix</b> (for {@link InputNormalisation#LOG_PER_RECORDING} windows): with
 * probability {@code mixProbability} a window is superimposed on a window of <em>another
 * recording</em> (another site where there is one): per cell the maximum of the two standardised
 * log-mel values, re-standardised with the mean and standard deviation of the maximum of two
 * independent standard normal values ({@code 1/sqrt(pi)} and {@code sqrt(1 - 1/pi)}). In the log
 * domain the louder of two sounds dominates, and each window is already expressed against its own
 * recording's background, so the result is what the network would see if both sounds had happened
 * together at one site: a bull over another site's plops and insects, or two sites' distractors
 * together. The label is "either holds a bull", and the bull spans ({@link WindowSet#bullSpans})
 * are both windows'.
 *
 * <p><b>Weaker bulls in the mix</b>: with {@code mixAttenuation} {@code a > 0}, when a bull window
 * is mixed with a window without a bull, the bull window's values are first lowered by a draw
 * from {@code U(0, a)} (in standard deviations of its bands), so that the bull stands less far
 * above the other site's background: the low-SNR bulls of a loud new site (a torrent, a weir)
 * that a recording's own bulls rarely show.
 *
 * <p><b>Windows at other sites, in the power domain</b>: with probability {@code backgroundMix} a
 * window is mixed into a no-bull window of another site (else of another recording) by adding
 * their raw mel power, the window's scaled to a level drawn from {@code [backgroundLowDb,
 * backgroundHighDb]} dB against the level match, then normalised as the other site's own windows
 * ({@link WindowSet#mixInto}): a bull as it would sound over that site's water, at a chosen
 * signal-to-noise ratio, masking included. Windows without a bull are mixed the same way, so that
 * the two backgrounds of a mixed window say nothing of its label (mixing bulls alone taught the
 * network that a doubled background means a bull: cross-validation, docs/models.md). The label is
 * the window's own. Such a window is not also recording-mixed.
 *
 * <p><b>Frequency-wise MixStyle</b> (Freq-MixStyle, as in the device-generalisation systems of
 * DCASE's acoustic scene task; Zhou et al. 2021's MixStyle over frequency bands): with probability
 * {@code freqMixStyle} each band of a window is standardised over its own frames and given a mix of
 * its own and another site's window's mean and standard deviation over frames, {@code lambda} and
 * {@code 1 - lambda}, {@code lambda ~ Beta(a, a)} with {@code a = freqMixStyleAlpha}: the window's
 * spectral colour and per-band contrast move part of the way to another site's, its shape in time
 * (a splash's onset) stays. The label and bull spans are the window's own.
 *
 * <p><b>SpecAugment masks</b>: {@code timeMasks} spans of up to {@code timeMaskFrames} frames and
 * {@code frequencyMasks} spans of up to {@code frequencyMaskBands} mel bands set to 0 (the band's
 * recording mean after standardisation), from {@link Masks}.
 *
 * @param mixProbability chance that a window is mixed with another recording's, in [0, 1]
 * @param timeMasks time masks per window
 * @param timeMaskFrames widest time mask in frames
 * @param frequencyMasks frequency masks per window
 * @param frequencyMaskBands widest frequency mask in mel bands
 * @param mixAttenuation the most a bull window is lowered, in standard deviations, when mixed
 *     with a window without a bull; 0 for never
 * @param backgroundMix chance that a window is instead mixed into a no-bull window of another site
 *     in the power domain ({@link WindowSet#mixInto}); needs a set loaded with raw frames
 * @param backgroundLowDb the lowest level of such a bull, in dB against the level match
 * @param backgroundHighDb the highest
 * @param freqMixStyle chance that a window's band statistics are mixed with another site's window's,
 *     in [0, 1]
 * @param freqMixStyleAlpha the Beta distribution's parameter of that mix's weight, {@code > 0}
 *     (used only when {@code freqMixStyle > 0})
 */
public record TrainingAugmentation(double mixProbability, int timeMasks, int timeMaskFrames,
        int frequencyMasks, int frequencyMaskBands, double mixAttenuation, double backgroundMix,
        double backgroundLowDb, double backgroundHighDb, double freqMixStyle, double freqMixStyleAlpha) {

    /** Freq-MixStyle's Beta parameter when none is given (the DCASE systems' 0.3). */
    public static final double DEFAULT_FREQ_MIX_STYLE_ALPHA = 0.3;

    private static final double MAX_MEAN = 1 / Math.sqrt(Math.PI);
    private static final double MAX_SD = Math.sqrt(1 - 1 / Math.PI);

    /** Validates. */
    public TrainingAugmentation {
        if (!(mixProbability >= 0 && mixProbability <= 1)) {
            throw new IllegalArgumentException("the mix probability must be in [0, 1], got " + mixProbability);
        }
        if (timeMasks < 0 || timeMaskFrames < 0 || frequencyMasks < 0 || frequencyMaskBands < 0) {
            throw new IllegalArgumentException("mask counts and widths must be >= 0");
        }
        if (!(mixAttenuation >= 0) || !Double.isFinite(mixAttenuation)) {
            throw new IllegalArgumentException("the mix attenuation must be a finite number >= 0, got " + mixAttenuation);
        }
        if (!(backgroundMix >= 0 && backgroundMix <= 1)) {
            throw new IllegalArgumentException("the background mix probability must be in [0, 1], got " + backgroundMix);
        }
        if (!Double.isFinite(backgroundLowDb) || !Double.isFinite(backgroundHighDb) || backgroundLowDb > backgroundHighDb) {
            throw new IllegalArgumentException("the background mix levels must be finite, low <= high, got "
                    + backgroundLowDb + ":" + backgroundHighDb);
        }
        if (!(freqMixStyle >= 0 && freqMixStyle <= 1)) {
            throw new IllegalArgumentException("the Freq-MixStyle probability must be in [0, 1], got " + freqMixStyle);
        }
        if (!(freqMixStyleAlpha > 0) || !Double.isFinite(freqMixStyleAlpha)) {
            throw new IllegalArgumentException("the Freq-MixStyle alpha must be a finite number > 0, got "
                    + freqMixStyleAlpha);
        }
    }

    /**
     * An augmentation without Freq-MixStyle.
     *
     * @param mixProbability chance that a window is mixed with another recording's, in [0, 1]
     * @param timeMasks time masks per window
     * @param timeMaskFrames widest time mask in frames
     * @param frequencyMasks frequency masks per window
     * @param frequencyMaskBands widest frequency mask in mel bands
     * @param mixAttenuation the most a bull window is lowered when recording-mixed, in standard deviations
     * @param backgroundMix chance that a window is instead mixed into a no-bull window of another site
     * @param backgroundLowDb the lowest level of such a bull, in dB against the level match
     * @param backgroundHighDb the highest
     */
    public TrainingAugmentation(double mixProbability, int timeMasks, int timeMaskFrames, int frequencyMasks,
            int frequencyMaskBands, double mixAttenuation, double backgroundMix, double backgroundLowDb,
            double backgroundHighDb) {
        this(mixProbability, timeMasks, timeMaskFrames, frequencyMasks, frequencyMaskBands, mixAttenuation,
                backgroundMix, backgroundLowDb, backgroundHighDb, 0, DEFAULT_FREQ_MIX_STYLE_ALPHA);
    }

    /**
     * An augmentation without power-domain background mixing.
     *
     * @param mixProbability chance that a window is mixed with another recording's, in [0, 1]
     * @param timeMasks time masks per window
     * @param timeMaskFrames widest time mask in frames
     * @param frequencyMasks frequency masks per window
     * @param frequencyMaskBands widest frequency mask in mel bands
     * @param mixAttenuation the most a bull window is lowered when recording-mixed, in standard deviations
     */
    public TrainingAugmentation(double mixProbability, int timeMasks, int timeMaskFrames, int frequencyMasks,
            int frequencyMaskBands, double mixAttenuation) {
        this(mixProbability, timeMasks, timeMaskFrames, frequencyMasks, frequencyMaskBands, mixAttenuation, 0, 0, 0);
    }

    /**
     * An augmentation without attenuation of mixed bulls.
     *
     * @param mixProbability chance that a window is mixed with another recording's, in [0, 1]
     * @param timeMasks time masks per window
     * @param timeMaskFrames widest time mask in frames
     * @param frequencyMasks frequency masks per window
     * @param frequencyMaskBands widest frequency mask in mel bands
     */
    public TrainingAugmentation(double mixProbability, int timeMasks, int timeMaskFrames, int frequencyMasks,
            int frequencyMaskBands) {
        this(mixProbability, timeMasks, timeMaskFrames, frequencyMasks, frequencyMaskBands, 0, 0, 0, 0);
    }

    /** @return no augmentation */
    public static TrainingAugmentation none() {
        return new TrainingAugmentation(0, 0, 0, 0, 0);
    }

    /**
     * The augmentation {@code bull train} uses by default for per-recording log-mel input: half the
     * windows mixed with another recording's, two time masks of up to 5 % of the frames, two
     * frequency masks of up to 1/8 of the bands.
     *
     * @param mels mel bands per window
     * @param frames frames per window
     * @return the augmentation
     */
    public static TrainingAugmentation defaults(int mels, int frames) {
        return new TrainingAugmentation(0.5, 2, Math.max(1, frames / 20), 2, Math.max(1, mels / 8));
    }

    /** @return whether this changes nothing */
    public boolean isNone() {
        return mixProbability == 0 && backgroundMix == 0 && freqMixStyle == 0 && (timeMasks == 0 || timeMaskFrames == 0)
                && (frequencyMasks == 0 || frequencyMaskBands == 0);
    }

    /**
     * Augmented copies of some training windows.
     *
     * @param data the training windows ({@link InputNormalisation#LOG_PER_RECORDING} input when
     *     mixing: the mix assumes every band is standardised against its own recording)
     * @param indices the windows drawn, in order
     * @param seed the trainer's seed
     * @param epoch the epoch
     * @param firstDraw the position of {@code indices[0]} among the epoch's draws
     * @return a set of {@code indices.length} windows, with "either holds a bull" labels where mixed
     */
    public WindowSet apply(WindowSet data, int[] indices, long seed, int epoch, long firstDraw) {
        SpectrogramAugmentation masks = SpectrogramAugmentation.pipeline(
                Masks.time(timeMasks, timeMaskFrames, MaskValue.ZERO),
                Masks.frequency(frequencyMasks, frequencyMaskBands, MaskValue.ZERO));
        int mels = data.mels();
        int channels = data.channels();
        int frames = data.frames();
        List<float[]> out = new ArrayList<>(indices.length);
        boolean[] bulls = new boolean[indices.length];
        List<float[]> spans = new ArrayList<>(indices.length);
        List<String> recordings = new ArrayList<>(indices.length);
        List<String> sites = new ArrayList<>(indices.length);
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            AugmentContext ctx = AugmentContext.of(seed, epoch, firstDraw + k);
            SplittableRandom r = ctx.derive(0x4D49).random();
            float[] x = data.features(i);
            boolean bull = data.isBull(i);
            float[] span = data.bullSpans(i).orElse(null);
            boolean moved = false;
            if (backgroundMix > 0 && r.nextDouble() < backgroundMix) {
                if (!data.mixable()) {
                    throw new IllegalStateException("background mixing needs training windows loaded with their raw"
                            + " frames (WindowSet.load with keepRaw)");
                }
                int j = background(data, i, r);
                if (j >= 0) {
                    x = data.mixInto(i, j, backgroundLowDb + (backgroundHighDb - backgroundLowDb) * r.nextDouble());
                    moved = true;
                }
            }
            if (!moved && mixProbability > 0 && r.nextDouble() < mixProbability) {
                int j = partner(data, i, r);
                if (j >= 0) {
                    float[] y = data.features(j);
                    double ax = 0;
                    double ay = 0;
                    if (mixAttenuation > 0 && bull != data.isBull(j)) {
                        double a = r.nextDouble() * mixAttenuation;
                        ax = bull ? a : 0;
                        ay = bull ? 0 : a;
                    }
                    float[] mixed = new float[x.length];
                    for (int c = 0; c < mixed.length; c++) {
                        mixed[c] = (float) ((Math.max(x[c] - ax, y[c] - ay) - MAX_MEAN) / MAX_SD);
                    }
                    x = mixed;
                    bull |= data.isBull(j);
                    span = union(span, data.bullSpans(j).orElse(null));
                }
            }
            if (freqMixStyle > 0) {
                // its own stream, so that the other augmentations draw the same with it as without it
                SplittableRandom f = ctx.derive(0x464D).random();
                if (f.nextDouble() < freqMixStyle) {
                    int j = partner(data, i, f);
                    if (j >= 0) {
                        x = frequencyMixStyle(x, data.features(j), beta(f, freqMixStyleAlpha), channels,
                                mels / channels, frames);
                    }
                }
            }
            out.add(mask(masks, x, channels, mels / channels, frames, bull, ctx.derive(0x4D41)));
            bulls[k] = bull;
            spans.add(span);
            recordings.add(data.recording(i));
            sites.add(data.site(i));
        }
        return new WindowSet(channels, mels, frames, out, bulls, spans, recordings, sites);
    }

    /**
     * The masks on one window, the same bands and frames in every channel (each channel's {@code
     * bands x frames} masked with the same context, so with the same draws).
     */
    private static float[] mask(SpectrogramAugmentation masks, float[] x, int channels, int bands, int frames,
            boolean bull, AugmentContext ctx) {
        if (channels == 1) {
            return masks.apply(new TrainingSample(new MelSpectrogram(bands, frames, x), bull), ctx).mel().values();
        }
        int size = bands * frames;
        float[] out = new float[x.length];
        for (int c = 0; c < channels; c++) {
            float[] one = Arrays.copyOfRange(x, c * size, (c + 1) * size);
            float[] masked = masks.apply(new TrainingSample(new MelSpectrogram(bands, frames, one), bull), ctx)
                    .mel().values();
            System.arraycopy(masked, 0, out, c * size, size);
        }
        return out;
    }

    /**
     * Freq-MixStyle on one window: each band of each channel standardised over its frames, then
     * given the mean {@code lambda mu_x + (1 - lambda) mu_y} and standard deviation {@code lambda
     * sigma_x + (1 - lambda) sigma_y} of the two windows' same band.
     *
     * @param x the window
     * @param y the window whose band statistics are mixed in
     * @param lambda the window's own statistics' weight, in [0, 1]
     * @param channels channels
     * @param bands bands per channel
     * @param frames frames
     * @return the new window
     */
    static float[] frequencyMixStyle(float[] x, float[] y, double lambda, int channels, int bands, int frames) {
        float[] out = new float[x.length];
        for (int cb = 0; cb < channels * bands; cb++) {
            int from = cb * frames;
            double[] sx = meanAndSd(x, from, frames);
            double[] sy = meanAndSd(y, from, frames);
            double mean = lambda * sx[0] + (1 - lambda) * sy[0];
            double sd = lambda * sx[1] + (1 - lambda) * sy[1];
            for (int t = from; t < from + frames; t++) {
                out[t] = (float) ((x[t] - sx[0]) / sx[1] * sd + mean);
            }
        }
        return out;
    }

    /** Mean and {@code sqrt(variance + 1e-6)} of {@code n} values from {@code from}. */
    private static double[] meanAndSd(float[] v, int from, int n) {
        double sum = 0;
        for (int t = from; t < from + n; t++) {
            sum += v[t];
        }
        double mean = sum / n;
        double ss = 0;
        for (int t = from; t < from + n; t++) {
            ss += (v[t] - mean) * (v[t] - mean);
        }
        return new double[] {mean, Math.sqrt(ss / n + 1e-6)};
    }

    /** A draw from {@code Beta(a, a)}: {@code X / (X + Y)} with {@code X, Y ~ Gamma(a)}. */
    static double beta(SplittableRandom r, double a) {
        double x = gamma(r, a);
        double y = gamma(r, a);
        return x + y > 0 ? x / (x + y) : 0.5;
    }

    /**
     * A draw from {@code Gamma(a, 1)}: Marsaglia and Tsang's method (2000), for {@code a < 1} with
     * their boost {@code Gamma(a + 1) U^(1/a)}.
     */
    private static double gamma(SplittableRandom r, double a) {
        if (a < 1) {
            return gamma(r, a + 1) * Math.pow(r.nextDouble(), 1 / a);
        }
        double d = a - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double z = r.nextGaussian();
            double v = 1 + c * z;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = r.nextDouble();
            if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    /** Both windows' bull spans; unknown (null) when either is. */
    private static float[] union(float[] a, float[] b) {
        if (a == null || b == null) {
            return null;
        }
        float[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** A no-bull window of another site, else of another recording; -1 if none was found. */
    private static int background(WindowSet data, int i, SplittableRandom r) {
        return other(data, i, r, 32, j -> !data.isBull(j));
    }

    /** A window of another site, else of another recording, else any other window; -1 if none. */
    private static int partner(WindowSet data, int i, SplittableRandom r) {
        int n = data.size();
        if (n < 2) {
            return -1;
        }
        int other = other(data, i, r, 16, j -> true);
        if (other >= 0) {
            return other;
        }
        int j = r.nextInt(n - 1);
        return j >= i ? j + 1 : j;
    }

    /**
     * Parses the command line's form: {@code none}, {@code default} ({@link #defaults}), or
     * comma-separated parts {@code mix=P}, {@code time=NxW}, {@code freq=NxW}, {@code atten=A},
     * {@code bg=P}, {@code bgdb=LOW:HIGH}, {@code fms=P} and {@code fmsa=ALPHA} (absent parts are 0;
     * {@code bgdb} is -10:5 with {@code bg} unless given, {@code fmsa} 0.3), e.g. {@code
     * mix=0.5,time=2x16,freq=2x8,bg=0.5,bgdb=-10:5} or {@code mix=0.5,time=2x16,freq=2x8,fms=0.4}.
     *
     * @param text the text
     * @param mels mel bands per window (for {@code default})
     * @param frames frames per window (for {@code default})
     * @return the augmentation
     * @throws IllegalArgumentException if the text is malformed, saying what was expected
     */
    public static TrainingAugmentation parse(String text, int mels, int frames) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("none")) {
            return none();
        }
        if (t.equals("default")) {
            return defaults(mels, frames);
        }
        double mix = 0;
        double atten = 0;
        double bg = 0;
        double fms = 0;
        double fmsa = DEFAULT_FREQ_MIX_STYLE_ALPHA;
        double[] bgdb = null;
        int[] time = {0, 0};
        int[] freq = {0, 0};
        for (String part : t.split(",")) {
            String[] kv = part.trim().split("=", 2);
            try {
                switch (kv.length == 2 ? kv[0].trim() : "") {
                    case "mix" -> mix = Double.parseDouble(kv[1].trim());
                    case "atten" -> atten = Double.parseDouble(kv[1].trim());
                    case "bg" -> bg = Double.parseDouble(kv[1].trim());
                    case "bgdb" -> bgdb = range(kv[1]);
                    case "fms" -> fms = Double.parseDouble(kv[1].trim());
                    case "fmsa" -> fmsa = Double.parseDouble(kv[1].trim());
                    case "time" -> time = countAndWidth(kv[1]);
                    case "freq" -> freq = countAndWidth(kv[1]);
                    default -> throw new IllegalArgumentException("unknown part");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("augmentation '" + text + "': cannot read '" + part.trim()
                        + "'; expected none, default, or parts like mix=0.5,time=2x16,freq=2x8,atten=3,bg=0.5,bgdb=-10:5,fms=0.4,fmsa=0.3");
            }
        }
        if (bgdb == null) {
            bgdb = bg > 0 ? new double[] {-10, 5} : new double[] {0, 0};
        }
        return new TrainingAugmentation(mix, time[0], time[1], freq[0], freq[1], atten, bg, bgdb[0], bgdb[1], fms,
                fmsa);
    }

    private static double[] range(String v) {
        String[] lh = v.trim().split(":", 2);
        if (lh.length != 2) {
            throw new IllegalArgumentException("expected LOW:HIGH");
        }
        return new double[] {Double.parseDouble(lh[0].trim()), Double.parseDouble(lh[1].trim())};
    }

    /**
     * A random window that passes {@code wanted}, of another site than window {@code i}, else of
     * another recording; -1 when {@code attempts} draws of each kind found none.
     */
    private static int other(WindowSet data, int i, SplittableRandom r, int attempts, IntPredicate wanted) {
        int n = data.size();
        for (int attempt = 0; attempt < attempts; attempt++) {
            int j = r.nextInt(n);
            if (wanted.test(j) && !data.site(j).equals(data.site(i))) {
                return j;
            }
        }
        for (int attempt = 0; attempt < attempts; attempt++) {
            int j = r.nextInt(n);
            if (wanted.test(j) && !data.recording(j).equals(data.recording(i))) {
                return j;
            }
        }
        return -1;
    }

    private static int[] countAndWidth(String v) {
        String[] nw = v.trim().split("x", 2);
        if (nw.length != 2) {
            throw new IllegalArgumentException("expected NxW");
        }
        return new int[] {Integer.parseInt(nw[0].trim()), Integer.parseInt(nw[1].trim())};
    }

    /**
     * The record's form as it was before Freq-MixStyle, with its two parts added only when it is on:
     * the text goes into the trainer's configuration, so into the keys of {@code bull crossval}'s
     * folds, and folds trained before it came must stay reusable.
     *
     * @return for example {@code TrainingAugmentation[mixProbability=0.5, timeMasks=2, ...]}
     */
    @Override
    public String toString() {
        return "TrainingAugmentation[mixProbability=" + mixProbability + ", timeMasks=" + timeMasks
                + ", timeMaskFrames=" + timeMaskFrames + ", frequencyMasks=" + frequencyMasks + ", frequencyMaskBands="
                + frequencyMaskBands + ", mixAttenuation=" + mixAttenuation + ", backgroundMix=" + backgroundMix
                + ", backgroundLowDb=" + backgroundLowDb + ", backgroundHighDb=" + backgroundHighDb
                + (freqMixStyle > 0 ? ", freqMixStyle=" + freqMixStyle + ", freqMixStyleAlpha=" + freqMixStyleAlpha : "")
                + "]";
    }

    /** @return a short description for logs and bundles */
    public String describe() {
        return isNone() ? "none" : String.format(Locale.ROOT,
                "recording mix p=%.2f, %d time masks <= %d frames, %d frequency masks <= %d bands",
                mixProbability, timeMasks, timeMaskFrames, frequencyMasks, frequencyMaskBands)
                + (mixAttenuation > 0 ? String.format(Locale.ROOT, ", mixed bulls lowered by up to %.2f sd",
                        mixAttenuation) : "")
                + (backgroundMix > 0 ? String.format(Locale.ROOT, ", windows into other sites' backgrounds p=%.2f at"
                        + " %.1f to %.1f dB (power domain)", backgroundMix, backgroundLowDb, backgroundHighDb) : "")
                + (freqMixStyle > 0 ? String.format(Locale.ROOT, ", Freq-MixStyle p=%.2f alpha=%.2f", freqMixStyle,
                        freqMixStyleAlpha) : "");
    }
}
