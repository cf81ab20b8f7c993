/**
 * Cutting a recording into fixed-length, overlapping windows and labelling them from annotations.
 *
 * <p>A {@link io.bullwatch.core.window.WindowSpec} gives the window length and hop in seconds (the
 * seed uses 15 s every 5 s). A {@link io.bullwatch.core.window.Segmenter} turns it into
 * {@link io.bullwatch.core.window.Window}s of one recording, positioned in sample frames without
 * accumulating rounding error, and decides what happens to the tail that no full window covers
 * ({@link io.bullwatch.core.window.TailPolicy}). Windows are produced lazily, so a night-long
 * recording never needs a full list.
 *
 * <p>A {@link io.bullwatch.core.window.LabelRule} says how one annotated event labels one window
 * (the seed's "touches" rule, any overlap, a minimum overlap, a minimum share of the event, with an
 * optional ambiguous band), and a {@link io.bullwatch.core.window.WindowLabeller} labels every window
 * of a recording in one pass over the sorted events, reporting events that no window labels
 * positive.
 */
package io.bullwatch.core.window;
