package io.bullwatch.models.bundle;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.MalformedModelException;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;
import io.bullwatch.core.window.WindowSpec;
import io.bullwatch.features.mel.MelConfig;
import io.bullwatch.models.backbone.AdapterKind;
import io.bullwatch.models.backbone.Backbone;
import io.bullwatch.models.backbone.BackboneOptions;
import io.bullwatch.models.backbone.BullNetwork;
import io.bullwatch.models.backbone.FeatureDims;
import io.bullwatch.models.data.InputNormalisation;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a trained detector needs besides its parameters, saved as {@code model.json} in a bundle
 * directory beside {@code parameters.params}.
 *
 * @param backbone the network family
 * @param options width and input adapter
 * @param input the window size the network was trained on
 * @param parameterCount trainable parameters, checked on load
 * @param mel the features
 * @param window the windows
 * @param normalisation the input normalisation
 * @param threshold the decision threshold on the bull probability ({@code score >= threshold})
 * @param thresholdRule how the threshold was chosen, e.g. {@code avg-recall}
 * @param training a summary of the training data and options (free-form)
 * @param metrics validation and test metrics (free-form)
 */
public record ModelBundle(Backbone backbone, BackboneOptions options, FeatureDims input,
        long parameterCount, MelConfig mel, WindowSpec window, InputNormalisation normalisation,
        double threshold, String thresholdRule, Map<String, Object> training,
        Map<String, Object> metrics) {

    /** The bundle format this code writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /** The metadata file in a bundle. */
    public static final String MODEL_JSON = "model.json";
    /** The parameter file in a bundle. */
    public static final String PARAMETERS = "parameters.params";
    private static final String FORMAT = "bullwatch-model";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting()
            .serializeSpecialFloatingPointValues().create();

    /** Validates and copies the maps, keeping their order. */
    public ModelBundle {
        Objects.requireNonNull(backbone, "backbone");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(mel, "mel");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(normalisation, "normalisation");
        Objects.requireNonNull(thresholdRule, "thresholdRule");
        training = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(training));
        metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /**
     * Writes {@code model.json} and the block's parameters into a directory (created if needed).
     *
     * @param dir the bundle directory
     * @param block the trained network's block, of this bundle's architecture
     * @throws IOException if writing fails
     */
    public void save(Path dir, Block block) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MODEL_JSON), toJson(), StandardCharsets.UTF_8);
        try (DataOutputStream out = new DataOutputStream(
                new BufferedOutputStream(Files.newOutputStream(dir.resolve(PARAMETERS))))) {
            block.saveParameters(out);
        }
    }

    /**
     * The {@code model.json} text.
     *
     * @return pretty-printed JSON
     */
    public String toJson() {
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
        o.add("mel", JsonParser.parseString(mel.toJson()));
        JsonObject w = new JsonObject();
        w.addProperty("lengthSeconds", window.lengthSeconds());
        w.addProperty("hopSeconds", window.hopSeconds());
        o.add("window", w);
        o.addProperty("normalisation", normalisation.cliName());
        JsonObject t = new JsonObject();
        t.addProperty("value", threshold);
        t.addProperty("rule", thresholdRule);
        o.add("threshold", t);
        o.add("training", GSON.toJsonTree(training));
        o.add("metrics", GSON.toJsonTree(metrics));
        return GSON.toJson(o) + "\n";
    }

    /**
     * Reads {@code model.json} of a bundle directory.
     *
     * @param dir the bundle directory
     * @return the metadata
     * @throws IOException if the file cannot be read, is malformed, or has an unknown format or
     *     version (the message says which)
     */
    public static ModelBundle read(Path dir) throws IOException {
        Path file = dir.resolve(MODEL_JSON);
        if (!Files.isRegularFile(file)) {
            throw new IOException(dir + " is not a model bundle: it has no " + MODEL_JSON);
        }
        try {
            return fromJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonParseException | IllegalArgumentException | IllegalStateException
                | NullPointerException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses {@code model.json} text.
     *
     * @param json the text
     * @return the metadata
     * @throws IllegalArgumentException if the format or version is unknown or a field is missing
     */
    public static ModelBundle fromJson(String json) {
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        String format = o.has("format") ? o.get("format").getAsString() : "(none)";
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("not a BullWatch model: format is '" + format
                    + "', expected '" + FORMAT + "'");
        }
        int version = o.get("formatVersion").getAsInt();
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported model bundle format version " + version
                    + "; this BullWatch reads version " + FORMAT_VERSION);
        }
        Backbone backbone = parseBackbone(required(o, "backbone").getAsString());
        AdapterKind adapter = AdapterKind.valueOf(
                required(o, "adapter").getAsString().toUpperCase(Locale.ROOT));
        BackboneOptions options = new BackboneOptions(required(o, "width").getAsDouble(), adapter);
        JsonObject in = required(o, "input").getAsJsonObject();
        FeatureDims input = new FeatureDims(in.get("channels").getAsInt(),
                in.get("mels").getAsInt(), in.get("frames").getAsInt());
        MelConfig mel = MelConfig.fromJson(required(o, "mel").toString());
        JsonObject w = required(o, "window").getAsJsonObject();
        WindowSpec window = new WindowSpec(w.get("lengthSeconds").getAsDouble(),
                w.get("hopSeconds").getAsDouble());
        JsonObject t = required(o, "threshold").getAsJsonObject();
        java.lang.reflect.Type mapType = new TypeToken<LinkedHashMap<String, Object>>() { }.getType();
        Map<String, Object> training = o.has("training") ? GSON.fromJson(o.get("training"), mapType)
                : Map.of();
        Map<String, Object> metrics = o.has("metrics") ? GSON.fromJson(o.get("metrics"), mapType)
                : Map.of();
        return new ModelBundle(backbone, options, input, required(o, "parameterCount").getAsLong(),
                mel, window, InputNormalisation.parse(required(o, "normalisation").getAsString()),
                t.get("value").getAsDouble(), t.get("rule").getAsString(), training, metrics);
    }

    /**
     * Builds the bundle's network, initialises it and loads the bundle's parameters.
     *
     * @param dir the bundle directory
     * @param manager owns the parameters
     * @return the network, ready for inference
     * @throws IOException if the parameters cannot be read or do not fit the architecture
     */
    public BullNetwork loadNetwork(Path dir, NDManager manager) throws IOException {
        BullNetwork network = backbone.network(options);
        network.initialize(manager, input);
        long count = network.countTrainableParameters();
        if (count != parameterCount) {
            throw new IOException(dir + ": model.json describes " + backbone.cliName() + " " + options
                    + " with " + parameterCount + " trainable parameters, but that architecture has "
                    + count + " here: the bundle was written by an incompatible version");
        }
        try (DataInputStream data = new DataInputStream(
                new BufferedInputStream(Files.newInputStream(dir.resolve(PARAMETERS))))) {
            network.block().loadParameters(manager, data);
        } catch (MalformedModelException | IllegalArgumentException | IllegalStateException e) {
            throw new IOException(dir.resolve(PARAMETERS) + " does not fit " + backbone.cliName()
                    + " " + options + ": " + e.getMessage(), e);
        }
        return network;
    }

    private static JsonElement required(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            throw new IllegalArgumentException("model.json lacks the field '" + key + "'");
        }
        return e;
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
