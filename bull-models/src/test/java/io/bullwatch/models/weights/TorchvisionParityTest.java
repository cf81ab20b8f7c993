package io.bullwatch.models.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.bullwatch.core.InputFormatException;
import io.bullwatch.core.io.NpyArray;
import io.bullwatch.core.io.NpzFile;
import io.bullwatch.core.io.NpzFileTest;
import io.bullwatch.models.backbone.AdapterKind;
import io.bullwatch.models.backbone.Backbone;
import io.bullwatch.models.backbone.BackboneOptions;
import io.bullwatch.models.backbone.BullNetwork;
import io.bullwatch.models.backbone.FeatureDims;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The same weights give the same logits as PyTorch: golden files written by
 * scripts/make-golden-models.py with Debian's python3-torchvision (torchvision's AlexNet and VGG
 * classes with width-reduced layers, and the compact network's PyTorch mirror), adapter and head
 * included, in eval mode.
 */
class TorchvisionParityTest {

    static Path golden(String file) {
        try {
            return Path.of(TorchvisionParityTest.class.getResource("/golden/" + file).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "alexnet-w32-batchnorm, ALEXNET, 0.03125, BATCH_NORM",
        "vgg16-w64-groupnorm, VGG16, 0.015625, GROUP_NORM",
        "compact-w50-batchnorm, COMPACT, 0.5, BATCH_NORM"})
    void logitsMatchPyTorch(String name, Backbone backbone, double width, AdapterKind adapter)
            throws IOException {
        checkParity(golden(name + ".io.npz"), golden(name + ".weights.npz"), name, backbone,
                width, adapter);
    }

    /**
     * Full-width AlexNet and VGG16 on seed windows, from {@code make-golden-models.py --full DIR}
     * (too large to commit): {@code -Dbullwatch.fullParityDir=DIR}.
     */
    @ParameterizedTest
    @CsvSource({
        "alexnet-full-batchnorm, ALEXNET, 1, BATCH_NORM",
        "vgg16-full-groupnorm, VGG16, 1, GROUP_NORM"})
    @EnabledIfSystemProperty(named = "bullwatch.fullParityDir", matches = ".+")
    void fullWidthLogitsMatchPyTorch(String name, Backbone backbone, double width,
            AdapterKind adapter) throws IOException {
        Path dir = Path.of(System.getProperty("bullwatch.fullParityDir"));
        checkParity(dir.resolve(name + ".io.npz"), dir.resolve(name + ".weights.npz"), name,
                backbone, width, adapter);
    }

    private static void checkParity(Path ioFile, Path weights, String name, Backbone backbone,
            double width, AdapterKind adapter) throws IOException {
        Map<String, NpyArray> io = NpzFile.readAll(ioFile);
        NpyArray input = io.get("input");
        float[] expected = io.get("logits").data();
        long[] shape = input.shape();
        BullNetwork network = backbone.network(new BackboneOptions(width, adapter));
        try (NDManager manager = NDManager.newBaseManager()) {
            network.initialize(manager, new FeatureDims((int) shape[1], (int) shape[2],
                    (int) shape[3]));
            // NpzFile reads integers as float32: exact below 2^24 (the tiny networks), to float
            // precision above (the full-width counts are checked exactly in BackboneTest).
            assertEquals(io.get("parameters").data()[0],
                    (float) network.countTrainableParameters(), "PyTorch's parameter count");
            ImportReport report = NpzWeights.load(network, weights, true);
            assertEquals(network.torchParameters().size(), report.loaded().size());
            assertTrue(report.missing().isEmpty());

            NDArray x = manager.create(input.data(), new Shape(shape));
            NDArray logits = network.block().forward(new ParameterStore(manager, false),
                    new NDList(x), false).singletonOrThrow();
            assertEquals(new Shape(shape[0], 2), logits.getShape());
            float[] got = logits.toFloatArray();
            double maxAbs = 0;
            double maxRel = 0;
            for (int i = 0; i < got.length; i++) {
                double diff = Math.abs(got[i] - expected[i]);
                maxAbs = Math.max(maxAbs, diff);
                maxRel = Math.max(maxRel, diff / Math.max(1e-6, Math.abs(expected[i])));
            }
            org.slf4j.LoggerFactory.getLogger(TorchvisionParityTest.class).info(
                    "{}: max abs error {}, max rel error {}", name, maxAbs, maxRel);
            assertArrayEquals(expected, got, 1e-4f, name + " max abs " + maxAbs);
        }
    }

    @Test
    void bareTorchvisionNamesLoadIntoTheBodyAndLeaveTheRest(@TempDir Path dir)
            throws IOException {
        // What export-torchvision.py writes: the body only, under torchvision's own names.
        Path bodyOnly = dir.resolve("alexnet-body.npz");
        Map<String, NpyArray> all = NpzFile.readAll(golden("alexnet-w32-batchnorm.weights.npz"));
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(bodyOnly))) {
            for (NpyArray array : all.values()) {
                if (!array.name().startsWith("backbone.")) {
                    continue;
                }
                ByteBuffer data = ByteBuffer.allocate(4 * array.data().length)
                        .order(ByteOrder.LITTLE_ENDIAN);
                for (float v : array.data()) {
                    data.putFloat(v);
                }
                String shape = String.join(", ", java.util.Arrays.stream(array.shape())
                        .mapToObj(Long::toString).toList()) + (array.shape().length == 1 ? "," : "");
                zip.putNextEntry(new ZipEntry(array.name().substring("backbone.".length()) + ".npy"));
                zip.write(NpzFileTest.npy("<f4", shape, false, data.array()));
                zip.closeEntry();
            }
        }
        BullNetwork network = Backbone.ALEXNET.network(
                Backbone.ALEXNET.defaultOptions().withWidth(1.0 / 32));
        try (NDManager manager = NDManager.newBaseManager()) {
            network.initialize(manager, new FeatureDims(1, 96, 160));
            assertThrows(InputFormatException.class, () -> NpzWeights.load(network, bodyOnly, true));
            ImportReport report = NpzWeights.load(network, bodyOnly, false);
            assertEquals(16, report.loaded().size(), "AlexNet: 8 layers with weight and bias");
            assertEquals(java.util.List.of("adapter.norm.running_mean", "adapter.norm.running_var",
                    "adapter.conv.weight", "adapter.conv.bias", "head.2.weight", "head.2.bias",
                    "head.5.weight", "head.5.bias"), report.missing());
            assertArrayEquals(all.get("backbone.classifier.6.weight").data(), network
                    .torchParameters().get("backbone.classifier.6.weight").getArray()
                    .toFloatArray());
        }
    }

    @Test
    void wrongArchitectureIsRejectedWithNames() {
        // AlexNet weights into a VGG16 network: unknown names
        BullNetwork vgg = Backbone.VGG16.network(
                Backbone.VGG16.defaultOptions().withWidth(1.0 / 64));
        // AlexNet weights at width 1/32 into AlexNet at width 1/16: shapes differ
        BullNetwork wider = Backbone.ALEXNET.network(
                Backbone.ALEXNET.defaultOptions().withWidth(1.0 / 16));
        try (NDManager manager = NDManager.newBaseManager()) {
            vgg.initialize(manager, new FeatureDims(1, 64, 128));
            InputFormatException names = assertThrows(InputFormatException.class,
                    () -> NpzWeights.load(vgg, golden("alexnet-w32-batchnorm.weights.npz"), false));
            assertTrue(names.getMessage().contains("has no parameter"), names.getMessage());
            wider.initialize(manager, new FeatureDims(1, 96, 160));
            InputFormatException shapes = assertThrows(InputFormatException.class,
                    () -> NpzWeights.load(wider, golden("alexnet-w32-batchnorm.weights.npz"),
                            true));
            assertTrue(shapes.getMessage().contains("does not fit"), shapes.getMessage());
        }
    }
}
