package io.bullwatch.models.train;

/** The validation metric that chooses the best epoch and stops training early. */
public enum StopMetric {
    /** The best average recall any threshold reaches on validation (higher is better; the seed's). */
    AVERAGE_RECALL,
    /** Average precision on validation (higher is better). */
    AVERAGE_PRECISION,
    /** The validation loss (lower is better). */
    LOSS,
    /**
     * No choice on validation: the last epoch is kept, and training never stops early (for models
     * whose threshold comes from elsewhere, such as {@code bull crossval --inner-folds}).
     */
    LAST;

    /**
     * Whether a value improves on the best so far.
     *
     * @param value the new value
     * @param best the best so far, or NaN when there is none
     * @return true if better
     */
    public boolean improves(double value, double best) {
        if (this == LAST) {
            return true;
        }
        if (Double.isNaN(value)) {
            return false;
        }
        if (Double.isNaN(best)) {
            return true;
        }
        return this == LOSS ? value < best : value > best;
    }
}
