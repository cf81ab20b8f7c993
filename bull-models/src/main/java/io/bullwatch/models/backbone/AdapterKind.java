package io.bullwatch.models.backbone;

/**
 * The normalisation at the input of a network, before the 1x1 convolution that turns one
 * spectrogram channel into the three channels an ImageNet backbone expects (the seed's input
 * adapter).
 */
public enum AdapterKind {

    /**
     * Batch normalisation of the single input channel without scale and shift ({@code
     * nn.BatchNorm2d(1, affine=False)}): the seed's AlexNet adapter. Learns the input's mean and
     * variance as running statistics.
     */
    BATCH_NORM,

    /**
     * Group normalisation with one group and a learned scale and shift ({@code nn.GroupNorm(1,
     * 1)}): each window is standardised on its own, one of the seed's VGG16 adapters.
     */
    GROUP_NORM,

    /**
     * No normalisation layer: the input is standardised upstream with the training set's mean
     * and standard deviation (the seed's other VGG16 variant).
     */
    STANDARDISED
}
