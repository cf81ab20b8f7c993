/**
 * The detection networks: torchvision's AlexNet and VGG16 behind the seed's input adapter and
 * head, and a compact network for CPUs, all as DJL blocks.
 *
 * <p>{@link io.bullwatch.models.backbone.Backbone} names the networks and builds them ({@link
 * io.bullwatch.models.backbone.BullNetwork}) from a layer description ({@link
 * io.bullwatch.models.backbone.Architecture} of {@link io.bullwatch.models.backbone.Layer}s)
 * that also gives parameter counts and multiply-adds per window without allocating anything
 * ({@link io.bullwatch.models.backbone.NetworkCost}). {@link
 * io.bullwatch.models.backbone.BackboneOptions} holds the width multiplier (tiny networks for
 * tests) and the input normalisation ({@link io.bullwatch.models.backbone.AdapterKind}).
 *
 * <p>Every parameter carries its PyTorch {@code state_dict} name ({@code adapter.norm.*}, {@code
 * adapter.conv.*}, {@code backbone.features.0.weight}, ..., {@code head.5.bias}), which is how
 * {@link io.bullwatch.models.weights.NpzWeights} imports weights exported from PyTorch.
 */
package io.bullwatch.models.backbone;
