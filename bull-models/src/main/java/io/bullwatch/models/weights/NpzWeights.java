package io.bullwatch.models.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import io.bullwatch.core.InputFormatException;
import io.bullwatch.core.io.NpyArray;
import io.bullwatch.core.io.NpzFile;
import io.bullwatch.models.backbone.BullNetwork;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports weights saved by PyTorch, as {@code .npz} archives in {@code state_dict} naming, into a
 * {@link BullNetwork}.
 *
 * <p>Names are those of {@link BullNetwork#torchParameters()}: {@code adapter.*}, {@code
 * backbone.*} and {@code head.*}. A file with bare torchvision names ({@code features.0.weight},
 * {@code classifier.1.bias}, as {@code scripts/export-torchvision.py} writes for ImageNet
 * weights) loads into the body: names starting with {@code features.} or {@code classifier.} get
 * the {@code backbone.} prefix. Batch-normalisation counters ({@code *.num_batches_tracked}) are
 * skipped. A name the network does not have, or an array whose shape differs from the
 * parameter's, is an error that names both. Names are checked before anything is changed; a shape
 * error can leave the arrays before it loaded, so discard the network after an error.
 */
public final class NpzWeights {

    private static final Logger LOG = LoggerFactory.getLogger(NpzWeights.class);

    private NpzWeights() {
    }

    /**
     * Sets the parameters of an initialised network from a file.
     *
     * @param network the network, initialised (so that its parameters have shapes)
     * @param npz the {@code .npz} file
     * @param requireAll whether every parameter of the network must be in the file; when false,
     *     the parameters the file lacks keep their values and are listed in the report
     * @return what was loaded, missing and ignored
     * @throws IOException if the file cannot be read, is malformed, has unknown names or wrong
     *     shapes, or (with {@code requireAll}) lacks parameters
     * @throws IllegalStateException if the network is not initialised
     */
    public static ImportReport load(BullNetwork network, Path npz, boolean requireAll)
            throws IOException {
        Objects.requireNonNull(network, "network");
        if (!network.block().isInitialized()) {
            throw new IllegalStateException("initialise the network before importing weights");
        }
        Map<String, Parameter> parameters = network.torchParameters();
        try (NpzFile file = NpzFile.open(npz)) {
            // Check names first, so that a wrong file changes nothing.
            List<String> ignored = new ArrayList<>();
            Set<String> present = new LinkedHashSet<>();
            List<String[]> toLoad = new ArrayList<>();
            for (String name : file.names()) {
                if (name.endsWith(".num_batches_tracked")) {
                    ignored.add(name);
                    continue;
                }
                String key = canonicalName(name);
                if (!parameters.containsKey(key)) {
                    throw new InputFormatException(npz, "array " + name, "the "
                            + network.backbone().cliName() + " network has no parameter " + key
                            + "; it has " + parameters.keySet());
                }
                present.add(key);
                toLoad.add(new String[] {name, key});
            }
            List<String> missing = new ArrayList<>();
            for (String key : parameters.keySet()) {
                if (!present.contains(key)) {
                    missing.add(key);
                }
            }
            if (requireAll && !missing.isEmpty()) {
                throw new InputFormatException(npz, "archive", "missing parameters " + missing);
            }
            for (String[] pair : toLoad) {
                NpyArray array = file.read(pair[0]);
                Parameter parameter = parameters.get(pair[1]);
                long[] expected = parameter.getShape().getShape();
                if (!Arrays.equals(expected, array.shape())) {
                    throw new InputFormatException(npz, "array " + pair[0], String.format(
                            java.util.Locale.ROOT, "shape %s does not fit parameter %s of shape %s",
                            Arrays.toString(array.shape()), pair[1], Arrays.toString(expected)));
                }
                NDArray target = parameter.getArray();
                target.set(FloatBuffer.wrap(array.data()));
            }
            List<String> loaded = toLoad.stream().map(p -> p[1]).toList();
            ImportReport report = new ImportReport(loaded, missing, ignored);
            LOG.info("imported {} from {}", report, npz);
            return report;
        }
    }

    /**
     * The network name for a name in a file.
     *
     * @param name a {@code state_dict} name
     * @return the name with the {@code backbone.} prefix added to bare torchvision names
     */
    public static String canonicalName(String name) {
        if (name.startsWith("features.") || name.startsWith("classifier.")) {
            return "backbone." + name;
        }
        return name;
    }
}
