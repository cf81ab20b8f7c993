/**
 * Plots of an evaluation, drawn with Java2D and written as PNG: {@link
 * io.bullwatch.cli.plot.PrecisionRecallPlot} (precision-recall curves per site and overall,
 * operating points marked) and {@link io.bullwatch.cli.plot.TimelinePlot} (one recording's
 * window scores over time with the threshold, true bulls and detected events).
 *
 * <p>Output is deterministic: the same input gives the same bytes on the same Java runtime and
 * fonts. Every plot exposes its plot area so that tests (and callers) can map values to pixels.
 */
package io.bullwatch.cli.plot;
