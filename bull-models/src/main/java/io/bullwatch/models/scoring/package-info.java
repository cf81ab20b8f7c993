/**
 * Scoring windows with a network, the one path for detection and for the trainer's validation
 * and test: {@link io.bullwatch.models.scoring.WindowScorer#forward} (inference-mode forward pass,
 * softmax, step margins), {@link io.bullwatch.models.scoring.WindowScorer#aggregate} (step
 * aggregation of networks that score every time step), {@link
 * io.bullwatch.models.scoring.FrozenParameters}, and the detector's batched, multi-threaded front
 * end ({@link io.bullwatch.models.scoring.WindowScorer#batches}).
 */
package io.bullwatch.models.scoring;
