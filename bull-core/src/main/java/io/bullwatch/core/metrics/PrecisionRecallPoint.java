package io.bullwatch.core.metrics;

/**
 * One point of a precision-recall curve.
 *
 * @param threshold the threshold ({@code score >= threshold} flags); {@link Double#POSITIVE_INFINITY}
 *     for the closing point above every score
 * @param precision precision at the threshold
 * @param recall bull recall at the threshold
 */
public record PrecisionRecallPoint(double threshold, double precision, double recall) {
}
