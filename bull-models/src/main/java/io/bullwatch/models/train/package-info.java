/**
 * The imbalance-aware trainer: Adam whose state is checkpointed ({@link
 * io.bullwatch.models.train.ResumableAdam}), micro-batches with gradient accumulation, early
 * stopping on a validation metric with the best epoch kept, checkpoints and exact resume, a
 * per-epoch metrics CSV, and progress through a {@link io.bullwatch.models.train.TrainingListener}.
 */
package io.bullwatch.models.train;
