package io.bullwatch.models.backbone;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import io.bullwatch.models.blocks.AdaptiveAvgPool2d;
import io.bullwatch.models.blocks.FrameMaxPool;
import io.bullwatch.models.blocks.FrequencyMeanPool;
import io.bullwatch.models.blocks.FrequencyMeanTimeMaxPool;
import io.bullwatch.models.blocks.FrequencyStackPool;
import io.bullwatch.models.blocks.GroupNorm;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One layer of a network description: enough to build the DJL block, to infer the output size,
 * and to count parameters and multiply-adds from shapes alone, without allocating weights.
 *
 * <p>Every layer carries its PyTorch module name (e.g. {@code backbone.features.0}), so that
 * parameters map one to one onto a PyTorch {@code state_dict}. Multiply-adds count convolutions
 * and linear layers only (one per weight use, biases, normalisation, activations and pooling
 * left out): the convention of torchvision's published GFLOPS figures.
 */
public sealed interface Layer {

    /**
     * The PyTorch module name.
     *
     * @return e.g. {@code backbone.features.0}
     */
    String name();

    /**
     * The output size for an input size.
     *
     * @param in the input size
     * @return the output size
     * @throws IllegalArgumentException if the input does not fit the layer
     */
    FeatureDims output(FeatureDims in);

    /**
     * The number of trainable parameters for an input size.
     *
     * @param in the input size
     * @return the count (0 for layers without parameters)
     */
    default long parameters(FeatureDims in) {
        return 0;
    }

    /**
     * The multiply-adds of one sample's forward pass.
     *
     * @param in the input size
     * @return the count (0 for layers other than convolutions and linear layers)
     */
    default long multiplyAdds(FeatureDims in) {
        return 0;
    }

    /**
     * Creates the DJL block.
     *
     * @return a new, uninitialised block
     */
    Block toBlock();

    /**
     * How the DJL block's parameters are named in PyTorch.
     *
     * @return DJL parameter name to PyTorch parameter or buffer name (without the module name),
     *     in PyTorch's order; empty for layers without parameters
     */
    default Map<String, String> torchParameterNames() {
        return Map.of();
    }

    private static Map<String, String> weightAndBias(boolean bias) {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("weight", "weight");
        if (bias) {
            names.put("bias", "bias");
        }
        return names;
    }

