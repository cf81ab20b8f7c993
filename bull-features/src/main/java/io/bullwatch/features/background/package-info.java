/**
 * How far a recording's background sits from the sites a model learnt: {@link
 * io.bullwatch.features.background.BackgroundProfile} (per mel band, the mean and spread of the
 * network's input over a recording) and {@link io.bullwatch.features.background.SiteReference}
 * (the profiles of a model's own recordings, by site, and the distance of a new recording from
 * them, as {@link io.bullwatch.core.events.SiteDistance}). Model bundles carry two references, one
 * of band profiles and one of the network's embeddings ({@link
 * io.bullwatch.features.background.BackgroundProfile#ofRows}), so {@code bull detect} can say which
 * nights' thresholds are not to be trusted.
 */
package io.bullwatch.features.background;
