/**
 * An expert's verdicts on what a detector found, and the counts of bulls they support.
 *
 * <p>{@link io.bullwatch.core.review.ReviewFile} reads and writes the verdict file beside a
 * night's detection files ({@code NAME.bull.review.csv}); {@link
 * io.bullwatch.core.review.ReviewStore} keeps one up to date, one atomic write per verdict; {@link
 * io.bullwatch.core.review.ReviewFolder} finds the nights of a {@code bull detect} output folder;
 * {@link io.bullwatch.core.review.CountUnits} cuts a night into the units an expert judges (events
 * and the stretches between them); {@link io.bullwatch.core.review.BullCount} estimates the number
 * of bulls in a night with a 95 % interval from score-stratified verdicts, and {@link
 * io.bullwatch.core.review.CountingSample} chooses which stretches to judge so that the interval
 * narrows fastest. No type here depends on a machine-learning library or on a web server.
 */
package io.bullwatch.core.review;
