package io.bullwatch.models.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Global pooling for spectrogram features {@code (N, C, F, T)} (F = frequency, T = time): the mean
 * over frequency, then the maximum over time, giving {@code (N, C)}.
 *
 * <p>A bull lasts a few seconds of a 15 s window: the maximum over time keeps the strongest moment
 * wherever it happens, while the mean over frequency summarises the broadband splash. Equivalent
 * to PyTorch's {@code x.mean(dim=2).amax(dim=2)}. No parameters.
 */
public final class FrequencyMeanTimeMaxPool extends AbstractBlock {

    private static final byte VERSION = 1;

    private FrequencyMeanTimeMaxPool() {
        super(VERSION);
    }

    /**
     * The pooling block.
     *
     * @return a new block
     */
    public static FrequencyMeanTimeMaxPool create() {
        return new FrequencyMeanTimeMaxPool();
    }

    /**
     * Pools an array.
     *
     * @param input an array {@code (N, C, F, T)}
     * @return {@code (N, C)}, owned by the input's manager
     * @throws IllegalArgumentException if the input is not four-dimensional
     */
    public static NDArray pool(NDArray input) {
        if (input.getShape().dimension() != 4) {
            throw new IllegalArgumentException(
                    "frequency-mean time-max pooling needs (N, C, F, T), got " + input.getShape());
        }
        return input.mean(new int[] {2}).max(new int[] {2});
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
        return new Shape[] {new Shape(inputShapes[0].get(0), inputShapes[0].get(1))};
    }

    /**
     * Describes the block.
     *
     * @return its name
     */
    @Override
    public String toString() {
        return "FrequencyMeanTimeMaxPool()";
    }
}
