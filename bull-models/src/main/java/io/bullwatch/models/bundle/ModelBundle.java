package io.bullwatch.models.bundle;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.bullwatch.core.io.AtomicFiles;
import io.bullwatch.core.io.IoErrors;
import io.bullwatch.core.io.Sha256;
import io.bullwatch.core.window.WindowSpec;
import io.bullwatch.features.background.SiteReference;
import io.bullwatch.features.mel.MelConfig;
import io.bullwatch.features.mel.Pcen;
import io.bullwatch.features.pipeline.FeaturePipeline;
import io.bullwatch.features.pipeline.InputNormalisation;
import io.bullwatch.models.backbone.AdapterKind;
import io.bullwatch.models.backbone.Backbone;
import io.bullwatch.models.backbone.BackboneOptions;
import io.bullwatch.models.backbone.BullNetwork;
import io.bullwatch.models.backbone.FeatureDims;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a trained detector needs besides its parameters, saved as {@code model.json} in a bundle
 * directory beside {@code parameters.params}.
 *
 * @param backbone the network family
 * @param options width and input adapter
 * @param input the window size the network was trained on
 * @param parameterCount trainable parameters, checked on load
 * @param pipeline how audio becomes the network's input: features, windows, normalisation
 * @param threshold the decision threshold on the bull probability ({@code score >= threshold})
 * @param thresholdRule how the threshold was chosen, e.g. {@code avg-recall}
 * @param training a summary of the training data and options (free-form)
 * @param metrics validation and test metrics (free-form)
 */
