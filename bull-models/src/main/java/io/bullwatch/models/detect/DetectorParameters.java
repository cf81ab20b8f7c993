package io.bullwatch.models.detect;

import io.bullwatch.core.events.EventRule;
import io.bullwatch.core.io.Sha256;
import io.bullwatch.features.mel.EdgeMode;
import io.bullwatch.models.bundle.ModelBundle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What decides a {@link Detector}'s outputs besides the recording: model identity (hashes of both
 * bundle files), threshold, event rule, features, windows and normalisation. Batch runs use it in
 * their resume key and {@code run.json}.
 */
final class DetectorParameters {

    private DetectorParameters() {
    }

    /**
     * @param dir the bundle folder
     * @param bundle its metadata
     * @param options the detector's options
     * @return the parameters, as {@link Detector#parameters()} documents them
     * @throws IOException if a bundle file cannot be hashed
     */
    static Map<String, Object> of(Path dir, ModelBundle bundle, DetectorOptions options)
            throws IOException {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("detector", "bullwatch-cnn");
        p.put("backbone", bundle.backbone().cliName());
        p.put("width", bundle.options().width());
        p.put("adapter", bundle.options().adapter().name().toLowerCase(Locale.ROOT));
        p.put("parameterCount", bundle.parameterCount());
        p.put("parametersSha256", Sha256.hex(dir.resolve(ModelBundle.PARAMETERS)));
        p.put("modelJsonSha256", Sha256.hex(dir.resolve(ModelBundle.MODEL_JSON)));
        EventRule r = options.rule(bundle.threshold());
        p.put("threshold", r.threshold());
        p.put("thresholdSource", options.thresholdOverride().isPresent() ? "override" : "bundle");
        p.put("eventRule", r.describe());
        p.put("mel", bundle.mel().toJson());
        p.put("windowSeconds", bundle.window().lengthSeconds());
        p.put("hopSeconds", bundle.window().hopSeconds());
        p.put("tailPolicy", "drop, plus a window ending at the end");
        p.put("edgeMode", EdgeMode.CONTEXT.name().toLowerCase(Locale.ROOT));
        p.put("normalisation", bundle.normalisation().cliName());
        return Collections.unmodifiableMap(p);
    }
}
