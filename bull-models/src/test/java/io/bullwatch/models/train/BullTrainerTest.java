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
