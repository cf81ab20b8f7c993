package io.bullwatch.features.background;

import io.bullwatch.core.events.SiteDistance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The backgrounds a model learnt, and how far a new recording's sits from them. Holds the {@link
 * BackgroundProfile} of each of the model's own recordings (those it trained and calibrated on) with
 * its site. Immutable. The profiles describe the recordings one way, named by {@link #descriptor()}:
 * the input's mel bands ({@link #DESCRIPTOR}), or the network's embeddings of the windows ({@link
 * #EMBEDDING_DESCRIPTOR}: how the model itself sees the background); distances work the same on both.
 *
 * <p><b>Distance.</b> Two profiles compare as vectors ({@link BackgroundProfile#vector()}: band
 * means and log standard deviations), each dimension divided by its spread over the reference
 * recordings (the standard deviation, floored at a tenth of the median spread so a dimension that
 * hardly varies does not dominate; 1 in every dimension with a single recording): the distance is
 * the root mean square of the scaled differences. A recording's distance is that to the nearest
 * reference recording.
 *
 * <p><b>Typical distance.</b> For each site, the median over its recordings of the distance to the
 * nearest recording of another site (how new that site would have been to a model trained on the
 * others); the largest of these over the sites. A recording farther than that ({@link
 * SiteDistance#far()}) sits farther from everything the model saw than any of its sites sat from the
 * others, so its calibrated threshold was never checked on such a background. With one site the
 * typical distance is unknown ({@code NaN}) and nothing is called far.
 */
public final class SiteReference {

    /** What a band profile holds, in words, for the bundle's JSON (the default descriptor). */
    public static final String DESCRIPTOR = "per mel band: mean and standard deviation of the network's input"
            + " (after the log or PCEN, before per-recording standardisation) over a recording's full windows";

    /** What an embedding profile holds, in words, for the bundle's JSON. */
    public static final String EMBEDDING_DESCRIPTOR = "per channel of the network's body output (averaged over"
            + " each window): mean and standard deviation over a recording's windows";

    private final String descriptor;
    private final List<Recording> recordings;
    private final double[][] vectors;
    private final double[] scale;
    private final double typical;

    /**
     * One of the model's recordings.
     *
     * @param site its site
     * @param name its name
     * @param profile its background profile
     */
    public record Recording(String site, String name, BackgroundProfile profile) {
        /** Validates. */
        public Recording {
            Objects.requireNonNull(site, "site");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(profile, "profile");
        }
    }

    private SiteReference(String descriptor, List<Recording> recordings) {
        this.descriptor = descriptor;
        this.recordings = List.copyOf(recordings);
        int n = recordings.size();
        this.vectors = new double[n][];
        for (int i = 0; i < n; i++) {
            vectors[i] = recordings.get(i).profile().vector();
        }
        this.scale = spread(vectors);
        this.typical = leaveOneSiteOut();
    }

    /**
     * A reference from a model's recordings. Profile values are rounded to 6 significant digits,
     * as the bundle stores them, so a reference read back from a bundle is equal to the one written.
     *
     * @param recordings at least one, all with the same number of bands
     * @return the reference
     * @throws IllegalArgumentException if there are none or their band counts differ
     */
    public static SiteReference of(List<Recording> recordings) {
        return of(DESCRIPTOR, recordings);
    }

    /**
     * {@link #of(List)} for profiles of another per-window description than the input's bands
     * (such as {@link #EMBEDDING_DESCRIPTOR}).
     *
     * @param descriptor what the profiles hold, in words; kept in the JSON
     * @param recordings at least one, all with the same number of dimensions
     * @return the reference
     * @throws IllegalArgumentException if there are none or their dimensions differ
     */
    public static SiteReference of(String descriptor, List<Recording> recordings) {
        Objects.requireNonNull(descriptor, "descriptor");
        if (recordings.isEmpty()) {
            throw new IllegalArgumentException("a site reference needs at least one recording");
        }
        int bands = recordings.get(0).profile().bands();
        List<Recording> rounded = new ArrayList<>(recordings.size());
        for (Recording r : recordings) {
            if (r.profile().bands() != bands) {
                throw new IllegalArgumentException(r.name() + ": " + r.profile().bands() + " bands, the other"
                        + " recordings have " + bands);
            }
            rounded.add(new Recording(r.site(), r.name(), new BackgroundProfile(round(r.profile().mean()),
                    round(r.profile().std()))));
        }
        return new SiteReference(descriptor, rounded);
    }

    /** @return what the profiles hold, in words */
    public String descriptor() {
        return descriptor;
    }

    /** @return the reference recordings */
    public List<Recording> recordings() {
        return recordings;
    }

    /** @return the sites, in the order of their first recording */
    public Set<String> sites() {
        Set<String> s = new LinkedHashSet<>();
        for (Recording r : recordings) {
            s.add(r.site());
        }
        return s;
    }

    /** @return the number of mel bands of the profiles */
    public int bands() {
        return recordings.get(0).profile().bands();
    }

    /** @return the typical leave-one-site-out distance; {@code NaN} with fewer than two sites */
    public double typical() {
        return typical;
    }

    /**
     * The scaled distance between two profiles.
     *
     * @param a one profile
     * @param b another
     * @return the root mean square of the scaled differences
     * @throws IllegalArgumentException if either has another band count than the reference
     */
    public double distance(BackgroundProfile a, BackgroundProfile b) {
        return distance(check(a).vector(), check(b).vector());
    }

    /**
     * How far a recording's background sits from the model's sites.
     *
     * @param profile the recording's profile
     * @return its distance to the nearest reference recording, the typical distance and the nearest site
     * @throws IllegalArgumentException if the profile has another band count than the reference
     */
    public SiteDistance assess(BackgroundProfile profile) {
        double[] v = check(profile).vector();
        int best = 0;
        double d = Double.POSITIVE_INFINITY;
        for (int i = 0; i < vectors.length; i++) {
            double di = distance(v, vectors[i]);
            if (di < d) {
                d = di;
                best = i;
            }
        }
        return new SiteDistance(d, typical, recordings.get(best).site());
    }

    /**
     * The reference as JSON-friendly values, for a model bundle: {@code descriptor}, {@code typical}
     * (for reading; recomputed when read back) and {@code recordings} (each {@code site}, {@code
     * recording}, {@code mean}, {@code std}).
     *
     * @return ordered maps, lists, strings and numbers
     */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("descriptor", descriptor);
        m.put("typical", Double.isNaN(typical) ? null : round(new double[] {typical})[0]);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Recording r : recordings) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("site", r.site());
            e.put("recording", r.name());
            e.put("mean", boxed(r.profile().mean()));
            e.put("std", boxed(r.profile().std()));
            list.add(e);
        }
        m.put("recordings", list);
        return m;
    }

    /**
     * Reads what {@link #toJson()} wrote (as a JSON parser gives it back: maps, lists, numbers); a
     * missing descriptor reads as {@link #DESCRIPTOR}.
     *
     * @param json the value
     * @return the reference
     * @throws IllegalArgumentException naming the field when it is not such a value
     */
    public static SiteReference fromJson(Object json) {
        if (!(json instanceof Map<?, ?> m) || !(m.get("recordings") instanceof List<?> list)) {
            throw new IllegalArgumentException("expected an object with a list of recordings");
        }
        List<Recording> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "recordings[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> e) || !(e.get("site") instanceof String site)
                    || !(e.get("recording") instanceof String name)) {
                throw new IllegalArgumentException(at + ": expected an object with site, recording, mean and std");
            }
            try {
                out.add(new Recording(site, name, new BackgroundProfile(numbers(e.get("mean"), at + ".mean"),
                        numbers(e.get("std"), at + ".std"))));
            } catch (IllegalArgumentException x) {
                throw new IllegalArgumentException(x.getMessage().startsWith(at) ? x.getMessage()
                        : at + ": " + x.getMessage(), x);
            }
        }
        Object d = m.get("descriptor");
        if (d != null && !(d instanceof String)) {
            throw new IllegalArgumentException("descriptor: expected a string, found " + d);
        }
        try {
            return of(d == null ? DESCRIPTOR : (String) d, out);
        } catch (IllegalArgumentException x) {
            throw new IllegalArgumentException("recordings: " + x.getMessage(), x);
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "SiteReference[%d recordings, sites %s, typical %.3f]", recordings.size(),
                sites(), typical);
    }

    // ----------------------------------------------------------------------------------------

    private BackgroundProfile check(BackgroundProfile p) {
        if (p.bands() != bands()) {
            throw new IllegalArgumentException("a profile of " + p.bands() + " bands against a reference of "
                    + bands());
        }
        return p;
    }

    private double distance(double[] a, double[] b) {
        double s = 0;
        for (int d = 0; d < a.length; d++) {
            double z = (a[d] - b[d]) / scale[d];
            s += z * z;
        }
        return Math.sqrt(s / a.length);
    }

    private static double[] spread(double[][] vectors) {
        int dims = vectors[0].length;
        double[] s = new double[dims];
        if (vectors.length < 2) {
            Arrays.fill(s, 1);
            return s;
        }
        for (int d = 0; d < dims; d++) {
            double mean = 0;
            for (double[] v : vectors) {
                mean += v[d];
            }
            mean /= vectors.length;
            double var = 0;
            for (double[] v : vectors) {
                var += (v[d] - mean) * (v[d] - mean);
            }
            s[d] = Math.sqrt(var / vectors.length);
        }
        double floor = 0.1 * median(s.clone());
        for (int d = 0; d < dims; d++) {
            s[d] = Math.max(s[d], floor);
            if (!(s[d] > 0)) {
                s[d] = 1;
            }
        }
        return s;
    }

    private double leaveOneSiteOut() {
        Set<String> sites = sites();
        if (sites.size() < 2) {
            return Double.NaN;
        }
        double worst = 0;
        for (String site : sites) {
            List<Double> nearest = new ArrayList<>();
            for (int i = 0; i < vectors.length; i++) {
                if (!recordings.get(i).site().equals(site)) {
                    continue;
                }
                double d = Double.POSITIVE_INFINITY;
                for (int j = 0; j < vectors.length; j++) {
                    if (!recordings.get(j).site().equals(site)) {
                        d = Math.min(d, distance(vectors[i], vectors[j]));
                    }
                }
                nearest.add(d);
            }
            worst = Math.max(worst, median(nearest.stream().mapToDouble(Double::doubleValue).toArray()));
        }
        return worst;
    }

    private static double median(double[] v) {
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    }

    private static double[] round(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = v[i] == 0 ? 0 : Double.parseDouble(String.format(Locale.ROOT, "%.6g", v[i]));
        }
        return r;
    }

    private static List<Double> boxed(double[] v) {
        List<Double> l = new ArrayList<>(v.length);
        for (double x : v) {
            l.add(x);
        }
        return l;
    }

    private static double[] numbers(Object o, String at) {
        if (!(o instanceof List<?> l)) {
            throw new IllegalArgumentException(at + ": expected a list of numbers");
        }
        double[] v = new double[l.size()];
        for (int i = 0; i < v.length; i++) {
            if (!(l.get(i) instanceof Number n)) {
                throw new IllegalArgumentException(at + "[" + i + "]: expected a number, found " + l.get(i));
            }
            v[i] = n.doubleValue();
        }
        return v;
    }
}
