package io.bullwatch.core.events;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How far a recording's background sits from the sites a model was trained and calibrated on,
 * measured on band statistics of the network's input (the features model bundles compute; see
 * {@code io.bullwatch.features.background.SiteReference}) or, the same way, on the network's
 * embeddings of the recording's windows (how the model itself sees the background). {@code distance} is the distance to the
 * nearest of the model's own recordings; {@code typical} is how far the model's sites sit from one
 * another (for each site, the median distance of its recordings to the nearest recording of another
 * site; the largest of those). A ratio above {@value #FAR} means the recording is farther from
 * everything the model saw than any of its sites was from the others: its calibrated threshold was
 * never checked on a background like this one.
 *
 * @param distance the distance to the nearest reference recording, {@code >= 0}
 * @param typical the largest leave-one-site-out distance among the reference sites; {@code NaN}
 *     when the model knows fewer than two sites
 * @param nearestSite the site of the nearest reference recording
 */
public record SiteDistance(double distance, double typical, String nearestSite) {

    /** The ratio above which a recording's background counts as far from the model's sites. */
    public static final double FAR = 1.0;

    /** Validates. */
    public SiteDistance {
        Objects.requireNonNull(nearestSite, "nearestSite");
        if (!(distance >= 0) || Double.isInfinite(distance)) {
            throw new IllegalArgumentException("distance must be finite and >= 0, got " + distance);
        }
        if (!Double.isNaN(typical) && !(typical >= 0 && typical < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("typical must be finite and >= 0 or NaN, got " + typical);
        }
    }

    /** @return {@code distance / typical}; {@code NaN} when the typical distance is unknown or 0 */
    public double ratio() {
        return typical > 0 ? distance / typical : Double.NaN;
    }

    /** @return whether the ratio is above {@link #FAR} */
    public boolean far() {
        return ratio() > FAR;
    }

    /**
     * The warning for a far background.
     *
     * @return it, for {@code summary.csv} and the log; empty when the background is not far
     */
    public Optional<String> warning() {
        return warning("background");
    }

    /**
     * The warning for a far background, naming what was measured.
     *
     * @param view what the distance was measured on, as the warning's first words (for example
     *     {@code "background"}, or {@code "background as the network sees it (embeddings)"})
     * @return it; empty when the background is not far
     */
    public Optional<String> warning(String view) {
        if (!far()) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "%s %.1f times as far from the model's sites as they"
                + " are from one another (nearest: %s): the threshold was never checked on a background like"
                + " this (check some of the events; adapt the model to this site with bull adapt)", view, ratio(),
                nearestSite));
    }
}
