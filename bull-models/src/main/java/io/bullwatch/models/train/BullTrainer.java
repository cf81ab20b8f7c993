package io.bullwatch.models.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import io.bullwatch.core.events.StepAggregation;
import io.bullwatch.core.io.AtomicFiles;
import io.bullwatch.core.metrics.Confusion;
import io.bullwatch.core.metrics.ThresholdSweep;
import io.bullwatch.features.windows.WindowSet;
import io.bullwatch.models.blocks.FrameMaxPool;
import io.bullwatch.models.loss.BinaryFocalLoss;
import io.bullwatch.models.loss.FrameLoss;
import io.bullwatch.models.loss.LossReduction;
import io.bullwatch.models.loss.WeightedSoftmaxCrossEntropyLoss;
import io.bullwatch.models.runtime.NativeAllocator;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a network on labelled windows and keeps the best epoch's parameters.
 *
 * <p>Each optimiser step sees {@code microBatch * accumulation} windows: every micro-batch's loss
 * is the sum of its per-window (weighted) losses divided by the normaliser of the whole effective
 * batch (the sum of its class weights, or its size), and gradients add up across the
 * micro-batches' backward passes, so the step equals one over a single batch of the effective size
 * (except for batch normalisation, whose statistics are per micro-batch, as in the seed). Every
 * micro-batch's arrays live in a sub-manager that is closed at once, so native memory stays flat.
 *
 * <p>Checkpoints (when a folder is configured): after every epoch the current and the best
 * parameters and the optimiser's state ({@link ResumableAdam}: each parameter's step count and
 * moment estimates) are written to a folder of their own, {@code epoch-NNNN}, and then the run's
 * state ({@code state.properties}, naming that folder) replaces the previous one atomically; only
 * then are older epoch folders deleted. The state file is the commit point: a crash at any moment
 * leaves the last committed epoch whole, and a half-written folder is ignored and rewritten. On
 * resume the metrics CSV is rewritten from the committed history, so a row of an epoch that never
 * committed is not repeated. A later run with the same folder and options resumes after the last
 * committed epoch and continues exactly as the uninterrupted run would (same parameters, bit for bit): the window order, the augmentation and
 * the dropout stream are drawn from the seed and the epoch, and the learning rate from the epoch
 * and the step. A checkpoint without optimiser state (written before it was saved) still resumes,
 * with a warning that Adam's moments restart.
 *
 * <p>With {@link TrainerConfig#averaging()} above 0, a moving average of the parameters is updated
 * after every optimiser step ({@link TrainerConfig#averagingRateAt}); each epoch validates the
 * average, the best epoch's average is what the model holds at the end, and checkpoints keep it
 * ({@code average.params}) so resume stays exact.
 */
public final class BullTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(BullTrainer.class);
    private static final String CURRENT = "current.params";
    private static final String BEST = "best.params";
    private static final String STATE = "state.properties";
    private static final String ADAM = "adam.state";
    private static final String AVERAGE = "average.params";
    /** The state's key naming the folder of the committed epoch's files. */
    private static final String FILES = "files";
    /** "BWAD": the optimiser state file's first four bytes. */
    private static final int ADAM_MAGIC = 0x42574144;
    private static final int ADAM_VERSION = 1;

    private BullTrainer() {
    }

    /**
     * Trains the model's block, which must be initialised for windows of the sets' size.
     *
     * @param model the model holding an initialised block; its parameters are the best epoch's
     *     afterwards
     * @param train the training windows
     * @param validation the validation windows (must hold both classes)
     * @param config the options
     * @param listener progress receiver
     * @return what happened
     * @throws IOException if a checkpoint or the metrics file cannot be written or read
     */
    public static TrainingReport train(Model model, WindowSet train, WindowSet validation,
            TrainerConfig config, TrainingListener listener) throws IOException {
        long started = System.nanoTime();
        int bulls = train.bullCount();
        if (bulls == 0 || bulls == train.size()) {
            throw new IllegalArgumentException("the training windows must hold both classes; got "
                    + bulls + " bull windows of " + train.size());
        }
        NativeAllocator.adviseOnce();
        double bullShare = bulls / (double) train.size();
        float[] weights = classWeights(config.imbalance(), train.size() - bulls, bulls);
        Loss loss = loss(config.imbalance(), bullShare, weights);
        Block block = model.getBlock();
        // The rate is set before every step from the epoch and step (see TrainerConfig.Schedule),
        // so that a resumed run continues the schedule where it stopped.
        float[] rate = {config.learningRate()};
        Tracker schedule = numUpdate -> rate[0];
        ResumableAdam adam = ResumableAdam.builder()
                .optLearningRateTracker(schedule)
                .optBetas(config.beta1(), config.beta2())
                .optWeightDecays(config.weightDecay()).build();
        List<EpochMetrics> history = new ArrayList<>();
        int firstEpoch = 1;
        int bestEpoch = 0;
        double best = Double.NaN;
        List<float[]> bestParams = null;
        Path checkpoints = config.checkpointDir().orElse(null);
        if (checkpoints != null && hasCheckpoint(checkpoints)) {
            Properties state = new Properties();
            try (InputStream in = Files.newInputStream(checkpoints.resolve(STATE))) {
                state.load(in);
            }
            firstEpoch = Integer.parseInt(state.getProperty("epoch")) + 1;
            bestEpoch = Integer.parseInt(state.getProperty("bestEpoch"));
            best = Double.parseDouble(state.getProperty("best"));
            String[] rows = state.getProperty("history", "").split(";");
            for (String row : rows) {
                if (!row.isBlank()) {
                    history.add(EpochMetrics.parseCsv(row));
                }
            }
            Path files = checkpoints.resolve(state.getProperty(FILES, "."));
            restore(block, readParams(files.resolve(CURRENT)));
            bestParams = readParams(files.resolve(BEST));
            restoreAdam(adam, block, files.resolve(ADAM), firstEpoch - 1);
            LOG.info("resuming after epoch {} from {} (best epoch {})", firstEpoch - 1,
                    checkpoints, bestEpoch);
        }
        if (config.metricsCsv().isPresent()) {
            // the committed history only: a row appended by an epoch that crashed before its
            // checkpoint committed is dropped, not repeated
            writeMetrics(config.metricsCsv().get(), history);
        }
        LOG.info("training on {} windows ({} bull, {}), validating on {}; loss {}", train.size(),
                bulls, String.format(Locale.ROOT, "%.1f %%", 100 * bullShare), validation.size(), loss);
        boolean stoppedEarly = false;
        DefaultTrainingConfig djlConfig = new DefaultTrainingConfig(loss).optOptimizer(adam);
        try (Trainer trainer = model.newTrainer(djlConfig);
                ParameterAverage average = config.averaging() > 0
                        ? ParameterAverage.startingAt(block, trainer.getManager()) : null) {
            if (average != null && firstEpoch > 1) {
                restoreAverage(average, checkpointFiles(checkpoints).resolve(AVERAGE));
            }
            for (int epoch = firstEpoch; epoch <= config.epochs(); epoch++) {
                if (epoch - bestEpoch > config.patience() && bestEpoch > 0) {
                    stoppedEarly = true;
                    break;
                }
                long epochStart = System.nanoTime();
                Engine.getInstance().setRandomSeed((int) (config.seed() * 1_000_003L + epoch));
                int[] order = epochOrder(train, config, epoch, hardNegatives(model, train, config, epoch));
                double lossSum = 0;
                int steps = 0;
                int eff = config.effectiveBatch();
                long stepsPerEpoch = (order.length + eff - 1) / eff;
                long totalSteps = stepsPerEpoch * config.epochs();
                for (int from = 0; from < order.length; from += eff) {
                    rate[0] = config.learningRateAt((epoch - 1) * stepsPerEpoch + from / eff, totalSteps);
                    int to = Math.min(order.length, from + eff);
                    int[] batch = java.util.Arrays.copyOfRange(order, from, to);
                    if (config.augmentation().isNone()) {
                        lossSum += accumulate(trainer, loss, weights, train, batch, config.microBatch(),
                                config.frameLossWeight());
                    } else {
                        WindowSet augmented = config.augmentation().apply(train, batch, config.seed(), epoch, from);
                        int[] all = new int[batch.length];
                        for (int k = 0; k < all.length; k++) {
                            all[k] = k;
                        }
                        lossSum += accumulate(trainer, loss, weights, augmented, all, config.microBatch(),
                                config.frameLossWeight());
                    }
                    trainer.step();
                    steps++;
                    if (average != null) {
                        average.update(block, config.averagingRateAt(
                                (epoch - 1) * stepsPerEpoch + from / eff + 1));
                    }
                    double secs = (System.nanoTime() - epochStart) / 1e9;
                    double speed = to / Math.max(secs, 1e-9);
                    listener.onProgress(epoch, config.epochs(), to, order.length, speed,
                            (order.length - to) / Math.max(speed, 1e-9));
                }
                double trainSeconds = (System.nanoTime() - epochStart) / 1e9;
                // With averaging, the average is what is validated and kept; training goes on from
                // the last step's parameters.
                List<float[]> current = null;
                if (average != null) {
                    current = snapshot(block);
                    average.copyInto(block);
                }
                float[][] val = logitsAndScores(model, validation, config.evalBatch());
                EpochMetrics m = metrics(epoch, lossSum / steps, val, validation, weights, loss,
                        order.length / trainSeconds, (System.nanoTime() - epochStart) / 1e9);
                history.add(m);
                boolean improved = config.stopMetric().improves(m.value(config.stopMetric()), best);
                if (improved) {
                    best = m.value(config.stopMetric());
                    bestEpoch = epoch;
                    bestParams = snapshot(block);
                }
                List<float[]> averaged = null;
                if (current != null) {
                    averaged = average.values();
                    restore(block, current);
                }
                listener.onEpoch(m, improved);
                LOG.info("epoch {}: {}{}", epoch, EpochMetrics.CSV_HEADER.replace(",", " "),
                        " = " + m.toCsv() + (improved ? " (best)" : ""));
                if (config.metricsCsv().isPresent()) {
                    writeMetrics(config.metricsCsv().get(), history);
                }
                if (checkpoints != null) {
                    writeCheckpoint(checkpoints, block, bestParams, averaged, adam, epoch, bestEpoch,
                            best, history);
                }
            }
        }
        if (bestParams != null) {
            restore(block, bestParams);
        }
        return new TrainingReport(history, bestEpoch, config.stopMetric(), stoppedEarly,
                (System.nanoTime() - started) / 1e9);
    }

    /**
     * The class weights of an imbalance strategy, no-bull first.
     *
     * @param imbalance the strategy
     * @param noBulls no-bull training windows
     * @param bulls bull training windows
     * @return {@code [w_nobull, w_bull]}
     */
    public static float[] classWeights(Imbalance imbalance, long noBulls, long bulls) {
        double p = bulls / (double) (bulls + noBulls);
        return switch (imbalance) {
            case SEED_WEIGHTS -> new float[] {(float) p, (float) (1 - p)};
            case INVERSE_FREQUENCY -> WeightedSoftmaxCrossEntropyLoss.inverseFrequency(noBulls, bulls)
                    .weights();
            case BALANCED_SAMPLER -> new float[] {1, 1};
            case FOCAL -> new float[] {(float) p, (float) (1 - p)};
        };
    }

    private static Loss loss(Imbalance imbalance, double bullShare, float[] weights) {
        if (imbalance == Imbalance.FOCAL) {
            return BinaryFocalLoss.of(2, 1 - bullShare).withReduction(LossReduction.SUM);
        }
        return WeightedSoftmaxCrossEntropyLoss.of(weights).withReduction(LossReduction.SUM);
    }

    /**
     * Runs forward and backward over one effective batch in micro-batches, leaving the summed
     * gradients on the parameters (the caller steps the optimiser). Each micro-batch's loss is its
     * summed per-window loss over the effective batch's sum of class weights.
     *
     * @param trainer a trainer of an initialised block
     * @param loss a loss with {@link LossReduction#SUM}
     * @param weights the class weights the loss applies ({@code [w_nobull, w_bull]})
     * @param data the windows
     * @param batch indices of the effective batch's windows
     * @param microBatch windows per forward pass
     * @return the effective batch's loss
     */
    public static double accumulate(Trainer trainer, Loss loss, float[] weights, WindowSet data,
            int[] batch, int microBatch) {
        return accumulate(trainer, loss, weights, data, batch, microBatch, 0);
    }

    /**
     * {@link #accumulate(Trainer, Loss, float[], WindowSet, int[], int)} with frame targets: for a
     * network that returns frame logits beside the window logits, each window whose {@link
     * WindowSet#bullSpans bull spans} are known adds {@code frameLossWeight} times its {@link
     * FrameLoss frame loss}, weighted by its class weight as its window loss is.
     *
     * @param trainer a trainer of an initialised block
     * @param loss a loss with {@link LossReduction#SUM}
     * @param weights the class weights the loss applies ({@code [w_nobull, w_bull]})
     * @param data the windows
     * @param batch indices of the effective batch's windows
     * @param microBatch windows per forward pass
     * @param frameLossWeight the frame loss's weight, {@code >= 0}; 0 ignores frame logits
     * @return the effective batch's loss
     */
    public static double accumulate(Trainer trainer, Loss loss, float[] weights, WindowSet data,
            int[] batch, int microBatch, double frameLossWeight) {
        double normaliser = 0;
        for (int i : batch) {
            normaliser += weights[data.isBull(i) ? 1 : 0];
        }
        double total = 0;
        NDManager root = trainer.getManager();
        for (int from = 0; from < batch.length; from += microBatch) {
            int n = Math.min(microBatch, batch.length - from);
            try (NDManager sub = root.newSubManager()) {
                NDArray x = input(sub, data, batch, from, n);
                int[] labels = new int[n];
                for (int j = 0; j < n; j++) {
                    labels[j] = data.isBull(batch[from + j]) ? 1 : 0;
                }
                NDArray y = sub.create(labels);
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDList out = trainer.forward(new NDList(x));
                    NDArray logits = out.get(0);
                    NDArray l = loss.evaluate(new NDList(y), new NDList(logits));
                    if (frameLossWeight > 0 && out.size() > 1) {
                        l = l.add(frameLoss(sub, out.get(1), data, batch, from, n, weights)
                                .mul((float) frameLossWeight));
                    }
                    l = l.div((float) normaliser);
                    total += l.getFloat();
                    gc.backward(l);
                }
            }
        }
        return total;
    }

    /** The class-weighted sum of the frame losses of a micro-batch's windows with known spans. */
    private static NDArray frameLoss(NDManager manager, NDArray frameLogits, WindowSet data,
            int[] batch, int from, int n, float[] weights) {
        int steps = (int) frameLogits.getShape().get(frameLogits.getShape().dimension() - 1);
        float[] targets = new float[n * steps];
        float[] scale = new float[n];
        for (int j = 0; j < n; j++) {
            int i = batch[from + j];
            java.util.Optional<float[]> spans = data.bullSpans(i);
            if (spans.isPresent()) {
                System.arraycopy(FrameLoss.targets(spans.get(), steps), 0, targets, j * steps, steps);
                scale[j] = weights[data.isBull(i) ? 1 : 0];
            }
        }
        NDArray q = manager.create(targets, new ai.djl.ndarray.types.Shape(n, steps));
        return FrameLoss.perWindow(frameLogits, q).mul(manager.create(scale)).sum();
    }

    /**
     * Scores windows in inference mode: the softmax probability of the bull class. For a network
     * that scores every time step ({@code compact-sed}) and windows loaded from recordings, the
     * score is the one the {@link io.bullwatch.models.detect.Detector} gives: each step judged with
     * every window of the set that covers it ({@link StepAggregation}); the set's windows are then
     * what the detector would see less the ambiguous ones it leaves out.
     *
     * @param model the model
     * @param data the windows
     * @param batch windows per forward pass
     * @return one score per window
     */
    public static float[] score(Model model, WindowSet data, int batch) {
        return logitsAndScores(model, data, batch)[2];
    }

    /**
     * Returns {logits0, logits1, bull probability} of every window. For a network that scores
     * every time step and windows loaded from recordings, the probability is the detector's: each
     * step judged with the recording's other windows that cover it ({@link StepAggregation}).
     */
    private static float[][] logitsAndScores(Model model, WindowSet data, int batch) {
        int[] all = new int[data.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        float[][] steps = new float[all.length][];
        float[][] out = logitsAndScores(model, data, all, batch, steps);
        if (all.length > 0 && steps[0] != null && data.windowSeconds().isPresent()) {
            out[2] = aggregated(data, steps);
        }
        return out;
    }

    /**
     * Each window's score from its recording's windows' step probabilities.
     *
     * @param data windows loaded from recordings (with starts)
     * @param steps every window's step margins
     * @return one score per window
     */
    static float[] aggregated(WindowSet data, float[][] steps) {
        double length = data.windowSeconds().orElseThrow();
        Map<String, List<Integer>> byRecording = new LinkedHashMap<>();
        for (int i = 0; i < data.size(); i++) {
            byRecording.computeIfAbsent(data.recording(i), k -> new ArrayList<>()).add(i);
        }
        float[] scores = new float[data.size()];
        for (List<Integer> windows : byRecording.values()) {
            windows.sort(java.util.Comparator.comparingDouble(i -> data.startSeconds(i).orElseThrow()));
            double[] starts = new double[windows.size()];
            float[][] margins = new float[windows.size()][];
            for (int k = 0; k < starts.length; k++) {
                int i = windows.get(k);
                starts[k] = data.startSeconds(i).orElseThrow();
                margins[k] = steps[i];
            }
            float[] s = StepAggregation.windowScoresOfMargins(starts, length, margins);
            for (int k = 0; k < s.length; k++) {
                scores[windows.get(k)] = s[k];
            }
        }
        return scores;
    }

    /** Returns {logits0, logits1, bull probability} of some windows, in the order given. */
    private static float[][] logitsAndScores(Model model, WindowSet data, int[] all, int batch) {
        return logitsAndScores(model, data, all, batch, null);
    }

    /**
     * Returns {logits0, logits1, bull probability} of some windows, in the order given; fills
     * {@code steps} (if not null) with each window's step margins when the network has them.
     */
    private static float[][] logitsAndScores(Model model, WindowSet data, int[] all, int batch,
            float[][] steps) {
        int total = all.length;
        float[][] out = new float[3][total];
        Block block = model.getBlock();
        NDManager root = model.getNDManager();
        ParameterStore ps = new ParameterStore(root, false);
        // Frozen parameters: the forward pass records no autograd graph. Only the trainable ones
        // are frozen and thawed again (running statistics never require gradients).
        List<Parameter> trainable = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                trainable.add(p.getValue());
            }
        }
        trainable.forEach(p -> p.freeze(true));
        try {
            forwardAll(block, ps, root, data, all, batch, out, steps);
        } finally {
            trainable.forEach(p -> p.freeze(false));
        }
        return out;
    }

    private static void forwardAll(Block block, ParameterStore ps, NDManager root, WindowSet data,
            int[] all, int batch, float[][] out, float[][] steps) {
        int total = all.length;
        for (int from = 0; from < total; from += batch) {
            int n = Math.min(batch, total - from);
            try (NDManager sub = root.newSubManager()) {
                NDArray x = input(sub, data, all, from, n);
                NDList result = block.forward(ps, new NDList(x), false);
                NDArray logits = result.get(0);
                if (steps != null && result.size() > 1) {
                    System.arraycopy(FrameMaxPool.marginRows(result.get(1)), 0, steps, from, n);
                }
                float[] l = logits.toFloatArray();
                float[] p = logits.softmax(1).toFloatArray();
                for (int j = 0; j < n; j++) {
                    out[0][from + j] = l[2 * j];
                    out[1][from + j] = l[2 * j + 1];
                    out[2][from + j] = p[2 * j + 1];
                }
            }
        }
    }

    private static NDArray input(NDManager manager, WindowSet data, int[] idx, int from, int n) {
        int size = data.mels() * data.frames();
        float[] buf = new float[n * size];
        for (int j = 0; j < n; j++) {
            System.arraycopy(data.features(idx[from + j]), 0, buf, j * size, size);
        }
        return manager.create(FloatBuffer.wrap(buf), new Shape(n, 1, data.mels(), data.frames()));
    }

    private static EpochMetrics metrics(int epoch, double trainLoss, float[][] val, WindowSet v,
            float[] weights, Loss loss, double speed, double seconds) {
        boolean[] bulls = v.bulls();
        double lossSum = 0;
        double norm = 0;
        for (int i = 0; i < bulls.length; i++) {
            double a = val[0][i];
            double b = val[1][i];
            double mx = Math.max(a, b);
            double lse = mx + Math.log(Math.exp(a - mx) + Math.exp(b - mx));
            double logp = (bulls[i] ? b : a) - lse;
            double w = weights[bulls[i] ? 1 : 0];
            if (loss instanceof BinaryFocalLoss focal) {
                double pt = Math.exp(logp);
                double alpha = focal.alpha().orElse(Double.NaN);
                w = Double.isNaN(alpha) ? 1 : bulls[i] ? alpha : 1 - alpha;
                lossSum += -w * Math.pow(Math.max(1 - pt, BinaryFocalLoss.MIN_ONE_MINUS_PT),
                        focal.gamma()) * logp;
                norm += 1;
            } else {
                lossSum += -w * logp;
                norm += w;
            }
        }
        ThresholdSweep sweep = ThresholdSweep.of(val[2], bulls);
        Confusion half = Confusion.of(val[2], bulls, 0.5);
        double bestAvg = sweep.maxAverageRecall().map(p -> p.confusion().averageRecall())
                .orElse(Double.NaN);
        return new EpochMetrics(epoch, trainLoss, lossSum / norm, half.averageRecall(), bestAvg,
                sweep.averagePrecision(), sweep.rocAuc(), speed, seconds);
    }

    /**
     * The hard no-bull windows of an epoch ({@link HardNegatives}): none in the first epoch or when
     * mining is off; else a pool of no-bull windows drawn from the seed and the epoch (without
     * repeats), scored in inference mode with the model as it stands, and the highest-scoring
     * quarter of them.
     *
     * @return the hard windows' indices, or null
     */
    private static int[] hardNegatives(Model model, WindowSet train, TrainerConfig config, int epoch) {
        HardNegatives h = config.hardNegatives();
        if (!h.enabled() || epoch < 2) {
            return null;
        }
        int[] pool = negativePool(train, h.pool(), new Random(config.seed() * 104_729L + epoch));
        float[] scores = logitsAndScores(model, train, pool, config.evalBatch())[2];
        int[] hard = hardest(pool, scores, h.hardCount());
        LOG.debug("epoch {}: {} hard no-bull windows of {} scored", epoch, hard.length, pool.length);
        return hard;
    }

    /** Up to {@code size} distinct no-bull windows, drawn at random (a partial shuffle). */
    static int[] negativePool(WindowSet train, int size, Random random) {
        List<Integer> neg = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
            if (!train.isBull(i)) {
                neg.add(i);
            }
        }
        int n = Math.min(size, neg.size());
        int[] pool = new int[n];
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(neg.size() - i);
            Integer t = neg.get(i);
            neg.set(i, neg.get(j));
            neg.set(j, t);
            pool[i] = neg.get(i);
        }
        return pool;
    }

    /**
     * The {@code count} windows with the highest scores (ties: the earlier in {@code candidates}
     * first), in that order.
     *
     * @param candidates window indices
     * @param scores their scores
     * @param count how many to keep
     * @return at most {@code count} indices
     */
    static int[] hardest(int[] candidates, float[] scores, int count) {
        Integer[] order = new Integer[candidates.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> {
            int c = Float.compare(scores[b], scores[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int n = Math.min(count, order.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = candidates[order[i]];
        }
        return out;
    }

    /** {@link #epochOrder(WindowSet, TrainerConfig, int, int[])} without hard negatives. */
    static int[] epochOrder(WindowSet train, TrainerConfig config, int epoch) {
        return epochOrder(train, config, epoch, null);
    }

    /**
     * The training windows of one epoch, in the order they are used: a shuffled permutation (or
     * its prefix of {@link TrainerConfig#windowsPerEpoch()}), or, with the balanced sampler, draws
     * from the whole set where each draw is a bull window with probability 1/2; a no-bull draw
     * then comes from {@code hard} with probability {@link HardNegatives#share()} when {@code
     * hard} is given.
     *
     * @param train the training windows
     * @param config the options
     * @param epoch the epoch, from 1
     * @param hard hard no-bull windows to favour (balanced sampler), or null
     * @return window indices
     */
    static int[] epochOrder(WindowSet train, TrainerConfig config, int epoch, int[] hard) {
        Random random = new Random(config.seed() * 7_919L + epoch);
        int n = config.windowsPerEpoch() > 0 && config.imbalance() == Imbalance.BALANCED_SAMPLER
                ? config.windowsPerEpoch() : train.size();
        int[] order = new int[n];
        if (config.imbalance() == Imbalance.BALANCED_SAMPLER) {
            List<Integer> pos = new ArrayList<>();
            List<Integer> neg = new ArrayList<>();
            for (int i = 0; i < train.size(); i++) {
                (train.isBull(i) ? pos : neg).add(i);
            }
            for (int i = 0; i < n; i++) {
                List<Integer> from = random.nextBoolean() ? pos : neg;
                // with mining off, no draw is taken from the stream: the order stays the sampler's
                if (from == neg && hard != null && hard.length > 0 && config.hardNegatives().enabled()
                        && random.nextDouble() < config.hardNegatives().share()) {
                    order[i] = hard[random.nextInt(hard.length)];
                    continue;
                }
                // draws from the whole set when windowsPerEpoch exceeds it
                order[i] = from.get(random.nextInt(from.size()));
            }
            return order;
        }
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        if (config.windowsPerEpoch() > 0 && config.windowsPerEpoch() < n) {
            return java.util.Arrays.copyOf(order, config.windowsPerEpoch());
        }
        return order;
    }

    /**
     * Copies every parameter (running statistics included) to the heap.
     *
     * @param block an initialised block
     * @return the values, in the block's parameter order
     */
    public static List<float[]> snapshot(Block block) {
        List<float[]> values = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            values.add(p.getValue().getArray().toFloatArray());
        }
        return values;
    }

    /**
     * Sets every parameter from a {@link #snapshot}.
     *
     * @param block the block the snapshot came from (or one of the same architecture)
     * @param values the values
     */
    public static void restore(Block block, List<float[]> values) {
        ai.djl.nn.ParameterList params = block.getParameters();
        if (params.size() != values.size()) {
            throw new IllegalArgumentException("snapshot has " + values.size()
                    + " parameters, the block " + params.size());
        }
        for (int i = 0; i < values.size(); i++) {
            NDArray a = params.get(i).getValue().getArray();
            if (a.size() != values.get(i).length) {
                throw new IllegalArgumentException("parameter " + params.get(i).getKey() + " has "
                        + a.size() + " values, the snapshot " + values.get(i).length);
            }
            a.set(FloatBuffer.wrap(values.get(i)));
        }
    }

    private static void writeCheckpoint(Path dir, Block block, List<float[]> best,
            List<float[]> averaged, ResumableAdam adam, int epoch, int bestEpoch, double bestValue,
            List<EpochMetrics> history) throws IOException {
        Files.createDirectories(dir);
        String name = String.format(Locale.ROOT, "epoch-%04d", epoch);
        Path files = dir.resolve(name);
        deleteTree(files); // a half-written folder of this epoch, from a crash before it committed
        Files.createDirectories(files);
        writeParams(files.resolve(CURRENT), snapshot(block));
        writeParams(files.resolve(BEST), best == null ? snapshot(block) : best);
        if (averaged != null) {
            writeParams(files.resolve(AVERAGE), averaged);
        }
        writeAdam(files.resolve(ADAM), epoch, adam.exportState(block.getParameters()));
        Properties state = new Properties();
        state.setProperty("epoch", Integer.toString(epoch));
        state.setProperty("bestEpoch", Integer.toString(bestEpoch));
        state.setProperty("best", Double.toString(bestValue));
        state.setProperty(FILES, name);
        StringBuilder rows = new StringBuilder();
        for (EpochMetrics m : history) {
            rows.append(m.toCsv()).append(';');
        }
        state.setProperty("history", rows.toString());
        // the commit point: before this rename a resume takes the previous epoch, after it this one
        AtomicFiles.write(dir.resolve(STATE), out -> state.store(out, "BullTrainer checkpoint"));
        try (java.util.stream.Stream<Path> old = Files.list(dir)) {
            for (Path p : (Iterable<Path>) old::iterator) {
                String f = p.getFileName().toString();
                if (f.startsWith("epoch-") && !f.equals(name)) {
                    deleteTree(p);
                }
            }
        }
        // files of the older, flat layout (with the average's epoch stamp it had), no longer read
        // once the state names a folder
        for (String f : new String[] {CURRENT, BEST, ADAM, AVERAGE, AVERAGE + ".epoch"}) {
            Files.deleteIfExists(dir.resolve(f));
        }
    }

    /**
     * Whether a checkpoint folder holds a committed epoch, one that {@link #train} resumes from.
     *
     * @param checkpointDir a checkpoint folder ({@link TrainerConfig#checkpointDir()}), which need
     *     not exist
     * @return true once the first epoch's checkpoint is committed
     */
    public static boolean hasCheckpoint(Path checkpointDir) {
        return Files.isRegularFile(checkpointDir.resolve(STATE));
    }

    /**
     * The folder holding the committed epoch's files of a checkpoint folder: the {@code
     * epoch-NNNN} folder its state names (the folder itself for checkpoints written before epoch
     * folders).
     *
     * @param checkpointDir a checkpoint folder ({@link TrainerConfig#checkpointDir()})
     * @return the folder of {@code current.params}, {@code best.params}, {@code adam.state} and,
     *     with averaging, {@code average.params}
     * @throws IOException if there is no readable state file
     */
    public static Path checkpointFiles(Path checkpointDir) throws IOException {
        Properties state = new Properties();
        try (InputStream in = Files.newInputStream(checkpointDir.resolve(STATE))) {
            state.load(in);
        }
        return checkpointDir.resolve(state.getProperty(FILES, "."));
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (java.util.stream.Stream<Path> walk = Files.walk(p)) {
            for (Path q : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(q);
            }
        }
    }

    /** Rewrites the metrics CSV, header and one row per epoch of the history, atomically. */
    private static void writeMetrics(Path file, List<EpochMetrics> history) throws IOException {
        StringBuilder csv = new StringBuilder(EpochMetrics.CSV_HEADER).append('\n');
        history.forEach(m -> csv.append(m.toCsv()).append('\n'));
        AtomicFiles.write(file, csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Restores the parameter average of the committed epoch (its folder holds it), or warns that
     * it restarts from the current parameters when it is missing.
     */
    private static void restoreAverage(ParameterAverage average, Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            LOG.warn("{} is missing: the parameter average restarts from the resumed parameters", file);
            return;
        }
        average.set(readParams(file));
    }

    private static void writeParams(Path file, List<float[]> values) throws IOException {
        AtomicFiles.write(file, stream -> {
            DataOutputStream out = new DataOutputStream(stream);
            out.writeInt(values.size());
            for (float[] v : values) {
                out.writeInt(v.length);
                for (float f : v) {
                    out.writeFloat(f);
                }
            }
            out.flush();
        });
    }

    /**
     * Restores the optimiser's state written after {@code epoch}, or warns that it restarts when
     * the file is missing (a checkpoint from before it was saved) or belongs to another epoch
     * (a crash between the checkpoint's files).
     */
    private static void restoreAdam(ResumableAdam adam, Block block, Path file, int epoch)
            throws IOException {
        if (!Files.isRegularFile(file)) {
            LOG.warn("no optimiser state ({}) in {}: a checkpoint from before it was saved;"
                    + " Adam's moments restart, so the run will not match an uninterrupted one",
                    ADAM, file.getParent());
            return;
        }
        try (DataInputStream in = new DataInputStream(
                new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != ADAM_MAGIC) {
                throw new IOException(file + " is not a BullWatch optimiser state file");
            }
            int version = in.readInt();
            if (version != ADAM_VERSION) {
                throw new IOException(file + " has format version " + version + "; this version"
                        + " reads " + ADAM_VERSION);
            }
            int written = in.readInt();
            if (written != epoch) {
                LOG.warn("{} was written after epoch {}, the checkpoint is of epoch {}: Adam's"
                        + " moments restart", file, written, epoch);
                return;
            }
            int n = in.readInt();
            List<ResumableAdam.ParameterState> states = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                int steps = in.readInt();
                float[] mean = new float[in.readInt()];
                float[] variance = new float[mean.length];
                readFloats(in, mean);
                readFloats(in, variance);
                states.add(new ResumableAdam.ParameterState(name, steps, mean, variance));
            }
            adam.importState(block.getParameters(), states);
        }
    }

    /**
     * Writes the optimiser's state atomically: magic, version, epoch, count, then per parameter
     * its name, steps, size and both moments.
     */
    private static void writeAdam(Path file, int epoch, List<ResumableAdam.ParameterState> states)
            throws IOException {
        AtomicFiles.write(file, stream -> {
            DataOutputStream out = new DataOutputStream(stream);
            out.writeInt(ADAM_MAGIC);
            out.writeInt(ADAM_VERSION);
            out.writeInt(epoch);
            out.writeInt(states.size());
            for (ResumableAdam.ParameterState s : states) {
                out.writeUTF(s.name());
                out.writeInt(s.steps());
                out.writeInt(s.mean().length);
                for (float f : s.mean()) {
                    out.writeFloat(f);
                }
                for (float f : s.variance()) {
                    out.writeFloat(f);
                }
            }
            out.flush();
        });
    }

    private static void readFloats(DataInputStream in, float[] into) throws IOException {
        for (int j = 0; j < into.length; j++) {
            into[j] = in.readFloat();
        }
    }

    /**
     * Reads a parameters file of a checkpoint (package-private: tests compare checkpoints by it).
     *
     * @param file {@code current.params}, {@code best.params} or {@code average.params}
     * @return the values, in the block's parameter order
     * @throws IOException if it cannot be read
     */
    static List<float[]> readParams(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(
                new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            int n = in.readInt();
            List<float[]> values = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                float[] v = new float[in.readInt()];
                for (int j = 0; j < v.length; j++) {
                    v[j] = in.readFloat();
                }
                values.add(v);
            }
            return values;
        }
    }
}
