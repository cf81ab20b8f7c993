package io.bullwatch.models.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import io.bullwatch.core.calibrate.Calibration;
import io.bullwatch.core.calibrate.ThresholdRule;
import io.bullwatch.core.corpus.CorpusRecording;
import io.bullwatch.core.corpus.CorpusSplits;
import io.bullwatch.core.corpus.Split;
import io.bullwatch.core.metrics.Confusion;
import io.bullwatch.core.metrics.ThresholdSweep;
import io.bullwatch.core.review.ScoreCalibration;
import io.bullwatch.core.window.LabelRule;
import io.bullwatch.features.background.SiteReference;
import io.bullwatch.features.cache.FeatureCache;
import io.bullwatch.features.pipeline.FeaturePipeline;
import io.bullwatch.features.windows.WindowSet;
import io.bullwatch.models.backbone.Backbone;
import io.bullwatch.models.backbone.BackboneOptions;
import io.bullwatch.models.backbone.BullNetwork;
import io.bullwatch.models.backbone.FeatureDims;
import io.bullwatch.models.bundle.ModelBundle;
import io.bullwatch.models.weights.NpzWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Trains a detector on a corpus's splits and returns it with its {@link ModelBundle}: the library
 * call behind {@code bull train}. It loads the windows of each split through one {@link
 * FeaturePipeline}, builds and seeds the network, trains it ({@link BullTrainer}), calibrates the
 * threshold on validation, scores the test split once, and puts the pipeline, threshold,
 * provenance and metrics into the bundle. Build one with {@link #builder(FeaturePipeline)}; the
 * hyperparameters ({@link TrainerConfig}) are apart from where files go ({@link TrainingFiles}).
 *
 * <pre>{@code
 * DetectorTraining training = DetectorTraining.builder(pipeline)
 *         .optConfig(TrainerConfig.builder().optEpochs(20).build()).build();
 * try (TrainedDetector trained = training.train(corpus.explicitSplits(), TrainingFiles.NONE,
 *         TrainingListener.NONE)) {
 *     trained.save(modelDir);
 * }
 * }</pre>
 */
public final class DetectorTraining {

    /** Windows per forward pass when the trained model scores validation and test. */
    static final int SCORE_BATCH = 32;

    private final FeaturePipeline pipeline;
    private final Backbone backbone;
    private final BackboneOptions options;
    private final LabelRule labels;
    private final String labelDescription;
    private final double trainHopSeconds;
    private final ThresholdRule thresholdRule;
    private final TrainerConfig config;
    private final Path initialWeights;
    private final Path parent;
    private final int threads;
    private final Path featureCache;
    private final CrossSiteNights crossSite;
    private final Map<String, Object> provenance;

    private DetectorTraining(Builder b) {
        this.pipeline = b.pipeline;
        this.backbone = b.backbone;
        this.options = b.options == null ? b.backbone.defaultOptions() : b.options;
        this.labels = b.labels;
        this.labelDescription = b.labelDescription;
        this.trainHopSeconds = Double.isNaN(b.trainHopSeconds) ? b.pipeline.window().hopSeconds()
                : b.trainHopSeconds;
        this.thresholdRule = b.thresholdRule;
        this.config = b.config;
        this.initialWeights = b.initialWeights;
        this.parent = b.parent;
        if (parent != null && initialWeights != null) {
            throw new IllegalArgumentException("start from a parent bundle or from initial weights, not both");
        }
        this.threads = b.threads;
        this.featureCache = b.featureCache;
        this.crossSite = b.crossSite;
        this.provenance = Map.copyOf(b.provenance);
        if (!(trainHopSeconds > 0)) {
            throw new IllegalArgumentException("the training hop must be > 0 seconds, got " + trainHopSeconds);
        }
    }

    /**
     * A builder; every option but the pipeline has a default: the compact backbone, windows
     * labelled bull with at least 1 s of a bull (less is ambiguous and left out), training windows
     * on the pipeline's hop, the smoothed average-recall threshold rule, {@link
     * TrainerConfig#builder()}'s hyperparameters, 2 feature threads.
     *
     * @param pipeline how audio becomes the network's input
     * @return the builder
     */
    public static Builder builder(FeaturePipeline pipeline) {
        return new Builder(pipeline);
    }

    /** @return the feature pipeline */
    public FeaturePipeline pipeline() {
        return pipeline;
    }

    /** @return the hyperparameters */
    public TrainerConfig config() {
        return config;
    }

    /**
     * Trains, calibrates and tests a detector.
     *
     * @param splits the recordings of each split; validation must hold both classes, test may be
     *     empty
     * @param files where checkpoints and the metrics CSV go (a checkpoint there is resumed); their
     *     folders are made only once the data are loaded and checked
     * @param listener told of the loaded windows, each step and each epoch
     * @return the trained detector; close it to free the network
     * @throws IOException if a recording, the initial weights or a checkpoint cannot be read, or a
     *     checkpoint or the metrics cannot be written
     * @throws IllegalArgumentException if the training or validation windows do not hold both
     *     classes, or the initial weights do not fit
     */
    public TrainedDetector train(CorpusSplits splits, TrainingFiles files, TrainingListener listener)
            throws IOException {
        Objects.requireNonNull(splits, "splits");
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(listener, "listener");
        long started = System.nanoTime();
        checkStartingPoint();
        List<CorpusRecording> trainRecordings = splits.recordings(Split.TRAIN);
        Path temporary = null;
        Path dir = null;
        if (crossSite != null) {
            dir = files.checkpointDir().isPresent()
                    ? files.checkpointDir().get().resolveSibling("cross-site-nights")
                    : (temporary = Files.createTempDirectory("bull-cross-site-nights"));
            List<CorpusRecording> composed = crossSite.compose(trainRecordings, pipeline.mel().sampleRate(), dir);
            listener.onCrossSiteNights(composed.size(), composed.stream()
                    .mapToDouble(CorpusRecording::durationSeconds).sum() / 3600, dir);
            trainRecordings = new ArrayList<>(trainRecordings);
            trainRecordings.addAll(composed);
        }
        try {
            return train(splits, trainRecordings, files, listener, started);
        } finally {
            if (temporary != null) {
                io.bullwatch.core.io.FileTrees.delete(temporary);
            } else if (dir != null) {
                CrossSiteNights.deleteAudio(dir);
            }
        }
    }

    private TrainedDetector train(CorpusSplits splits, List<CorpusRecording> trainRecordings, TrainingFiles files,
            TrainingListener listener, long started) throws IOException {
        List<CorpusRecording> testRecordings = splits.recordings(Split.TEST);
        FeatureCache cache = featureCache == null ? null : FeatureCache.builder().setDirectory(featureCache)
                .setConfig(pipeline.mel()).optThreads(threads).build();
        double hop = pipeline.window().hopSeconds();
        try (WindowSet train = WindowSet.load(trainRecordings, pipeline, trainHopSeconds,
                    labels, threads, cache, config.augmentation().backgroundMix() > 0);
                WindowSet val = WindowSet.load(splits.recordings(Split.VALIDATION), pipeline, hop, labels,
                    threads, cache);
                WindowSet test = testRecordings.isEmpty() ? null
                    : WindowSet.load(testRecordings, pipeline, hop, labels, threads, cache)) {
            listener.onWindows(train, val, test, (System.nanoTime() - started) / 1e9);
            checkValidation(val);
            double nightHours = meanHours(test != null ? testRecordings : splits.recordings(Split.VALIDATION));
            return train(train, val, test, nightHours, files, listener);
        }
    }

    /**
     * Refuses, before the first epoch, validation windows that cannot choose an epoch or calibrate a
     * threshold: none at all, or none with a bull (every epoch would run, then the threshold fail).
     */
    private static void checkValidation(WindowSet val) {
        int bulls = 0;
        for (boolean b : val.bulls()) {
            bulls += b ? 1 : 0;
        }
        if (val.size() == 0 || bulls == 0 || bulls == val.size()) {
            throw new IllegalArgumentException("the validation split (sites " + val.sites() + ") has " + val.size()
                    + " windows, " + bulls + " with a bull; it chooses the epoch and calibrates the threshold, so it"
                    + " needs windows with and without a bull; choose other validation sites (bull train --val-sites)"
                    + " or recordings (the manifest's split column)");
        }
    }

    private TrainedDetector train(WindowSet train, WindowSet val, WindowSet test, double nightHours,
            TrainingFiles files, TrainingListener listener) throws IOException {
        FeatureDims dims = new FeatureDims(train.channels(), train.mels() / train.channels(), train.frames());
        Model model = Model.newInstance("bull");
        try {
            BullNetwork network = backbone.network(options);
            model.setBlock(network.block());
            Engine.getInstance().setRandomSeed((int) config.seed());
            network.initialize(model.getNDManager(), dims);
            if (initialWeights != null) {
                listener.onInitialWeights(NpzWeights.load(network, initialWeights, false));
            }
            if (parent != null) {
                loadParent(network, dims, model);
            }
            for (Optional<Path> p : List.of(files.checkpointDir(), files.metricsCsv().map(Path::getParent))) {
                if (p.isPresent()) {
                    Files.createDirectories(p.get());
                }
            }
            TrainingReport report = BullTrainer.train(model, train, val, config, files, listener);
            SplitScores validation = new SplitScores(List.copyOf(val.sites()),
                    BullTrainer.score(model, val, SCORE_BATCH), val.bulls(), nightHours);
            Calibration calibration = Calibration.of(thresholdRule, validation.scores(), validation.bulls());
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("validation", metrics(calibration.validation(), validation.sweep(), nightHours));
            SplitScores tested = null;
            if (test != null && test.size() > 0) {
                tested = new SplitScores(List.copyOf(test.sites()), BullTrainer.score(model, test, SCORE_BATCH),
                        test.bulls(), nightHours);
                metrics.put("test", metrics(tested.confusion(calibration.threshold()), tested.sweep(), nightHours));
            }
            Map<String, Object> training = new LinkedHashMap<>(provenance);
            training.put("trainSites", List.copyOf(train.sites()));
            training.put("validationSites", List.copyOf(val.sites()));
            training.put("testSites", test == null ? List.of() : List.copyOf(test.sites()));
            training.put("trainWindows", train.size());
            training.put("trainBullWindows", train.bullCount());
            training.put("trainHopSeconds", trainHopSeconds);
            if (crossSite != null) {
                training.put("crossSiteNights", crossSite.describe());
            }
            training.put("labelRule", labelDescription);
            training.put("config", config.toString());
            training.put("augmentation", config.augmentation().describe());
            training.put("hardNegatives", config.hardNegatives().describe());
            if (backbone.framewise()) {
                training.put("frameLossWeight", config.frameLossWeight());
            }
            training.put("bestEpoch", report.bestEpoch());
            training.put("epochsRun", report.epochs().size());
            training.put("seconds", report.seconds());
            training.put("init", initialWeights == null ? "" : initialWeights.toString());
            if (parent != null) {
                training.put("parent", parent.toString());
            }
            countingCalibration(val, validation).ifPresent(c -> training.put("calibration", c));
            List<SiteReference.Recording> seen = new ArrayList<>(train.profiles());
            seen.addAll(val.profiles());
            if (!seen.isEmpty()) {
                training.put(ModelBundle.BACKGROUND, SiteReference.of(seen).toJson());
                double hop = pipeline.window().hopSeconds();
                List<SiteReference.Recording> embedded = new ArrayList<>(BullTrainer.embeddingProfiles(model, train,
                        hop));
                embedded.addAll(BullTrainer.embeddingProfiles(model, val, hop));
                training.put(ModelBundle.EMBEDDING, SiteReference.of(SiteReference.EMBEDDING_DESCRIPTOR, embedded)
                        .toJson());
            }
            ModelBundle bundle = new ModelBundle(backbone, options, dims, network.countTrainableParameters(),
                    pipeline, calibration.threshold(), thresholdRule.toString(), training, metrics);
            return new TrainedDetector(model, network, bundle, report, calibration, validation, tested);
        } catch (IOException | RuntimeException | Error e) {
            model.close();
            throw e;
        }
    }

    /**
     * Refuses, before any feature is computed (which can take minutes), a parent bundle of another
     * network or features and initial weights that cannot be read; what needs the built network
     * (the input size, the weights' shapes) is checked when it is built.
     */
    private void checkStartingPoint() throws IOException {
        if (parent != null) {
            ModelBundle p = ModelBundle.read(parent);
            if (p.backbone() != backbone || !p.options().equals(options) || !p.pipeline().equals(pipeline)) {
                throw notTheParentsNetwork(p, "its features");
            }
        }
        if (initialWeights != null && !Files.isReadable(initialWeights)) {
            throw new java.nio.file.NoSuchFileException(initialWeights.toString(), null,
                    "initial weights (--init): " + (Files.exists(initialWeights) ? "not readable" : "no such file"));
        }
    }

    private IllegalArgumentException notTheParentsNetwork(ModelBundle p, Object input) {
        return new IllegalArgumentException(parent + ": the parent bundle is " + p.backbone().cliName() + " "
                + p.options() + " on " + p.input() + " with " + p.pipeline() + ", this training "
                + backbone.cliName() + " " + options + " on " + input + " with " + pipeline
                + "; fine-tuning needs the same network and features");
    }

    /** Loads the parent bundle's parameters, after checking that it is this training's network and input. */
    private void loadParent(BullNetwork network, FeatureDims dims, Model model) throws IOException {
        ModelBundle p = ModelBundle.read(parent);
        if (p.backbone() != backbone || !p.options().equals(options) || !p.input().equals(dims)
                || !p.pipeline().equals(pipeline)) {
            throw notTheParentsNetwork(p, dims);
        }
        p.loadParameters(parent, network, model.getNDManager());
        // loading replaces the arrays, which then no longer record gradients: attach them again
        for (ai.djl.util.Pair<String, ai.djl.nn.Parameter> q : network.block().getParameters()) {
            if (q.getValue().requiresGradient()) {
                q.getValue().freeze(false);
            }
        }
    }

    /**
     * The calibration data {@code bull count} falls back on for score bands without verdicts
     * ({@link ScoreCalibration}): the validation windows' scores in bins with their bull windows, and
     * the bull windows per annotated bull (bulls counted by their onsets inside windows). Empty when
     * validation holds no bull or its windows carry no bull spans. A bundle keeps it as {@code
     * training.calibration}.
     *
     * @param val the validation windows (loaded with bull spans and starts)
     * @param scores their scores, in window order
     * @return the calibration, JSON-friendly
     */
    public static Optional<Map<String, Object>> countingCalibration(WindowSet val, SplitScores scores) {
        double window = val.windowSeconds().orElse(Double.NaN);
        java.util.Set<String> onsets = new java.util.HashSet<>();
        for (int i = 0; i < val.size(); i++) {
            Optional<float[]> spans = val.bullSpans(i);
            if (spans.isEmpty() || val.startSeconds(i).isEmpty() || Double.isNaN(window)) {
                return Optional.empty();
            }
            float[] s = spans.get();
            for (int j = 0; j + 1 < s.length; j += 2) {
                if (s[j] > 1e-4f) {
                    double onset = val.startSeconds(i).getAsDouble() + s[j] * window;
                    onsets.add(val.recording(i) + "@" + Math.round(onset * 10));
                }
            }
        }
        int bullWindows = val.bullCount();
        if (onsets.isEmpty() || bullWindows == 0) {
            return Optional.empty();
        }
        ScoreCalibration c = ScoreCalibration.of(scores.scores(), scores.bulls(),
                Math.max(1, (double) bullWindows / onsets.size()));
        List<Map<String, Object>> bins = new java.util.ArrayList<>();
        for (ScoreCalibration.Bin b : c.bins()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("lower", b.lower());
            m.put("upper", b.upper());
            m.put("windows", b.windows());
            m.put("bullWindows", b.bullWindows());
            bins.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("unit", "validation window");
        m.put("bullWindowsPerBull", c.bullWindowsPerBull());
        m.put("bins", bins);
        return Optional.of(m);
    }

    /**
     * The metrics a bundle records for one split at the calibrated threshold.
     *
     * @param c the confusion at the threshold
     * @param sweep every threshold's confusion
     * @param nightHours the night length listening time is given for
     * @return {@code tp, fp, fn, tn, bullRecall, averageRecall, precision, flaggedFraction,
     *     listeningMinutesPerNight, nightHours, averagePrecision, rocAuc}
     */
    static Map<String, Object> metrics(Confusion c, ThresholdSweep sweep, double nightHours) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tp", c.tp());
        m.put("fp", c.fp());
        m.put("fn", c.fn());
        m.put("tn", c.tn());
        m.put("bullRecall", c.bullRecall());
        m.put("averageRecall", c.averageRecall());
        m.put("precision", c.precision());
        m.put("flaggedFraction", c.flaggedFraction());
        m.put("listeningMinutesPerNight", Calibration.listeningMinutes(c, nightHours));
        m.put("nightHours", nightHours);
        m.put("averagePrecision", sweep.averagePrecision());
        m.put("rocAuc", sweep.rocAuc());
        return m;
    }

    private static double meanHours(List<CorpusRecording> recordings) {
        return recordings.stream().mapToDouble(CorpusRecording::durationSeconds).average().orElse(0) / 3600;
    }

    /** Options of a {@link DetectorTraining}. */
    public static final class Builder {
        private final FeaturePipeline pipeline;
        private Backbone backbone = Backbone.COMPACT;
        private BackboneOptions options;
        private LabelRule labels = LabelRule.minOverlapSeconds(1).withAmbiguousOverlapAbove(0);
        private String labelDescription = "min-overlap 1.0 s, less than that ambiguous";
        private double trainHopSeconds = Double.NaN;
        private ThresholdRule thresholdRule = ThresholdRule.averageRecall().smooth();
        private TrainerConfig config = TrainerConfig.builder().build();
        private Path initialWeights;
        private Path parent;
        private int threads = 2;
        private Path featureCache;
        private CrossSiteNights crossSite;
        private final Map<String, Object> provenance = new LinkedHashMap<>();

        private Builder(FeaturePipeline pipeline) {
            this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        }

        /**
         * @param v the network family
         * @param o its width and input adapter
         * @return this
         */
        public Builder optBackbone(Backbone v, BackboneOptions o) {
            backbone = Objects.requireNonNull(v, "backbone");
            options = Objects.requireNonNull(o, "options");
            return this;
        }

        /**
         * @param rule how events label windows (ambiguous windows are left out)
         * @param description the rule in words, for the bundle's provenance
         * @return this
         */
        public Builder optLabelRule(LabelRule rule, String description) {
            labels = Objects.requireNonNull(rule, "rule");
            labelDescription = Objects.requireNonNull(description, "description");
            return this;
        }

        /**
         * @param v seconds between training windows (validation and test keep the pipeline's hop)
         * @return this builder
         */
        public Builder optTrainHopSeconds(double v) {
            trainHopSeconds = v;
            return this;
        }

        /**
         * @param v how the threshold is chosen on validation
         * @return this builder
         */
        public Builder optThresholdRule(ThresholdRule v) {
            thresholdRule = Objects.requireNonNull(v, "thresholdRule");
            return this;
        }

        /**
         * @param v the hyperparameters
         * @return this builder
         */
        public Builder optConfig(TrainerConfig v) {
            config = Objects.requireNonNull(v, "config");
            return this;
        }

        /**
         * @param v an {@code .npz} of PyTorch {@code state_dict} weights to start from
         * @return this builder
         */
        public Builder optInitialWeights(Path v) {
            initialWeights = v;
            return this;
        }

        /**
         * Starts from a trained bundle's parameters (fine-tuning) instead of a fresh initialisation;
         * the bundle must hold this training's network, options, input size and feature pipeline.
         * Its folder is recorded as {@code training.parent} in the new bundle.
         *
         * @param bundleDir the parent bundle's folder, or null for none (the default)
         * @return this
         */
        public Builder optParent(Path bundleDir) {
            parent = bundleDir;
            return this;
        }

        /**
         * @param v feature threads, {@code >= 1}
         * @return this builder
         */
        public Builder optThreads(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + v);
            }
            threads = v;
            return this;
        }

        /**
         * Takes every recording's frames from a feature cache folder, computing them into it on a
         * miss ({@link WindowSet#load(List, FeaturePipeline, double, LabelRule, int, FeatureCache)}):
         * a second training on the same recordings computes no feature, and trains on the same
         * values bit for bit.
         *
         * @param dir the cache folder (created when needed), or null for none (the default)
         * @return this
         */
        public Builder optFeatureCache(Path dir) {
            featureCache = dir;
            return this;
        }

        /**
         * Trains beside nights that move the training sites' bulls over each other's backgrounds
         * ({@link CrossSiteNights}), composed before the windows are loaded, next to the
         * checkpoint folder when there is one ({@code cross-site-nights/}; their audio is deleted
         * after training, their labels and {@code events.tsv} kept), else in a temporary folder
         * deleted after training. With a feature cache their frames are cached under their paths
         * like any recording's; entries for a temporary folder are never read again.
         *
         * @param v the nights' settings, or null for none (the default)
         * @return this
         */
        public Builder optCrossSiteNights(CrossSiteNights v) {
            crossSite = v;
            return this;
        }

        /**
         * @param key a provenance field of the bundle's {@code training} object, before the
         *     fields the training adds (for example {@code corpus})
         * @param value its value
         * @return this
         */
        public Builder optProvenance(String key, Object value) {
            provenance.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * @return the training
         * @throws IllegalArgumentException if the training hop is not positive, or both a parent bundle
         *     ({@link #optParent}) and initial weights ({@link #optInitialWeights}) are given
         */
        public DetectorTraining build() {
            return new DetectorTraining(this);
        }
    }
}
