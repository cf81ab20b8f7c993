package io.bullwatch.models.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.bullwatch.core.io.Sha256;
import io.bullwatch.features.pipeline.InputNormalisation;
import io.bullwatch.models.backbone.BullNetwork;
import io.bullwatch.models.bundle.InvalidBundleException;
import io.bullwatch.models.bundle.ModelBundle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way a model bundle can be broken ends in one {@link InvalidBundleException} from {@link
 * Detector#load}: one line that names the bundle file and says what is wrong (the hostile-input
 * table of bundles, as {@code WavHostileInputTest} is for WAV files).
 */
class BrokenBundleTest {

    @TempDir
    Path dir;

    /** A way to break a good bundle, the file the message must name, and what it must say. */
    private record Breakage(String name, Edit edit, String file, String says) {
        @Override
        public String toString() {
            return name;
        }
    }

    @FunctionalInterface
    private interface Edit {
        void apply(Path bundle) throws IOException;
    }

    private static final String JSON = ModelBundle.MODEL_JSON;
    private static final String PARAMS = ModelBundle.PARAMETERS;

    static Stream<Arguments> breakages() {
        return Stream.of(
                new Breakage("folder missing", b -> deleteTree(b), "", "no such model bundle folder"),
                new Breakage("a file, not a folder", b -> {
                    deleteTree(b);
                    Files.writeString(b, "x");
                }, "", "not a folder"),
                new Breakage("no model.json", b -> Files.delete(b.resolve(JSON)), "", "it has no model.json"),
                new Breakage("empty model.json", b -> Files.write(b.resolve(JSON), new byte[0]), JSON, "empty"),
                new Breakage("blank model.json", b -> Files.writeString(b.resolve(JSON), " \n\t\n"), JSON, "empty"),
                new Breakage("garbage model.json", b -> Files.write(b.resolve(JSON), random(500, 1)), JSON,
                        "not valid JSON"),
                new Breakage("model.json is null", b -> Files.writeString(b.resolve(JSON), "null"), JSON,
                        "expected a JSON object, found null"),
                new Breakage("model.json is an array", b -> Files.writeString(b.resolve(JSON), "[1, 2]"), JSON,
                        "expected a JSON object, found an array"),
                new Breakage("truncated model.json", b -> truncate(b.resolve(JSON), 0.5), JSON,
                        "not valid JSON at line"),
                new Breakage("text after the object", b -> append(b.resolve(JSON), "}"), JSON, "not valid JSON"),
                new Breakage("not a BullWatch model", b -> Files.writeString(b.resolve(JSON), "{\"a\": 1}"), JSON,
                        "not a BullWatch model"),
                new Breakage("width is text", b -> replaceJson(b, "\"width\": 0.25", "\"width\": \"abc\""), JSON,
                        "field 'width': expected a number, found \"abc\""),
                new Breakage("input missing", b -> replaceJson(b, "\"input\": {", "\"inputs\": {"), JSON,
                        "lacks the field 'input'"),
                new Breakage("mels not whole", b -> replaceJson(b, "\"mels\": 32", "\"mels\": 32.5"), JSON,
                        "field 'input.mels': expected a whole number, found 32.5"),
                new Breakage("threshold above 1", b -> replaceJson(b, "\"value\": 0.5", "\"value\": 1.5"), JSON,
                        "the threshold is a bull probability from 0 to 1, got 1.5"),
                new Breakage("unknown backbone", b -> replaceJson(b, "\"backbone\": \"compact\"",
                        "\"backbone\": \"resnet\""), JSON, "resnet"),
                new Breakage("bad mel", b -> replaceJson(b, "\"nMels\": 32", "\"nMels\": \"many\""), JSON,
                        "field 'mel'"),
                new Breakage("wrong input shape", b -> replaceJson(b, "\"mels\": 32", "\"mels\": 48"), JSON,
                        "the network takes 1x48x"),
                new Breakage("wrong parameter count", b -> replaceJson(b, "\"parameterCount\": ",
                        "\"parameterCount\": 1"), JSON, "trainable parameters"),
                new Breakage("no parameters", b -> Files.delete(b.resolve(PARAMS)), PARAMS, "missing"),
                new Breakage("empty parameters", b -> Files.write(b.resolve(PARAMS), new byte[0]), PARAMS,
                        "ends early"),
                new Breakage("truncated parameters", b -> truncate(b.resolve(PARAMS), 0.5), PARAMS, "ends early"),
                new Breakage("parameters cut by one byte", b -> truncate(b.resolve(PARAMS), -1), PARAMS, "ends early"),
                new Breakage("garbage parameters of the right size", b -> Files.write(b.resolve(PARAMS),
                        random((int) Files.size(b.resolve(PARAMS)), 2)), PARAMS, "does not fit compact"),
                new Breakage("bytes after the parameters", b -> Files.write(b.resolve(PARAMS), new byte[7],
                        java.nio.file.StandardOpenOption.APPEND), PARAMS, "7 bytes follow the parameters"),
                new Breakage("NaN bytes in the parameters (right size)", b -> overwriteValues(b, 64),
                        PARAMS, "was saved with parameters of SHA-256"),
                new Breakage("NaN bytes in the parameters of a bundle without their hash", b -> {
                    overwriteValues(b, 64);
                    dropHash(b);
                }, PARAMS, "values that are not finite numbers"),
                new Breakage("parameters of another training of the same network", b -> {
                    Path other = DetectorTest.bundleOfWidth(b.resolveSibling("other"), 0.25);
                    resave(other, a -> a.muli(0.5f));
                    Files.copy(other.resolve(PARAMS), b.resolve(PARAMS), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }, PARAMS, "the file was replaced or corrupted, or the save was interrupted"),
                new Breakage("a hash that is not text", b -> replaceJson(b, "\"parametersSha256\": \"",
                        "\"parametersSha256\": [\""), JSON, "not valid JSON"),
                new Breakage("parameters of another width", b -> otherWidth(b), PARAMS, "has shape"),
                new Breakage("background profiles of other bands", b -> replaceJson(b, "\"training\": {}",
                        "\"training\": {\"background\": {\"recordings\": [{\"site\": \"a\", \"recording\": \"r\","
                        + " \"mean\": [1], \"std\": [1]}]}}"), JSON,
                        "field 'training.background': profiles of 1 bands, the features have 32"),
                new Breakage("a background profile that is not numbers", b -> replaceJson(b, "\"training\": {}",
                        "\"training\": {\"background\": {\"recordings\": [{\"site\": \"a\", \"recording\": \"r\","
                        + " \"mean\": [\"loud\"], \"std\": [1]}]}}"), JSON,
                        "field 'training.background': recordings[0].mean[0]: expected a number, found loud"),
                new Breakage("embedding profiles of another length than the network's", b -> replaceJson(b,
                        "\"training\": {}", "\"training\": {\"embedding\": {\"recordings\": [{\"site\": \"a\","
                        + " \"recording\": \"r\", \"mean\": [1, 2], \"std\": [1, 1]}]}}"), JSON,
                        "field 'training.embedding': profiles of 2 dimensions, the network's embeddings have 32"),
                new Breakage("an embedding reference without recordings", b -> replaceJson(b, "\"training\": {}",
                        "\"training\": {\"embedding\": {\"descriptor\": \"x\"}}"), JSON,
                        "field 'training.embedding': expected an object with a list of recordings"),
                new Breakage("finite parameters that overflow", b -> resave(b, a -> a.muli(1e30f)), PARAMS,
                        "gives a score that is not a finite number"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breakages")
    void aBrokenBundleIsOneLineNamingTheFile(Breakage breakage) throws IOException {
        Path bundle = DetectorTest.bundle(dir.resolve("model"), InputNormalisation.LOG_PER_RECORDING);
        breakage.edit().apply(bundle);
        InvalidBundleException e = assertThrows(InvalidBundleException.class,
                () -> Detector.load(bundle, DetectorOptions.defaults()).close());
        String named = breakage.file().isEmpty() ? bundle.toString() : bundle.resolve(breakage.file()).toString();
        assertTrue(e.getMessage().startsWith(named + ": "), e.getMessage());
        assertEquals(Path.of(named), e.file());
        assertTrue(e.getMessage().contains(breakage.says()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(e.getMessage().contains("http"), e.getMessage());
    }

    /** What only the loaded network shows: {@link Detector#verify} lets these through, {@link Detector#load} not. */
    private static final java.util.Set<String> SEEN_ONLY_BY_LOADING = java.util.Set.of("wrong parameter count",
            "embedding profiles of another length than the network's", "finite parameters that overflow");

    @ParameterizedTest(name = "{0}")
    @MethodSource("breakages")
    void verifyingWithoutTheNetworkRefusesWhatTheFilesShow(Breakage breakage) throws IOException {
        Path bundle = DetectorTest.bundle(dir.resolve("model"), InputNormalisation.LOG_PER_RECORDING);
        breakage.edit().apply(bundle);
        if (SEEN_ONLY_BY_LOADING.contains(breakage.name())) {
            assertEquals(Sha256.hex(bundle.resolve(PARAMS)), Detector.verify(bundle, DetectorOptions.defaults())
                    .get("parametersSha256"));
            return;
        }
        InvalidBundleException e = assertThrows(InvalidBundleException.class,
                () -> Detector.verify(bundle, DetectorOptions.defaults()));
        String named = breakage.file().isEmpty() ? bundle.toString() : bundle.resolve(breakage.file()).toString();
        assertEquals(Path.of(named), e.file(), e::getMessage);
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void verifyingAGoodBundleGivesTheLoadedDetectorsParameters() throws IOException {
        Path bundle = DetectorTest.bundle(dir.resolve("model"), InputNormalisation.LOG_PER_RECORDING);
        try (Detector d = Detector.load(bundle, DetectorOptions.defaults().withThreshold(0.7))) {
            assertEquals(d.parameters(), Detector.verify(bundle, DetectorOptions.defaults().withThreshold(0.7)));
        }
        // a bundle saved before the hash was recorded is loaded in full, with the same parameters
        dropHash(bundle);
        try (Detector d = Detector.load(bundle, DetectorOptions.defaults())) {
            assertEquals(d.parameters(), Detector.verify(bundle, DetectorOptions.defaults()));
        }
    }

    @Test
    void aGoodBundleLoads() throws IOException {
        Path bundle = DetectorTest.bundle(dir.resolve("model"), InputNormalisation.LOG_PER_RECORDING);
        try (Detector d = Detector.load(bundle, DetectorOptions.defaults())) {
            assertEquals(0.5, d.rule().threshold());
        }
        // Gson writes a metric that is not a number as NaN (bull train does, for a test split
        // without bulls): not strict JSON, but a bundle's own
        replaceJson(bundle, "\"metrics\": {}", "\"metrics\": {\"test\": {\"precision\": NaN, \"x\": -Infinity}}");
        try (Detector d = Detector.load(bundle, DetectorOptions.defaults())) {
            assertEquals("NaN", String.valueOf(((java.util.Map<?, ?>) d.bundle().metrics().get("test")).get("precision")));
        }
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static void truncate(Path file, double share) throws IOException {
        byte[] b = Files.readAllBytes(file);
        int n = share < 0 ? b.length - 1 : (int) (b.length * share);
        Files.write(file, Arrays.copyOf(b, n));
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    }

    private static void replaceJson(Path bundle, String from, String to) throws IOException {
        Path f = bundle.resolve(JSON);
        String s = Files.readString(f);
        assertTrue(s.contains(from), () -> "model.json holds " + from + ": " + s);
        Files.writeString(f, s.replace(from, to));
    }

    /**
     * Overwrites {@code n} bytes inside the values of the largest weight with 0xFF (NaN as
     * float32): found by searching the file for that weight's first values, in either byte order.
     */
    private static void overwriteValues(Path bundle, int n) throws IOException {
        Path file = bundle.resolve(PARAMS);
        byte[] b = Files.readAllBytes(file);
        float[] values;
        ModelBundle meta = ModelBundle.read(bundle);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray largest = null;
            for (Pair<String, Parameter> p : meta.loadNetwork(bundle, m).block().getParameters()) {
                NDArray a = p.getValue().getArray();
                if (largest == null || a.size() > largest.size()) {
                    largest = a;
                }
            }
            values = largest.toFloatArray();
        }
        for (java.nio.ByteOrder order : new java.nio.ByteOrder[] {java.nio.ByteOrder.BIG_ENDIAN,
                java.nio.ByteOrder.LITTLE_ENDIAN}) {
            java.nio.ByteBuffer first = java.nio.ByteBuffer.allocate(64).order(order);
            for (int i = 0; i < 16; i++) {
                first.putFloat(values[i]);
            }
            int at = indexOf(b, first.array());
            if (at >= 0) {
                Arrays.fill(b, at, at + n, (byte) 0xFF);
                Files.write(file, b);
                return;
            }
        }
        throw new AssertionError("the largest weight's values are not in " + file);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Removes the parameters' hash from model.json, as in bundles saved before it was written. */
    private static void dropHash(Path bundle) throws IOException {
        Path f = bundle.resolve(JSON);
        String s = Files.readString(f);
        String without = s.replaceAll(",\\s*\"parametersSha256\": \"[0-9a-f]{64}\"", "");
        assertFalse(without.equals(s), "model.json names the parameters' hash: " + s);
        Files.writeString(f, without);
    }

    private static void otherWidth(Path bundle) throws IOException {
        Path other = DetectorTest.bundleOfWidth(bundle.resolveSibling("other"), 0.5);
        Files.copy(other.resolve(PARAMS), bundle.resolve(PARAMS), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Saves the bundle's network again after changing every weight array. */
    private static void resave(Path bundle, Consumer<NDArray> change) throws IOException {
        ModelBundle b = ModelBundle.read(bundle);
        try (NDManager m = NDManager.newBaseManager()) {
            BullNetwork net = b.loadNetwork(bundle, m);
            for (Pair<String, Parameter> p : net.block().getParameters()) {
                if (p.getKey().endsWith("weight")) {
                    change.accept(p.getValue().getArray());
                }
            }
            Engine.getInstance().setRandomSeed(7);
            b.save(bundle, net.block());
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
