package io.bullwatch.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.annotation.Annotation;
import io.bullwatch.core.annotation.AnnotationSet;
import io.bullwatch.core.calibrate.Calibration;
import io.bullwatch.core.calibrate.ThresholdRule;
import io.bullwatch.core.corpus.CorpusRecording;
import io.bullwatch.core.corpus.CorpusSplits;
import io.bullwatch.core.corpus.Split;
import io.bullwatch.core.events.RecordingDetection;
import io.bullwatch.core.events.SiteDistance;
import io.bullwatch.core.events.WindowScore;
import io.bullwatch.core.window.LabelRule;
import io.bullwatch.core.window.WindowSpec;
import io.bullwatch.features.background.SiteReference;
import io.bullwatch.features.mel.MelConfig;
import io.bullwatch.features.pipeline.FeaturePipeline;
import io.bullwatch.features.pipeline.InputNormalisation;
import io.bullwatch.features.windows.TestRecordings;
import io.bullwatch.features.windows.WindowSet;
import io.bullwatch.models.backbone.Backbone;
import io.bullwatch.models.bundle.ModelBundle;
import io.bullwatch.models.detect.Detector;
import io.bullwatch.models.detect.DetectorOptions;
import io.bullwatch.models.scoring.WindowScorer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DetectorTraining}: the bundle it returns carries the pipeline and the threshold that its
 * validation scores calibrate; those scores are what a fresh load of the windows gives and what
 * the saved bundle's detector gives on the same recording; the test split is scored once.
 */
class DetectorTrainingTest {

    private static final int RATE = 8000;
    private static final MelConfig MEL = MelConfig.builder().optSampleRate(RATE).optNFft(512)
            .optHop(512).optNMels(16).optFMax(4000).build();
    private static final FeaturePipeline PIPELINE = FeaturePipeline.of(MEL, WindowSpec.SEED,
            InputNormalisation.LOG_PER_RECORDING);

