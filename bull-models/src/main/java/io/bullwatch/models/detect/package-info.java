/**
 * Detection with a trained model bundle: {@link io.bullwatch.models.detect.Detector} streams a
 * recording (a WAV file or any {@code AudioSource}), computes the bundle's features exactly as in
 * training, scores every window in batches on several threads with bounded memory, and merges the
 * flagged windows into events ({@code io.bullwatch.core.events}). {@link
 * io.bullwatch.models.detect.DetectorOptions} sets threads, batch size, threshold and event rule.
 */
package io.bullwatch.models.detect;
