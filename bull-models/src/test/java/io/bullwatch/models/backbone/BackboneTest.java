package io.bullwatch.models.backbone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackboneTest {

    private static final FeatureDims WINDOW = FeatureDims.SEED_WINDOW;

    @Test
    void bodiesHaveTorchvisionParameterCounts() {
        // sum(p.numel() for p in torchvision.models.alexnet().parameters()), and vgg16()
        assertEquals(61_100_840L, Backbone.ALEXNET.architecture(Backbone.ALEXNET.defaultOptions())
                .bodyCost(WINDOW).parameters());
        assertEquals(138_357_544L, Backbone.VGG16.architecture(Backbone.VGG16.defaultOptions())
                .bodyCost(WINDOW).parameters());
    }

    @Test
    void adapterAndHeadAddTheSeedsParameters() {
        // BatchNorm without affine: 0; 1x1 conv 1 -> 3: 3 + 3; head: 1000*100 + 100 + 100*2 + 2
        long extra = 6 + 100_100 + 202;
        assertEquals(61_100_840L + extra, Backbone.ALEXNET.cost(
                BackboneOptions.of(AdapterKind.BATCH_NORM), WINDOW).parameters());
        // GroupNorm(1, 1) adds a scale and a shift
        assertEquals(138_357_544L + extra + 2, Backbone.VGG16.cost(
                BackboneOptions.of(AdapterKind.GROUP_NORM), WINDOW).parameters());
        assertEquals(138_357_544L + extra, Backbone.VGG16.cost(
                BackboneOptions.of(AdapterKind.STANDARDISED), WINDOW).parameters());
    }

    @Test
    void alexNetMultiplyAddsOnTheSeedWindowByHand() {
        // 1x128x646 -> adapter conv 1x1 to 3 channels (128*646*3 = 248,064 MACs)
        // conv1 11x11/4 pad 2: 31 x 160, 64 ch: 31*160*64*3*121       = 115,230,720
        // pool 3/2: 15 x 79; conv2 5x5 pad 2, 192 ch: 15*79*192*64*25 = 364,032,000
        // pool: 7 x 39; conv3 3x3, 384 ch: 7*39*384*192*9             = 181,149,696
        // conv4 256 ch: 7*39*256*384*9                                  = 241,532,928
        // conv5 256 ch: 7*39*256*256*9                                  = 161,021,952
        // pool: 3 x 19 -> adaptive 6x6; fc 9216*4096 + 4096*4096 + 4096*1000 = 58,621,952
        // head 1000*100 + 100*2 = 100,200
        long expected = 248_064L + 115_230_720L + 364_032_000L + 181_149_696L + 241_532_928L
                + 161_021_952L + 58_621_952L + 100_200L;
        NetworkCost cost = Backbone.ALEXNET.cost(Backbone.ALEXNET.defaultOptions(), WINDOW);
        assertEquals(expected, cost.multiplyAdds());
        assertEquals(FeatureDims.flat(2), cost.output());
    }

    @Test
    void compactIsAtLeastTwentyTimesCheaperThanAlexNet() {
        long alexnet = Backbone.ALEXNET.cost(Backbone.ALEXNET.defaultOptions(), WINDOW)
                .multiplyAdds();
        long vgg = Backbone.VGG16.cost(Backbone.VGG16.defaultOptions(), WINDOW).multiplyAdds();
        long compact = Backbone.COMPACT.cost(Backbone.COMPACT.defaultOptions(), WINDOW)
                .multiplyAdds();
        assertTrue(vgg > 24e9 && vgg < 27e9, "VGG16 about 25 G multiply-adds, got " + vgg);
        assertTrue(compact <= 60e6, "compact at most 60 M multiply-adds, got " + compact);
        assertTrue(alexnet >= 20 * compact, alexnet + " vs " + compact);
    }

    @Test
    void compactSedCostsAboutWhatCompactCostsWithTheSameParameters() {
        NetworkCost compact = Backbone.COMPACT.cost(Backbone.COMPACT.defaultOptions(), WINDOW);
        NetworkCost sed = Backbone.COMPACT_SED.cost(Backbone.COMPACT_SED.defaultOptions(), WINDOW);
        // the head's 1x1 convolutions hold the dense head's weights; only the last pooling differs
        assertEquals(compact.parameters(), sed.parameters());
        assertTrue(sed.multiplyAdds() < 1.2 * compact.multiplyAdds(), sed + " vs " + compact);
        assertEquals(FeatureDims.flat(2), sed.output());
        assertTrue(Backbone.COMPACT_SED.framewise());
        assertTrue(!Backbone.COMPACT.framewise() && !Backbone.ALEXNET.framewise());
    }

    @Test
    void compactSedBandsGivesTheHeadAWeightPerBand() {
        NetworkCost sed = Backbone.COMPACT_SED.cost(Backbone.COMPACT_SED.defaultOptions(), WINDOW);
        NetworkCost bands = Backbone.COMPACT_SED_BANDS.cost(
                Backbone.COMPACT_SED_BANDS.defaultOptions(), WINDOW);
        // 128 mels: stem stride 2 and three 2x poolings leave 8 bands of 128 features, so the
        // head's first 1x1 convolution takes 1024 inputs instead of 128: 896 x 100 more weights
        assertEquals(sed.parameters() + 896L * 100, bands.parameters());
        assertEquals(FeatureDims.flat(2), bands.output());
        assertTrue(Backbone.COMPACT_SED_BANDS.framewise());
        assertEquals(Backbone.COMPACT_SED_BANDS, Backbone.parse("compact-sed-bands"));
    }

    @Test
    void commandLineNamesParseBack() {
        for (Backbone b : Backbone.values()) {
            assertEquals(b, Backbone.parse(b.cliName()));
        }
        assertEquals("compact-sed", Backbone.COMPACT_SED.cliName());
        assertEquals(Backbone.COMPACT_SED, Backbone.parse(" Compact_SED "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Backbone.parse("resnet"));
        assertTrue(e.getMessage().contains("resnet") && e.getMessage().contains("compact-sed"),
                e.getMessage());
    }

    @Test
    void widthMultiplierScalesChannelsAndHiddenSizes() {
        BackboneOptions tiny = Backbone.ALEXNET.defaultOptions().withWidth(1.0 / 32);
        assertEquals(2, tiny.scale(64));
        assertEquals(128, tiny.scale(4096));
        assertEquals(31, tiny.scale(1000));
        assertEquals(1, tiny.withWidth(0.001).scale(64));
        assertThrows(IllegalArgumentException.class, () -> tiny.withWidth(0));
        // head input follows the body's scaled output: 31 * 100 + 100 + 202
        List<Layer> head = Backbone.ALEXNET.architecture(tiny).head();
        assertEquals(31 * 100 + 100 + 202, Architecture.cost(head, FeatureDims.flat(31))
                .parameters());
    }

    @Test
    void initialisedTinyNetworksMatchTheShapeCountsAndGiveTwoLogits() {
        FeatureDims input = new FeatureDims(1, 64, 128);
        for (Backbone backbone : Backbone.values()) {
            for (AdapterKind adapter : AdapterKind.values()) {
                BackboneOptions options = BackboneOptions.of(adapter).withWidth(1.0 / 16);
                BullNetwork network = backbone.network(options);
                try (NDManager manager = NDManager.newBaseManager()) {
                    network.initialize(manager, input);
                    assertEquals(backbone.cost(options, input).parameters(),
                            network.countTrainableParameters(), backbone + " " + adapter);
                    network.torchParameters().forEach((name, parameter) -> assertTrue(
                            parameter.isInitialized(), name));
                    NDArray x = manager.randomNormal(new Shape(3, 1, 64, 128));
                    NDList out = network.block().forward(new ParameterStore(manager, false),
                            new NDList(x), false);
                    assertEquals(backbone.framewise() ? 2 : 1, out.size(), backbone.toString());
                    assertEquals(new Shape(3, 2), out.get(0).getShape(), backbone + " " + adapter);
                    if (backbone.framewise()) {
                        // one step per 16 input frames: 128 / 16
                        assertEquals(new Shape(3, 2, 8), out.get(1).getShape(), backbone + " " + adapter);
                    }
                }
            }
        }
    }

    @Test
    void fullAlexNetInitialisesWithTorchvisionsCount() {
        BullNetwork network = Backbone.ALEXNET.network(Backbone.ALEXNET.defaultOptions());
        try (NDManager manager = NDManager.newBaseManager()) {
            network.initialize(manager, new FeatureDims(1, 64, 64));
            assertEquals(61_100_840L + 6 + 100_100 + 202, network.countTrainableParameters());
            assertEquals(new Shape(4096, 9216), network.torchParameters()
                    .get("backbone.classifier.1.weight").getShape());
        }
    }

    @Test
    void tooSmallInputIsRejectedWithTheLayerName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Backbone.ALEXNET.cost(Backbone.ALEXNET.defaultOptions(),
                        new FeatureDims(1, 40, 40)));
        assertTrue(e.getMessage().contains("backbone.features"), e.getMessage());
    }

    @Test
    void torchNamesFollowTorchvision() {
        BullNetwork network = Backbone.VGG16.network(
                Backbone.VGG16.defaultOptions().withWidth(1.0 / 64));
        List<String> names = List.copyOf(network.torchParameters().keySet());
        assertEquals(List.of("adapter.norm.weight", "adapter.norm.bias", "adapter.conv.weight",
                "adapter.conv.bias", "backbone.features.0.weight", "backbone.features.0.bias",
                "backbone.features.2.weight"), names.subList(0, 7));
        assertTrue(names.contains("backbone.features.28.bias"));
        assertTrue(names.contains("backbone.classifier.6.weight"));
        assertEquals(List.of("head.2.weight", "head.2.bias", "head.5.weight", "head.5.bias"),
                names.subList(names.size() - 4, names.size()));
    }
}