public record ModelBundle(Backbone backbone, BackboneOptions options, FeatureDims input,
        long parameterCount, FeaturePipeline pipeline,
        double threshold, String thresholdRule, Map<String, Object> training,
        Map<String, Object> metrics) {

    /** The bundle format this code writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /** The metadata file in a bundle. */
    public static final String MODEL_JSON = "model.json";
    /** The parameter file in a bundle. */
    public static final String PARAMETERS = "parameters.params";
    /** The field of {@code model.json} with the SHA-256 of {@value #PARAMETERS} as saved. */
    public static final String PARAMETERS_SHA256 = "parametersSha256";
    /** The field of {@code training} with the training sites' backgrounds ({@link #siteReference()}). */
    public static final String BACKGROUND = "background";
    /**
     * The field of {@code training} with the embeddings of the training sites' recordings ({@link
     * #embeddingReference()}).
     */
    public static final String EMBEDDING = "embedding";
    private static final String FORMAT = "bullwatch-model";
    private static final Gson GSON = BundleJson.pretty();

    /** Validates and copies the maps, keeping their order. */
    public ModelBundle {
        Objects.requireNonNull(backbone, "backbone");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(thresholdRule, "thresholdRule");
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("the threshold is a bull probability from 0 to 1, got "
                    + threshold);
        }
        if (parameterCount <= 0) {
            throw new IllegalArgumentException("parameterCount must be > 0, got " + parameterCount);
        }
        training = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(training));
        metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /**
     * The backgrounds of the recordings the model trained and calibrated on ({@code
     * training.background} of {@code model.json}, written by {@code DetectorTraining}), against
     * which a new recording's background is measured ({@link SiteReference#assess}).
     *
     * @return the reference; empty for a bundle written without it (before BullWatch recorded it)
     * @throws IllegalArgumentException if the field is malformed ({@link #read} refuses such a bundle)
     */
    public Optional<SiteReference> siteReference() {
        Object o = training.get(BACKGROUND);
        return o == null ? Optional.empty() : Optional.of(SiteReference.fromJson(o));
    }

    /**
     * The network's view of the backgrounds it learnt: per recording it trained and calibrated on,
     * the mean and standard deviation of its windows' embeddings ({@code
     * io.bullwatch.models.scoring.WindowScorer#forward}, the body's output averaged over each window),
     * from {@code training.embedding}, against which a new recording's embeddings are measured.
     *
     * @return the reference; empty for a bundle written without it (before BullWatch recorded it)
     * @throws IllegalArgumentException if the field is malformed ({@link #read} refuses such a bundle)
     */
    public Optional<SiteReference> embeddingReference() {
        Object o = training.get(EMBEDDING);
        return o == null ? Optional.empty() : Optional.of(SiteReference.fromJson(o));
    }

    /** @return the mel features of {@link #pipeline()} */
    public MelConfig mel() {
        return pipeline.mel();
    }

    /** @return the windows of {@link #pipeline()} */
    public WindowSpec window() {
        return pipeline.window();
    }

    /** @return the input normalisation of {@link #pipeline()} */
    public InputNormalisation normalisation() {
        return pipeline.normalisation();
    }

    /**
     * Writes {@code model.json} and the block's parameters into a directory (created if needed).
     *
     * @param dir the bundle directory
     * <p>Each file is replaced atomically ({@link AtomicFiles}), the parameters first: {@code
     * model.json}, written last, names their SHA-256 ({@value #PARAMETERS_SHA256}), so it commits
     * the bundle. A save interrupted between the two files, or a parameter file replaced later,
     * is refused by {@link #loadNetwork} instead of loading parameters {@code model.json} was not
     * saved with.
     *
     * @param block the trained network's block, of this bundle's architecture
     * @throws IOException if writing fails (the message names the file)
     */
    public void save(Path dir, Block block) throws IOException {
        Files.createDirectories(dir);
        MessageDigest md = Sha256.digest();
        AtomicFiles.write(dir.resolve(PARAMETERS), out -> {
            DataOutputStream data = new DataOutputStream(new DigestOutputStream(out, md));
            block.saveParameters(data);
            data.flush();
        });
        JsonObject o = toJsonObject();
        o.addProperty(PARAMETERS_SHA256, HexFormat.of().formatHex(md.digest()));
        AtomicFiles.write(dir.resolve(MODEL_JSON), (GSON.toJson(o) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The {@code model.json} text, without the parameters' hash that {@link #save} adds.
     *
     * @return pretty-printed JSON
     */
    public String toJson() {
        return GSON.toJson(toJsonObject()) + "\n";
    }

    private JsonObject toJsonObject() {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("formatVersion", FORMAT_VERSION);
        o.addProperty("backbone", backbone.cliName());
        o.addProperty("width", options.width());
        o.addProperty("adapter", options.adapter().name().toLowerCase(Locale.ROOT));
        JsonObject in = new JsonObject();
        in.addProperty("channels", input.channels());
        in.addProperty("mels", input.height());
        in.addProperty("frames", input.width());
        o.add("input", in);
        o.addProperty("parameterCount", parameterCount);
        o.add("mel", JsonParser.parseString(mel().toJson()));
        JsonObject w = new JsonObject();
        w.addProperty("lengthSeconds", window().lengthSeconds());
        w.addProperty("hopSeconds", window().hopSeconds());
        o.add("window", w);
        o.addProperty("normalisation", normalisation().cliName());
        if (normalisation().pcen()) {
            if (pipeline.channels() == 1) {
                o.add("pcen", pcenJson(pipeline.pcen()));
            } else {
                JsonArray channels = new JsonArray();
                pipeline.pcenChannels().forEach(p -> channels.add(pcenJson(p)));
                o.add("pcen", channels);
            }
        }
        JsonObject t = new JsonObject();
        t.addProperty("value", threshold);
        t.addProperty("rule", thresholdRule);
        o.add("threshold", t);
        o.add("training", GSON.toJsonTree(training));
        o.add("metrics", GSON.toJsonTree(metrics));
        return o;
    }

    /**
     * Reads {@code model.json} of a bundle directory.
     *
     * @param dir the bundle directory
     * @return the metadata
     * @throws InvalidBundleException if the folder or file is missing or unreadable, the file is
     *     empty, not JSON, of an unknown format or version, or lacks a field or holds a wrong value
     *     (the message names the file and says which)
     * @throws IOException never otherwise
     */
    public static ModelBundle read(Path dir) throws IOException {
        Path file = dir.resolve(MODEL_JSON);
        if (!Files.isDirectory(dir)) {
            throw new InvalidBundleException(dir, Files.exists(dir) ? "not a folder; a model bundle is a"
                    + " folder with " + MODEL_JSON + " and " + PARAMETERS : "no such model bundle folder");
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidBundleException(dir, "not a model bundle: it has no " + MODEL_JSON
                    + " (a bundle is the folder written by bull train)");
        }
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidBundleException(file, "cannot be read (" + IoErrors.reason(e) + ")", e);
        }
        try {
            return fromJson(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidBundleException(file, e.getMessage()
                    + "; expected a model bundle's " + MODEL_JSON + " as written by bull train", e);
        }
    }

    /**
     * The frames of one window of this bundle's features, checked against the network's input
     * (what detection needs; training may build bundles for other inputs).
     *
     * @param dir the bundle directory, for the message
     * @return frames per window
     * @throws InvalidBundleException if the network takes another input than one window of the
     *     bundle's features
     */
    public int windowFrames(Path dir) throws InvalidBundleException {
        long frames = pipeline.windowFrames();
        if (input.height() != pipeline.mels() || input.width() != frames || input.channels() != pipeline.channels()) {
            throw new InvalidBundleException(dir.resolve(MODEL_JSON), "the network takes " + input.channels()
                    + "x" + input.height() + "x" + input.width() + " inputs, but " + window().lengthSeconds()
                    + " s windows of its features are " + pipeline.channels() + "x" + pipeline.mels() + "x" + frames);
        }
        return (int) frames;
    }

    /**
     * Parses {@code model.json} text.
     *
     * @param json the text
     * @return the metadata
     * @throws IllegalArgumentException if the text is empty or not JSON, the format or version is
     *     unknown, or a field is missing or holds a wrong value; the message says where (line and
     *     column, or the field)
     */
    public static ModelBundle fromJson(String json) {
        JsonObject o = parseObject(json);
        JsonElement formatField = o.get("format");
        String format = formatField != null && formatField.isJsonPrimitive() ? formatField.getAsString()
                : "(none)";
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("not a BullWatch model: format is '" + format
                    + "', expected '" + FORMAT + "'");
        }
        int version = integer(o, "formatVersion", "formatVersion");
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported model bundle format version " + version
                    + "; this BullWatch reads version " + FORMAT_VERSION);
        }
        try {
            Backbone backbone = parseBackbone(string(o, "backbone", "backbone"));
            String adapterName = string(o, "adapter", "adapter");
            AdapterKind adapter;
            try {
                adapter = AdapterKind.valueOf(adapterName.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("field 'adapter': unknown input adapter '" + adapterName
                        + "'", e);
            }
            BackboneOptions options = new BackboneOptions(number(o, "width", "width"), adapter);
            JsonObject in = object(o, "input", "input");
            FeatureDims input = new FeatureDims(integer(in, "channels", "input.channels"),
                    integer(in, "mels", "input.mels"), integer(in, "frames", "input.frames"));
            MelConfig mel;
            try {
                mel = MelConfig.fromJson(object(o, "mel", "mel").toString());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("field 'mel': " + e.getMessage(), e);
            }
            JsonObject w = object(o, "window", "window");
            WindowSpec window = new WindowSpec(number(w, "lengthSeconds", "window.lengthSeconds"),
                    number(w, "hopSeconds", "window.hopSeconds"));
            JsonObject t = object(o, "threshold", "threshold");
            java.lang.reflect.Type mapType = new TypeToken<LinkedHashMap<String, Object>>() { }.getType();
            Map<String, Object> training = o.has("training") ? GSON.fromJson(object(o, "training", "training"),
                    mapType) : Map.of();
            Map<String, Object> metrics = o.has("metrics") ? GSON.fromJson(object(o, "metrics", "metrics"),
                    mapType) : Map.of();
            long parameterCount = (long) number(o, "parameterCount", "parameterCount");
            InputNormalisation normalisation = InputNormalisation.parse(string(o, "normalisation", "normalisation"));
            FeaturePipeline pipeline;
            if (normalisation.pcen()) {
                if (o.get("pcen") != null && o.get("pcen").isJsonArray()) {
                    JsonArray channels = o.getAsJsonArray("pcen");
                    List<Pcen> sets = new ArrayList<>();
                    for (int c = 0; c < channels.size(); c++) {
                        String at = "pcen[" + c + "]";
                        if (!channels.get(c).isJsonObject()) {
                            throw new IllegalArgumentException("field '" + at + "' must be an object");
                        }
                        sets.add(pcen(channels.get(c).getAsJsonObject(), at));
                    }
                    pipeline = FeaturePipeline.of(mel, window, normalisation, sets);
                } else {
                    pipeline = FeaturePipeline.of(mel, window, normalisation, pcen(object(o, "pcen", "pcen"), "pcen"));
                }
            } else {
                pipeline = FeaturePipeline.of(mel, window, normalisation);
            }
            ModelBundle bundle = new ModelBundle(backbone, options, input, parameterCount, pipeline,
                    number(t, "value", "threshold.value"), string(t, "rule", "threshold.rule"), training,
                    metrics);
            try {
                bundle.siteReference().ifPresent(r -> {
                    if (r.bands() != pipeline.rows()) {
                        throw new IllegalArgumentException("profiles of " + r.bands() + " bands, the features have "
                                + pipeline.rows());
                    }
                });
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("field 'training." + BACKGROUND + "': " + e.getMessage(), e);
            }
            try {
                bundle.embeddingReference();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("field 'training." + EMBEDDING + "': " + e.getMessage(), e);
            }
            return bundle;
        } catch (JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * One JSON object and nothing after it; errors give the line and column. The text is read
     * strictly, except that what Gson wrote for non-finite numbers in bundles of earlier versions
     * ({@code NaN}, {@code Infinity}, in their free-form metrics; today {@code null}) is accepted: a text that strict
     * reading refuses is read again leniently, and the strict error is reported if that fails
     * too or gives no object.
     */
    private static JsonObject parseObject(String json) {
        if (json.isBlank()) {
            throw new IllegalArgumentException("empty");
        }
        JsonElement root;
        try {
            root = parse(json, Strictness.STRICT);
        } catch (IllegalArgumentException strict) {
            try {
                root = parse(json, Strictness.LENIENT);
            } catch (IllegalArgumentException lenient) {
                throw strict;
            }
            if (!root.isJsonObject()) {
                throw strict;
            }
        }
        if (!root.isJsonObject()) {
            throw new IllegalArgumentException("expected a JSON object, found " + kind(root));
        }
        return root.getAsJsonObject();
    }

    private static JsonElement parse(String json, Strictness strictness) {
        try (JsonReader reader = new JsonReader(new StringReader(json))) {
            reader.setStrictness(strictness);
            JsonElement root = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new IllegalArgumentException("not valid JSON: text after the object, at "
                        + where(reader.toString()));
            }
            return root;
        } catch (JsonParseException | IOException e) {
            throw new IllegalArgumentException("not valid JSON" + at(e), e);
        }
    }

    private static final Pattern LINE_COLUMN = Pattern.compile("line (\\d+) column (\\d+)");

    /** " at line L column C" from a Gson message, or "" when it names no position. */
    private static String at(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String w = t.getMessage() == null ? null : where(t.getMessage());
            if (w != null) {
                return " at " + w;
            }
        }
        return "";
    }

    private static String where(String message) {
        Matcher m = LINE_COLUMN.matcher(message);
        return m.find() ? "line " + m.group(1) + " column " + m.group(2) : null;
    }

    private static String kind(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return "null";
        }
        if (e.isJsonArray()) {
            return "an array";
        }
        if (e.isJsonObject()) {
            return "an object";
        }
        String text = e.toString();
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    private static JsonElement required(JsonObject o, String key, String path) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            throw new IllegalArgumentException("lacks the field '" + path + "'");
        }
        return e;
    }

    private static JsonObject object(JsonObject o, String key, String path) {
        JsonElement e = required(o, key, path);
        if (!e.isJsonObject()) {
            throw new IllegalArgumentException("field '" + path + "': expected an object, found " + kind(e));
        }
        return e.getAsJsonObject();
    }

    private static String string(JsonObject o, String key, String path) {
        JsonElement e = required(o, key, path);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException("field '" + path + "': expected a string, found " + kind(e));
        }
        return e.getAsString();
    }

    private static JsonObject pcenJson(Pcen p) {
        JsonObject pc = new JsonObject();
        pc.addProperty("timeConstantSeconds", p.timeConstantSeconds());
        pc.addProperty("gain", p.gain());
        pc.addProperty("bias", p.bias());
        pc.addProperty("power", p.power());
        pc.addProperty("epsilon", p.epsilon());
        return pc;
    }

    private static Pcen pcen(JsonObject pc, String at) {
        return new Pcen(number(pc, "timeConstantSeconds", at + ".timeConstantSeconds"),
                number(pc, "gain", at + ".gain"), number(pc, "bias", at + ".bias"),
                number(pc, "power", at + ".power"), number(pc, "epsilon", at + ".epsilon"));
    }

    private static double number(JsonObject o, String key, String path) {
        JsonElement e = required(o, key, path);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException("field '" + path + "': expected a number, found " + kind(e));
        }
        double v = e.getAsDouble();
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("field '" + path + "': expected a finite number, found " + v);
        }
        return v;
    }

    private static int integer(JsonObject o, String key, String path) {
        double v = number(o, key, path);
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("field '" + path + "': expected a whole number, found "
                    + required(o, key, path));
        }
        return (int) v;
    }

    /**
     * The SHA-256 of {@value #PARAMETERS} that {@code model.json} was saved with ({@value
     * #PARAMETERS_SHA256}).
     *
     * @param dir the bundle directory
     * @return the hash in lower-case hex; empty for bundles saved before BullWatch recorded it
     * @throws InvalidBundleException if {@code model.json} is not JSON (naming it)
     * @throws IOException if it cannot be read
     */
    public static Optional<String> savedParametersSha256(Path dir) throws IOException {
        return Optional.ofNullable(savedParametersHash(dir));
    }

    /**
     * The refusal of a parameters file that is not the one {@code model.json} was saved with.
     *
     * @param file the parameters file
     * @param actual its SHA-256
     * @param saved the SHA-256 {@code model.json} names
     * @return the exception, naming the file and both hashes
     */
    public static InvalidBundleException replacedParameters(Path file, String actual, String saved) {
        return new InvalidBundleException(file, "its SHA-256 is " + actual + ", but " + MODEL_JSON
                + " was saved with parameters of SHA-256 " + saved + ": the file was replaced or"
                + " corrupted, or the save was interrupted");
    }

    /** The parameters' hash {@code model.json} names; null for bundles saved before it did. */
    private static String savedParametersHash(Path dir) throws IOException {
        try {
            JsonElement e = parseObject(Files.readString(dir.resolve(MODEL_JSON), StandardCharsets.UTF_8))
                    .get(PARAMETERS_SHA256);
            return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
        } catch (IllegalArgumentException e) {
            throw new InvalidBundleException(dir.resolve(MODEL_JSON), e.getMessage(), e);
        }
    }

    /**
     * Builds the bundle's network, initialises it and loads the bundle's parameters.
     *
     * @param dir the bundle directory
     * @param manager owns the parameters
     * @return the network, ready for inference
     * @throws InvalidBundleException if the parameters are missing, cannot be read, are truncated,
     *     do not fit the architecture, are followed by more bytes, differ from those {@code
     *     model.json} was saved with ({@value #PARAMETERS_SHA256}), or hold a value that is not a
     *     finite number (the message names the file and says which)
     * @throws IOException never otherwise
     */
    public BullNetwork loadNetwork(Path dir, NDManager manager) throws IOException {
        BullNetwork network = backbone.network(options);
        network.initialize(manager, input);
        long count = network.countTrainableParameters();
        if (count != parameterCount) {
            throw new InvalidBundleException(dir.resolve(MODEL_JSON), "describes " + backbone.cliName()
                    + " " + options + " with " + parameterCount + " trainable parameters, but that"
                    + " architecture has " + count + " here: the bundle was written by an incompatible"
                    + " version");
        }
        loadParameters(dir, network, manager);
        return network;
    }

    /**
     * Loads the bundle's parameters into a network of its architecture that is already initialised
     * for its input (for example to fine-tune it: {@code DetectorTraining.Builder.optParent}), with
     * every check of {@link #loadNetwork(Path, NDManager)}.
     *
     * @param dir the bundle directory
     * @param network an initialised network of {@link #backbone()} and {@link #options()}
     * @param manager owns the parameters
     * @throws InvalidBundleException if the parameters are missing, unreadable, do not fit the
     *     network, were replaced since {@code model.json} was saved, or are not finite
     * @throws IOException never otherwise
     */
    public void loadParameters(Path dir, BullNetwork network, NDManager manager) throws IOException {
        Path file = dir.resolve(PARAMETERS);
        if (!Files.isRegularFile(file)) {
            throw new InvalidBundleException(file, "missing; a model bundle holds " + MODEL_JSON + " and "
                    + PARAMETERS);
        }
        long size = Files.size(file);
        Map<String, Shape> shapes = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : network.block().getParameters()) {
            shapes.put(p.getKey(), p.getValue().getArray().getShape());
        }
        // hashed as it is read, to the last byte: compared below with the hash model.json names
        MessageDigest md = Sha256.digest();
        try (DataInputStream data = new DataInputStream(new BufferedInputStream(
                new DigestInputStream(Files.newInputStream(file), md)))) {
            network.block().loadParameters(manager, data);
            long extra = 0;
            while (data.read() >= 0) {
                extra++;
            }
            if (extra > 0) {
                throw new InvalidBundleException(file, extra + " bytes follow the parameters of "
                        + backbone.cliName() + " " + options + "; the file belongs to another network");
            }
        } catch (EOFException e) {
            throw new InvalidBundleException(file, "ends early: " + size + " bytes hold only part of the"
                    + " parameters of " + backbone.cliName() + " " + options + " (truncated?)", e);
        } catch (InvalidBundleException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidBundleException(file, "cannot be read (" + IoErrors.reason(e) + ")", e);
        } catch (MalformedModelException | RuntimeException e) {
            throw new InvalidBundleException(file, "does not fit " + backbone.cliName() + " " + options
                    + ": " + e.getMessage(), e);
        }
        for (Pair<String, Parameter> p : network.block().getParameters()) {
            Shape found = p.getValue().getArray().getShape();
            Shape expected = shapes.get(p.getKey());
            if (!found.equals(expected)) {
                throw new InvalidBundleException(file, "parameter '" + p.getKey() + "' has shape " + found
                        + ", but " + backbone.cliName() + " " + options + " needs " + expected
                        + ": the file belongs to another network");
            }
        }
        String saved = savedParametersHash(dir);
        if (saved != null) {
            String actual = HexFormat.of().formatHex(md.digest());
            if (!actual.equals(saved)) {
                throw replacedParameters(file, actual, saved);
            }
        }
        for (Pair<String, Parameter> p : network.block().getParameters()) {
            NDArray a = p.getValue().getArray();
            try (NDManager sub = a.getManager().newSubManager()) {
                NDArray bad = a.isNaN().logicalOr(a.isInfinite());
                bad.attach(sub);
                long n = bad.countNonzero().getLong();
                if (n > 0) {
                    throw new InvalidBundleException(file, "parameter '" + p.getKey() + "' holds " + n
                            + " values that are not finite numbers (NaN or infinite): the file is"
                            + " corrupted");
                }
            }
        }
    }

    private static Backbone parseBackbone(String name) {
        try {
            return Backbone.parse(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model.json: " + e.getMessage()
                    + " (a bundle from a newer BullWatch?)", e);
        }
    }
}
