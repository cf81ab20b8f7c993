package io.bullwatch.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.bullwatch.features.windows.TinyWindows;
import io.bullwatch.features.windows.WindowSet;
import io.bullwatch.models.backbone.Backbone;
import io.bullwatch.models.backbone.BullNetwork;
import io.bullwatch.models.backbone.FeatureDims;
import io.bullwatch.models.loss.LossReduction;
import io.bullwatch.models.loss.WeightedSoftmaxCrossEntropyLoss;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BullTrainerTest {

    private static SequentialBlock tinyMlp() {
        return new SequentialBlock().add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(6).build()).add(Activation::relu)
                .add(Linear.builder().setUnits(2).build());
    }

    private static List<float[]> gradients(Model model) {
        List<float[]> g = new ArrayList<>();
        model.getBlock().getParameters().forEach(p -> g.add(p.getValue().getArray().getGradient().toFloatArray()));
        return g;
    }

    @Test
    void accumulatedMicroBatchesGiveTheGradientOfOneBigBatch() {
        WindowSet data = TinyWindows.make(8, 3, 4, 4, 7);
        int[] batch = {0, 1, 2, 3, 4, 5, 6, 7};
        float[] weights = {0.3f, 0.7f};
        WeightedSoftmaxCrossEntropyLoss sum = WeightedSoftmaxCrossEntropyLoss.of(weights)
                .withReduction(LossReduction.SUM);
        List<List<float[]>> grads = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        List<float[]> init = null;
        for (int micro : new int[] {8, 2, 1}) {
            try (Model model = Model.newInstance("acc")) {
                model.setBlock(tinyMlp());
                Engine.getInstance().setRandomSeed(3);
                model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 4, 4));
                if (init == null) {
                    init = BullTrainer.snapshot(model.getBlock());
                } else {
                    BullTrainer.restore(model.getBlock(), init);
                }
                try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(sum)
                        .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).build()))) {
                    losses.add(BullTrainer.accumulate(trainer, sum, weights, data, batch, micro));
                    grads.add(gradients(model));
                }
            }
        }
        for (int k = 1; k < grads.size(); k++) {
            assertEquals(losses.get(0), losses.get(k), 1e-6);
            for (int p = 0; p < grads.get(0).size(); p++) {
                assertArrayEquals(grads.get(0).get(p), grads.get(k).get(p), 1e-6f);
            }
        }
        // The loss is the weighted mean over the whole batch, as PyTorch's weighted CE computes it.
        try (NDManager m = NDManager.newBaseManager()) {
            assertTrue(Double.isFinite(losses.get(0)) && losses.get(0) > 0);
            float expected = WeightedSoftmaxCrossEntropyLoss.of(weights).evaluate(
                    new NDList(m.create(new int[] {1, 0, 0, 1, 0, 0, 1, 0})),
                    new NDList(m.zeros(new Shape(8, 2)))).getFloat();
            assertEquals(Math.log(2), expected, 1e-6); // sanity of the reference itself
        }
    }

    /**
     * A block whose frame logits are its input: a window of 2 bands x T frames is read as the
     * no-bull (band 0) and bull (band 1) logits of T steps, through a 1x1 depthwise convolution
     * with unit weights (a parameter, so that gradients flow), then {@link FrameMaxPool}.
     */
    private static SequentialBlock identityFrames() {
        return new SequentialBlock()
                .add(new ai.djl.nn.LambdaBlock(l -> new NDList(l.singletonOrThrow().reshape(
                        l.singletonOrThrow().getShape().get(0), 2, 1, -1))))
                .add(ai.djl.nn.convolutional.Conv2d.builder().setKernelShape(new Shape(1, 1))
                        .setFilters(2).optGroups(2).optBias(false).build())
                .add(io.bullwatch.models.blocks.FrameMaxPool.create());
    }

    private static double bce(double d, double q) {
        double p = 1 / (1 + Math.exp(-d));
        return -q * Math.log(p) - (1 - q) * Math.log(1 - p);
    }

    @Test
    void frameLossIsAddedPerWindowWithItsClassWeight() {
        // three windows of 4 steps; rows: no-bull logits, bull logits
        List<float[]> x = List.of(
                new float[] {0, 0, 1, 2, /**/ 1, 2, 0, -1},      // margins 1, 2, -1, -3
                new float[] {0, 1, 0, 0, /**/ -1, -2, 0.5f, 0},  // margins -1, -3, 0.5, 0
                new float[] {2, 0, 0, 0, /**/ 0, 0, 0, 3});      // margins -2, 0, 0, 3
        boolean[] bulls = {true, false, true};
        // window 0: bull over its first half -> targets 1 1 0 0; window 1: none; window 2 unknown
        List<float[]> spans = java.util.Arrays.asList(new float[] {0f, 0.5f}, new float[0], null);
        WindowSet data = new WindowSet(2, 4, x, bulls, spans, List.of("r", "r", "r"), List.of("s", "s", "s"));
        double[][] margins = {{1, 2, -1, -3}, {-1, -3, 0.5, 0}, {-2, 0, 0, 3}};
        double[][] targets = {{1, 1, 0, 0}, {0, 0, 0, 0}, null};
        float[] weights = {0.25f, 0.75f};
        double lambda = 0.5;
        double sum = 0;
        double windowSum = 0;
        double norm = 0;
        for (int i = 0; i < 3; i++) {
            double w = weights[bulls[i] ? 1 : 0];
            double best = java.util.Arrays.stream(margins[i]).max().orElseThrow();
            // softmax over (0, best): the window's bull probability is sigmoid(best)
            double windowLoss = -Math.log(bulls[i] ? 1 / (1 + Math.exp(-best)) : 1 / (1 + Math.exp(best)));
            double frameLoss = 0;
            if (targets[i] != null) {
                for (int t = 0; t < 4; t++) {
                    frameLoss += bce(margins[i][t], targets[i][t]) / 4;
                }
            }
            sum += w * (windowLoss + lambda * frameLoss);
            windowSum += w * windowLoss;
            norm += w;
        }
        WeightedSoftmaxCrossEntropyLoss loss = WeightedSoftmaxCrossEntropyLoss.of(weights)
                .withReduction(LossReduction.SUM);
        for (int micro : new int[] {3, 1}) {
            try (Model model = Model.newInstance("frames")) {
                model.setBlock(identityFrames());
                model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 2, 4));
                BullTrainer.restore(model.getBlock(), List.of(new float[] {1, 1}));
                try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(loss)
                        .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).build()))) {
                    assertEquals(sum / norm, BullTrainer.accumulate(trainer, loss, weights, data,
                            new int[] {0, 1, 2}, micro, lambda), 1e-5, "micro-batch " + micro);
                    // with weight 0, the window losses alone
                    assertEquals(windowSum / norm, BullTrainer.accumulate(trainer, loss, weights, data,
                            new int[] {0, 1, 2}, micro, 0), 1e-5, "micro-batch " + micro);
                }
            }
        }
    }

    @Test
    void learnsSeparableWindowsKeepsBestEpochAndMemoryStaysFlat(@TempDir Path dir) throws Exception {
        WindowSet train = TinyWindows.make(96, 4, 32, 64, 1);
        WindowSet val = TinyWindows.make(48, 4, 32, 64, 2);
        TrainerConfig config = TrainerConfig.builder().optLearningRate(3e-3).optMicroBatch(8)
                .optAccumulation(2).optEpochs(4).optPatience(10).optSeed(5)
                .build();
        TrainingFiles files = TrainingFiles.NONE.withMetricsCsv(dir.resolve("m.csv")).withCheckpoints(dir.resolve("ck"));
        List<Integer> arrays = new ArrayList<>();
        List<EpochMetrics> seen = new ArrayList<>();
        try (Model model = Model.newInstance("t")) {
            BullNetwork net = Backbone.COMPACT.network(Backbone.COMPACT.defaultOptions().withWidth(0.25));
            model.setBlock(net.block());
            Engine.getInstance().setRandomSeed(1);
            net.initialize(model.getNDManager(), new FeatureDims(1, 32, 64));
            NDManager root = root(model.getNDManager());
            TrainingReport report = BullTrainer.train(model, train, val, config, files, new TrainingListener() {
                @Override
                public void onEpoch(EpochMetrics m, boolean best) {
                    arrays.add(root.getManagedArrays().size());
                    seen.add(m);
                }
            });
            assertEquals(4, report.epochs().size());
            double bestValue = report.epochs().stream().mapToDouble(EpochMetrics::bestAverageRecall).max().orElseThrow();
            assertEquals(bestValue, report.best().bestAverageRecall());
            assertTrue(bestValue > 0.9, "separable data should be learnt: " + report.epochs());
            // The network holds the best epoch's parameters: scoring again gives its metric.
            float[] scores = BullTrainer.score(model, val, 16);
            double again = io.bullwatch.core.metrics.ThresholdSweep.of(scores, val.bulls())
                    .maxAverageRecall().orElseThrow().confusion().averageRecall();
            assertEquals(bestValue, again, 1e-9);
            // Native memory: the number of live arrays does not grow from epoch to epoch.
            assertEquals(arrays.get(1), arrays.get(arrays.size() - 1), "arrays per epoch: " + arrays);
        }
        List<String> csv = Files.readAllLines(dir.resolve("m.csv"));
        assertEquals(5, csv.size());
        assertEquals(EpochMetrics.CSV_HEADER, csv.get(0));

        // Resume: a run with more epochs and the same checkpoint folder starts after epoch 4.
        TrainerConfig more = TrainerConfig.builder().optLearningRate(3e-3).optMicroBatch(8)
                .optAccumulation(2).optEpochs(5).optPatience(10).optSeed(5).build();
        try (Model model = Model.newInstance("t2")) {
            BullNetwork net = Backbone.COMPACT.network(Backbone.COMPACT.defaultOptions().withWidth(0.25));
            model.setBlock(net.block());
            net.initialize(model.getNDManager(), new FeatureDims(1, 32, 64));
            TrainingReport report = BullTrainer.train(model, train, val, more, files, TrainingListener.NONE);
            assertEquals(5, report.epochs().size());
            assertEquals(seen.get(0).toCsv(), report.epochs().get(0).toCsv());
            assertEquals(5, report.epochs().get(4).epoch());
        }
    }

    @Test
    void sameSeedSameRun() throws Exception {
        WindowSet train = TinyWindows.make(32, 4, 32, 64, 1);
        WindowSet val = TinyWindows.make(16, 4, 32, 64, 2);
        TrainerConfig config = TrainerConfig.builder().optLearningRate(3e-3).optMicroBatch(8)
                .optAccumulation(1).optEpochs(2).optSeed(9).optImbalance(Imbalance.BALANCED_SAMPLER).build();
        float[][] scores = new float[2][];
        for (int run = 0; run < 2; run++) {
            try (Model model = Model.newInstance("r")) {
                BullNetwork net = Backbone.COMPACT.network(Backbone.COMPACT.defaultOptions().withWidth(0.25));
                model.setBlock(net.block());
                Engine.getInstance().setRandomSeed(4);
                net.initialize(model.getNDManager(), new FeatureDims(1, 32, 64));
                BullTrainer.train(model, train, val, config, TrainingListener.NONE);
                scores[run] = BullTrainer.score(model, val, 8);
            }
        }
        assertArrayEquals(scores[0], scores[1], 1e-6f);
    }

    /** Trains a width-1/4 compact network for two epochs; its parameters before and after. */
    private static List<List<float[]>> trainTiny(double siteAlignment) {
        WindowSet train = TinyWindows.make(32, 4, 32, 64, 1);
        WindowSet val = TinyWindows.make(16, 4, 32, 64, 2);
        TrainerConfig config = TrainerConfig.builder().optLearningRate(3e-3).optMicroBatch(8)
                .optAccumulation(2).optEpochs(2).optSeed(9).optImbalance(Imbalance.BALANCED_SAMPLER)
                .optSiteAlignment(siteAlignment).build();
        try (Model model = Model.newInstance("align")) {
            BullNetwork net = Backbone.COMPACT.network(Backbone.COMPACT.defaultOptions().withWidth(0.25));
            model.setBlock(net.block());
            Engine.getInstance().setRandomSeed(4);
            net.initialize(model.getNDManager(), new FeatureDims(1, 32, 64));
            List<float[]> before = BullTrainer.snapshot(model.getBlock());
            BullTrainer.train(model, train, val, config, TrainingListener.NONE);
            return List.of(before, BullTrainer.snapshot(model.getBlock()));
        }
    }

    @Test
    void siteAlignmentTrainsEveryParameterDeterministicallyAndChangesTheRun() {
        List<List<float[]>> a = trainTiny(1);
        List<List<float[]>> b = trainTiny(1);
        List<List<float[]>> none = trainTiny(0);
        boolean differs = false;
        int changed = 0;
        for (int p = 0; p < a.get(1).size(); p++) {
            changed += java.util.Arrays.equals(a.get(0).get(p), a.get(1).get(p)) ? 0 : 1;
            assertArrayEquals(a.get(1).get(p), b.get(1).get(p), "parameter " + p + ": same seed, same run");
            // the network runs part by part outside trainer.forward: every parameter that the
            // usual path changes (by the trainer's step, or for running statistics by the forward
            // pass) must change here too
            assertEquals(!java.util.Arrays.equals(none.get(0).get(p), none.get(1).get(p)),
                    !java.util.Arrays.equals(a.get(0).get(p), a.get(1).get(p)), "parameter " + p + " changed");
            differs |= !java.util.Arrays.equals(a.get(1).get(p), none.get(1).get(p));
        }
        assertTrue(differs, "the penalty changes the run");
        assertTrue(changed > a.get(1).size() / 2, changed + " of " + a.get(1).size() + " parameters changed");
    }

    @Test
    void siteAlignmentResumesBitForBit(@TempDir Path dir) throws Exception {
        TrainerConfig config = TrainerConfig.builder().optLearningRate(3e-3).optMicroBatch(8)
                .optAccumulation(2).optEpochs(3).optPatience(10).optSeed(11)
                .optAugmentation(TrainingAugmentation.defaults(32, 64))
                .optImbalance(Imbalance.BALANCED_SAMPLER).optWindowsPerEpoch(48).optSiteAlignment(1).build();
        Path whole = dir.resolve("whole");
        Path crashed = dir.resolve("crashed");
        List<float[]> reference = TinyTraining.run(config, checkpointsIn(whole), 1, 0).parameters();
        org.junit.jupiter.api.Assertions.assertThrows(TinyTraining.SimulatedCrash.class,
                () -> TinyTraining.run(config, checkpointsIn(crashed), 1, 3));
        // another initialisation: everything must come from the checkpoint
        List<float[]> resumed = TinyTraining.run(config, checkpointsIn(crashed), 2, 0).parameters();
        for (int p = 0; p < reference.size(); p++) {
            assertArrayEquals(reference.get(p), resumed.get(p), "parameter " + p);
        }
    }

    private static TrainingFiles checkpointsIn(Path folder) {
        return new TrainingFiles(java.util.Optional.of(folder), java.util.Optional.empty());
    }

    @Test
    void siteAlignmentIsAddedToTheLossInProportionToEachMicroBatch() {
        // a linear body (mean over the window's values, 2 channels) and a linear head: the loss with
        // the penalty is the loss without it plus the penalty of the embeddings the body gives
        WindowSet data = TinyWindows.make(12, 3, 4, 4, 5);
        int[] batch = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        float[] weights = {1, 1};
        WeightedSoftmaxCrossEntropyLoss sum = WeightedSoftmaxCrossEntropyLoss.of(weights)
                .withReduction(LossReduction.SUM);
        SequentialBlock body = new SequentialBlock().add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(2).build());
        SequentialBlock net = new SequentialBlock().add(body).add(Linear.builder().setUnits(2).build());
        try (Model model = Model.newInstance("penalty")) {
            model.setBlock(net);
            Engine.getInstance().setRandomSeed(3);
            net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 4, 4));
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(sum)
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).build()))) {
                trainer.initialize(new Shape(1, 1, 4, 4));
                double plain = BullTrainer.accumulate(trainer, sum, weights, data, batch, 6, 0, 0);
                double lambda = 0.7;
                double expected = plain;
                for (int from = 0; from < 12; from += 6) {
                    float[] x = new float[6 * 16];
                    List<String> sites = new ArrayList<>();
                    boolean[] bulls = new boolean[6];
                    for (int j = 0; j < 6; j++) {
                        System.arraycopy(data.features(from + j), 0, x, j * 16, 16);
                        sites.add(data.site(from + j));
                        bulls[j] = data.isBull(from + j);
                    }
                    try (NDManager m = NDManager.newBaseManager()) {
                        ai.djl.ndarray.NDArray e = body.forward(new ai.djl.training.ParameterStore(m, false),
                                new NDList(m.create(x, new Shape(6, 1, 4, 4))), false).singletonOrThrow();
                        expected += lambda * 6 / 12 * io.bullwatch.models.loss.SiteAlignment
                                .penalty(e, sites, bulls).getFloat();
                    }
                }
                assertEquals(expected, BullTrainer.accumulate(trainer, sum, weights, data, batch, 6, 0, lambda),
                        1e-5);
                assertTrue(Math.abs(expected - plain) > 1e-4, "the penalty is not 0 here");
            }
        }
    }

    @Test
    void aRunWhoseLossStopsBeingANumberFailsSayingWhereAndWhatIsKept(@TempDir Path dir) {
        // a linear network and a learning rate of 1e38: Adam moves every weight by about 1e38 at
        // the first step, so the second step's logits (sums of 16 such products) overflow float32
        WindowSet train = TinyWindows.make(32, 4, 4, 4, 1);
        WindowSet val = TinyWindows.make(16, 4, 4, 4, 2);
        TrainerConfig config = TrainerConfig.builder().optLearningRate(1e38).optMicroBatch(8)
                .optAccumulation(1).optEpochs(2).optSeed(3).optImbalance(Imbalance.BALANCED_SAMPLER).build();
        SequentialBlock net = new SequentialBlock().add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(2).build());
        try (Model model = Model.newInstance("diverge")) {
            model.setBlock(net);
            Engine.getInstance().setRandomSeed(3);
            net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 4, 4));
            Path checkpoints = dir.resolve("checkpoints");
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> BullTrainer.train(model, train, val, config,
                            new TrainingFiles(java.util.Optional.of(checkpoints), java.util.Optional.empty()),
                            TrainingListener.NONE));
            assertTrue(e.getMessage().startsWith("training diverged: ")
                    && e.getMessage().contains("epoch 1, step 2 of 4")
                    && (e.getMessage().contains("NaN") || e.getMessage().contains("Infinity"))
                    && e.getMessage().contains("lower learning rate"), e.getMessage());
        }
    }

    /** Passes its input on in training; scores NaN in inference (as parameters gone bad would). */
    private static final class NanWhenScoring extends ai.djl.nn.AbstractBlock {
        @Override
        protected NDList forwardInternal(ai.djl.training.ParameterStore store, NDList inputs, boolean training,
                ai.djl.util.PairList<String, Object> params) {
            ai.djl.ndarray.NDArray x = inputs.singletonOrThrow();
            return new NDList(training ? x : x.mul(Float.NaN));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }
    }

    @Test
    void anEpochAfterWhichValidationScoresAreNotNumbersFailsNamingTheWindow() {
        WindowSet train = TinyWindows.make(32, 4, 4, 4, 1);
        WindowSet val = TinyWindows.make(16, 4, 4, 4, 2);
        TrainerConfig config = TrainerConfig.builder().optLearningRate(1e-3).optMicroBatch(8)
                .optAccumulation(1).optEpochs(2).optSeed(3).optImbalance(Imbalance.BALANCED_SAMPLER).build();
        SequentialBlock net = new SequentialBlock().add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(2).build()).add(new NanWhenScoring());
        try (Model model = Model.newInstance("nan-scores")) {
            model.setBlock(net);
            Engine.getInstance().setRandomSeed(3);
            net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 4, 4));
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> BullTrainer.train(model, train, val, config, TrainingListener.NONE));
            assertTrue(e.getMessage().startsWith("training diverged: after epoch 1 the network scores"
                    + " validation window 0 (" + val.recording(0) + ") as NaN"), e.getMessage());
        }
    }

    @Test
    void seedWeightsAreTheShares() {
        assertArrayEquals(new float[] {0.05f, 0.95f},
                BullTrainer.classWeights(Imbalance.SEED_WEIGHTS, 95, 5), 1e-7f);
        assertArrayEquals(new float[] {1, 1}, BullTrainer.classWeights(Imbalance.BALANCED_SAMPLER, 95, 5));
    }

    private static NDManager root(NDManager manager) {
        NDManager current = manager;
        while (current.getParentManager() != null && current.getParentManager() != current) {
            current = current.getParentManager();
        }
        return current;
    }
}
