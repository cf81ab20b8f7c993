/**
 * Threshold calibration on validation scores ({@link io.bullwatch.core.calibrate.ThresholdRule},
 * {@link io.bullwatch.core.calibrate.Calibration}) and what a threshold costs in listening time.
 */
package io.bullwatch.core.calibrate;
