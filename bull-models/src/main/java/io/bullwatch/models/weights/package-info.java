/**
 * Weight import from PyTorch: {@link io.bullwatch.core.io.NpzFile} reads NumPy {@code
 * .npz} archives (one array at a time) and {@link io.bullwatch.models.weights.NpzWeights} copies
 * arrays named as in a PyTorch {@code state_dict} into a {@link
 * io.bullwatch.models.backbone.BullNetwork}. {@code scripts/export-torchvision.py} writes such
 * archives from torchvision's ImageNet weights.
 */
package io.bullwatch.models.weights;
