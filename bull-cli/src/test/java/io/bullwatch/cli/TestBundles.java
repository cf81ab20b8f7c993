package io.bullwatch.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.bullwatch.core.window.WindowSpec;
import io.bullwatch.features.mel.MelConfig;
import io.bullwatch.features.pipeline.FeaturePipeline;
import io.bullwatch.features.pipeline.InputNormalisation;
import io.bullwatch.models.backbone.Backbone;
import io.bullwatch.models.backbone.BullNetwork;
import io.bullwatch.models.backbone.FeatureDims;
import io.bullwatch.models.bundle.ModelBundle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Model bundles for command-line tests: an untrained network with seeded parameters. */
final class TestBundles {

    private TestBundles() {
    }

    /**
     * Saves a bundle of a network with seeded random parameters, 15 s windows every 5 s,
     * per-recording log normalisation and threshold 0.5.
     *
     * @param dir the bundle folder
     * @param mel the features
     * @param backbone the network
     * @param width its width multiplier
     * @return {@code dir}
     */
    static Path save(Path dir, MelConfig mel, Backbone backbone, double width) throws IOException {
        FeatureDims dims = new FeatureDims(1, mel.nMels(), (int) mel.frames(Math.round(15.0 * mel.sampleRate())));
        try (NDManager m = NDManager.newBaseManager()) {
            BullNetwork net = backbone.network(backbone.defaultOptions().withWidth(width));
            Engine.getInstance().setRandomSeed(7);
            net.initialize(m, dims);
            new ModelBundle(backbone, net.options(), dims, net.countTrainableParameters(), FeaturePipeline.of(mel, WindowSpec.SEED, InputNormalisation.LOG_PER_RECORDING), 0.5, "test", Map.of(), Map.of()).save(dir, net.block());
        }
        return dir;
    }
}
