package io.bullwatch.models.backbone;

import java.util.Locale;

/**
 * What a network or a part of it costs for one input window, computed from shapes alone.
 *
 * @param parameters trainable parameters (as PyTorch's {@code sum(p.numel() for p in
 *     m.parameters())}; running statistics of batch normalisation are not parameters)
 * @param multiplyAdds multiply-adds of convolutions and linear layers for one window (the "FLOPs"
 *     of torchvision's tables)
 * @param output the output size
 */
public record NetworkCost(long parameters, long multiplyAdds, FeatureDims output) {

    /**
     * Formats for people.
     *
     * @return e.g. {@code 61,100,840 parameters, 1,170.2 M multiply-adds -> 1000x1x1}
     */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%,d parameters, %,.1f M multiply-adds -> %s",
                parameters, multiplyAdds / 1e6, output);
    }
}
