package io.bullwatch.cli;

import io.bullwatch.core.calibrate.Calibration;
import io.bullwatch.core.calibrate.ThresholdRule;
import io.bullwatch.core.corpus.Corpus;
import io.bullwatch.core.corpus.CorpusSplits;
import io.bullwatch.core.corpus.Split;
import io.bullwatch.core.metrics.Confusion;
import io.bullwatch.core.metrics.ThresholdSweep;
import io.bullwatch.core.window.LabelRule;
import io.bullwatch.core.window.WindowSpec;
import io.bullwatch.features.mel.MelConfig;
import io.bullwatch.features.pipeline.FeaturePipeline;
import io.bullwatch.features.pipeline.InputNormalisation;
import io.bullwatch.features.windows.WindowSet;
import io.bullwatch.models.backbone.Backbone;
import io.bullwatch.models.backbone.BackboneOptions;
import io.bullwatch.models.train.DetectorTraining;
import io.bullwatch.models.train.EpochMetrics;
import io.bullwatch.models.train.HardNegatives;
import io.bullwatch.models.train.Imbalance;
import io.bullwatch.models.train.SplitScores;
import io.bullwatch.models.train.StopMetric;
import io.bullwatch.models.train.TrainedDetector;
import io.bullwatch.models.train.TrainerConfig;
import io.bullwatch.models.train.TrainingAugmentation;
import io.bullwatch.models.train.TrainingFiles;
import io.bullwatch.models.train.TrainingListener;
import io.bullwatch.models.train.TrainingReport;
import io.bullwatch.models.weights.ImportReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bull train}: trains a detector on a corpus and writes a model bundle. A run that refuses
 * its data or options leaves nothing behind (see {@link OutputFolder}).
 */
