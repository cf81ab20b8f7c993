package io.bullwatch.models.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The frequency bands of spectrogram features {@code (N, C, F, T)} stacked into the channels:
 * {@code (N, C * F, 1, T)}, channel {@code c * F + f} holding band {@code f} of channel {@code c}.
 * Like {@link FrequencyMeanPool} it leaves one feature vector per time step, for 1x1 convolutions
 * after it to act as a classifier on every step, but the classifier then knows in which band a
 * feature fired (the mean over frequency keeps what fired, not where). Equivalent to PyTorch's
 * {@code x.reshape(n, c * f, 1, t)}. No parameters.
 */
public final class FrequencyStackPool extends AbstractBlock {

    private static final byte VERSION = 1;

    private FrequencyStackPool() {
        super(VERSION);
    }

    /**
     * The stacking block.
     *
     * @return a new block
     */
    public static FrequencyStackPool create() {
        return new FrequencyStackPool();
    }

    /**
     * Stacks an array's bands.
     *
     * @param input an array {@code (N, C, F, T)}
     * @return {@code (N, C * F, 1, T)}, owned by the input's manager
     * @throws IllegalArgumentException if the input is not four-dimensional
     */
    public static NDArray stack(NDArray input) {
        Shape s = input.getShape();
        if (s.dimension() != 4) {
            throw new IllegalArgumentException("frequency stacking needs (N, C, F, T), got " + s);
        }
        return input.reshape(s.get(0), s.get(1) * s.get(2), 1, s.get(3));
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs,
            boolean training, PairList<String, Object> params) {
        return new NDList(stack(inputs.singletonOrThrow()));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), s.get(1) * s.get(2), 1, s.get(3))};
    }

    /**
     * Describes the block.
     *
     * @return its name
     */
    @Override
    public String toString() {
        return "FrequencyStackPool()";
    }
}
