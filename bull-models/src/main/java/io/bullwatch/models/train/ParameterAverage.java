package io.bullwatch.models.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.ParameterList;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * An exponential moving average of a block's parameters (running statistics included), kept in
 * native memory beside them and updated after every optimiser step: {@code a = r a + (1 - r) p}.
 * Not thread-safe; close it to free its arrays.
 */
final class ParameterAverage implements AutoCloseable {

    private final NDManager manager;
    private final List<NDArray> average = new ArrayList<>();

    private ParameterAverage(NDManager manager) {
        this.manager = manager;
    }

    /**
     * Starts an average at the block's current parameters.
     *
     * @param block an initialised block
     * @param parent the manager whose sub-manager holds the average
     * @return the average
     */
    static ParameterAverage startingAt(Block block, NDManager parent) {
        ParameterAverage a = new ParameterAverage(parent.newSubManager());
        for (var p : block.getParameters()) {
            NDArray v = p.getValue().getArray();
            NDArray copy = a.manager.zeros(v.getShape(), v.getDataType(), v.getDevice());
            v.copyTo(copy);
            a.average.add(copy);
        }
        return a;
    }

    /**
     * Folds the block's current parameters in.
     *
     * @param block the block the average started from
     * @param rate the old average's weight {@code r} in [0, 1)
     */
    void update(Block block, double rate) {
        ParameterList params = block.getParameters();
        for (int i = 0; i < average.size(); i++) {
            NDArray p = params.get(i).getValue().getArray();
            try (NDArray scaled = p.mul((float) (1 - rate))) {
                average.get(i).muli((float) rate).addi(scaled);
            }
        }
    }

    /**
     * Copies the average into the block's parameters.
     *
     * @param block the block the average started from
     */
    void copyInto(Block block) {
        ParameterList params = block.getParameters();
        for (int i = 0; i < average.size(); i++) {
            average.get(i).copyTo(params.get(i).getValue().getArray());
        }
    }

    /** @return the average's values on the heap, in the block's parameter order */
    List<float[]> values() {
        List<float[]> v = new ArrayList<>(average.size());
        for (NDArray a : average) {
            v.add(a.toFloatArray());
        }
        return v;
    }

    /**
     * Replaces the average's values (a resumed run).
     *
     * @param values values in the block's parameter order, as {@link #values()} gives them
     * @throws IllegalArgumentException if the count or a size differs
     */
    void set(List<float[]> values) {
        if (values.size() != average.size()) {
            throw new IllegalArgumentException("the saved average has " + values.size()
                    + " parameters, the block " + average.size());
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i).length != average.get(i).size()) {
                throw new IllegalArgumentException("saved average parameter " + i + " has "
                        + values.get(i).length + " values, the block's " + average.get(i).size());
            }
            average.get(i).set(FloatBuffer.wrap(values.get(i)));
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
