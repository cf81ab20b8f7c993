/**
 * Detection results and how they become a short list for an expert: {@link
 * io.bullwatch.core.events.WindowScore window scores}, {@link io.bullwatch.core.events.EventMerger
 * merged events} under an {@link io.bullwatch.core.events.EventRule}, the files an expert opens
 * ({@link io.bullwatch.core.events.DetectionFiles}: Raven, Audacity, window scores), the {@link
 * io.bullwatch.core.events.RecordingDetector} interface that batch runs drive, and the model-free
 * {@link io.bullwatch.core.events.EnergyDetector}.
 *
 * <p>Times are seconds from the start of the recording. A window is flagged when its score is
 * {@code >= threshold}. No type here depends on a machine-learning library.
 */
package io.bullwatch.core.events;
