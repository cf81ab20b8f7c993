/**
 * The imbalance-aware trainer: Adam, micro-batches with gradient accumulation, early stopping on
 * a validation metric with the best epoch kept, checkpoints and resume, a per-epoch metrics CSV,
 * and progress through a {@link io.bullwatch.models.train.TrainingListener}.
 */
package io.bullwatch.models.train;
