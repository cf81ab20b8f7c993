package io.bullwatch.examples.api;

import ai.djl.Model;
import io.bullwatch.core.calibrate.Calibration;
import io.bullwatch.core.calibrate.ThresholdRule;
import io.bullwatch.core.corpus.Corpus;
import io.bullwatch.core.corpus.CorpusSplits;
import io.bullwatch.core.corpus.Split;
import io.bullwatch.core.window.LabelRule;
import io.bullwatch.core.window.WindowSpec;
import io.bullwatch.features.mel.MelConfig;
import io.bullwatch.features.windows.InputNormalisation;
import io.bullwatch.features.windows.WindowSet;
import io.bullwatch.models.backbone.Backbone;
import io.bullwatch.models.backbone.BackboneOptions;
import io.bullwatch.models.backbone.BullNetwork;
import io.bullwatch.models.backbone.FeatureDims;
import io.bullwatch.models.bundle.ModelBundle;
import io.bullwatch.models.train.BullTrainer;
import io.bullwatch.models.train.Imbalance;
import io.bullwatch.models.train.TrainerConfig;
import io.bullwatch.models.train.TrainingAugmentation;
import io.bullwatch.models.train.TrainingListener;
import io.bullwatch.models.train.TrainingReport;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Trains the compact detector on a corpus folder (a {@code manifest.csv} with a split column, as
 * {@code bull synth} writes) and saves a model bundle: the library calls behind {@code bull train}.
 *
 * <pre>java -cp examples/target/bull-examples.jar io.bullwatch.examples.api.TrainOnFolder CORPUS_DIR MODEL_DIR [EPOCHS=10] [WINDOWS_PER_EPOCH=2048]</pre>
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
            System.err.println("usage: TrainOnFolder CORPUS_DIR MODEL_DIR [EPOCHS=10] [WINDOWS_PER_EPOCH=2048]");
            System.exit(2);
        }
        Path data = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int windowsPerEpoch = args.length > 3 ? Integer.parseInt(args[3]) : 2048;

        Corpus corpus = Corpus.load(data.resolve("manifest.csv"));
        CorpusSplits splits = corpus.explicitSplits();
        int rate = corpus.recordings().get(0).audio().sampleRate();
        MelConfig mel = MelConfig.seed().toBuilder().optSampleRate(rate)
                .optNMels(64).optHop(2048).build();
        LabelRule rule = LabelRule.minOverlapSeconds(1).withAmbiguousOverlapAbove(0);
        InputNormalisation norm = InputNormalisation.LOG_PER_RECORDING;
        WindowSet train = WindowSet.load(splits.recordings(Split.TRAIN), mel, WindowSpec.SEED, rule, norm, 2);
        WindowSet val = WindowSet.load(splits.recordings(Split.VALIDATION), mel, WindowSpec.SEED, rule, norm, 2);
        System.out.printf(Locale.ROOT, "train %d windows (%d bull), validation %d (%d bull)%n",
                train.size(), train.bullCount(), val.size(), val.bullCount());

        BackboneOptions options = Backbone.COMPACT.defaultOptions();
        FeatureDims dims = new FeatureDims(1, train.mels(), train.frames());
        try (train; val; Model model = Model.newInstance("bull")) {
            BullNetwork network = Backbone.COMPACT.network(options);
            model.setBlock(network.block());
            network.initialize(model.getNDManager(), dims);
            TrainerConfig config = TrainerConfig.builder().optLearningRate(1e-3).optMicroBatch(16)
                    .optAccumulation(2).optEpochs(epochs).optImbalance(Imbalance.BALANCED_SAMPLER)
                    .optWindowsPerEpoch(windowsPerEpoch).optAugmentation(TrainingAugmentation.defaults(dims.height(), dims.width()))
                    .build();
            TrainingReport report = BullTrainer.train(model, train, val, config, new TrainingListener() {
                @Override
                public void onEpoch(io.bullwatch.models.train.EpochMetrics m, boolean best) {
                    System.out.printf(Locale.ROOT, "epoch %d: validation average recall %.3f%s%n", m.epoch(),
                            m.bestAverageRecall(), best ? " (best)" : "");
                }
            });
            Calibration cal = Calibration.of(ThresholdRule.averageRecall().smooth(), BullTrainer.score(model, val, 32), val.bulls());
            System.out.println("best epoch " + report.bestEpoch() + "; validation at the calibrated threshold: "
                    + cal.validation().summary());
            new ModelBundle(Backbone.COMPACT, options, dims, network.countTrainableParameters(), mel,
                    WindowSpec.SEED, norm, cal.threshold(), cal.rule().toString(),
                    Map.of("corpus", data.toAbsolutePath().toString()), Map.of()).save(out, network.block());
            System.out.println("wrote " + out.toAbsolutePath());
        }
    }
}
