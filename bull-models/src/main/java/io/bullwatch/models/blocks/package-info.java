/**
 * Neural-network building blocks that DJL lacks, written as DJL {@link ai.djl.nn.Block}s with
 * PyTorch's semantics so that weights and results carry over from PyTorch models.
 *
 * <p>{@link io.bullwatch.models.blocks.GroupNorm} is {@code nn.GroupNorm}; {@link
 * io.bullwatch.models.blocks.AdaptiveAvgPool2d} is {@code nn.AdaptiveAvgPool2d} to any output
 * size (used by AlexNet and VGG16 so that any spectrogram size works); {@link
 * io.bullwatch.models.blocks.FrequencyMeanTimeMaxPool} is the global pooling of the compact
 * backbone; {@link io.bullwatch.models.blocks.FrequencyMeanPool} and {@link
 * io.bullwatch.models.blocks.FrameMaxPool} turn the compact body into a per-time-step detector
 * whose window score is its best step's, and {@link io.bullwatch.models.blocks.FrequencyStackPool}
 * does what the mean does with the frequency bands kept apart. Each block creates the arrays it
 * needs from its input's manager, so nothing it computes outlives the batch.
 */
package io.bullwatch.models.blocks;
