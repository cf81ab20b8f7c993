package io.bullwatch.models.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The mean over frequency of spectrogram features {@code (N, C, F, T)}, keeping the axis:
 * {@code (N, C, 1, T)}. What is left is one feature vector per time step, so that 1x1
 * convolutions after it act as a classifier applied to every time step. Equivalent to PyTorch's
 * {@code x.mean(dim=2, keepdim=True)}. No parameters.
 */
public final class FrequencyMeanPool extends AbstractBlock {

    private static final byte VERSION = 1;

    private FrequencyMeanPool() {
        super(VERSION);
    }

    /**
     * The pooling block.
     *
     * @return a new block
     */
    public static FrequencyMeanPool create() {
        return new FrequencyMeanPool();
    }

    /**
     * Pools an array.
     *
     * @param input an array {@code (N, C, F, T)}
     * @return {@code (N, C, 1, T)}, owned by the input's manager
     * @throws IllegalArgumentException if the input is not four-dimensional
     */
    public static NDArray pool(NDArray input) {
        if (input.getShape().dimension() != 4) {
            throw new IllegalArgumentException(
                    "frequency-mean pooling needs (N, C, F, T), got " + input.getShape());
        }
        return input.mean(new int[] {2}, true);
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs,
            boolean training, PairList<String, Object> params) {
        return new NDList(pool(inputs.singletonOrThrow()));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), s.get(1), 1, s.get(3))};
    }

    /**
     * Describes the block.
     *
     * @return its name
     */
    @Override
    public String toString() {
        return "FrequencyMeanPool()";
    }
}
