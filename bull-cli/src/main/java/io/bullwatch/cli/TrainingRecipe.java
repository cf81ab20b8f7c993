package io.bullwatch.cli;

import io.bullwatch.core.calibrate.ThresholdRule;
import io.bullwatch.core.io.Sha256;
import io.bullwatch.core.window.LabelRule;
import io.bullwatch.core.window.WindowSpec;
import io.bullwatch.features.mel.MelConfig;
import io.bullwatch.features.mel.Pcen;
import io.bullwatch.features.pipeline.FeaturePipeline;
import io.bullwatch.features.pipeline.InputNormalisation;
import io.bullwatch.models.backbone.Backbone;
import io.bullwatch.models.backbone.BackboneOptions;
import io.bullwatch.models.bundle.ModelBundle;
import io.bullwatch.models.train.CrossSiteNights;
import io.bullwatch.models.train.DetectorTraining;
import io.bullwatch.models.train.HardNegatives;
import io.bullwatch.models.train.Imbalance;
import io.bullwatch.models.train.StopMetric;
import io.bullwatch.models.train.TrainerConfig;
import io.bullwatch.models.train.TrainingAugmentation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The training recipe of {@code bull train} and {@code bull crossval} (a picocli mixin): network,
 * features, normalisation, labels, loss, sampler, schedule, augmentation, calibration rule, seed.
 * {@link #check()} checks every option before anything is read; {@link Checked#plan(int)} turns
 * them into a {@link DetectorTraining} for a corpus's sample rate.
 */
final class TrainingRecipe {

    /** {@code --hard-negatives default} with the balanced sampler. */
    static final String DEFAULT_HARD_NEGATIVES = "0.5";

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--backbone", defaultValue = "compact-sed", paramLabel = "NAME",
            description = "compact, compact-sed, compact-sed-bands, alexnet or vgg16 (default: ${DEFAULT-VALUE}).")
    String backbone;

    @Option(names = "--width", defaultValue = "1", paramLabel = "X",
            description = "Width multiplier (default: ${DEFAULT-VALUE}).")
    double width;

    @Option(names = "--epochs", defaultValue = "20", paramLabel = "N",
            description = "Maximum epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--patience", defaultValue = "20", paramLabel = "N",
            description = "Early-stopping patience in epochs (default: ${DEFAULT-VALUE}: every epoch runs and the"
                    + " best is kept; one validation site's metric is too noisy to stop on).")
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

    @Option(names = "--imbalance", defaultValue = "balanced", paramLabel = "NAME",
            description = "seed (w_bull = 1 - p), inverse, balanced (sampler) or focal (default: ${DEFAULT-VALUE}).")
    String imbalance;

    @Option(names = "--stop-metric", defaultValue = "avg-recall", paramLabel = "NAME",
            description = "avg-recall, ap or loss: the validation metric that picks the best epoch and stops"
                + " early; or last: keep the last epoch (default: ${DEFAULT-VALUE}).")
    String stopMetric;

    @Option(names = "--threshold-rule", defaultValue = "smooth:avg-recall", paramLabel = "RULE",
            description = "avg-recall (the seed), recall:0.95, f1, budget:0.1, or a smoothed rule: smooth:avg-recall"
                    + " or smooth:recall:0.95, on kernel-smoothed validation recalls, so that the threshold"
                    + " transfers better to new sites (default: ${DEFAULT-VALUE}; see docs/training.md).")
    String thresholdRule;

    @Option(names = "--normalisation", defaultValue = "pcen-per-recording", paramLabel = "NAME",
            description = "linear, log, log-per-recording, pcen or pcen-per-recording (per-channel energy"
                    + " normalisation, then per-recording standardisation; default: ${DEFAULT-VALUE};"
                    + " see docs/features.md).")
    String normalisation;

    @Option(names = "--pcen-time-constant", paramLabel = "SECONDS[,SECONDS...]", split = ",",
            description = "With --normalisation pcen or pcen-per-recording: the time constant of PCEN's"
                    + " smoother, the memory against which each band's level is judged (default: 6;"
                    + " librosa's: 0.4); several, comma-separated, give the network one input channel each"
                    + " (multi-rate PCEN, for example 0.4,6; see docs/features.md).")
    List<Double> pcenTimeConstant;

    @Option(names = "--pcen-gain", paramLabel = "ALPHA",
            description = "With a PCEN normalisation: alpha, the power of its smoothed level each band is divided"
                    + " by, in [0, 1] (default: 0.98, librosa's).")
    Double pcenGain;

    @Option(names = "--pcen-bias", paramLabel = "DELTA",
            description = "With a PCEN normalisation: delta, added before the root compression, > 0 (default: 2,"
                    + " librosa's).")
    Double pcenBias;

    @Option(names = "--pcen-power", paramLabel = "R",
            description = "With a PCEN normalisation: r, the root compression, in (0, 1] (default: 0.5,"
                    + " librosa's).")
    Double pcenPower;

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

    @Option(names = "--cross-site-hours", defaultValue = "0", paramLabel = "HOURS",
            description = "Hours of nights composed over each training site's background with the other"
                + " training sites' annotated bulls mixed in (0 to 15 dB, 60 per hour), trained on beside the"
                + " corpus, so that every bull is heard over several sites; 0 for none (default:"
                + " ${DEFAULT-VALUE}; see docs/training.md).")
    double crossSiteHours;

    @Option(names = "--hard-negatives", defaultValue = "default", paramLabel = "SHARE[:POOL]",
            description = "Hard-negative mining with --imbalance balanced: each epoch after the first scores"
                + " POOL (default 1024) random no-bull windows and takes SHARE of the no-bull draws from"
                + " the highest-scoring quarter; 0 for none; default: 0.5 with the balanced sampler, none"
                + " with the others (see docs/training.md).")
    String hardNegatives;

    @Option(names = "--frame-loss", defaultValue = "1", paramLabel = "WEIGHT",
            description = "With --backbone compact-sed or compact-sed-bands: weight of the loss on frame targets cut from each"
                + " annotation's start and end, added to the window loss; 0 trains on window labels alone"
                + " (default: ${DEFAULT-VALUE}; see docs/training.md).")
    double frameLoss;

    @Option(names = "--site-alignment", defaultValue = "0", paramLabel = "WEIGHT",
            description = "Weight of a penalty that pulls the training sites' mean embeddings together,"
                + " class by class, relative to the embeddings' spread; 0 for none (default:"
                + " ${DEFAULT-VALUE}; see docs/training.md).")
    double siteAlignment;

    @Option(names = "--augment", defaultValue = "default", paramLabel = "SPEC",
            description = "Training augmentation: none; default, which for per-recording input mixes half"
                + " the windows with another site's and adds 2 time and 2 frequency masks, and for other"
                + " inputs is none; or a list of parts such as mix=0.5,time=2x16,freq=2x8, with atten=A to"
                + " lower a bull window by up to A standard deviations when it is mixed into a window without"
                + " a bull, bg=P,bgdb=LOW:HIGH to mix windows into other sites' backgrounds in the power"
                + " domain at LOW to HIGH dB, or fms=P,fmsa=ALPHA for Freq-MixStyle (each band's statistics"
                + " partly another site's window's) (default: ${DEFAULT-VALUE}; see docs/training.md).")
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

    @Option(names = "--parent", paramLabel = "MODEL_DIR",
            description = "Start from a trained bundle's parameters (fine-tuning, or a network pretrained on"
                + " other data, such as a synthetic corpus); it must hold the same network and features"
                + " (see docs/training.md).")
    Path parent;

    @Option(names = "--epoch-windows", defaultValue = "2048", paramLabel = "N",
            description = "Training windows per epoch, 0 for all (default: ${DEFAULT-VALUE}).")
    int epochWindows;

    @Option(names = "--mels", defaultValue = "64", paramLabel = "N",
            description = "Mel bands (default: ${DEFAULT-VALUE}; the seed's: 128).")
    int mels;

    @Option(names = "--hop", paramLabel = "SAMPLES",
            description = "STFT hop in samples (default: 46.4 ms at the corpus's rate, 1024 samples at 22.05 kHz,"
                + " 2048 at 44.1 kHz; the seed's: 1024).")
    Integer hop;

    @Option(names = "--n-fft", defaultValue = "4096", paramLabel = "SAMPLES",
            description = "STFT frame (and window) length in samples, at least the hop (default: ${DEFAULT-VALUE},"
                + " the seed's). Shorter frames sharpen short splashes in time.")
    int nFft;

    @Option(names = "--f-min", defaultValue = "0", paramLabel = "HZ",
            description = "Lowest mel filter edge in Hz, to leave out river rumble (default: ${DEFAULT-VALUE}).")
    double fMin;

    @Option(names = "--f-max", defaultValue = "0", paramLabel = "HZ",
            description = "Highest mel filter edge in Hz; 0 for half the sample rate (default: ${DEFAULT-VALUE}).")
    double fMax;

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
        Ranges.between(spec, "--width", width, 0, 4); // BackboneOptions' limit
        Ranges.whole(spec, "--epochs", epochs, 1, 100_000);
        Ranges.whole(spec, "--patience", patience, 1, 100_000);
        Ranges.positive(spec, "--lr", lr);
        Ranges.nonNegative(spec, "--weight-decay", weightDecay);
        Ranges.whole(spec, "--micro-batch", microBatch, 1, 65_536);
        Ranges.whole(spec, "--accumulation", accumulation, 1, 65_536);
        Ranges.nonNegative(spec, "--min-overlap", minOverlap);
        Ranges.positive(spec, "--train-hop", trainHop);
        Ranges.nonNegative(spec, "--frame-loss", frameLoss);
        Ranges.nonNegative(spec, "--site-alignment", siteAlignment);
        Ranges.nonNegative(spec, "--cross-site-hours", crossSiteHours);
        if (!(average >= 0 && average < 1)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--average must be a decay from 0 (off) to below 1, got " + average);
        }
        if (pcenGain != null) {
            Ranges.between(spec, "--pcen-gain", pcenGain, 0, 1);
        }
        if (pcenBias != null) {
            Ranges.positive(spec, "--pcen-bias", pcenBias);
        }
        if (pcenPower != null && !(pcenPower > 0 && pcenPower <= 1)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--pcen-power must be a root from above 0 to 1, got " + pcenPower);
        }
        Ranges.whole(spec, "--epoch-windows", epochWindows, 0, Integer.MAX_VALUE);
        Ranges.whole(spec, "--mels", mels, 1, 4096);
        if (hop != null) {
            Ranges.whole(spec, "--hop", hop, 1, 1 << 20);
        }
        Ranges.whole(spec, "--n-fft", nFft, Math.max(2, hop == null ? 2 : hop), 1 << 20);
        Ranges.nonNegative(spec, "--f-min", fMin);
        Ranges.nonNegative(spec, "--f-max", fMax);
        Ranges.whole(spec, "--threads", threads, 1, 1024);
        Ranges.whole(spec, "--seed", seed, 0, Long.MAX_VALUE);
    }

    /**
     * The options parsed and checked, before any data is read.
     *
     * @param backbone the network family
     * @param options its width
     * @param rule the threshold rule
     * @param normalisation the input normalisation
     * @param pcen the PCEN parameters, one set per input channel (used by the PCEN normalisations)
     * @param hard hard-negative mining
     * @param stop the stop metric
     * @param schedule the learning-rate schedule
     * @param imbalance the imbalance strategy
     * @param recipe the options
     */
    record Checked(Backbone backbone, BackboneOptions options, ThresholdRule rule,
            InputNormalisation normalisation, List<Pcen> pcen, HardNegatives hard, StopMetric stop,
            TrainerConfig.Schedule schedule, Imbalance imbalance, TrainingRecipe recipe) {

        /**
         * The training for a corpus at one sample rate (the provenance is the caller's).
         *
         * @param sampleRate the corpus's sample rate
         * @return the plan
         * @throws IllegalArgumentException if the augmentation does not fit the features
         */
        Plan plan(int sampleRate) {
            TrainingRecipe r = recipe;
            MelConfig mel = MelConfig.training(sampleRate, r.mels, r.nFft, r.hop(sampleRate), r.fMin, r.fMax);
            FeaturePipeline pipeline = normalisation.pcen()
                    ? FeaturePipeline.of(mel, WindowSpec.SEED, normalisation, pcen)
                    : FeaturePipeline.of(mel, WindowSpec.SEED, normalisation);
            TrainingAugmentation augmentation = r.augment.equals("default")
                    && !normalisation.perRecording() ? TrainingAugmentation.none()
                    : TrainingAugmentation.parse(r.augment, pipeline.mels(), pipeline.windowFrames());
            if (augmentation.mixProbability() > 0 && !normalisation.perRecording()) {
                throw new IllegalArgumentException("--augment mix needs a per-recording normalisation"
                        + " (log-per-recording or pcen-per-recording), got " + normalisation.cliName());
            }
            TrainerConfig config = TrainerConfig.builder().optLearningRate(r.lr).optWeightDecay(r.weightDecay)
                    .optMicroBatch(r.microBatch).optAccumulation(r.accumulation).optEpochs(r.epochs)
                    .optPatience(r.patience).optWindowsPerEpoch(r.epochWindows).optStopMetric(stop)
                    .optImbalance(imbalance).optSeed(r.seed).optAugmentation(augmentation)
                    .optSchedule(schedule).optAveraging(r.average).optHardNegatives(hard)
                    .optFrameLossWeight(r.frameLoss).optSiteAlignment(r.siteAlignment).build();
            DetectorTraining.Builder training = DetectorTraining.builder(pipeline)
                    .optBackbone(backbone, options)
                    .optLabelRule(LabelRule.minOverlapSeconds(r.minOverlap).withAmbiguousOverlapAbove(0),
                            "min-overlap " + r.minOverlap + " s, less than that ambiguous")
                    .optTrainHopSeconds(r.trainHop).optThresholdRule(rule).optConfig(config)
                    .optInitialWeights(r.init).optParent(r.parent).optThreads(r.threads).optFeatureCache(r.cache)
                    .optCrossSiteNights(r.crossSiteHours > 0 ? CrossSiteNights.of(r.crossSiteHours, r.seed) : null);
            return new Plan(pipeline, config, rule, training);
        }
    }

    /**
     * A recipe for one corpus.
     *
     * @param pipeline the features
     * @param config the hyperparameters
     * @param thresholdRule the calibration rule
     * @param training the training, to which the caller adds its provenance
     */
    record Plan(FeaturePipeline pipeline, TrainerConfig config, ThresholdRule thresholdRule,
            DetectorTraining.Builder training) {
    }

    /**
     * The STFT hop at a corpus's rate: {@code --hop}, or {@link MelConfig#trainingHop}.
     *
     * @param sampleRate the corpus's rate
     * @return the hop in samples
     */
    int hop(int sampleRate) {
        return hop != null ? hop : MelConfig.trainingHop(sampleRate, nFft);
    }

    /**
     * Every option of the recipe as it would be typed, in a fixed order (for the records of a run
     * and the keys of resumable folds).
     *
     * @return for example {@code --backbone compact --width 1.0 ...}
     */
    String describe() {
        return String.join(" ", "--backbone " + backbone, "--width " + width, "--epochs " + epochs,
                "--patience " + patience, "--lr " + lr, "--weight-decay " + weightDecay,
                "--micro-batch " + microBatch, "--accumulation " + accumulation, "--imbalance " + imbalance,
                "--stop-metric " + stopMetric, "--threshold-rule " + thresholdRule,
                "--normalisation " + normalisation, "--pcen-time-constant " + (pcenTimeConstant == null ? "null"
                        : pcenTimeConstant.stream().map(String::valueOf).collect(Collectors.joining(","))),
                "--min-overlap " + minOverlap, "--train-hop " + trainHop,
                "--hard-negatives " + hardNegatives, "--frame-loss " + frameLoss, "--augment " + augment,
                "--schedule " + schedule, "--average " + average, "--init " + (init == null ? "none" : init),
                "--epoch-windows " + epochWindows, "--mels " + mels, "--hop " + (hop == null ? "auto" : hop),
                "--n-fft " + nFft, "--f-min " + fMin, "--f-max " + fMax, "--seed " + seed)
                // added after folds were kept: only when set, so that earlier folds' keys still match
                + (crossSiteHours > 0 ? " --cross-site-hours " + crossSiteHours : "")
                + (siteAlignment > 0 ? " --site-alignment " + siteAlignment : "")
                + (pcenGain != null ? " --pcen-gain " + pcenGain : "")
                + (pcenBias != null ? " --pcen-bias " + pcenBias : "")
                + (pcenPower != null ? " --pcen-power " + pcenPower : "")
                + (parent != null ? " --parent " + parent + " (parameters " + parentParameters() + ")" : "");
    }

    /**
     * Checks every option (ranges and combinations), before any data is read.
     *
     * @return the parsed options
     * @throws picocli.CommandLine.ParameterException for a value out of range (exit code 2)
     * @throws IllegalArgumentException for a combination that does not work
     */
    Checked check() {
        checkRanges();
        StopMetric stop = parseStop(stopMetric);
        TrainerConfig.Schedule lrSchedule = parseSchedule(schedule);
        Imbalance imbalanceStrategy = parseImbalance(imbalance);
        Backbone bb = Backbone.parse(backbone);
        BackboneOptions options = bb.defaultOptions().withWidth(width);
        ThresholdRule rule = ThresholdRule.parse(thresholdRule);
        InputNormalisation norm = InputNormalisation.parse(normalisation);
        HardNegatives hard = hardNegatives.equals("default")
                ? HardNegatives.parse(imbalanceStrategy == Imbalance.BALANCED_SAMPLER ? DEFAULT_HARD_NEGATIVES : "0")
                : HardNegatives.parse(hardNegatives);
        if (!(frameLoss >= 0 && frameLoss < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("--frame-loss must be a finite weight >= 0, got " + frameLoss);
        }
        if (frameLoss != 1 && !bb.framewise()) {
            throw new IllegalArgumentException("--frame-loss needs a network that scores every time step"
                    + " (--backbone " + java.util.Arrays.stream(Backbone.values()).filter(Backbone::framewise)
                            .map(Backbone::cliName).collect(java.util.stream.Collectors.joining(" or "))
                    + "), got " + bb.cliName());
        }
        if (hard.enabled() && imbalanceStrategy != Imbalance.BALANCED_SAMPLER) {
            throw new IllegalArgumentException("--hard-negatives needs --imbalance balanced (the balanced"
                    + " sampler), got --imbalance " + imbalance);
        }
        if (parent != null) {
            if (init != null) {
                throw new IllegalArgumentException("start from --parent or from --init, not both");
            }
            try {
                ModelBundle.read(parent);
            } catch (IOException e) {
                throw new IllegalArgumentException("--parent " + parent + ": " + e.getMessage(), e);
            }
        }
        Pcen shape = pcenShape(norm);
        List<Pcen> pcen = List.of(shape);
        if (pcenTimeConstant != null) {
            if (!norm.pcen()) {
                throw new IllegalArgumentException("--pcen-time-constant needs --normalisation pcen or"
                        + " pcen-per-recording, got " + norm.cliName());
            }
            if (pcenTimeConstant.isEmpty() || pcenTimeConstant.size() > FeaturePipeline.MAX_CHANNELS) {
                throw new IllegalArgumentException("--pcen-time-constant takes 1 to " + FeaturePipeline.MAX_CHANNELS
                        + " time constants, got " + pcenTimeConstant.size());
            }
            List<Pcen> sets = new ArrayList<>();
            for (double t : pcenTimeConstant) {
                if (!(t > 0 && t <= 3600)) {
                    throw new IllegalArgumentException("--pcen-time-constant must be > 0 and <= 3600 seconds, got "
                            + t);
                }
                Pcen set = new Pcen(t, shape.gain(), shape.bias(), shape.power(), shape.epsilon());
                if (sets.contains(set)) {
                    throw new IllegalArgumentException("--pcen-time-constant gives " + t + " s twice");
                }
                sets.add(set);
            }
            pcen = List.copyOf(sets);
        }
        return new Checked(bb, options, rule, norm, pcen, hard, stop, lrSchedule, imbalanceStrategy, this);
    }

    /** The parent bundle's parameters' SHA-256, so that a fold trained from other parameters is not reused. */
    private String parentParameters() {
        try {
            return Sha256.hex(parent.resolve(ModelBundle.PARAMETERS));
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    /**
     * {@link Pcen#DEFAULT} with the gain, bias and power given.
     *
     * @param norm the normalisation, which must be a PCEN one when any of them is given
     * @return the PCEN parameters (time constant: the default's)
     */
    private Pcen pcenShape(InputNormalisation norm) {
        Pcen d = Pcen.DEFAULT;
        if (pcenGain == null && pcenBias == null && pcenPower == null) {
            return d;
        }
        if (!norm.pcen()) {
            throw new IllegalArgumentException("--pcen-gain, --pcen-bias and --pcen-power need --normalisation pcen"
                    + " or pcen-per-recording, got " + norm.cliName());
        }
        double gain = pcenGain != null ? pcenGain : d.gain();
        double bias = pcenBias != null ? pcenBias : d.bias();
        double power = pcenPower != null ? pcenPower : d.power();
        return new Pcen(d.timeConstantSeconds(), gain, bias, power, d.epsilon());
    }

    private static StopMetric parseStop(String s) {
        return switch (s) {
            case "avg-recall" -> StopMetric.AVERAGE_RECALL;
            case "ap" -> StopMetric.AVERAGE_PRECISION;
            case "loss" -> StopMetric.LOSS;
            case "last" -> StopMetric.LAST;
            default -> throw new IllegalArgumentException("--stop-metric: avg-recall, ap, loss or last, got " + s);
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
}
