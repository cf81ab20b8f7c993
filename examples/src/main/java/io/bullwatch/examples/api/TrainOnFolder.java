package io.bullwatch.examples.api;

import io.bullwatch.core.calibrate.ThresholdRule;
import io.bullwatch.core.corpus.Corpus;
import io.bullwatch.core.window.WindowSpec;
import io.bullwatch.features.mel.MelConfig;
import io.bullwatch.features.pipeline.FeaturePipeline;
import io.bullwatch.features.pipeline.InputNormalisation;
import io.bullwatch.features.windows.WindowSet;
import io.bullwatch.models.backbone.Backbone;
import io.bullwatch.models.train.DetectorTraining;
import io.bullwatch.models.train.EpochMetrics;
import io.bullwatch.models.train.HardNegatives;
import io.bullwatch.models.train.Imbalance;
import io.bullwatch.models.train.TrainedDetector;
import io.bullwatch.models.train.TrainerConfig;
import io.bullwatch.models.train.TrainingAugmentation;
import io.bullwatch.models.train.TrainingFiles;
import io.bullwatch.models.train.TrainingListener;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Trains the {@code compact-sed} detector on a corpus folder (a {@code manifest.csv} with a split
 * column, as {@code bull synth} and {@code bull compose} write) and saves a model bundle: the library
 * calls behind {@code bull train}, with its default recipe (PCEN input standardised per recording,
 * 64 mels at hop 2048, the balanced sampler with hard negatives, every epoch run and the best kept).
 *
 * <pre>java -cp examples/target/bull-examples.jar io.bullwatch.examples.api.TrainOnFolder CORPUS_DIR MODEL_DIR [EPOCHS=20] [WINDOWS_PER_EPOCH=2048]</pre>
 */
public final class TrainOnFolder {

    private TrainOnFolder() {
    }

    /**
     * Entry point.
     *
     * @param args the corpus folder, the bundle folder to write, optionally the number of epochs and
     *     the training windows drawn per epoch
     * @throws Exception if the corpus cannot be read or the bundle written
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: TrainOnFolder CORPUS_DIR MODEL_DIR [EPOCHS=20] [WINDOWS_PER_EPOCH=2048]");
            System.exit(2);
        }
        Path data = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int windowsPerEpoch = args.length > 3 ? Integer.parseInt(args[3]) : 2048;

        Corpus corpus = Corpus.load(data.resolve("manifest.csv"));
        int rate = corpus.recordings().get(0).audio().sampleRate();
        MelConfig mel = MelConfig.seed().toBuilder().optSampleRate(rate).optNMels(64).optHop(2048).build();
        FeaturePipeline pipeline = FeaturePipeline.of(mel, WindowSpec.SEED, InputNormalisation.PCEN_PER_RECORDING);
        TrainerConfig config = TrainerConfig.builder().optLearningRate(1e-3).optMicroBatch(16)
                .optAccumulation(2).optEpochs(epochs).optPatience(epochs).optImbalance(Imbalance.BALANCED_SAMPLER)
                .optHardNegatives(HardNegatives.of(0.5)).optWindowsPerEpoch(windowsPerEpoch)
                .optAugmentation(TrainingAugmentation.defaults(pipeline.mels(), pipeline.windowFrames()))
                .build();
        DetectorTraining training = DetectorTraining.builder(pipeline)
                .optBackbone(Backbone.COMPACT_SED, Backbone.COMPACT_SED.defaultOptions())
                .optThresholdRule(ThresholdRule.averageRecall().smooth()).optConfig(config)
                .optProvenance("corpus", data.toAbsolutePath().toString()).build();
        TrainingListener progress = new TrainingListener() {
            @Override
            public void onWindows(WindowSet train, WindowSet val, WindowSet test, double seconds) {
                System.out.printf(Locale.ROOT, "train %d windows (%d bull), validation %d (%d bull)%n",
                        train.size(), train.bullCount(), val.size(), val.bullCount());
            }

            @Override
            public void onEpoch(EpochMetrics m, boolean best) {
                System.out.printf(Locale.ROOT, "epoch %d: validation average recall %.3f%s%n", m.epoch(),
                        m.bestAverageRecall(), best ? " (best)" : "");
            }
        };
        try (TrainedDetector trained = training.train(corpus.explicitSplits(), TrainingFiles.NONE, progress)) {
            System.out.println("best epoch " + trained.report().bestEpoch()
                    + "; validation at the calibrated threshold: " + trained.calibration().validation().summary());
            trained.save(out);
            System.out.println("wrote " + out.toAbsolutePath());
        }
    }
}
