package io.bullwatch.features.norm;

import io.bullwatch.features.json.FlatJson;
import io.bullwatch.features.mel.MelSpectrogram;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Normalisation statistics of training features: the mean and standard deviation of every value
 * (overall) and of each mel band, after a {@link FeatureTransform}. Saved in model bundles
 * ({@link #toJson()}, {@link #fromJson(String)}) and applied to every window before the network,
 * as the seed's VGG16 variant does: {@code (transform(x) - mean) / std}.
 *
 * <p>A standard deviation of zero (a band that never changed) standardises by 1: the value is only
 * centred, never divided by zero.
 *
 * @param transform applied to each value first
 * @param epsilon the transform's offset or floor ({@code 0} for {@link FeatureTransform#NONE})
 * @param frames values counted per band (training frames), {@code >= 1}
 * @param mean the mean of all values
 * @param std the population standard deviation of all values, {@code >= 0}
 * @param bandMeans per mel band, the mean; copied
 * @param bandStds per mel band, the population standard deviation, {@code >= 0}; copied
 */
public record NormStats(FeatureTransform transform, double epsilon, long frames, double mean,
        double std, double[] bandMeans, double[] bandStds) {

    /** The version of the text form written by {@link #toJson()}. */
    public static final int FORMAT_VERSION = 1;

    private static final Set<String> FIELDS = Set.of("version", "transform", "epsilon", "frames",
            "mean", "std", "bandMeans", "bandStds");

    /** Validates and copies the values. */
    public NormStats {
        Objects.requireNonNull(transform, "transform");
        Objects.requireNonNull(bandMeans, "bandMeans");
        Objects.requireNonNull(bandStds, "bandStds");
        if (!(epsilon >= 0) || !Double.isFinite(epsilon)
                || (transform != FeatureTransform.NONE && epsilon == 0)) {
            throw new IllegalArgumentException("epsilon must be finite, > 0 for LOG and DB and >= 0 for NONE; got "
                    + epsilon + " with " + transform);
        }
        if (frames < 1) {
            throw new IllegalArgumentException("statistics need frames >= 1, got " + frames);
        }
        if (bandMeans.length < 1 || bandMeans.length != bandStds.length) {
            throw new IllegalArgumentException("need one mean and one std per mel band, got "
                    + bandMeans.length + " means and " + bandStds.length + " stds");
        }
        checkFinite("mean", mean, false);
        checkFinite("std", std, true);
        bandMeans = bandMeans.clone();
        bandStds = bandStds.clone();
        for (int b = 0; b < bandMeans.length; b++) {
            checkFinite("bandMeans[" + b + "]", bandMeans[b], false);
            checkFinite("bandStds[" + b + "]", bandStds[b], true);
        }
    }

    private static void checkFinite(String name, double v, boolean nonNegative) {
        if (!Double.isFinite(v) || (nonNegative && v < 0)) {
            throw new IllegalArgumentException(name + " must be finite" + (nonNegative ? " and >= 0" : "")
                    + ", got " + v);
        }
    }

    /**
     * Mel bands described.
     *
     * @return the number of bands
     */
    public int mels() {
        return bandMeans.length;
    }

    /**
     * Per-band means.
     *
     * @return a copy
     */
    @Override
    public double[] bandMeans() {
        return bandMeans.clone();
    }

    /**
     * Per-band standard deviations.
     *
     * @return a copy
     */
    @Override
    public double[] bandStds() {
        return bandStds.clone();
    }

    /**
     * Standardises a spectrogram into a new one.
     *
     * @param window a spectrogram with {@link #mels()} bands
     * @param mode overall or per-band statistics
     * @return {@code (transform(x) - mean) / std} for every value
     * @throws IllegalArgumentException if the bands differ
     */
    public MelSpectrogram apply(MelSpectrogram window, NormMode mode) {
        Objects.requireNonNull(window, "window");
        float[] values = window.values().clone();
        applyInPlace(values, window.mels(), window.frames(), mode);
        return new MelSpectrogram(window.mels(), window.frames(), values);
    }

    /**
     * Standardises mel-major values in place ({@code values[mel * frames + frame]}).
     *
     * @param values the values, at least {@code mels * frames} of them
     * @param mels bands, must equal {@link #mels()}
     * @param frames frames
     * @param mode overall or per-band statistics
     * @throws IllegalArgumentException if the bands differ or the array is too short
     */
    public void applyInPlace(float[] values, int mels, int frames, NormMode mode) {
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(mode, "mode");
        if (mels != mels()) {
            throw new IllegalArgumentException("statistics are for " + mels() + " mel bands, got " + mels);
        }
        if (frames < 0 || (long) mels * frames > values.length) {
            throw new IllegalArgumentException(mels + " x " + frames + " values do not fit in "
                    + values.length);
        }
        for (int b = 0; b < mels; b++) {
            double mu = mode == NormMode.OVERALL ? mean : bandMeans[b];
            double sd = mode == NormMode.OVERALL ? std : bandStds[b];
            double inv = sd > 0 ? 1.0 / sd : 1.0;
            for (int i = b * frames, end = i + frames; i < end; i++) {
                values[i] = (float) ((transform.apply(values[i], epsilon) - mu) * inv);
            }
        }
    }

    /**
     * The statistics as a JSON object, fixed field order, locale-independent numbers in Java's
     * shortest round-tripping form (so {@link #fromJson(String)} restores them exactly).
     *
     * @return the JSON text
     */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{\n");
        sb.append("  \"version\": ").append(FORMAT_VERSION).append(",\n");
        sb.append("  \"transform\": \"").append(transform.name().toLowerCase(Locale.ROOT)).append("\",\n");
        sb.append("  \"epsilon\": ").append(Double.toString(epsilon)).append(",\n");
        sb.append("  \"frames\": ").append(Long.toString(frames)).append(",\n");
        sb.append("  \"mean\": ").append(Double.toString(mean)).append(",\n");
        sb.append("  \"std\": ").append(Double.toString(std)).append(",\n");
        sb.append("  \"bandMeans\": ");
        array(sb, bandMeans);
        sb.append(",\n  \"bandStds\": ");
        array(sb, bandStds);
        return sb.append("\n}\n").toString();
    }

    private static void array(StringBuilder sb, double[] v) {
        sb.append('[');
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(Double.toString(v[i]));
        }
        sb.append(']');
    }

    /**
     * Reads the JSON written by {@link #toJson()}. Every field is required, no other field is
     * allowed, and the version must be {@value #FORMAT_VERSION}.
     *
     * @param json the JSON text
     * @return the statistics
     * @throws IllegalArgumentException naming the field, if the text or a field is wrong
     */
    public static NormStats fromJson(String json) {
        Map<String, Object> map = FlatJson.parse(json);
        for (String key : map.keySet()) {
            if (!FIELDS.contains(key)) {
                throw new IllegalArgumentException("unknown normalisation field '" + key + "'; fields are "
                        + List.of("version", "transform", "epsilon", "frames", "mean", "std", "bandMeans",
                                "bandStds"));
            }
        }
        for (String key : FIELDS) {
            if (!map.containsKey(key)) {
                throw new IllegalArgumentException("normalisation field '" + key + "' is missing");
            }
        }
        long version = parseLong(map, "version");
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("normalisation statistics version " + version
                    + " is not supported; this library reads version " + FORMAT_VERSION);
        }
        String t = scalar(map, "transform");
        FeatureTransform transform;
        try {
            transform = FeatureTransform.valueOf(t.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("normalisation field 'transform' is '" + t
                    + "'; allowed: none, log, db", e);
        }
        return new NormStats(transform, parseDouble(map, "epsilon"), parseLong(map, "frames"),
                parseDouble(map, "mean"), parseDouble(map, "std"), parseArray(map, "bandMeans"),
                parseArray(map, "bandStds"));
    }

    private static String scalar(Map<String, Object> map, String key) {
        Object v = map.get(key);
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException("normalisation field '" + key + "' must be a single value");
        }
        return s;
    }

    private static long parseLong(Map<String, Object> map, String key) {
        String v = scalar(map, key);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("normalisation field '" + key + "' must be an integer, got '"
                    + v + "'", e);
        }
    }

    private static double parseDouble(Map<String, Object> map, String key) {
        String v = scalar(map, key);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("normalisation field '" + key + "' must be a number, got '"
                    + v + "'", e);
        }
    }

    private static double[] parseArray(Map<String, Object> map, String key) {
        Object v = map.get(key);
        if (!(v instanceof List<?> list)) {
            throw new IllegalArgumentException("normalisation field '" + key + "' must be an array of numbers");
        }
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = Double.parseDouble((String) list.get(i));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("normalisation field '" + key + "[" + i
                        + "]' is not a number", e);
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NormStats s && s.transform == transform
                && Double.compare(s.epsilon, epsilon) == 0 && s.frames == frames
                && Double.compare(s.mean, mean) == 0 && Double.compare(s.std, std) == 0
                && Arrays.equals(s.bandMeans, bandMeans) && Arrays.equals(s.bandStds, bandStds);
    }

    @Override
    public int hashCode() {
        return Objects.hash(transform, epsilon, frames, mean, std, Arrays.hashCode(bandMeans),
                Arrays.hashCode(bandStds));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "NormStats[%s, %d bands, %d frames, mean %.6g, std %.6g]",
                transform.name().toLowerCase(Locale.ROOT), mels(), frames, mean, std);
    }
}
