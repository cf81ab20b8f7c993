package io.bullwatch.models.backbone;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The networks BullWatch can train, each as input adapter, body and the seed's head.
 *
 * <p>{@link #ALEXNET} and {@link #VGG16} are torchvision's layouts (parameter names included, so
 * ImageNet weights import; adaptive average pooling makes any window size work) behind the seed's
 * adapter (normalisation, then a 1x1 convolution from one channel to three). {@link #COMPACT} is
 * a small network designed for 1x128x646 mel windows on a CPU, {@link #COMPACT_SED} the same
 * network scoring every time step, and {@link #COMPACT_SED_BANDS} that one keeping the frequency
 * bands apart. All end with the seed's head: ReLU, dropout 0.3, linear to 100, ReLU, dropout
 * 0.2, linear to 2 logits (class 1 = bull); the two sound-event detectors apply it to every time
 * step and keep the window's best.
 */
public enum Backbone {

    /** Torchvision's AlexNet (61,100,840 parameters at full width). */
    ALEXNET(AdapterKind.BATCH_NORM, true, false) {
        @Override
        List<Layer> body(BackboneOptions o) {
            Names f = new Names("backbone.features");
            List<Layer> layers = new ArrayList<>();
            layers.add(Layer.Conv.square(f.next(), o.scale(64), 11, 4, 2));
            layers.add(new Layer.Relu(f.next()));
            layers.add(maxPool3x3(f.next()));
            layers.add(Layer.Conv.square(f.next(), o.scale(192), 5, 1, 2));
            layers.add(new Layer.Relu(f.next()));
            layers.add(maxPool3x3(f.next()));
            layers.add(Layer.Conv.square(f.next(), o.scale(384), 3, 1, 1));
            layers.add(new Layer.Relu(f.next()));
            layers.add(Layer.Conv.square(f.next(), o.scale(256), 3, 1, 1));
            layers.add(new Layer.Relu(f.next()));
            layers.add(Layer.Conv.square(f.next(), o.scale(256), 3, 1, 1));
            layers.add(new Layer.Relu(f.next()));
            layers.add(maxPool3x3(f.next()));
            layers.add(new Layer.AdaptiveAvgPool("backbone.avgpool", 6, 6));
            layers.add(new Layer.Flatten("backbone.flatten"));
            Names c = new Names("backbone.classifier");
            layers.add(new Layer.Drop(c.next(), 0.5f));
            layers.add(new Layer.Dense(c.next(), o.scale(4096)));
            layers.add(new Layer.Relu(c.next()));
            layers.add(new Layer.Drop(c.next(), 0.5f));
            layers.add(new Layer.Dense(c.next(), o.scale(4096)));
            layers.add(new Layer.Relu(c.next()));
            layers.add(new Layer.Dense(c.next(), o.scale(1000)));
            return layers;
        }
    },

    /** Torchvision's VGG16 without batch normalisation (138,357,544 parameters at full width). */
    VGG16(AdapterKind.GROUP_NORM, true, false) {
        @Override
        List<Layer> body(BackboneOptions o) {
            int[] channels = {64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0,
                512, 512, 512, 0};
            Names f = new Names("backbone.features");
            List<Layer> layers = new ArrayList<>();
            for (int c : channels) {
                if (c == 0) {
                    layers.add(new Layer.MaxPool(f.next(), 2, 2, 2, 2));
                } else {
                    layers.add(Layer.Conv.square(f.next(), o.scale(c), 3, 1, 1));
                    layers.add(new Layer.Relu(f.next()));
                }
            }
            layers.add(new Layer.AdaptiveAvgPool("backbone.avgpool", 7, 7));
            layers.add(new Layer.Flatten("backbone.flatten"));
            Names c = new Names("backbone.classifier");
            layers.add(new Layer.Dense(c.next(), o.scale(4096)));
            layers.add(new Layer.Relu(c.next()));
            layers.add(new Layer.Drop(c.next(), 0.5f));
            layers.add(new Layer.Dense(c.next(), o.scale(4096)));
            layers.add(new Layer.Relu(c.next()));
            layers.add(new Layer.Drop(c.next(), 0.5f));
            layers.add(new Layer.Dense(c.next(), o.scale(1000)));
            return layers;
        }
    },

    /**
     * A compact network for 1x128x646 mel windows on a CPU (about 43 M multiply-adds per window,
     * 28 times fewer than AlexNet): a strided 3x3 stem convolution, then four depthwise-separable
     * blocks (3x3 depthwise convolution, 1x1 pointwise convolution, each followed by batch
     * normalisation and ReLU) with 16, 32, 64, 128, 128 channels and max pooling 2x2, 2x2, 2x4
     * (frequency x time) after the first three blocks, then the mean over frequency and the
     * maximum over time. The input goes straight in (one channel): its adapter has no 1x1
     * convolution.
     */
    COMPACT(AdapterKind.BATCH_NORM, false, false) {
        @Override
        List<Layer> body(BackboneOptions o) {
            List<Layer> layers = compactFeatures(o, 4);
            layers.add(new Layer.FrequencyMeanTimeMax("backbone.pool"));
            return layers;
        }
    },

    /**
     * The compact network as a sound-event detector: the same stem and blocks (the last pooling
     * 2x2, so one output step per 16 input frames: 0.74 s at hop 2048, 0.37 s at the seed's hop
     * 1024), then the mean over frequency, and the head applied to every time step as 1x1
     * convolutions (the seed's head: ReLU, dropout 0.3, 100 units, ReLU, dropout 0.2, 2 logits).
     * The window's bull margin is its highest step's ({@link io.bullwatch.models.blocks.FrameMaxPool}).
     * Trained with frame targets cut from each annotation's start and end (strong labels) besides
     * the window labels; it costs about the same as {@link #COMPACT}.
     */
    COMPACT_SED(AdapterKind.BATCH_NORM, false, true) {
        @Override
        List<Layer> body(BackboneOptions o) {
            List<Layer> layers = compactFeatures(o, 2);
            layers.add(new Layer.FrequencyMean("backbone.pool"));
            return layers;
        }
    },

    /**
     * {@link #COMPACT_SED} with the frequency bands stacked into each step's features instead of
     * averaged ({@link Layer.FrequencyStack}): the head sees in which band each feature fired
     * (4 bands of 128 features at 64 mels, 8 at 128), which the mean over frequency of
     * translation-invariant convolutions cannot tell it. The head's first layer has a weight per
     * band (51,300 parameters at 64 mels against 12,900); the rest is {@link #COMPACT_SED}'s.
     */
    COMPACT_SED_BANDS(AdapterKind.BATCH_NORM, false, true) {
        @Override
        List<Layer> body(BackboneOptions o) {
            List<Layer> layers = compactFeatures(o, 2);
            layers.add(new Layer.FrequencyStack("backbone.pool"));
            return layers;
        }
    };

    private final AdapterKind seedAdapter;
    private final boolean threeChannels;
    private final boolean framewise;

    /**
     * @param seedAdapter the default adapter
     * @param threeChannels whether the adapter ends with a 1x1 convolution to three channels
     *     (the ImageNet layouts)
     * @param framewise whether the network scores every time step ({@link #framewise()})
     */
    Backbone(AdapterKind seedAdapter, boolean threeChannels, boolean framewise) {
        this.seedAdapter = seedAdapter;
        this.threeChannels = threeChannels;
        this.framewise = framewise;
    }

    /** The body's layers, fed by the adapter. */
    abstract List<Layer> body(BackboneOptions options);

    /**
     * The seed's head: ReLU, dropout 0.3, linear to 100, ReLU, dropout 0.2, linear to 2; for a
     * network that scores every time step, the same on every step ({@link #frameHead()}).
     */
    List<Layer> head() {
        if (framewise) {
            return frameHead();
        }
        Names h = new Names("head");
        return List.of(
                new Layer.Relu(h.next()),
                new Layer.Drop(h.next(), 0.3f),
                new Layer.Dense(h.next(), 100),
                new Layer.Relu(h.next()),
                new Layer.Drop(h.next(), 0.2f),
                new Layer.Dense(h.next(), 2));
    }

    /**
     * Whether the network scores every time step of a window as well as the window: its block
     * then returns two arrays, the window logits {@code (N, 2)} first and the frame logits
     * {@code (N, 2, T)} second, and training can use frame targets.
     *
     * @return true for {@link #COMPACT_SED} and {@link #COMPACT_SED_BANDS}
     */
    public boolean framewise() {
        return framewise;
    }

    /** Whether the adapter ends with a 1x1 convolution from one channel to three. */
    boolean adaptsToThreeChannels() {
        return threeChannels;
    }

    /**
     * The default options: full width and the seed's adapter (batch normalisation for AlexNet
     * and the compact network, group normalisation for VGG16).
     *
     * @return the options
     */
    public BackboneOptions defaultOptions() {
        return BackboneOptions.of(seedAdapter);
    }

    /**
     * The network's layers.
     *
     * @param options width and adapter
     * @return adapter, body and head
     */
    public Architecture architecture(BackboneOptions options) {
        Objects.requireNonNull(options, "options");
        List<Layer> adapter = new ArrayList<>();
        switch (options.adapter()) {
            case BATCH_NORM -> adapter.add(new Layer.BatchNormalization("adapter.norm", false));
            case GROUP_NORM -> adapter.add(new Layer.GroupNormalization("adapter.norm", 1));
            case STANDARDISED -> { }
            default -> throw new IllegalStateException("unknown adapter " + options.adapter());
        }
        if (adaptsToThreeChannels()) {
            adapter.add(new Layer.Conv("adapter.conv", 3, 1, 1, 1, 1, 0, 0, 1, true));
        }
        return new Architecture(adapter, body(options), head());
    }

    /**
     * Builds the network.
     *
     * @param options width and adapter
     * @return a new, uninitialised network
     */
    public BullNetwork network(BackboneOptions options) {
        return new BullNetwork(this, options, architecture(options));
    }

    /**
     * What the network costs for one window, from shapes alone (nothing is allocated).
     *
     * @param options width and adapter
     * @param input the size of one window, e.g. {@link FeatureDims#SEED_WINDOW}
     * @return the whole network's cost
     * @throws IllegalArgumentException if the window is too small for the network
     */
    public NetworkCost cost(BackboneOptions options, FeatureDims input) {
        return architecture(options).cost(input);
    }

    /**
     * The name used on the command line.
     *
     * @return e.g. {@code alexnet}
     */
    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /**
     * The backbone of a command-line name.
     *
     * @param name e.g. {@code compact-sed} (case and {@code _} for {@code -} are tolerated)
     * @return the backbone
     * @throws IllegalArgumentException if no backbone has that name, listing those that exist
     */
    public static Backbone parse(String name) {
        String wanted = name.trim().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        for (Backbone b : values()) {
            if (b.cliName().equals(wanted)) {
                return b;
            }
        }
        List<String> known = new ArrayList<>();
        for (Backbone b : values()) {
            known.add(b.cliName());
        }
        throw new IllegalArgumentException("unknown backbone '" + name + "'; expected one of "
                + String.join(", ", known));
    }

    /**
     * The compact network's stem and depthwise-separable blocks (16, 32, 64, 128, 128 channels,
     * max pooling 2x2, 2x2 and 2 x {@code lastTimePool} after the first three blocks).
     */
    private static List<Layer> compactFeatures(BackboneOptions o, int lastTimePool) {
        Names f = new Names("backbone.features");
        List<Layer> layers = new ArrayList<>();
        int stem = o.scale(16);
        layers.add(new Layer.Conv(f.next(), stem, 3, 3, 2, 2, 1, 1, 1, false));
        layers.add(new Layer.BatchNormalization(f.next(), true));
        layers.add(new Layer.Relu(f.next()));
        int in = stem;
        int[][] blocks = {{32, 2, 2}, {64, 2, 2}, {128, 2, lastTimePool}, {128, 1, 1}};
        for (int[] b : blocks) {
            int out = o.scale(b[0]);
            layers.add(new Layer.Conv(f.next(), in, 3, 3, 1, 1, 1, 1, in, false));
            layers.add(new Layer.BatchNormalization(f.next(), true));
            layers.add(new Layer.Relu(f.next()));
            layers.add(new Layer.Conv(f.next(), out, 1, 1, 1, 1, 0, 0, 1, false));
            layers.add(new Layer.BatchNormalization(f.next(), true));
            layers.add(new Layer.Relu(f.next()));
            if (b[1] > 1 || b[2] > 1) {
                layers.add(new Layer.MaxPool(f.next(), b[1], b[2], b[1], b[2]));
            }
            in = out;
        }
        return layers;
    }

    /**
     * The seed's head on every time step as 1x1 convolutions, then the window's best step
     * ({@link Layer.FrameMax}).
     */
    private static List<Layer> frameHead() {
        Names h = new Names("head");
        return List.of(
                new Layer.Relu(h.next()),
                new Layer.Drop(h.next(), 0.3f),
                new Layer.Conv(h.next(), 100, 1, 1, 1, 1, 0, 0, 1, true),
                new Layer.Relu(h.next()),
                new Layer.Drop(h.next(), 0.2f),
                new Layer.Conv(h.next(), 2, 1, 1, 1, 1, 0, 0, 1, true),
                new Layer.FrameMax("head.pool"));
    }

    private static Layer maxPool3x3(String name) {
        return new Layer.MaxPool(name, 3, 3, 2, 2);
    }

    /** Consecutive module names of a PyTorch {@code nn.Sequential}. */
    private static final class Names {
        private final String prefix;
        private int next;

        Names(String prefix) {
            this.prefix = prefix;
        }

        String next() {
            return prefix + "." + next++;
        }
    }
}
