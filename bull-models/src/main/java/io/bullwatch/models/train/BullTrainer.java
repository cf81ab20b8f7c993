package io.bullwatch.models.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import io.bullwatch.core.events.StepAggregation;
import io.bullwatch.core.io.AtomicFiles;
import io.bullwatch.features.background.SiteReference;
import io.bullwatch.features.windows.WindowSet;
import io.bullwatch.models.loss.BinaryFocalLoss;
import io.bullwatch.models.loss.FrameLoss;
import io.bullwatch.models.loss.LossReduction;
import io.bullwatch.models.loss.SiteAlignment;
import io.bullwatch.models.loss.WeightedSoftmaxCrossEntropyLoss;
import io.bullwatch.models.runtime.NativeAllocator;
import io.bullwatch.models.scoring.WindowScorer;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    private BullTrainer() {
    }

    /**
     * Trains the model's block, which must be initialised for windows of the sets' size.
     *
     * @param model the model holding an initialised block; its parameters are the best epoch's
     *     afterwards
     * @param train the training windows
     * @param validation the validation windows (must hold both classes)
     * @param config the hyperparameters
     * @param listener progress receiver
     * @return what happened
     */
    public static TrainingReport train(Model model, WindowSet train, WindowSet validation,
            TrainerConfig config, TrainingListener listener) {
        try {
            return train(model, train, validation, config, TrainingFiles.NONE, listener);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("no files were asked for, yet: " + e.getMessage(), e);
        }
    }

    /**
     * Trains the model's block, which must be initialised for windows of the sets' size, keeping
     * checkpoints and metrics where {@code files} says (and resuming from a checkpoint there).
     *
     * @param model the model holding an initialised block; its parameters are the best epoch's
     *     afterwards
     * @param train the training windows
     * @param validation the validation windows (must hold both classes)
     * @param config the hyperparameters
     * @param files where checkpoints and the metrics CSV go
     * @param listener progress receiver
     * @return what happened
     * @throws IOException if a checkpoint or the metrics file cannot be written or read
     */
    public static TrainingReport train(Model model, WindowSet train, WindowSet validation,
            TrainerConfig config, TrainingFiles files, TrainingListener listener) throws IOException {
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
        Path checkpoints = files.checkpointDir().orElse(null);
        if (checkpoints != null && CheckpointStore.hasCheckpoint(checkpoints)) {
            CheckpointStore.Resumed r = CheckpointStore.resume(checkpoints, block, adam);
            firstEpoch = r.epoch() + 1;
            bestEpoch = r.bestEpoch();
            best = r.best();
            history.addAll(r.history());
            bestParams = r.bestParams();
            LOG.info("resuming after epoch {} from {} (best epoch {})", firstEpoch - 1,
                    checkpoints, bestEpoch);
        }
        if (files.metricsCsv().isPresent() && !history.isEmpty()) {
            // the committed history only: a row appended by an epoch that crashed before its
            // checkpoint committed is dropped, not repeated. A fresh start leaves the file as it is
            // (another training's, perhaps) until its first epoch ends.
            writeMetrics(files.metricsCsv().get(), history);
        }
        LOG.info("training on {} windows ({} bull, {}), validating on {}; loss {}", train.size(),
                bulls, String.format(Locale.ROOT, "%.1f %%", 100 * bullShare), validation.size(), loss);
        boolean stoppedEarly = false;
        DefaultTrainingConfig djlConfig = new DefaultTrainingConfig(loss).optOptimizer(adam);
        try (Trainer trainer = model.newTrainer(djlConfig);
                ParameterAverage average = config.averaging() > 0
                        ? ParameterAverage.startingAt(block, trainer.getManager()) : null) {
            if (average != null && firstEpoch > 1) {
                CheckpointStore.restoreAverage(average, checkpoints);
            }
            for (int epoch = firstEpoch; epoch <= config.epochs(); epoch++) {
                if (epoch - bestEpoch > config.patience() && bestEpoch > 0) {
                    stoppedEarly = true;
                    break;
                }
                long epochStart = System.nanoTime();
                Engine.getInstance().setRandomSeed((int) (config.seed() * 1_000_003L + epoch));
                int[] order = EpochSampler.epochOrder(train, config, epoch, hardNegatives(model, train, config, epoch));
                double lossSum = 0;
                int steps = 0;
                int eff = config.effectiveBatch();
                long stepsPerEpoch = (order.length + eff - 1) / eff;
                long totalSteps = stepsPerEpoch * config.epochs();
                for (int from = 0; from < order.length; from += eff) {
                    rate[0] = config.learningRateAt((epoch - 1) * stepsPerEpoch + from / eff, totalSteps);
                    int to = Math.min(order.length, from + eff);
                    int[] batch = java.util.Arrays.copyOfRange(order, from, to);
                    double stepLoss;
                    if (config.augmentation().isNone()) {
                        stepLoss = accumulate(trainer, loss, weights, train, batch, config.microBatch(),
                                config.frameLossWeight(), config.siteAlignment());
                    } else {
                        WindowSet augmented = config.augmentation().apply(train, batch, config.seed(), epoch, from);
                        int[] all = new int[batch.length];
                        for (int k = 0; k < all.length; k++) {
                            all[k] = k;
                        }
                        stepLoss = accumulate(trainer, loss, weights, augmented, all, config.microBatch(),
                                config.frameLossWeight(), config.siteAlignment());
                    }
                    if (!Double.isFinite(stepLoss)) {
                        throw diverged("the loss of epoch " + epoch + ", step " + (steps + 1) + " of "
                                + stepsPerEpoch + ", is " + stepLoss, epoch, checkpoints);
                    }
                    lossSum += stepLoss;
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
                float[][] val = WindowScores.of(model, validation, config.evalBatch());
                for (int i = 0; i < val[2].length; i++) {
                    if (Float.isNaN(val[2][i])) {
                        throw diverged("after epoch " + epoch + " the network scores validation window " + i
                                + " (" + validation.recording(i) + ") as NaN", epoch, checkpoints);
                    }
                }
                EpochMetrics m = EpochMetrics.of(epoch, lossSum / steps, val, validation, weights, loss,
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
                if (files.metricsCsv().isPresent()) {
                    writeMetrics(files.metricsCsv().get(), history);
                }
                if (checkpoints != null) {
                    CheckpointStore.write(checkpoints, block, bestParams, averaged, adam, epoch, bestEpoch,
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
     * The error of a run whose parameters stopped being numbers: what showed it, and what is kept.
     *
     * @param what where the first non-number appeared
     * @param epoch the epoch it appeared in
     * @param checkpoints the checkpoint folder, or null
     * @return the exception to throw
     */
    private static IllegalStateException diverged(String what, int epoch, Path checkpoints) {
        String kept = checkpoints == null ? "" : epoch > 1
                ? "; the checkpoint of epoch " + (epoch - 1) + " in " + checkpoints + " is kept" : "";
        return new IllegalStateException("training diverged: " + what + kept
                + "; try a lower learning rate or another seed");
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
        return accumulate(trainer, loss, weights, data, batch, microBatch, frameLossWeight, 0);
    }

    /**
     * {@link #accumulate(Trainer, Loss, float[], WindowSet, int[], int, double)} with the {@link
     * SiteAlignment} penalty: each micro-batch of {@code n} windows adds {@code siteAlignment * n /
     * batch.length} times the penalty of its windows' embeddings (what the network's last part
     * receives, averaged over every axis after the channels), their sites and their classes. The
     * network then runs part by part (the children of its {@link SequentialBlock}, as it runs
     * anyway) through a parameter store that hands out the parameters' own arrays, so the
     * gradients land where {@link Trainer#step()} reads them (its own store registers every
     * parameter in the gradient check of its first step; {@code
     * BullTrainerTest.siteAlignmentTrainsEveryParameterDeterministicallyAndChangesTheRun} checks
     * that every parameter the usual path updates is updated).
     *
     * @param trainer a trainer of an initialised block
     * @param loss a loss with {@link LossReduction#SUM}
     * @param weights the class weights the loss applies ({@code [w_nobull, w_bull]})
     * @param data the windows
     * @param batch indices of the effective batch's windows
     * @param microBatch windows per forward pass
     * @param frameLossWeight the frame loss's weight, {@code >= 0}; 0 ignores frame logits
     * @param siteAlignment the penalty's weight, {@code >= 0}; 0 runs the block as one
     * @return the effective batch's loss, penalty included
     * @throws IllegalArgumentException if {@code siteAlignment > 0} and the block is not a sequence
     *     of at least two parts
     */
    public static double accumulate(Trainer trainer, Loss loss, float[] weights, WindowSet data,
            int[] batch, int microBatch, double frameLossWeight, double siteAlignment) {
        List<Block> parts = null;
        ParameterStore store = null;
        if (siteAlignment > 0) {
            Block block = trainer.getModel().getBlock();
            parts = block instanceof SequentialBlock sb ? sb.getChildren().values() : List.of();
            if (parts.size() < 2) {
                throw new IllegalArgumentException("site alignment needs a network of at least two parts"
                        + " (body and head), got " + block.getClass().getSimpleName());
            }
            store = new ParameterStore(trainer.getManager(), false);
        }
        double normaliser = 0;
        for (int i : batch) {
            normaliser += weights[data.isBull(i) ? 1 : 0];
        }
        double total = 0;
        NDManager root = trainer.getManager();
        for (int from = 0; from < batch.length; from += microBatch) {
            int n = Math.min(microBatch, batch.length - from);
            try (NDManager sub = root.newSubManager()) {
                NDArray x = WindowScores.input(sub, data, batch, from, n);
                int[] labels = new int[n];
                for (int j = 0; j < n; j++) {
                    labels[j] = data.isBull(batch[from + j]) ? 1 : 0;
                }
                NDArray y = sub.create(labels);
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDList out;
                    NDArray penalty = null;
                    if (parts == null) {
                        out = trainer.forward(new NDList(x));
                    } else {
                        out = new NDList(x);
                        for (int p = 0; p < parts.size() - 1; p++) {
                            out = parts.get(p).forward(store, out, true);
                        }
                        NDArray embeddings = WindowScorer.embeddings(out.get(0));
                        List<String> sites = new ArrayList<>(n);
                        boolean[] bulls = new boolean[n];
                        for (int j = 0; j < n; j++) {
                            sites.add(data.site(batch[from + j]));
                            bulls[j] = labels[j] == 1;
                        }
                        penalty = SiteAlignment.penalty(embeddings, sites, bulls)
                                .mul((float) (siteAlignment * n / batch.length));
                        out = parts.get(parts.size() - 1).forward(store, out, true);
                    }
                    NDArray logits = out.get(0);
                    NDArray l = loss.evaluate(new NDList(y), new NDList(logits));
                    if (frameLossWeight > 0 && out.size() > 1) {
                        l = l.add(frameLoss(sub, out.get(1), data, batch, from, n, weights)
                                .mul((float) frameLossWeight));
                    }
                    l = l.div((float) normaliser);
                    if (penalty != null) {
                        l = l.add(penalty);
                    }
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
        NDArray q = manager.create(targets, new Shape(n, steps));
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
        return WindowScores.of(model, data, batch)[2];
    }

    /**
     * The network's view of a window set's backgrounds: per recording, the mean and standard
     * deviation of its windows' embeddings (the body's output averaged over each window; {@code
     * WindowScorer#forward}), on the windows that start on the detector's grid (every {@code
     * hopSeconds}; all windows of a set without starts), at most {@value #EMBEDDING_WINDOWS} of each
     * recording, evenly spaced. What a bundle keeps as {@code training.embedding}.
     *
     * @param model the network
     * @param data windows loaded from recordings
     * @param hopSeconds the detector's window hop
     * @return one profile per recording, with its site, in order of the recordings' first windows
     */
    public static List<SiteReference.Recording> embeddingProfiles(Model model, WindowSet data, double hopSeconds) {
        return WindowScores.embeddingProfiles(model, data, hopSeconds, EMBEDDING_WINDOWS, 64);
    }

    /** The most windows of a recording {@link #embeddingProfiles} looks at. */
    public static final int EMBEDDING_WINDOWS = 256;

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
        int[] pool = EpochSampler.negativePool(train, h.pool(), new Random(config.seed() * 104_729L + epoch));
        float[] scores = WindowScores.of(model, train, pool, config.evalBatch())[2];
        int[] hard = EpochSampler.hardest(pool, scores, h.hardCount());
        LOG.debug("epoch {}: {} hard no-bull windows of {} scored", epoch, hard.length, pool.length);
        return hard;
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

    /** Rewrites the metrics CSV, header and one row per epoch of the history, atomically. */
    private static void writeMetrics(Path file, List<EpochMetrics> history) throws IOException {
        StringBuilder csv = new StringBuilder(EpochMetrics.CSV_HEADER).append('\n');
        history.forEach(m -> csv.append(m.toCsv()).append('\n'));
        AtomicFiles.write(file, csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Reads a parameters file of a checkpoint (package-private: tests compare checkpoints by it).
     *
     * @param file {@code current.params}, {@code best.params} or {@code average.params}
     * @return the values, in the block's parameter order
     * @throws IOException if it cannot be read
     */
    static List<float[]> readParams(Path file) throws IOException {
        return CheckpointStore.readParams(file);
    }
}
