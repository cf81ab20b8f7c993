/**
 * Threshold calibration on validation scores ({@link io.bullwatch.models.calibrate.ThresholdRule},
 * {@link io.bullwatch.models.calibrate.Calibration}) and what a threshold costs in listening time.
 */
package io.bullwatch.models.calibrate;
