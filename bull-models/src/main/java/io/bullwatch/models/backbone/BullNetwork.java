package io.bullwatch.models.backbone;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A detection network built from an {@link Architecture}: a DJL block that maps a batch of
 * windows {@code (N, 1, mels, frames)} to two logits per window {@code (N, 2)}, together with the
 * PyTorch name of every parameter, so that weights can be imported from PyTorch.
 *
 * <p>Instances are created by {@link Backbone#network(BackboneOptions)}. The block is a plain
 * {@link SequentialBlock} of three {@link SequentialBlock}s (adapter, body, head): train, save
 * and load it with DJL as any other block.
 */
public final class BullNetwork {

    private final Backbone backbone;
    private final BackboneOptions options;
    private final Architecture architecture;
    private final SequentialBlock block = new SequentialBlock();
    private final Map<String, Parameter> torchParameters = new LinkedHashMap<>();

    BullNetwork(Backbone backbone, BackboneOptions options, Architecture architecture) {
        this.backbone = Objects.requireNonNull(backbone, "backbone");
        this.options = Objects.requireNonNull(options, "options");
        this.architecture = Objects.requireNonNull(architecture, "architecture");
        for (List<Layer> part : List.of(architecture.adapter(), architecture.body(),
                architecture.head())) {
            if (part.isEmpty()) {
                continue;
            }
            SequentialBlock sequence = new SequentialBlock();
            for (Layer layer : part) {
                Block child = layer.toBlock();
                sequence.add(child);
                Map<String, Parameter> own = new LinkedHashMap<>();
                child.getParameters().forEach(pair -> own.put(pair.getKey(), pair.getValue()));
                layer.torchParameterNames().forEach((djlName, torchName) -> {
                    Parameter parameter = own.get(djlName);
                    if (parameter == null) {
                        throw new IllegalStateException("block " + child + " of layer "
                                + layer.name() + " has no parameter " + djlName);
                    }
                    torchParameters.put(layer.name() + "." + torchName, parameter);
                });
            }
            block.add(sequence);
        }
    }

    /**
     * The backbone this network was built from.
     *
     * @return the backbone
     */
    public Backbone backbone() {
        return backbone;
    }

    /**
     * The options it was built with.
     *
     * @return the options
     */
    public BackboneOptions options() {
        return options;
    }

    /**
     * The layer description.
     *
     * @return the architecture
     */
    public Architecture architecture() {
        return architecture;
    }

    /**
     * The DJL block.
     *
     * @return the block, uninitialised until {@link #initialize} or DJL initialises it
     */
    public Block block() {
        return block;
    }

    /**
     * Initialises the parameters in float32 with DJL's default initialisers.
     *
     * @param manager the manager that will own the parameters
     * @param input the size of one window
     * @throws IllegalArgumentException if the window is too small for the network
     */
    public void initialize(NDManager manager, FeatureDims input) {
        architecture.cost(input); // fails early, with a clear message, on too small inputs
        block.initialize(manager, DataType.FLOAT32,
                new Shape(1, input.channels(), input.height(), input.width()));
    }

    /**
     * The parameters and batch-normalisation statistics under their PyTorch {@code state_dict}
     * names: {@code adapter.*}, {@code backbone.*} (torchvision's names behind the prefix, e.g.
     * {@code backbone.features.0.weight}) and {@code head.*}.
     *
     * @return an unmodifiable map in PyTorch's order; shapes are known after initialisation
     */
    public Map<String, Parameter> torchParameters() {
        return Collections.unmodifiableMap(torchParameters);
    }

    /**
     * Counts the trainable parameters of the initialised block (running statistics and frozen
     * affine-free scales excluded), as PyTorch counts {@code parameters()}.
     *
     * @return the count
     * @throws IllegalStateException if the block is not initialised
     */
    public long countTrainableParameters() {
        if (!block.isInitialized()) {
            throw new IllegalStateException("initialise the network before counting parameters");
        }
        List<Parameter> trainable = new ArrayList<>();
        block.getParameters().forEach(pair -> {
            if (pair.getValue().requiresGradient()) {
                trainable.add(pair.getValue());
            }
        });
        return trainable.stream().mapToLong(p -> p.getArray().size()).sum();
    }
}
