/**
 * Scoring a detector on annotated recordings: what an expert would gain and lose by listening only
 * to what it flags.
 *
 * <p>{@link io.bullwatch.core.evaluate.DetectionEvaluation} takes, per recording, a {@link
 * io.bullwatch.core.evaluate.ScoredRecording} (the {@link io.bullwatch.core.events.RecordingDetection}
 * of any {@link io.bullwatch.core.events.RecordingDetector}, the true bulls and the site) and gives an
 * {@link io.bullwatch.core.evaluate.EvaluationReport}: per recording, per site and overall,
 * <ul>
 *   <li>window metrics ({@link io.bullwatch.core.evaluate.WindowMetrics}): windows labelled from the
 *       truth with a {@link io.bullwatch.core.window.LabelRule} (ambiguous windows left out, as in
 *       training), the confusion at the detection's threshold and a threshold sweep;</li>
 *   <li>event metrics ({@link io.bullwatch.core.evaluate.EventMetrics}): true bulls found by a
 *       detected event, detected events that hold a bull, bulls longer than 2 s missed entirely;</li>
 *   <li>listening ({@link io.bullwatch.core.evaluate.ListeningMetrics}): seconds of detected events
 *       against the length of the recordings, the seed's "6 times less listening".</li>
 * </ul>
 * Overall and per site, window metrics pool the windows of the recordings, and event and listening
 * metrics add up their counts and seconds. Undefined values (a ratio with a zero denominator) are
 * {@link Double#NaN}. Every result has a {@code toMap()} with ordered, JSON-friendly values.
 */
package io.bullwatch.core.evaluate;