    /** 90 s of quiet noise with a loud 1.5 kHz burst of 2 s every 20 s from {@code first}. */
    private static CorpusRecording night(Path dir, String site, double first) throws IOException {
        SplittableRandom r = new SplittableRandom(site.hashCode());
        float[] x = new float[90 * RATE];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.01 * r.nextGaussian());
        }
        List<Annotation> bulls = new ArrayList<>();
        for (double t = first; t + 2 < 90; t += 20) {
            for (int i = (int) (t * RATE); i < (int) ((t + 2) * RATE); i++) {
                x[i] += (float) (0.3 * Math.sin(2 * Math.PI * 1500 * i / RATE) * (0.5 + 0.5 * r.nextDouble()));
            }
            bulls.add(Annotation.of(t, t + 2));
        }
        return TestRecordings.write(dir.resolve(site + ".wav"), x, RATE, site, AnnotationSet.of(site, bulls));
    }

    @Test
    void returnsACalibratedBundleWhoseDetectorScoresAsValidationDid(@TempDir Path dir) throws IOException {
        CorpusRecording val = night(dir, "val", 6);
        CorpusSplits splits = new CorpusSplits(Map.of(
                Split.TRAIN, List.of(night(dir, "a", 3), night(dir, "b", 11)),
                Split.VALIDATION, List.of(val),
                Split.TEST, List.of(night(dir, "test", 9))));
        TrainerConfig config = TrainerConfig.builder().optLearningRate(3e-3).optMicroBatch(8)
                .optAccumulation(1).optEpochs(2).optSeed(3).build();
        DetectorTraining training = DetectorTraining.builder(PIPELINE)
                .optBackbone(Backbone.COMPACT, Backbone.COMPACT.defaultOptions().withWidth(0.25))
                .optTrainHopSeconds(2.5).optThresholdRule(ThresholdRule.averageRecall()).optConfig(config)
                .optThreads(1).optProvenance("corpus", "tiny").build();
        Path model = dir.resolve("model");
        List<String> told = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onWindows(WindowSet train, WindowSet validation, WindowSet test, double seconds) {
                told.add("windows " + validation.size() + " " + test.sites());
            }

            @Override
            public void onEpoch(EpochMetrics m, boolean best) {
                told.add("epoch " + m.epoch());
            }
        };
        try (TrainedDetector trained = training.train(splits, TrainingFiles.in(model), listener)) {
            ModelBundle bundle = trained.bundle();
            assertEquals(PIPELINE, bundle.pipeline());
            assertEquals(List.of("windows " + trained.validation().windows() + " [test]", "epoch 1", "epoch 2"), told);
            // the validation scores are those of the windows loaded afresh, and calibrate the threshold
            try (WindowSet again = WindowSet.load(List.of(val), PIPELINE, LabelRule.minOverlapSeconds(1)
                    .withAmbiguousOverlapAbove(0), 1)) {
                assertArrayEquals(BullTrainer.score(trained.model(), again, 7), trained.validation().scores(), 1e-6f);
                assertEquals(Calibration.of(ThresholdRule.averageRecall(), trained.validation().scores(),
                        again.bulls()).threshold(), bundle.threshold());
            }
            assertEquals("avg-recall", bundle.thresholdRule());
            assertEquals(List.of("test"), trained.test().orElseThrow().sites());
            @SuppressWarnings("unchecked")
            Map<String, Object> test = (Map<String, Object>) bundle.metrics().get("test");
            assertEquals(trained.test().orElseThrow().confusion(bundle.threshold()).tp(), test.get("tp"));
            assertEquals("tiny", bundle.training().keySet().stream().findFirst()
                    .map(bundle.training()::get).orElseThrow());
            assertEquals(2, bundle.training().get("epochsRun"));
            // the backgrounds it trained and calibrated on, not the test night's
            assertEquals(List.of("a", "b", "val"), List.copyOf(bundle.siteReference().orElseThrow().sites()));
            trained.save(model);
            assertEquals(bundle.siteReference().orElseThrow().recordings(),
                    ModelBundle.read(model).siteReference().orElseThrow().recordings());
            // and the network's embeddings of the same recordings, one dimension per body channel
            SiteReference embedded = bundle.embeddingReference().orElseThrow();
            assertEquals(SiteReference.EMBEDDING_DESCRIPTOR, embedded.descriptor());
            assertEquals(List.of("a", "b", "val"), List.copyOf(embedded.sites()));
            assertEquals(WindowScorer.embeddingSize(trained.model().getBlock(), trained.model().getNDManager(),
                    PIPELINE.channels(), PIPELINE.mels(), PIPELINE.windowFrames()), embedded.bands());
            assertEquals(embedded.recordings(), ModelBundle.read(model).embeddingReference().orElseThrow().recordings());
            // the saved bundle's detector gives every validation window the score training gave it
            Map<Double, Float> byStart = new HashMap<>();
            try (WindowSet again = WindowSet.load(List.of(val), PIPELINE, LabelRule.minOverlapSeconds(1)
                    .withAmbiguousOverlapAbove(0), 1)) {
                for (int i = 0; i < again.size(); i++) {
                    byStart.put(again.startSeconds(i).orElseThrow(), trained.validation().scores()[i]);
                }
            }
            try (Detector detector = Detector.load(model, DetectorOptions.defaults())) {
                // the night is judged against the share of windows calibration flagged
                assertEquals(trained.calibration().validation().flaggedFraction(),
                        detector.expectedFlaggedShare().orElseThrow(), 1e-12);
                try (Detector other = Detector.load(model, DetectorOptions.defaults().withThreshold(0.3))) {
                    assertTrue(other.expectedFlaggedShare().isEmpty(), "unknown at another threshold");
                }
                assertScoresAsTraining(detector, val, byStart);
            }
        }
        assertEquals(3, Files.readAllLines(model.resolve("metrics.csv")).size(), "header and two epochs");
        assertTrue(TrainingFiles.hasCheckpoint(model.resolve("checkpoints")));
    }

    @Test
    void aPcenBundleDetectsWithTheScoresTrainingGaveItsValidationWindows(@TempDir Path dir) throws IOException {
        FeaturePipeline pcen = FeaturePipeline.of(MEL, WindowSpec.SEED, InputNormalisation.PCEN_PER_RECORDING);
        CorpusRecording val = night(dir, "val", 6);
        CorpusSplits splits = new CorpusSplits(Map.of(
                Split.TRAIN, List.of(night(dir, "a", 3), night(dir, "b", 11)),
                Split.VALIDATION, List.of(val)));
        TrainerConfig config = TrainerConfig.builder().optLearningRate(3e-3).optMicroBatch(8)
                .optAccumulation(1).optEpochs(1).optSeed(3).build();
        DetectorTraining training = DetectorTraining.builder(pcen)
                .optBackbone(Backbone.COMPACT, Backbone.COMPACT.defaultOptions().withWidth(0.25))
                .optTrainHopSeconds(2.5).optThresholdRule(ThresholdRule.averageRecall()).optConfig(config)
                .optThreads(1).build();
        Path model = dir.resolve("model");
        TrainedDetector kept;
        try (TrainedDetector trained = training.train(splits, TrainingFiles.in(model), TrainingListener.NONE)) {
            kept = trained;
            trained.save(model);
            assertEquals(InputNormalisation.PCEN_PER_RECORDING, ModelBundle.read(model).normalisation());
            Map<Double, Float> byStart = new HashMap<>();
            try (WindowSet again = WindowSet.load(List.of(val), pcen, LabelRule.minOverlapSeconds(1)
                    .withAmbiguousOverlapAbove(0), 1)) {
                assertArrayEquals(BullTrainer.score(trained.model(), again, 7), trained.validation().scores(), 1e-6f);
                for (int i = 0; i < again.size(); i++) {
                    byStart.put(again.startSeconds(i).orElseThrow(), trained.validation().scores()[i]);
                }
            }
            try (Detector detector = Detector.load(model, DetectorOptions.defaults())) {
                assertScoresAsTraining(detector, val, byStart);
            }
        }
        // saved after closing: a clear refusal, no folder half written
        Path late = dir.resolve("late");
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> kept.save(late));
        assertTrue(e.getMessage().contains("save it before closing it"), e.getMessage());
        assertFalse(java.nio.file.Files.exists(late));
        kept.close(); // twice: harmless
    }

    @Test
    void aStreamedBundleMeasuresTheBackgroundAsTrainingDid(@TempDir Path dir) throws IOException {
        FeaturePipeline log = FeaturePipeline.of(MEL, WindowSpec.SEED, InputNormalisation.LOG);
        CorpusSplits splits = new CorpusSplits(Map.of(
                Split.TRAIN, List.of(night(dir, "a", 3), night(dir, "b", 11)),
                Split.VALIDATION, List.of(night(dir, "val", 6))));
        TrainerConfig config = TrainerConfig.builder().optLearningRate(3e-3).optMicroBatch(8)
                .optAccumulation(1).optEpochs(1).optSeed(3).build();
        DetectorTraining training = DetectorTraining.builder(log)
                .optBackbone(Backbone.COMPACT, Backbone.COMPACT.defaultOptions().withWidth(0.25))
                .optTrainHopSeconds(2.5).optThresholdRule(ThresholdRule.averageRecall()).optConfig(config)
                .optThreads(1).build();
        Path model = dir.resolve("model");
        try (TrainedDetector trained = training.train(splits, TrainingFiles.in(model), TrainingListener.NONE)) {
            trained.save(model);
        }
        // a night of another background: ten times louder noise, a low hum, no bursts
        SplittableRandom r = new SplittableRandom(5);
        float[] x = new float[60 * RATE];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.1 * r.nextGaussian() + 0.2 * Math.sin(2 * Math.PI * 200 * i / RATE));
        }
        CorpusRecording other = TestRecordings.write(dir.resolve("other.wav"), x, RATE, "other",
                AnnotationSet.of("other", List.of()));
        try (Detector detector = Detector.load(model, DetectorOptions.defaults())) {
            SiteDistance own = detector.detect(dir.resolve("b.wav"), Detector.Progress.NONE).background()
                    .orElseThrow();
            assertEquals("b", own.nearestSite());
            assertEquals(0, own.distance(), 1e-2);
            SiteDistance far = detector.detect(other.recording(), Detector.Progress.NONE).background().orElseThrow();
            assertTrue(far.far(), () -> "ratio " + far.ratio());
            // the network sees it so too; its own night sits on its own embedding profile
            SiteDistance ownView = detector.detect(dir.resolve("b.wav"), Detector.Progress.NONE).embedding()
                    .orElseThrow();
            assertEquals("b", ownView.nearestSite());
            assertEquals(0, ownView.distance(), 1e-2);
            SiteDistance farView = detector.detect(other.recording(), Detector.Progress.NONE).embedding()
                    .orElseThrow();
            assertTrue(farView.far(), () -> "ratio " + farView.ratio());
        }
    }

    /** The detector gives every window of the recording whose start is in the map the score in it. */
    private static void assertScoresAsTraining(Detector detector, CorpusRecording val, Map<Double, Float> byStart)
            throws IOException {
        RecordingDetection d = detector.detect(val.recording(), Detector.Progress.NONE);
        // a recording the model calibrated on sits on its own profile in the reference
        SiteDistance own = d.background().orElseThrow();
        assertEquals(val.site(), own.nearestSite());
        assertEquals(0, own.distance(), 1e-2);
        // and so it does on the network's embeddings (training profiled the same windows)
        SiteDistance ownView = d.embedding().orElseThrow();
        assertEquals(val.site(), ownView.nearestSite());
        assertEquals(0, ownView.distance(), 1e-2);
        int matched = 0;
        for (WindowScore w : d.windows()) {
            Float expected = byStart.get(w.start());
            if (expected != null) {
                assertEquals(expected, w.score(), 1e-5f, "window at " + w.start());
                matched++;
            }
        }
        assertEquals(byStart.size(), matched);
    }

    @Test
    void fineTuningStartsFromTheParentsParametersAndRefusesAnotherNetwork(@TempDir Path dir) throws IOException {
        CorpusSplits splits = new CorpusSplits(Map.of(
                Split.TRAIN, List.of(night(dir, "a", 3), night(dir, "b", 11)),
                Split.VALIDATION, List.of(night(dir, "val", 6))));
        Path parent = dir.resolve("parent");
        java.util.function.Function<Double, DetectorTraining.Builder> builder = lr -> DetectorTraining.builder(PIPELINE)
                .optBackbone(Backbone.COMPACT, Backbone.COMPACT.defaultOptions().withWidth(0.25))
                .optTrainHopSeconds(2.5).optThreads(1).optConfig(TrainerConfig.builder().optLearningRate(lr)
                        .optMicroBatch(8).optAccumulation(1).optEpochs(1).optSeed(3).build());
        try (TrainedDetector trained = builder.apply(3e-3).build().train(splits, TrainingFiles.NONE,
                TrainingListener.NONE)) {
            trained.save(parent);
        }
        Map<String, float[]> parentParameters;
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            parentParameters = trainable(ModelBundle.read(parent).loadNetwork(parent, m));
        }
        // with a vanishing learning rate, the fine-tuned network is the parent
        try (TrainedDetector tuned = builder.apply(1e-12).optParent(parent).build().train(splits, TrainingFiles.NONE,
                TrainingListener.NONE)) {
            Map<String, float[]> p = trainable(tuned.network());
            assertEquals(parentParameters.keySet(), p.keySet());
            for (String k : p.keySet()) {
                assertArrayEquals(parentParameters.get(k), p.get(k), 1e-6f, k);
            }
            assertEquals(parent.toString(), tuned.bundle().training().get("parent"));
        }
        // a fresh start with the same seed is not
        try (TrainedDetector fresh = builder.apply(1e-12).build().train(splits, TrainingFiles.NONE,
                TrainingListener.NONE)) {
            Map<String, float[]> p = trainable(fresh.network());
            assertTrue(p.keySet().stream().anyMatch(k -> !java.util.Arrays.equals(parentParameters.get(k), p.get(k))));
        }
        DetectorTraining wider = DetectorTraining.builder(PIPELINE)
                .optBackbone(Backbone.COMPACT, Backbone.COMPACT.defaultOptions().withWidth(0.5)).optParent(parent)
                .optThreads(1).optConfig(TrainerConfig.builder().optEpochs(1).build()).build();
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> wider.train(splits, TrainingFiles.NONE, TrainingListener.NONE));
        assertTrue(e.getMessage().contains(parent.toString()) && e.getMessage().contains("fine-tuning needs the same"
                + " network and features"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> DetectorTraining
                .builder(PIPELINE).optParent(parent).optInitialWeights(dir.resolve("w.npz")).build());
    }

    private static Map<String, float[]> trainable(io.bullwatch.models.backbone.BullNetwork network) {
        Map<String, float[]> out = new java.util.TreeMap<>();
        for (ai.djl.util.Pair<String, ai.djl.nn.Parameter> p : network.block().getParameters()) {
            if (p.getValue().requiresGradient()) {
                out.put(p.getKey(), p.getValue().getArray().toFloatArray());
            }
        }
        return out;
    }
}
