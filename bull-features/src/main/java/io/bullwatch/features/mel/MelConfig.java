package io.bullwatch.features.mel;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that defines a mel spectrogram, with torchaudio's meaning for every field: the
 * single source of truth for features, saved inside every model bundle and validated on load.
 *
 * <p>The extraction is {@code torchaudio.transforms.MelSpectrogram} (then {@code AmplitudeToDB}
 * for {@link OutputScale#DB}): frames of {@code nFft} samples every {@code hop} samples, each
 * multiplied by a periodic window of {@code winLength} points centred in the frame (zeros
 * around it when {@code winLength < nFft}, as {@code torch.stft} does), with the signal padded
 * by {@code nFft / 2} samples at both ends when {@code center} is set; the one-sided spectrum's
 * magnitude raised to {@code power}; a triangular mel filter bank of {@code nMels} bands between
 * {@code fMin} and {@code fMax}; then the output scale.
 *
 * <p>Build one with {@link #seed()} (the seed project's features), {@link #builder()} or {@link
 * #toBuilder()}. The text form ({@link #toJson()}, {@link #fromJson(String)}, {@link #toMap()},
 * {@link #fromMap(Map)}) is locale-independent, lists every field, and round-trips exactly.
 *
 * @param sampleRate the audio sample rate in Hz, {@code > 0}; audio at another rate is refused
 * @param nFft the FFT length in samples: a power of two from 16 to 65536
 * @param winLength the analysis window length, {@code 1 <= winLength <= nFft}
 * @param hop samples between frame starts, {@code >= 1}
 * @param window the analysis window shape (periodic, as PyTorch's defaults)
 * @param center whether the signal is padded by {@code nFft / 2} at both ends so that frame
 *     {@code t} is centred on sample {@code t * hop}
 * @param padMode how that padding is filled (only used when {@code center})
 * @param nMels the number of mel bands, {@code >= 1}
 * @param fMin the lowest filter edge in Hz, {@code 0 <= fMin < fMax}
 * @param fMax the highest filter edge in Hz, {@code fMax <= sampleRate / 2}
 * @param power 2 for a power spectrogram, 1 for a magnitude (amplitude) spectrogram
 * @param melScale the Hz-to-mel formula
 * @param norm the filter normalisation
 * @param scale the output scale applied to the mel values
 * @param topDb for {@link OutputScale#DB}: values below the spectrogram's maximum minus this
 *     many dB are raised to it; {@link Double#POSITIVE_INFINITY} for no limit (torchaudio's
 *     {@code top_db=None}); otherwise {@code > 0}
 * @param epsilon {@link OutputScale#DB}: the floor {@code amin} in {@code 10 log10(max(x, amin))};
 *     {@link OutputScale#LOG}: the offset in {@code ln(x + epsilon)}; {@code > 0}
 */
public record MelConfig(
        int sampleRate,
        int nFft,
        int winLength,
        int hop,
        WindowType window,
        boolean center,
        PadMode padMode,
        int nMels,
        double fMin,
        double fMax,
        int power,
        MelScale melScale,
        FilterNorm norm,
        OutputScale scale,
        double topDb,
        double epsilon) {

    /** The version of the text form written by {@link #toMap()}. */
    public static final int FORMAT_VERSION = 1;

    /** Default {@code epsilon}: torchaudio's {@code AmplitudeToDB} {@code amin}. */
    public static final double DEFAULT_EPSILON = 1e-10;

    /** The analysis window, periodic as {@code torch.hann_window} and {@code torch.hamming_window}. */
    public enum WindowType {
        /** Periodic Hann, {@code 0.5 - 0.5 cos(2 pi n / N)}: torchaudio's default. */
        HANN,
        /** Periodic Hamming, {@code 0.54 - 0.46 cos(2 pi n / N)}. */
        HAMMING
    }

    /** How centre padding is filled. */
    public enum PadMode {
        /** Mirror without repeating the edge sample ({@code x[-1] = x[1]}): torchaudio's default. */
        REFLECT,
        /** Zeros. */
        CONSTANT
    }

    /** The Hz-to-mel formula, as torchaudio's {@code mel_scale}. */
    public enum MelScale {
        /** {@code 2595 log10(1 + f / 700)}: torchaudio's default. */
        HTK,
        /** Slaney's Auditory Toolbox: linear below 1 kHz, logarithmic above (librosa's default). */
        SLANEY
    }

    /** The filter normalisation, as torchaudio's {@code norm}. */
    public enum FilterNorm {
        /** Triangles of peak 1: torchaudio's default. */
        NONE,
        /** Each triangle divided by half its width in Hz (equal area). */
        SLANEY
    }

    /** What is done to the mel values. */
    public enum OutputScale {
        /** The mel values as they are: power when {@code power = 2}, amplitude when 1 (the seed's). */
        LINEAR,
        /**
         * Decibels as torchaudio's {@code AmplitudeToDB} with {@code ref = 1}: {@code 10
         * log10(max(x, epsilon))} for power, {@code 20 log10(max(x, epsilon))} for amplitude,
         * then the {@code topDb} floor below each spectrogram's maximum.
         */
        DB,
        /** The natural logarithm {@code ln(x + epsilon)}. */
        LOG
    }

    /** Validates every field; see the component descriptions for what is allowed. */
    public MelConfig {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(padMode, "padMode");
        Objects.requireNonNull(melScale, "melScale");
        Objects.requireNonNull(norm, "norm");
        Objects.requireNonNull(scale, "scale");
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sampleRate must be > 0 Hz, got " + sampleRate);
        }
        if (nFft < 16 || nFft > 65536 || Integer.bitCount(nFft) != 1) {
            throw new IllegalArgumentException("nFft must be a power of two from 16 to 65536"
                    + " (for example 1024, 2048 or 4096), got " + nFft);
        }
        if (winLength < 1 || winLength > nFft) {
            throw new IllegalArgumentException(
                    "winLength must be from 1 to nFft (" + nFft + "), got " + winLength);
        }
        if (hop < 1) {
            throw new IllegalArgumentException("hop must be >= 1 sample, got " + hop);
        }
        if (nMels < 1) {
            throw new IllegalArgumentException("nMels must be >= 1, got " + nMels);
        }
        double nyquist = sampleRate / 2.0;
        if (!(fMin >= 0) || !Double.isFinite(fMin)) {
            throw new IllegalArgumentException("fMin must be a finite frequency >= 0 Hz, got " + fMin);
        }
        if (fMin >= nyquist) {
            throw new IllegalArgumentException("fMin (--f-min) " + fMin + " Hz is at or above the Nyquist frequency of "
                    + sampleRate + " Hz audio (" + nyquist + " Hz): no band is left");
        }
        if (!(fMax > fMin) || !(fMax <= nyquist)) {
            throw new IllegalArgumentException("fMax must be above fMin (" + fMin
                    + " Hz) and at most the Nyquist frequency (" + nyquist + " Hz), got " + fMax);
        }
        if (power != 1 && power != 2) {
            throw new IllegalArgumentException(
                    "power must be 1 (magnitude) or 2 (power), got " + power);
        }
        if (!(topDb > 0)) {
            throw new IllegalArgumentException("topDb must be > 0 dB, or infinite for no limit, got "
                    + topDb);
        }
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be finite and > 0, got " + epsilon);
        }
    }

    /**
     * The seed project's features: 44.1 kHz, {@code nFft} 4096 (periodic Hann window of 4096),
     * hop 1024, centre reflect padding, 128 HTK mel bands from 0 to 22050 Hz without
     * normalisation, power 2, linear output. This is {@code torchaudio.transforms.MelSpectrogram(
     * 44100, n_fft=4096, hop_length=1024, n_mels=128, f_max=22050)}.
     *
     * @return the seed configuration
     */
    public static MelConfig seed() {
        return new MelConfig(44100, 4096, 4096, 1024, WindowType.HANN, true, PadMode.REFLECT, 128,
                0.0, 22050.0, 2, MelScale.HTK, FilterNorm.NONE, OutputScale.LINEAR,
                Double.POSITIVE_INFINITY, DEFAULT_EPSILON);
    }

    /**
     * The training hop's length when none is given: 1024 samples at 22.05 kHz, 46.4 ms. Measured
     * leave-one-site-out on the real-sound benchmark (docs/models.md, "a hop of 46 ms"): against
     * twice it, the ranking at the new site rises at 10 of 12 folds in two seeds, most at the loud
     * sites (a short splash under breaking water keeps its own frames instead of sharing them with
     * the water).
     */
    public static final double TRAINING_HOP_SECONDS = 1024.0 / 22050;

    /**
     * The training hop in samples at a sample rate: {@link #TRAINING_HOP_SECONDS} rounded to whole
     * samples (1024 at 22.05 kHz, 2048 at 44.1 kHz, 2229 at 48 kHz, 743 at 16 kHz), never more than
     * the FFT length.
     *
     * @param sampleRate Hz, {@code > 0}
     * @param nFft the FFT length in samples, {@code > 0}
     * @return the hop, from 1 to {@code nFft}
     * @throws IllegalArgumentException if the rate or the FFT length is not positive
     */
    public static int trainingHop(int sampleRate, int nFft) {
        if (sampleRate <= 0 || nFft <= 0) {
            throw new IllegalArgumentException("sample rate and FFT length must be > 0, got " + sampleRate + " and "
                    + nFft);
        }
        return (int) Math.max(1, Math.min(nFft, Math.round(sampleRate * TRAINING_HOP_SECONDS)));
    }

    /**
     * The seed's features with a training's own resolution: what {@code bull train} (and every
     * tool that must find its feature cache entries, such as bull-spark's feature cache job)
     * computes from {@code --mels}, {@code --n-fft} (also the window length), {@code --hop},
     * {@code --f-min} and {@code --f-max} at a corpus's sample rate.
     *
     * @param sampleRate the corpus's sample rate in Hz
     * @param mels mel bands
     * @param nFft FFT and window length in samples
     * @param hop hop in samples
     * @param fMin lowest filter edge in Hz
     * @param fMax highest filter edge in Hz, 0 for half the sample rate
     * @return the configuration
     * @throws IllegalArgumentException if a value is out of range
     */
    public static MelConfig training(int sampleRate, int mels, int nFft, int hop, double fMin, double fMax) {
        return seed().toBuilder().optSampleRate(sampleRate).optNMels(mels).optNFft(nFft).optWinLength(nFft)
                .optHop(hop).optFMin(fMin).optFMax(fMax).build();
    }

    /**
     * A builder starting from {@link #seed()}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder(seed()).optWinLength(0).optFMax(0);
    }

    /**
     * A builder starting from this configuration's values. A window length equal to the FFT
     * length and a top filter edge at the Nyquist frequency ({@code sampleRate / 2} rounded down)
     * count as the defaults they are: they follow {@link Builder#optNFft} and {@link
     * Builder#optSampleRate} unless set again ({@code seed().toBuilder().optSampleRate(16000)}
     * has {@code fMax} 8000). Other values are kept as they are.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * The number of one-sided frequency bins.
     *
     * @return {@code nFft / 2 + 1}
     */
    public int bins() {
        return nFft / 2 + 1;
    }

    /**
     * Samples of padding added before the first sample (and after the last) of a signal.
     *
     * @return {@code nFft / 2} when {@link #center()}, else 0
     */
    public int padding() {
        return center ? nFft / 2 : 0;
    }

    /**
     * Frames of a signal of {@code samples} samples, as {@code torch.stft} counts them.
     *
     * @param samples the signal length, {@code >= 0}
     * @return {@code 1 + samples / hop} when centred; {@code 1 + (samples - nFft) / hop} when not
     *     (0 if the signal is shorter than {@code nFft})
     * @throws IllegalArgumentException if {@code samples < 0}
     */
    public long frames(long samples) {
        if (samples < 0) {
            throw new IllegalArgumentException("samples must be >= 0, got " + samples);
        }
        long padded = samples + 2L * padding();
        return padded < nFft ? 0 : 1 + (padded - nFft) / hop;
    }

    /**
     * The frame rate.
     *
     * @return frames per second, {@code sampleRate / hop}
     */
    public double framesPerSecond() {
        return (double) sampleRate / hop;
    }

    /**
     * The fields as text, in a fixed order, with locale-independent numbers (Java's shortest
     * round-tripping form) and lower-case enum names; {@code topDb} is {@code none} when
     * infinite. Includes {@code version}.
     *
     * @return a new ordered map from field name to value
     */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("version", Integer.toString(FORMAT_VERSION));
        m.put("sampleRate", Integer.toString(sampleRate));
        m.put("nFft", Integer.toString(nFft));
        m.put("winLength", Integer.toString(winLength));
        m.put("hop", Integer.toString(hop));
        m.put("window", lower(window));
        m.put("center", Boolean.toString(center));
        m.put("padMode", lower(padMode));
        m.put("nMels", Integer.toString(nMels));
        m.put("fMin", Double.toString(fMin));
        m.put("fMax", Double.toString(fMax));
        m.put("power", Integer.toString(power));
        m.put("melScale", lower(melScale));
        m.put("norm", lower(norm));
        m.put("scale", lower(scale));
        m.put("topDb", topDb == Double.POSITIVE_INFINITY ? "none" : Double.toString(topDb));
        m.put("epsilon", Double.toString(epsilon));
        return m;
    }

    /**
     * Reads the form written by {@link #toMap()}. Every field must be present, no other key is
     * allowed, and {@code version} must be {@value #FORMAT_VERSION}, so that a saved
     * configuration is never silently completed with defaults.
     *
     * @param map field name to value
     * @return the configuration
     * @throws IllegalArgumentException naming the field, if a field is missing, unknown or
     *     invalid
     */
    public static MelConfig fromMap(Map<String, String> map) {
        Objects.requireNonNull(map, "map");
        Map<String, String> expected = seed().toMap();
        for (String key : map.keySet()) {
            if (!expected.containsKey(key)) {
                throw new IllegalArgumentException("unknown mel config field '" + key
                        + "'; fields are " + expected.keySet());
            }
        }
        for (String key : expected.keySet()) {
            if (!map.containsKey(key)) {
                throw new IllegalArgumentException("mel config field '" + key + "' is missing");
            }
        }
        int version = parseInt(map, "version");
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("mel config version " + version
                    + " is not supported; this library reads version " + FORMAT_VERSION);
        }
        String top = map.get("topDb").trim();
        return new MelConfig(
                parseInt(map, "sampleRate"),
                parseInt(map, "nFft"),
                parseInt(map, "winLength"),
                parseInt(map, "hop"),
                parseEnum(map, "window", WindowType.class),
                parseBoolean(map, "center"),
                parseEnum(map, "padMode", PadMode.class),
                parseInt(map, "nMels"),
                parseDouble(map, "fMin"),
                parseDouble(map, "fMax"),
                parseInt(map, "power"),
                parseEnum(map, "melScale", MelScale.class),
                parseEnum(map, "norm", FilterNorm.class),
                parseEnum(map, "scale", OutputScale.class),
                top.equalsIgnoreCase("none") ? Double.POSITIVE_INFINITY : parseDouble(map, "topDb"),
                parseDouble(map, "epsilon"));
    }

    /**
     * The configuration as a flat JSON object, one field per line: numbers and booleans as JSON
     * literals, enum names and {@code "none"} as strings.
     *
     * @return the JSON text
     */
    public String toJson() {
        StringWriter text = new StringWriter();
        try (JsonWriter w = new JsonWriter(text)) {
            w.setIndent("  ");
            w.beginObject();
            for (Map.Entry<String, String> e : toMap().entrySet()) {
                String v = e.getValue();
                boolean literal = !v.equals("none") && (v.equals("true") || v.equals("false")
                        || Character.isDigit(v.charAt(0)) || v.charAt(0) == '-');
                w.name(e.getKey());
                if (literal) {
                    w.jsonValue(v);
                } else {
                    w.value(v);
                }
            }
            w.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text + "\n";
    }

    /**
     * Reads the JSON written by {@link #toJson()} (or any flat JSON object with the same fields,
     * for example one written by Python's {@code json.dump}); see {@link #fromMap(Map)} for the
     * rules. The text is read strictly: no comments, trailing commas, duplicate fields or text
     * after the object.
     *
     * @param json a flat JSON object of strings, numbers and booleans
     * @return the configuration
     * @throws IllegalArgumentException if the text is not such an object or a field is wrong
     */
    public static MelConfig fromJson(String json) {
        Objects.requireNonNull(json, "json");
        Map<String, String> fields = new LinkedHashMap<>();
        try (JsonReader r = new JsonReader(new StringReader(json))) {
            r.setStrictness(Strictness.STRICT);
            r.beginObject();
            while (r.hasNext()) {
                String key = r.nextName();
                JsonToken t = r.peek();
                String value = switch (t) {
                    case STRING, NUMBER -> r.nextString();
                    case BOOLEAN -> Boolean.toString(r.nextBoolean());
                    default -> throw new IllegalArgumentException("malformed JSON: field '" + key
                            + "' holds " + t.name().toLowerCase(Locale.ROOT).replace('_', ' ')
                            + "; expected a string, number or boolean");
                };
                if (fields.put(key, value) != null) {
                    throw new IllegalArgumentException("malformed JSON: field '" + key + "' appears twice");
                }
            }
            r.endObject();
            boolean more;
            try {
                more = r.peek() != JsonToken.END_DOCUMENT;
            } catch (IOException e) {
                more = true;
            }
            if (more) {
                throw new IllegalArgumentException("malformed JSON: text after the object" + where(r.toString()));
            }
        } catch (IOException | IllegalStateException e) {
            // Gson's MalformedJsonException (an IOException) and wrong-token IllegalStateException
            // say where ("at line L column C"), with advice meant for programmers
            String m = String.valueOf(e.getMessage());
            String what = e instanceof IllegalStateException ? ": " + tokens(m.split("\n")[0].replaceAll(" at line .*", ""))
                    : e instanceof java.io.EOFException ? ": the text ends early" : "";
            throw new IllegalArgumentException("malformed JSON" + what + where(m), e);
        }
        return fromMap(fields);
    }

    /** Gson's token names in words. */
    private static String tokens(String message) {
        String out = message.replace("Expected", "expected").replace(" but was ", ", found ");
        String[][] words = {{"BEGIN_OBJECT", "an object"}, {"BEGIN_ARRAY", "an array"}, {"END_OBJECT", "'}'"},
            {"END_ARRAY", "']'"}, {"STRING", "a string"}, {"NUMBER", "a number"}, {"BOOLEAN", "true or false"},
            {"NULL", "null"}, {"NAME", "a field name"}, {"END_DOCUMENT", "the end of the text"}};
        for (String[] w : words) {
            out = out.replace(w[0], w[1]);
        }
        return out;
    }

    /** {@code " at line L column C"} from a Gson message, or empty. */
    private static String where(String message) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("line (\\d+) column (\\d+)").matcher(message);
        return m.find() ? " at line " + m.group(1) + " column " + m.group(2) : "";
    }

    @Override
    public String toString() {
        return "MelConfig" + toMap();
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static int parseInt(Map<String, String> map, String key) {
        String v = map.get(key).trim();
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "mel config field '" + key + "' must be an integer, got '" + v + "'", e);
        }
    }

    private static double parseDouble(Map<String, String> map, String key) {
        String v = map.get(key).trim();
        try {
            double d = Double.parseDouble(v);
            if (v.endsWith("d") || v.endsWith("D") || v.endsWith("f") || v.endsWith("F")) {
                throw new NumberFormatException("type suffix");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "mel config field '" + key + "' must be a number, got '" + v + "'", e);
        }
    }

    private static boolean parseBoolean(Map<String, String> map, String key) {
        String v = map.get(key).trim();
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new IllegalArgumentException(
                "mel config field '" + key + "' must be true or false, got '" + v + "'");
    }

    private static <E extends Enum<E>> E parseEnum(Map<String, String> map, String key, Class<E> type) {
        String v = map.get(key).trim();
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v)) {
                return e;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            allowed.append(allowed.length() == 0 ? "" : ", ").append(lower(e));
        }
        throw new IllegalArgumentException("mel config field '" + key + "' must be one of "
                + allowed + ", got '" + v + "'");
    }

    /**
     * Builds a {@link MelConfig}; every option starts at the seed's value. Fields are checked
     * together in {@link #build()}, so options can be set in any order.
     */
    public static final class Builder {
        private int sampleRate;
        private int nFft;
        private int winLength;
        private int hop;
        private WindowType window;
        private boolean center;
        private PadMode padMode;
        private int nMels;
        private double fMin;
        private double fMax;
        private int power;
        private MelScale melScale;
        private FilterNorm norm;
        private OutputScale scale;
        private double topDb;
        private double epsilon;

        private Builder(MelConfig c) {
            sampleRate = c.sampleRate;
            nFft = c.nFft;
            // the derived defaults stay derived: a window as long as the FFT follows a new nFft,
            // a top edge at the Nyquist frequency follows a new sample rate
            winLength = c.winLength == c.nFft ? 0 : c.winLength;
            hop = c.hop;
            window = c.window;
            center = c.center;
            padMode = c.padMode;
            nMels = c.nMels;
            fMin = c.fMin;
            fMax = c.fMax == (double) (c.sampleRate / 2) ? 0 : c.fMax;
            power = c.power;
            melScale = c.melScale;
            norm = c.norm;
            scale = c.scale;
            topDb = c.topDb;
            epsilon = c.epsilon;
        }

        /**
         * Sets the sample rate.
         *
         * @param hz the sample rate in Hz
         * @return this builder
         */
        public Builder optSampleRate(int hz) {
            this.sampleRate = hz;
            return this;
        }

        /**
         * Sets the FFT length.
         *
         * @param n a power of two
         * @return this builder
         */
        public Builder optNFft(int n) {
            this.nFft = n;
            return this;
        }

        /**
         * Sets the window length.
         *
         * @param n samples, or 0 for {@code nFft} (torchaudio's {@code win_length=None})
         * @return this builder
         */
        public Builder optWinLength(int n) {
            this.winLength = n;
            return this;
        }

        /**
         * Sets the hop.
         *
         * @param n samples between frames
         * @return this builder
         */
        public Builder optHop(int n) {
            this.hop = n;
            return this;
        }

        /**
         * Sets the window shape.
         *
         * @param w the window
         * @return this builder
         */
        public Builder optWindow(WindowType w) {
            this.window = w;
            return this;
        }

        /**
         * Sets centre padding.
         *
         * @param c whether frames are centred (signal padded by {@code nFft / 2})
         * @return this builder
         */
        public Builder optCenter(boolean c) {
            this.center = c;
            return this;
        }

        /**
         * Sets the padding mode.
         *
         * @param m how centre padding is filled
         * @return this builder
         */
        public Builder optPadMode(PadMode m) {
            this.padMode = m;
            return this;
        }

        /**
         * Sets the number of mel bands.
         *
         * @param n bands
         * @return this builder
         */
        public Builder optNMels(int n) {
            this.nMels = n;
            return this;
        }

        /**
         * Sets the lowest filter edge.
         *
         * @param hz frequency in Hz
         * @return this builder
         */
        public Builder optFMin(double hz) {
            this.fMin = hz;
            return this;
        }

        /**
         * Sets the highest filter edge.
         *
         * @param hz frequency in Hz, or 0 for {@code sampleRate / 2} rounded down (torchaudio's
         *     {@code f_max=None})
         * @return this builder
         */
        public Builder optFMax(double hz) {
            this.fMax = hz;
            return this;
        }

        /**
         * Sets the spectrogram exponent.
         *
         * @param p 1 (magnitude) or 2 (power)
         * @return this builder
         */
        public Builder optPower(int p) {
            this.power = p;
            return this;
        }

        /**
         * Sets the mel scale.
         *
         * @param s the Hz-to-mel formula
         * @return this builder
         */
        public Builder optMelScale(MelScale s) {
            this.melScale = s;
            return this;
        }

        /**
         * Sets the filter normalisation.
         *
         * @param n the normalisation
         * @return this builder
         */
        public Builder optNorm(FilterNorm n) {
            this.norm = n;
            return this;
        }

        /**
         * Sets the output scale.
         *
         * @param s the scale
         * @return this builder
         */
        public Builder optScale(OutputScale s) {
            this.scale = s;
            return this;
        }

        /**
         * Sets the dB floor below the maximum.
         *
         * @param db dB, or {@link Double#POSITIVE_INFINITY} for none
         * @return this builder
         */
        public Builder optTopDb(double db) {
            this.topDb = db;
            return this;
        }

        /**
         * Sets the floor (dB) or offset (log).
         *
         * @param e a positive value
         * @return this builder
         */
        public Builder optEpsilon(double e) {
            this.epsilon = e;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the configuration
         * @throws IllegalArgumentException if a field is invalid, naming it
         */
        public MelConfig build() {
            return new MelConfig(sampleRate, nFft, winLength == 0 ? nFft : winLength, hop, window,
                    center, padMode, nMels, fMin, fMax == 0 ? (double) (sampleRate / 2) : fMax,
                    power, melScale, norm, scale, topDb, epsilon);
        }
    }
}
