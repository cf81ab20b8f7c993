/**
 * Detection results and how they become a short list for an expert: {@link
 * io.bullwatch.core.detect.WindowScore window scores}, {@link io.bullwatch.core.detect.EventMerger
 * merged events} under an {@link io.bullwatch.core.detect.EventRule}, and the {@link
 * io.bullwatch.core.detect.RecordingDetector} interface that batch runs drive.
 *
 * <p>Times are seconds from the start of the recording. A window is flagged when its score is
 * {@code >= threshold}. No type here depends on a machine-learning library.
 */
package io.bullwatch.core.detect;
