package io.bullwatch.models.scoring;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * A block's trainable parameters frozen for inference, so that a forward pass records no autograd
 * graph (on any thread); {@link #close()} thaws them again. Only the parameters that required
 * gradients are touched: running statistics never do.
 */
public final class FrozenParameters implements AutoCloseable {

    private final List<Parameter> frozen;

    private FrozenParameters(List<Parameter> frozen) {
        this.frozen = frozen;
    }

    /**
     * Freezes a block's trainable parameters.
     *
     * @param block the network
     * @return a handle that thaws exactly those parameters when closed (a detector never does)
     */
    public static FrozenParameters of(Block block) {
        List<Parameter> trainable = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                trainable.add(p.getValue());
            }
        }
        trainable.forEach(p -> p.freeze(true));
        return new FrozenParameters(List.copyOf(trainable));
    }

    /** Thaws the parameters this handle froze. */
    @Override
    public void close() {
        frozen.forEach(p -> p.freeze(false));
    }
}
