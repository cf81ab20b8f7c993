package io.bullwatch.models.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.bullwatch.core.window.WindowSpec;
import io.bullwatch.features.mel.MelConfig;
import io.bullwatch.features.mel.Pcen;
import io.bullwatch.features.pipeline.FeaturePipeline;
import io.bullwatch.features.pipeline.InputNormalisation;
import io.bullwatch.features.windows.TinyWindows;
import io.bullwatch.features.windows.WindowSet;
import io.bullwatch.models.backbone.AdapterKind;
import io.bullwatch.models.backbone.Backbone;
import io.bullwatch.models.backbone.BackboneOptions;
import io.bullwatch.models.backbone.BullNetwork;
import io.bullwatch.models.backbone.FeatureDims;
import io.bullwatch.models.train.BullTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {

    private static final FeatureDims DIMS = new FeatureDims(1, 32, 64);

    private static ModelBundle bundle(BullNetwork net) {
        return new ModelBundle(Backbone.COMPACT, net.options(), DIMS, net.countTrainableParameters(), FeaturePipeline.of(MelConfig.seed(), WindowSpec.SEED, InputNormalisation.LOG_PER_RECORDING), 0.125, "recall:0.95", Map.of("trainWindows", 96), Map.of("test", Map.of("bullRecall", 0.5)));
    }

    @Test
    void roundTripGivesTheSameScores(@TempDir Path dir) throws IOException {
        WindowSet data = TinyWindows.make(8, 3, 32, 64, 3);
        float[] before;
        ModelBundle written;
        try (Model model = Model.newInstance("a")) {
            BullNetwork net = Backbone.COMPACT.network(Backbone.COMPACT.defaultOptions().withWidth(0.25));
            model.setBlock(net.block());
            Engine.getInstance().setRandomSeed(2);
            net.initialize(model.getNDManager(), DIMS);
            before = BullTrainer.score(model, data, 4);
            written = bundle(net);
            written.save(dir, net.block());
        }
        ModelBundle read = ModelBundle.read(dir);
        assertEquals(written.backbone(), read.backbone());
        assertEquals(written.options(), read.options());
        assertEquals(written.input(), read.input());
        assertEquals(written.window(), read.window());
        assertEquals(written.normalisation(), read.normalisation());
        assertEquals(written.parameterCount(), read.parameterCount());
        // free-form maps come back with JSON numbers as doubles
        assertEquals(96.0, read.training().get("trainWindows"));
        assertEquals(Map.of("bullRecall", 0.5), read.metrics().get("test"));
        assertEquals("recall:0.95", read.thresholdRule());
        assertEquals(0.125, read.threshold());
        assertEquals(MelConfig.seed(), read.mel());
        try (Model model = Model.newInstance("b")) {
            BullNetwork net = read.loadNetwork(dir, model.getNDManager());
            model.setBlock(net.block());
            assertArrayEquals(before, BullTrainer.score(model, data, 4), 1e-6f);
        }
    }

    @Test
    void numbersThatAreNotFiniteAreWrittenAsNullAndEarlierNaNStillReads() {
        BullNetwork net = Backbone.COMPACT.network(Backbone.COMPACT.defaultOptions().withWidth(0.25));
        Map<String, Object> test = new java.util.LinkedHashMap<>();
        test.put("precision", Double.NaN);
        test.put("gap", Double.POSITIVE_INFINITY);
        test.put("ap", Float.NaN);
        test.put("bullRecall", 0.5);
        ModelBundle b = new ModelBundle(Backbone.COMPACT, net.options(), DIMS, 1234,
                FeaturePipeline.of(MelConfig.seed(), WindowSpec.SEED, InputNormalisation.LOG_PER_RECORDING), 0.125,
                "recall:0.95", Map.of("trainWindows", 96), Map.of("test", test));
        String json = b.toJson();
        assertFalse(json.contains("NaN") || json.contains("Infinity"), json);
        // a strict parser reads it: each undefined number is null, the others as they were
        com.google.gson.JsonObject metrics = com.google.gson.JsonParser.parseString(json).getAsJsonObject()
                .getAsJsonObject("metrics").getAsJsonObject("test");
        com.google.gson.JsonObject strict;
        try (com.google.gson.stream.JsonReader r = new com.google.gson.stream.JsonReader(new java.io.StringReader(json))) {
            r.setStrictness(com.google.gson.Strictness.STRICT);
            strict = com.google.gson.JsonParser.parseReader(r).getAsJsonObject();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertEquals(metrics, strict.getAsJsonObject("metrics").getAsJsonObject("test"));
        assertTrue(metrics.get("precision").isJsonNull() && metrics.get("gap").isJsonNull()
                && metrics.get("ap").isJsonNull(), metrics::toString);
        assertEquals(0.5, metrics.get("bullRecall").getAsDouble());
        Map<?, ?> read = (Map<?, ?>) ModelBundle.fromJson(json).metrics().get("test");
        assertTrue(read.containsKey("precision") && read.get("precision") == null, read::toString);
        assertEquals(0.5, read.get("bullRecall"));
        // a model.json of an earlier version, with Gson's NaN literal, still reads (the literal as text)
        Map<?, ?> earlier = (Map<?, ?>) ModelBundle.fromJson(json.replace("\"precision\": null", "\"precision\": NaN"))
                .metrics().get("test");
        assertEquals("NaN", String.valueOf(earlier.get("precision")));
        assertEquals(0.5, earlier.get("bullRecall"));
    }

    @Test
    void refusesUnknownVersionsAndOtherArchitectures(@TempDir Path dir) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            BullNetwork net = Backbone.COMPACT.network(Backbone.COMPACT.defaultOptions().withWidth(0.25));
            net.initialize(m, DIMS);
            bundle(net).save(dir, net.block());
        }
        String json = Files.readString(dir.resolve(ModelBundle.MODEL_JSON));
        Files.writeString(dir.resolve(ModelBundle.MODEL_JSON), json.replace("\"formatVersion\": 1", "\"formatVersion\": 2"));
        IOException e = assertThrows(IOException.class, () -> ModelBundle.read(dir));
        assertTrue(e.getMessage().contains("unsupported model bundle format version 2"), e.getMessage());

        // Same file, but claiming a wider network: the parameter count does not match.
        Files.writeString(dir.resolve(ModelBundle.MODEL_JSON), json.replace("\"width\": 0.25", "\"width\": 0.5"));
        ModelBundle wider = ModelBundle.read(dir);
        try (NDManager m = NDManager.newBaseManager()) {
            IOException e2 = assertThrows(IOException.class, () -> wider.loadNetwork(dir, m));
            assertTrue(e2.getMessage().contains("trainable parameters"), e2.getMessage());
        }
        // Parameters of another architecture with a consistent model.json: DJL's loader refuses them.
        ModelBundle other = new ModelBundle(Backbone.COMPACT, new BackboneOptions(0.5, AdapterKind.BATCH_NORM), DIMS, wider.parameterCount(), FeaturePipeline.of(MelConfig.seed(), WindowSpec.SEED, InputNormalisation.LINEAR), 0.5, "f1", Map.of(), Map.of());
        try (NDManager m = NDManager.newBaseManager()) {
            long real = Backbone.COMPACT.network(new BackboneOptions(0.5, AdapterKind.BATCH_NORM)).architecture()
                    .cost(DIMS).parameters();
            assertTrue(real > 0);
        }
        assertEquals(InputNormalisation.LINEAR, other.normalisation());
    }

    @Test
    void aPcenBundleKeepsItsParametersAndRefusesToGuessThem(@TempDir Path dir) throws IOException {
        Pcen pcen = new Pcen(1.5, 0.9, 3, 0.25, 1e-8);
        FeaturePipeline pipeline = FeaturePipeline.of(MelConfig.seed(), WindowSpec.SEED,
                InputNormalisation.PCEN_PER_RECORDING, pcen);
        try (NDManager m = NDManager.newBaseManager()) {
            BullNetwork net = Backbone.COMPACT.network(Backbone.COMPACT.defaultOptions().withWidth(0.25));
            net.initialize(m, DIMS);
            new ModelBundle(Backbone.COMPACT, net.options(), DIMS, net.countTrainableParameters(), pipeline, 0.5,
                    "f1", Map.of(), Map.of()).save(dir, net.block());
        }
        assertEquals(pipeline, ModelBundle.read(dir).pipeline());
        String json = Files.readString(dir.resolve(ModelBundle.MODEL_JSON));
        assertTrue(json.contains("\"timeConstantSeconds\": 1.5"), json);
        Files.writeString(dir.resolve(ModelBundle.MODEL_JSON), json.replaceFirst("\"pcen\"", "\"pcenX\""));
        IOException e = assertThrows(IOException.class, () -> ModelBundle.read(dir));
        assertTrue(e.getMessage().contains("'pcen'"), e.getMessage());
        // a log bundle has no PCEN parameters to carry
        assertThrows(IllegalArgumentException.class, () -> FeaturePipeline.of(MelConfig.seed(), WindowSpec.SEED,
                InputNormalisation.LOG_PER_RECORDING, pcen));
    }

    @Test
    void aMultiRatePcenBundleKeepsEveryChannelAndRefusesAMalformedOne(@TempDir Path dir) throws IOException {
        FeaturePipeline pipeline = FeaturePipeline.of(MelConfig.seed(), WindowSpec.SEED,
                InputNormalisation.PCEN_PER_RECORDING, java.util.List.of(Pcen.LIBROSA, Pcen.DEFAULT));
        FeatureDims two = new FeatureDims(2, DIMS.height(), DIMS.width());
        try (NDManager m = NDManager.newBaseManager()) {
            BullNetwork net = Backbone.COMPACT.network(Backbone.COMPACT.defaultOptions().withWidth(0.25));
            net.initialize(m, two);
            new ModelBundle(Backbone.COMPACT, net.options(), two, net.countTrainableParameters(), pipeline, 0.5,
                    "f1", Map.of(), Map.of()).save(dir, net.block());
        }
        ModelBundle read = ModelBundle.read(dir);
        assertEquals(pipeline, read.pipeline());
        assertEquals(2, read.pipeline().channels());
        assertEquals(two, read.input());
        String json = Files.readString(dir.resolve(ModelBundle.MODEL_JSON));
        assertTrue(json.contains("\"timeConstantSeconds\": 0.4") && json.contains("\"timeConstantSeconds\": 6.0"),
                json);
        Files.writeString(dir.resolve(ModelBundle.MODEL_JSON), json.replaceFirst("\"gain\"", "\"gainX\""));
        IOException e = assertThrows(IOException.class, () -> ModelBundle.read(dir));
        assertTrue(e.getMessage().contains("'pcen[0].gain'"), e.getMessage());
        // detection checks the network's input channels against the features' (seed features: 128 x 646)
        BackboneOptions options = Backbone.COMPACT.defaultOptions();
        assertEquals(646, new ModelBundle(Backbone.COMPACT, options, new FeatureDims(2, 128, 646), 1, pipeline, 0.5,
                "f1", Map.of(), Map.of()).windowFrames(dir));
        InvalidBundleException one = assertThrows(InvalidBundleException.class, () -> new ModelBundle(Backbone.COMPACT,
                options, new FeatureDims(1, 128, 646), 1, pipeline, 0.5, "f1", Map.of(), Map.of()).windowFrames(dir));
        assertTrue(one.getMessage().contains("features are 2x128x646"), one.getMessage());
    }
}