@Command(name = "train",
        description = {"Trains a detector on a corpus and writes a model bundle.",
            "",
            "Reads the corpus of DIR/manifest.csv and writes MODEL_DIR/model.json (backbone, features,"
                + " windows, normalisation, threshold, metrics) and MODEL_DIR/parameters.params;"
                + " MODEL_DIR/metrics.csv has one row per epoch and MODEL_DIR/checkpoints lets a rerun"
                + " with the same --out resume. A run that refuses its data or options leaves nothing"
                + " behind.",
            "",
            "Splits: the manifest's split column, or --val-sites and --test-sites (all other sites"
                + " train). The threshold is calibrated on validation; test is scored once at the end."
                + " See docs/training.md."})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CorpusFiles corpusFiles;

    @Option(names = "--out", required = true, paramLabel = "MODEL_DIR", description = "Bundle folder (created).")
    Path out;

    @Option(names = "--backbone", defaultValue = "compact", paramLabel = "NAME",
            description = "compact, compact-sed, alexnet or vgg16 (default: ${DEFAULT-VALUE}).")
    String backbone;

    @Option(names = "--width", defaultValue = "1", paramLabel = "X",
            description = "Width multiplier (default: ${DEFAULT-VALUE}).")
    double width;

    @Option(names = "--epochs", defaultValue = "10", paramLabel = "N",
            description = "Maximum epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--patience", defaultValue = "5", paramLabel = "N",
            description = "Early-stopping patience in epochs (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--lr", defaultValue = "1e-3", paramLabel = "RATE",
            description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--weight-decay", defaultValue = "0", paramLabel = "X",
            description = "Adam weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--micro-batch", defaultValue = "16", paramLabel = "N",
            description = "Windows per forward pass (default: ${DEFAULT-VALUE}).")
    int microBatch;

    @Option(names = "--accumulation", defaultValue = "2", paramLabel = "N",
            description = "Micro-batches per optimiser step (default: ${DEFAULT-VALUE}; the seed: 8).")
    int accumulation;

    @Option(names = "--imbalance", defaultValue = "seed", paramLabel = "NAME",
            description = "seed (w_bull = 1 - p), inverse, balanced (sampler) or focal (default: ${DEFAULT-VALUE}).")
    String imbalance;

    @Option(names = "--stop-metric", defaultValue = "avg-recall", paramLabel = "NAME",
            description = "avg-recall, ap or loss (default: ${DEFAULT-VALUE}).")
    String stopMetric;

    @Option(names = "--threshold-rule", defaultValue = "smooth:avg-recall", paramLabel = "RULE",
            description = "avg-recall (the seed), recall:0.95, f1, budget:0.1, or a smoothed rule: smooth:avg-recall"
                    + " or smooth:recall:0.95, on kernel-smoothed validation recalls, so that the threshold"
                    + " transfers better to new sites (default: ${DEFAULT-VALUE}; see docs/training.md).")
    String thresholdRule;

    @Option(names = "--normalisation", defaultValue = "log-per-recording", paramLabel = "NAME",
            description = "linear, log or log-per-recording (default: ${DEFAULT-VALUE}).")
    String normalisation;

    @Option(names = "--min-overlap", defaultValue = "1", paramLabel = "SECONDS",
            description = "Seconds of a bull a window must hold to be a bull window; windows overlapping a bull"
                    + " less are ambiguous and left out (default: ${DEFAULT-VALUE}).")
    double minOverlap;

    @Option(names = "--train-hop", defaultValue = "5", paramLabel = "SECONDS",
            description = "Seconds between the starts of the training windows (default: ${DEFAULT-VALUE},"
                + " the windows' own hop). A shorter hop shows every bull at more positions in a window;"
                + " validation and test keep the windows' hop. The epoch's draws (--epoch-windows) set"
                + " the training time, not this.")
    double trainHop;

    @Option(names = "--hard-negatives", defaultValue = "0", paramLabel = "SHARE[:POOL]",
            description = "Hard-negative mining with --imbalance balanced: each epoch after the first scores"
                + " POOL (default 1024) random no-bull windows and takes SHARE of the no-bull draws from"
                + " the highest-scoring quarter; 0 for none (default: ${DEFAULT-VALUE}; see docs/training.md).")
    String hardNegatives;

    @Option(names = "--frame-loss", defaultValue = "1", paramLabel = "WEIGHT",
            description = "With --backbone compact-sed: weight of the loss on frame targets cut from each"
                + " annotation's start and end, added to the window loss; 0 trains on window labels alone"
                + " (default: ${DEFAULT-VALUE}; see docs/training.md).")
    double frameLoss;

    /** {@link #hardNegatives} parsed, checked before any feature is computed. */
    private HardNegatives hard;

    @Option(names = "--augment", defaultValue = "default", paramLabel = "SPEC",
            description = "Training augmentation: none; default, which for log-per-recording input mixes half"
                + " the windows with another site's and adds 2 time and 2 frequency masks, and for other"
                + " inputs is none; or a list of parts such as mix=0.5,time=2x16,freq=2x8"
                + " (default: ${DEFAULT-VALUE}).")
    String augment;

    @Option(names = "--schedule", defaultValue = "constant", paramLabel = "NAME",
            description = "Learning rate over the run: constant (the seed), cosine (decays to 2 %% at the last"
                    + " epoch) or stable-decay (constant for 80 %% of the steps, then linear to 2 %%;"
                    + " default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--average", defaultValue = "0", paramLabel = "DECAY",
            description = "Keep an exponential moving average of the parameters with this decay per"
                    + " optimiser step (for example 0.995, about 200 steps), and validate, keep and save the"
                    + " average; 0 for none (default: ${DEFAULT-VALUE}).")
    double average;

    @Option(names = "--init", paramLabel = "FILE.npz", description = "Start from these weights (PyTorch state_dict names).")
    Path init;

    @Option(names = "--val-sites", split = ",", paramLabel = "SITES", hideParamSyntax = true,
            description = "Validation sites, comma-separated (with --test-sites; overrides the split column).")
    List<String> valSites;

    @Option(names = "--test-sites", split = ",", paramLabel = "SITES", hideParamSyntax = true,
            description = "Test sites, comma-separated.")
    List<String> testSites;

    @Option(names = "--epoch-windows", defaultValue = "0", paramLabel = "N",
            description = "Training windows per epoch, 0 for all (default: ${DEFAULT-VALUE}).")
    int epochWindows;

    @Option(names = "--mels", defaultValue = "128", paramLabel = "N",
            description = "Mel bands (default: ${DEFAULT-VALUE}, the seed's).")
    int mels;

    @Option(names = "--hop", defaultValue = "1024", paramLabel = "SAMPLES",
            description = "STFT hop in samples (default: ${DEFAULT-VALUE}, the seed's).")
    int hop;

    @Option(names = "--cache", paramLabel = "DIR",
            description = "Feature cache folder: each recording's mel frames are computed once into it and"
                + " read back by later runs on the same recordings (the same values, no feature computed;"
                + " see docs/features.md).")
    Path cache;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", defaultValue = "2", paramLabel = "N",
            description = "Feature threads (default: ${DEFAULT-VALUE}).")
    int threads;

    /** Every numeric option in its range (exit code 2 otherwise), before anything is read. */
    private void checkRanges() {
        Ranges.positive(spec, "--width", width);
        Ranges.whole(spec, "--epochs", epochs, 1, 100_000);
        Ranges.whole(spec, "--patience", patience, 1, 100_000);
        Ranges.positive(spec, "--lr", lr);
        Ranges.nonNegative(spec, "--weight-decay", weightDecay);
        Ranges.whole(spec, "--micro-batch", microBatch, 1, 65_536);
        Ranges.whole(spec, "--accumulation", accumulation, 1, 65_536);
        Ranges.nonNegative(spec, "--min-overlap", minOverlap);
        Ranges.positive(spec, "--train-hop", trainHop);
        Ranges.nonNegative(spec, "--frame-loss", frameLoss);
        if (!(average >= 0 && average < 1)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--average must be a decay from 0 (off) to below 1, got " + average);
        }
        Ranges.whole(spec, "--epoch-windows", epochWindows, 0, Integer.MAX_VALUE);
        Ranges.whole(spec, "--mels", mels, 1, 4096);
        Ranges.whole(spec, "--hop", hop, 1, 1 << 20);
        Ranges.whole(spec, "--threads", threads, 1, 1024);
        Ranges.whole(spec, "--seed", seed, 0, Long.MAX_VALUE);
    }

    @Override
    public Integer call() throws Exception {
        OutputFolder folder = OutputFolder.before(out);
        try {
            return run();
        } catch (Exception | Error e) {
            try {
                folder.removeWhatThisRunMade(TrainingFiles.in(out).checkpointDir().orElseThrow());
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private int run() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long started = System.nanoTime();
        checkRanges();
        StopMetric stop = parseStop(stopMetric);
        TrainerConfig.Schedule lrSchedule = parseSchedule(schedule);
        Imbalance imbalanceStrategy = parseImbalance(imbalance);
        Backbone bb = Backbone.parse(backbone);
        BackboneOptions options = bb.defaultOptions().withWidth(width);
        ThresholdRule rule = ThresholdRule.parse(thresholdRule);
        InputNormalisation norm = InputNormalisation.parse(normalisation);
        hard = HardNegatives.parse(hardNegatives);
        if (!(frameLoss >= 0 && frameLoss < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("--frame-loss must be a finite weight >= 0, got " + frameLoss);
        }
        if (frameLoss != 1 && !bb.framewise()) {
            throw new IllegalArgumentException("--frame-loss needs a network that scores every time step"
                    + " (--backbone compact-sed), got " + bb.cliName());
        }
        if (hard.enabled() && imbalanceStrategy != Imbalance.BALANCED_SAMPLER) {
            throw new IllegalArgumentException("--hard-negatives needs --imbalance balanced (the balanced"
                    + " sampler), got --imbalance " + imbalance);
        }
        Corpus corpus = corpusFiles.load(spec.name(), spec.commandLine().getErr());
        CorpusSplits splits = valSites != null || testSites != null
                ? corpus.leaveSitesOut(set(valSites), set(testSites)) : corpus.explicitSplits();
        int rate = corpus.recordings().get(0).audio().sampleRate();
        MelConfig mel = MelConfig.seed().toBuilder().optSampleRate(rate).optNMels(mels).optHop(hop).build();
        FeaturePipeline pipeline = FeaturePipeline.of(mel, WindowSpec.SEED, norm);
        TrainingAugmentation augmentation = augment.equals("default") && norm != InputNormalisation.LOG_PER_RECORDING
                ? TrainingAugmentation.none()
                : TrainingAugmentation.parse(augment, pipeline.mels(), pipeline.windowFrames());
        if (augmentation.mixProbability() > 0 && norm != InputNormalisation.LOG_PER_RECORDING) {
            throw new IllegalArgumentException("--augment mix needs --normalisation log-per-recording, got "
                    + norm.cliName());
        }
        TrainerConfig config = TrainerConfig.builder().optLearningRate(lr).optWeightDecay(weightDecay)
                .optMicroBatch(microBatch).optAccumulation(accumulation).optEpochs(epochs)
                .optPatience(patience).optWindowsPerEpoch(epochWindows).optStopMetric(stop)
                .optImbalance(imbalanceStrategy).optSeed(seed).optAugmentation(augmentation)
                .optSchedule(lrSchedule).optAveraging(average).optHardNegatives(hard)
                .optFrameLossWeight(frameLoss).build();
        DetectorTraining training = DetectorTraining.builder(pipeline)
                .optBackbone(bb, options)
                .optLabelRule(LabelRule.minOverlapSeconds(minOverlap).withAmbiguousOverlapAbove(0),
                        "min-overlap " + minOverlap + " s, less than that ambiguous")
                .optTrainHopSeconds(trainHop).optThresholdRule(rule).optConfig(config)
                .optInitialWeights(init).optThreads(threads).optFeatureCache(cache)
                .optProvenance("corpus", corpusFiles.data.toAbsolutePath().toString()).build();
        out.printf(Locale.ROOT, "train sites %s, validation %s, test %s; normalisation %s%n",
                splits.sites(Split.TRAIN), splits.sites(Split.VALIDATION), splits.sites(Split.TEST),
                norm.cliName());
        out.flush();
        try (TrainedDetector trained = training.train(splits, TrainingFiles.in(out()), new Progress(out, config))) {
            report(out, trained, rule);
            trained.save(out());
        }
        out.printf(Locale.ROOT, "wrote %s in %.0f s%n", out().toAbsolutePath(), (System.nanoTime() - started) / 1e9);
        out.flush();
        return 0;
    }

    /** Prints the training's outcome: best epoch, threshold, validation and test metrics. */
    private static void report(PrintWriter out, TrainedDetector trained, ThresholdRule rule) {
        TrainingReport report = trained.report();
        Calibration cal = trained.calibration();
        SplitScores val = trained.validation();
        out.printf(Locale.ROOT, "best epoch %d of %d%s, %.0f s training%n", report.bestEpoch(),
                report.epochs().size(), report.stoppedEarly() ? " (stopped early)" : "", report.seconds());
        out.printf(Locale.ROOT, "threshold %.4f (%s on validation)%n", cal.threshold(), rule);
        out.println("validation: " + cal.validation().summary());
        out.println("threshold rules on validation:");
        Calibration.compare(List.of(ThresholdRule.averageRecall().smooth(), ThresholdRule.averageRecall(),
                ThresholdRule.bullRecall(0.95).smooth(), ThresholdRule.bullRecall(0.95),
                ThresholdRule.f1(), ThresholdRule.budget(0.1)), val.scores(), val.bulls(), val.nightHours())
                .forEach(l -> out.println("  " + l));
        trained.test().ifPresent(test -> {
            Confusion c = test.confusion(cal.threshold());
            ThresholdSweep ts = test.sweep();
            out.println("test (" + String.join(",", test.sites()) + ", never seen in training or"
                    + " calibration): " + c.summary());
            out.printf(Locale.ROOT, "test: average precision %.3f, ROC AUC %.3f, listening %s%n",
                    ts.averagePrecision(), ts.rocAuc(),
                    Calibration.formatListening(Calibration.listeningMinutes(c, test.nightHours()),
                            test.nightHours()));
        });
    }

    private Path out() {
        return out;
    }

    /**
     * MODEL_DIR as this run found it, so that a run that refuses its data or options, or fails
     * before its first checkpoint, leaves nothing behind: the folders it made (MODEL_DIR and any
     * missing folder above it) or, in a folder that was already there, the entries it added.
     * Nothing that was there before is removed, and nothing at all once a checkpoint is committed
     * (a rerun resumes from it).
     *
     * @param made the topmost folder this run would create, or null when MODEL_DIR exists
     * @param dir MODEL_DIR
     * @param entries the names in MODEL_DIR before the run (empty when it is no folder)
     */
    private record OutputFolder(Path made, Path dir, Set<String> entries) {

        static OutputFolder before(Path dir) throws IOException {
            Path abs = dir.toAbsolutePath().normalize();
            Path made = null;
            for (Path p = abs; p != null && !Files.exists(p); p = p.getParent()) {
                made = p;
            }
            Set<String> entries = new LinkedHashSet<>();
            if (made == null && Files.isDirectory(abs)) {
                try (Stream<Path> list = Files.list(abs)) {
                    list.forEach(p -> entries.add(p.getFileName().toString()));
                }
            }
            return new OutputFolder(made, abs, entries);
        }

        void removeWhatThisRunMade(Path checkpoints) throws IOException {
            if (TrainingFiles.hasCheckpoint(checkpoints)) {
                return;
            }
            if (made != null) {
                deleteTree(made);
            } else if (Files.isDirectory(dir)) {
                try (Stream<Path> list = Files.list(dir)) {
                    for (Path p : (Iterable<Path>) list::iterator) {
                        if (!entries.contains(p.getFileName().toString())) {
                            deleteTree(p);
                        }
                    }
                }
            }
        }

        private static void deleteTree(Path root) throws IOException {
            if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(p);
                }
            }
        }
    }

    private static Set<String> set(List<String> sites) {
        return sites == null ? Set.of() : new LinkedHashSet<>(sites);
    }

    private static StopMetric parseStop(String s) {
        return switch (s) {
            case "avg-recall" -> StopMetric.AVERAGE_RECALL;
            case "ap" -> StopMetric.AVERAGE_PRECISION;
            case "loss" -> StopMetric.LOSS;
            default -> throw new IllegalArgumentException("--stop-metric: avg-recall, ap or loss, got " + s);
        };
    }

    private static TrainerConfig.Schedule parseSchedule(String s) {
        return switch (s) {
            case "constant" -> TrainerConfig.Schedule.CONSTANT;
            case "cosine" -> TrainerConfig.Schedule.COSINE;
            case "stable-decay" -> TrainerConfig.Schedule.STABLE_DECAY;
            default -> throw new IllegalArgumentException("--schedule: constant, cosine or stable-decay, got " + s);
        };
    }

    private static Imbalance parseImbalance(String s) {
        return switch (s) {
            case "seed" -> Imbalance.SEED_WEIGHTS;
            case "inverse" -> Imbalance.INVERSE_FREQUENCY;
            case "balanced" -> Imbalance.BALANCED_SAMPLER;
            case "focal" -> Imbalance.FOCAL;
            default -> throw new IllegalArgumentException("--imbalance: seed, inverse, balanced or focal, got " + s);
        };
    }

    /** Prints the windows, progress about every 10 s and one line per epoch. */
    private static final class Progress implements TrainingListener {
        private final PrintWriter out;
        private final TrainerConfig config;
        private long last = System.nanoTime();

        Progress(PrintWriter out, TrainerConfig config) {
            this.out = out;
            this.config = config;
        }

        @Override
        public void onWindows(WindowSet train, WindowSet val, WindowSet test, double seconds) {
            out.printf(Locale.ROOT, "windows: train %d (%d bull), validation %d (%d bull), test %d (%d bull);"
                    + " features in %.0f s%n", train.size(), train.bullCount(), val.size(), val.bullCount(),
                    test == null ? 0 : test.size(), test == null ? 0 : test.bullCount(), seconds);
            out.println("augmentation: " + config.augmentation().describe());
            if (config.hardNegatives().enabled()) {
                out.println("hard negatives: " + config.hardNegatives().describe());
            }
            out.flush();
        }

        @Override
        public void onInitialWeights(ImportReport report) {
            out.println(report);
        }

        @Override
        public void onProgress(int epoch, int epochs, int done, int total, double speed, double eta) {
            long now = System.nanoTime();
            if (now - last > 10_000_000_000L) {
                last = now;
                out.printf(Locale.ROOT, "  epoch %d/%d: %d/%d windows, %.1f windows/s, epoch ETA %.0f s%n",
                        epoch, epochs, done, total, speed, eta);
                out.flush();
            }
        }

        @Override
        public void onEpoch(EpochMetrics m, boolean best) {
            out.printf(Locale.ROOT, "epoch %d: train loss %.4f, val loss %.4f, val avg recall %.3f at 0.5,"
                    + " %.3f best threshold, AP %.3f, %.1f windows/s, %.0f s%s%n", m.epoch(), m.trainLoss(),
                    m.validationLoss(), m.averageRecallAtHalf(), m.bestAverageRecall(), m.averagePrecision(),
                    m.windowsPerSecond(), m.seconds(), best ? " *" : "");
            out.flush();
        }
    }
}