    /**
     * A 2-d convolution ({@code nn.Conv2d}).
     *
     * @param name the PyTorch module name
     * @param outChannels output channels
     * @param kernelHeight kernel height
     * @param kernelWidth kernel width
     * @param strideHeight stride along the height
     * @param strideWidth stride along the width
     * @param padHeight zero padding at top and bottom
     * @param padWidth zero padding left and right
     * @param groups channel groups (input channels for a depthwise convolution)
     * @param bias whether the layer has a bias
     */
    record Conv(String name, int outChannels, int kernelHeight, int kernelWidth,
            int strideHeight, int strideWidth, int padHeight, int padWidth, int groups,
            boolean bias) implements Layer {

        /**
         * A square convolution with equal stride and padding in both directions and a bias.
         *
         * @param name the PyTorch module name
         * @param outChannels output channels
         * @param kernel kernel size
         * @param stride stride
         * @param padding padding
         * @return the layer
         */
        public static Conv square(String name, int outChannels, int kernel, int stride,
                int padding) {
            return new Conv(name, outChannels, kernel, kernel, stride, stride, padding, padding,
                    1, true);
        }

        @Override
        public FeatureDims output(FeatureDims in) {
            if (in.channels() % groups != 0 || outChannels % groups != 0) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "%s: %d input and %d output channels cannot be split into %d groups",
                        name, in.channels(), outChannels, groups));
            }
            int h = (in.height() + 2 * padHeight - kernelHeight) / strideHeight + 1;
            int w = (in.width() + 2 * padWidth - kernelWidth) / strideWidth + 1;
            if (in.height() + 2 * padHeight < kernelHeight
                    || in.width() + 2 * padWidth < kernelWidth) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "%s: input %s is smaller than the %dx%d kernel", name, in,
                        kernelHeight, kernelWidth));
            }
            return new FeatureDims(outChannels, h, w);
        }

        @Override
        public long parameters(FeatureDims in) {
            long weights = (long) outChannels * (in.channels() / groups) * kernelHeight
                    * kernelWidth;
            return weights + (bias ? outChannels : 0);
        }

        @Override
        public long multiplyAdds(FeatureDims in) {
            FeatureDims out = output(in);
            return (long) out.height() * out.width() * outChannels * (in.channels() / groups)
                    * kernelHeight * kernelWidth;
        }

        @Override
        public Block toBlock() {
            return Conv2d.builder()
                    .setFilters(outChannels)
                    .setKernelShape(new Shape(kernelHeight, kernelWidth))
                    .optStride(new Shape(strideHeight, strideWidth))
                    .optPadding(new Shape(padHeight, padWidth))
                    .optGroups(groups)
                    .optBias(bias)
                    .build();
        }

        @Override
        public Map<String, String> torchParameterNames() {
            return weightAndBias(bias);
        }
    }

    /**
     * A fully connected layer ({@code nn.Linear}) on a flat input.
     *
     * @param name the PyTorch module name
     * @param outFeatures output features
     */
    record Dense(String name, int outFeatures) implements Layer {

        @Override
        public FeatureDims output(FeatureDims in) {
            if (!in.isFlat()) {
                throw new IllegalArgumentException(
                        name + ": a linear layer needs a flat input, got " + in);
            }
            return FeatureDims.flat(outFeatures);
        }

        @Override
        public long parameters(FeatureDims in) {
            return (long) outFeatures * in.channels() + outFeatures;
        }

        @Override
        public long multiplyAdds(FeatureDims in) {
            return (long) outFeatures * in.channels();
        }

        @Override
        public Block toBlock() {
            return Linear.builder().setUnits(outFeatures).build();
        }

        @Override
        public Map<String, String> torchParameterNames() {
            return weightAndBias(true);
        }
    }

    /**
     * Max pooling without padding, rounding the output size down ({@code nn.MaxPool2d}).
     *
     * @param name the PyTorch module name
     * @param kernelHeight window height
     * @param kernelWidth window width
     * @param strideHeight stride along the height
     * @param strideWidth stride along the width
     */
    record MaxPool(String name, int kernelHeight, int kernelWidth, int strideHeight,
            int strideWidth) implements Layer {

        @Override
        public FeatureDims output(FeatureDims in) {
            if (in.height() < kernelHeight || in.width() < kernelWidth) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "%s: input %s is smaller than the %dx%d pooling window", name, in,
                        kernelHeight, kernelWidth));
            }
            return new FeatureDims(in.channels(), (in.height() - kernelHeight) / strideHeight + 1,
                    (in.width() - kernelWidth) / strideWidth + 1);
        }

        @Override
        public Block toBlock() {
            return Pool.maxPool2dBlock(new Shape(kernelHeight, kernelWidth),
                    new Shape(strideHeight, strideWidth), new Shape(0, 0), false);
        }
    }

    /**
     * Adaptive average pooling to a fixed size ({@code nn.AdaptiveAvgPool2d}).
     *
     * @param name the PyTorch module name
     * @param outHeight output height
     * @param outWidth output width
     */
    record AdaptiveAvgPool(String name, int outHeight, int outWidth) implements Layer {

        @Override
        public FeatureDims output(FeatureDims in) {
            return new FeatureDims(in.channels(), outHeight, outWidth);
        }

        @Override
        public Block toBlock() {
            return AdaptiveAvgPool2d.of(outHeight, outWidth);
        }
    }

    /**
     * Mean over frequency, then maximum over time, to a flat vector of channels.
     *
     * @param name the PyTorch module name
     */
    record FrequencyMeanTimeMax(String name) implements Layer {

        @Override
        public FeatureDims output(FeatureDims in) {
            return FeatureDims.flat(in.channels());
        }

        @Override
        public Block toBlock() {
            return FrequencyMeanTimeMaxPool.create();
        }
    }

    /**
     * Mean over frequency, keeping the axis: {@code (C, F, T)} to {@code (C, 1, T)}, one feature
     * vector per time step.
     *
     * @param name the PyTorch module name
     */
    record FrequencyMean(String name) implements Layer {

        @Override
        public FeatureDims output(FeatureDims in) {
            return new FeatureDims(in.channels(), 1, in.width());
        }

        @Override
        public Block toBlock() {
            return FrequencyMeanPool.create();
        }
    }

    /**
     * The frequency bands stacked into the channels: {@code (C, F, T)} to {@code (C * F, 1, T)},
     * one feature vector per time step that keeps where in frequency each feature fired.
     *
     * @param name the PyTorch module name
     */
    record FrequencyStack(String name) implements Layer {

        @Override
        public FeatureDims output(FeatureDims in) {
            return new FeatureDims(in.channels() * in.height(), 1, in.width());
        }

        @Override
        public Block toBlock() {
            return FrequencyStackPool.create();
        }
    }

    /**
     * Per-frame two-class logits {@code (2, 1, T)} to the window's logits (the largest frame
     * margin), the frame logits passed on beside them ({@link FrameMaxPool}).
     *
     * @param name a descriptive name
     */
    record FrameMax(String name) implements Layer {

        @Override
        public FeatureDims output(FeatureDims in) {
            if (in.channels() != 2 || in.height() != 1) {
                throw new IllegalArgumentException(
                        name + ": frame max pooling needs two-class frame logits (2, 1, T), got " + in);
            }
            return FeatureDims.flat(2);
        }

        @Override
        public Block toBlock() {
            return FrameMaxPool.create();
        }
    }

    /**
     * Flattening of all but the batch axis ({@code torch.flatten(x, 1)}).
     *
     * @param name a descriptive name
     */
    record Flatten(String name) implements Layer {

        @Override
        public FeatureDims output(FeatureDims in) {
            return FeatureDims.flat(in.size());
        }

        @Override
        public Block toBlock() {
            return Blocks.batchFlattenBlock();
        }
    }

    /**
     * Rectified linear unit ({@code nn.ReLU}).
     *
     * @param name the PyTorch module name
     */
    record Relu(String name) implements Layer {

        @Override
        public FeatureDims output(FeatureDims in) {
            return in;
        }

        @Override
        public Block toBlock() {
            return Activation.reluBlock();
        }
    }

    /**
     * Dropout in training, identity in inference ({@code nn.Dropout}).
     *
     * @param name the PyTorch module name
     * @param rate the probability of zeroing a value, in {@code [0, 1)}
     */
    record Drop(String name, float rate) implements Layer {

        @Override
        public FeatureDims output(FeatureDims in) {
            return in;
        }

        @Override
        public Block toBlock() {
            return Dropout.builder().optRate(rate).build();
        }
    }

    /**
     * Batch normalisation over channels ({@code nn.BatchNorm2d}, or {@code nn.BatchNorm1d} on a
     * flat input), epsilon 1e-5.
     *
     * @param name the PyTorch module name
     * @param affine whether a per-channel scale and shift are learned
     */
    record BatchNormalization(String name, boolean affine) implements Layer {

        @Override
        public FeatureDims output(FeatureDims in) {
            return in;
        }

        @Override
        public long parameters(FeatureDims in) {
            return affine ? 2L * in.channels() : 0;
        }

        @Override
        public Block toBlock() {
            return BatchNorm.builder().optCenter(affine).optScale(affine).optEpsilon(1e-5f)
                    .build();
        }

        @Override
        public Map<String, String> torchParameterNames() {
            Map<String, String> names = new LinkedHashMap<>();
            if (affine) {
                names.put("gamma", "weight");
                names.put("beta", "bias");
            }
            names.put("runningMean", "running_mean");
            names.put("runningVar", "running_var");
            return names;
        }
    }

    /**
     * Group normalisation ({@code nn.GroupNorm}), epsilon 1e-5, affine.
     *
     * @param name the PyTorch module name
     * @param groups the number of groups
     */
    record GroupNormalization(String name, int groups) implements Layer {

        @Override
        public FeatureDims output(FeatureDims in) {
            if (in.channels() % groups != 0) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "%s: %d channels cannot be split into %d groups", name, in.channels(),
                        groups));
            }
            return in;
        }

        @Override
        public long parameters(FeatureDims in) {
            return 2L * in.channels();
        }

        @Override
        public Block toBlock() {
            return GroupNorm.of(groups);
        }

        @Override
        public Map<String, String> torchParameterNames() {
            Map<String, String> names = new LinkedHashMap<>();
            names.put("gamma", "weight");
            names.put("beta", "bias");
            return names;
        }
    }
}
