package io.bullwatch.models.backbone;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A whole detection network as a list of layers in three parts: the input adapter (normalisation,
 * channel adaptation), the body (the backbone proper, e.g. torchvision's AlexNet), and the head
 * that turns the body's features into two logits (class 0 = no bull, class 1 = bull).
 *
 * @param adapter the input adapter's layers, possibly empty
 * @param body the backbone's layers
 * @param head the head's layers
 */
public record Architecture(List<Layer> adapter, List<Layer> body, List<Layer> head) {

    /**
     * Copies the lists.
     *
     * @throws NullPointerException if a list or layer is null
     */
    public Architecture {
        adapter = List.copyOf(adapter);
        body = List.copyOf(body);
        head = List.copyOf(head);
    }

    /**
     * All layers in order.
     *
     * @return adapter, body and head layers
     */
    public List<Layer> layers() {
        List<Layer> all = new ArrayList<>(adapter);
        all.addAll(body);
        all.addAll(head);
        return List.copyOf(all);
    }

    /**
     * The cost of the whole network.
     *
     * @param input the size of one input window
     * @return parameters, multiply-adds and the output size
     * @throws IllegalArgumentException if the input is too small for the network
     */
    public NetworkCost cost(FeatureDims input) {
        return cost(layers(), input);
    }

    /**
     * The cost of the body alone, fed by the adapter.
     *
     * @param input the size of one input window (before the adapter)
     * @return the body's parameters and multiply-adds, and its output size
     * @throws IllegalArgumentException if the input is too small for the network
     */
    public NetworkCost bodyCost(FeatureDims input) {
        FeatureDims adapted = cost(adapter, input).output();
        return cost(body, adapted);
    }

    /**
     * Sums the cost of consecutive layers.
     *
     * @param layers the layers, in order
     * @param input the size of the first layer's input
     * @return the total cost and the last layer's output size
     * @throws IllegalArgumentException if a layer does not fit its input
     */
    public static NetworkCost cost(List<Layer> layers, FeatureDims input) {
        Objects.requireNonNull(input, "input");
        long parameters = 0;
        long multiplyAdds = 0;
        FeatureDims dims = input;
        for (Layer layer : layers) {
            parameters += layer.parameters(dims);
            multiplyAdds += layer.multiplyAdds(dims);
            dims = layer.output(dims);
        }
        return new NetworkCost(parameters, multiplyAdds, dims);
    }
}
