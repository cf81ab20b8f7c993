/**
 * Labelled nights composed from real recordings ({@code bull compose}): beds cut from a site's own
 * background recordings and crossfaded, real bull clips and distractor clips mixed in at a chosen
 * signal-to-noise ratio against the local background, with every event's provenance. {@link
 * io.bullwatch.core.compose.NightComposer} plans and renders one night from {@link
 * io.bullwatch.core.compose.ComposeSource}s and {@link io.bullwatch.core.compose.Clip}s.
 */
package io.bullwatch.core.compose;
