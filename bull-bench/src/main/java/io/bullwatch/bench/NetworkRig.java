package io.bullwatch.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.bullwatch.features.windows.WindowSet;
import io.bullwatch.models.backbone.Backbone;
import io.bullwatch.models.backbone.BackboneOptions;
import io.bullwatch.models.backbone.BullNetwork;
import io.bullwatch.models.backbone.FeatureDims;
import io.bullwatch.models.loss.LossReduction;
import io.bullwatch.models.loss.WeightedSoftmaxCrossEntropyLoss;
import io.bullwatch.models.runtime.NativeAllocator;
import io.bullwatch.models.train.BullTrainer;
import io.bullwatch.models.train.Imbalance;
import io.bullwatch.models.train.TrainerConfig;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;

/**
 * One BullWatch network on one device, ready to be timed by {@link NetworkInferenceBenchmark},
 * {@link NetworkTrainingBenchmark} and {@link NetworkMain}; the networks are the project's own
 * ({@link Backbone#network}, {@link BullNetwork#initialize}), run as the library runs them.
 *
 * <p><b>Inference</b> ({@link #forInference}) is what {@code Detector} does for one batch: its
 * trainable parameters are frozen (no autograd graph is recorded), and {@link #infer()} copies a
 * batch of windows into a native sub-manager, runs the block's forward pass in inference mode
 * with a {@link ParameterStore} that does not copy, takes the softmax and reads the bull
 * probabilities back.
 *
 * <p><b>Training</b> ({@link #forTraining}) is {@link BullTrainer}'s step: {@link #trainStep()}
 * runs {@link BullTrainer#accumulate} over one micro-batch (forward pass in training mode, the
 * project's {@link WeightedSoftmaxCrossEntropyLoss} with the seed's class weights and sum
 * reduction, backward pass) and then one Adam step with the seed's settings ({@link
 * TrainerConfig}'s defaults: learning rate 1e-4, betas 0.9 and 0.999, no weight decay).
 *
 * <p>Inputs are fixed pseudo-random windows (seed 1; speed does not depend on the values), a
 * quarter of them labelled bull. Not thread-safe; close it to free the native memory.
 */
final class NetworkRig implements AutoCloseable {

    /** The message of the failure when a GPU is asked for and DJL sees none. */
    static final String NO_GPU = "no GPU visible to DJL; see docs/BENCHMARKS.md#gpu";

    /** PyTorch's intra-op threads (system property, read when the engine starts). */
    static final String INTRA_OP_PROPERTY = "ai.djl.pytorch.num_threads";

    /** The intra-op threads the network benchmarks use unless told otherwise: the 2 cores. */
    static final int DEFAULT_INTRA_OP_THREADS = 2;

    private final Model model;
    private final BullNetwork network;
    private final FeatureDims dims;
    private final int batch;
    private final Device device;
    private final long parameters;
    // inference
    private final float[] input;
    private final ParameterStore store;
    // training
    private final Trainer trainer;
    private final Loss loss;
    private final float[] weights;
    private final WindowSet windows;
    private final int[] all;

    private NetworkRig(Model model, BullNetwork network, FeatureDims dims, int batch, Device device,
            long parameters, boolean training) {
        this.model = model;
        this.parameters = parameters;
        this.network = network;
        this.dims = dims;
        this.batch = batch;
        this.device = device;
        if (training) {
            List<float[]> features = new ArrayList<>(batch);
            boolean[] bulls = new boolean[batch];
            Random random = new Random(1);
            int bullCount = 0;
            for (int i = 0; i < batch; i++) {
                features.add(gaussian(random, (int) dims.size()));
                bulls[i] = i % 4 == 3;
                bullCount += bulls[i] ? 1 : 0;
            }
            if (bullCount == 0) {
                bulls[0] = true; // batches below 4 still hold both classes
                bullCount = 1;
            }
            if (bullCount == batch && batch > 1) {
                bulls[0] = false;
                bullCount--;
            }
            this.windows = new WindowSet(dims.height(), dims.width(), features, bulls,
                    Collections.nCopies(batch, "bench"), Collections.nCopies(batch, "bench"));
            this.all = new int[batch];
            for (int i = 0; i < batch; i++) {
                all[i] = i;
            }
            long noBulls = Math.max(1, batch - bullCount);
            this.weights = BullTrainer.classWeights(Imbalance.SEED_WEIGHTS, noBulls, bullCount);
            this.loss = WeightedSoftmaxCrossEntropyLoss.of(weights).withReduction(LossReduction.SUM);
            TrainerConfig seed = TrainerConfig.builder().build();
            Optimizer adam = Optimizer.adam()
                    .optLearningRateTracker(Tracker.fixed(seed.learningRate()))
                    .optBeta1(seed.beta1()).optBeta2(seed.beta2())
                    .optWeightDecays(seed.weightDecay()).build();
            this.trainer = model.newTrainer(new DefaultTrainingConfig(loss).optOptimizer(adam)
                    .optDevices(new Device[] {device}));
            this.input = null;
            this.store = null;
        } else {
            this.input = gaussian(new Random(1), Math.toIntExact(batch * dims.size()));
            this.store = new ParameterStore(model.getNDManager(), false);
            this.trainer = null;
            this.loss = null;
            this.weights = null;
            this.windows = null;
            this.all = null;
        }
    }

    /**
     * The device of a benchmark parameter.
     *
     * @param name {@code cpu} or {@code gpu} (the first GPU)
     * @return the device
     * @throws IllegalStateException with {@link #NO_GPU} when {@code gpu} is asked for and DJL's
     *     engine sees no GPU (the benchmark must not silently run on the CPU)
     * @throws IllegalArgumentException for another name
     */
    static Device device(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "cpu":
                return Device.cpu();
            case "gpu":
                if (Engine.getInstance().getGpuCount() == 0) {
                    throw new IllegalStateException(NO_GPU);
                }
                return Device.gpu();
            default:
                throw new IllegalArgumentException("unknown device " + name + "; allowed: cpu, gpu");
        }
    }

    /**
     * A backbone by its command-line name.
     *
     * @param name {@code compact}, {@code alexnet} or {@code vgg16}
     * @return the backbone
     */
    static Backbone backbone(String name) {
        return DetectorBenchmark.backbone(name);
    }

    /**
     * Sets PyTorch's intra-op threads to {@link #DEFAULT_INTRA_OP_THREADS} unless the system
     * property is already set. Call before DJL's engine starts.
     *
     * @return the value in force
     */
    static String defaultIntraOpThreads() {
        if (System.getProperty(INTRA_OP_PROPERTY) == null) {
            System.setProperty(INTRA_OP_PROPERTY, Integer.toString(DEFAULT_INTRA_OP_THREADS));
        }
        return System.getProperty(INTRA_OP_PROPERTY);
    }

    /**
     * A network for inference: built, initialised (seed 1) on the device, trainable parameters
     * frozen.
     *
     * @param backbone the network
     * @param options width and adapter
     * @param dims one window's size, e.g. {@link FeatureDims#SEED_WINDOW}
     * @param batch windows per forward pass, at least 1
     * @param device where it runs
     * @return the rig; close it
     */
    static NetworkRig forInference(Backbone backbone, BackboneOptions options, FeatureDims dims,
            int batch, Device device) {
        return create(backbone, options, dims, batch, device, false);
    }

    /**
     * A network for training: built and initialised (seed 1) on the device, with a DJL trainer,
     * the weighted loss and Adam.
     *
     * @param backbone the network
     * @param options width and adapter
     * @param dims one window's size
     * @param microBatch windows per forward and backward pass, at least 1
     * @param device where it runs
     * @return the rig; close it
     */
    static NetworkRig forTraining(Backbone backbone, BackboneOptions options, FeatureDims dims,
            int microBatch, Device device) {
        return create(backbone, options, dims, microBatch, device, true);
    }

    private static NetworkRig create(Backbone backbone, BackboneOptions options, FeatureDims dims,
            int batch, Device device, boolean training) {
        Objects.requireNonNull(backbone, "backbone");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(dims, "dims");
        Objects.requireNonNull(device, "device");
        if (batch < 1) {
            throw new IllegalArgumentException("the batch must hold at least 1 window, got " + batch);
        }
        Model model = Model.newInstance("bullwatch-bench-" + backbone.cliName(), device);
        try {
            BullNetwork network = backbone.network(options);
            Engine.getInstance().setRandomSeed(1);
            network.initialize(model.getNDManager(), dims);
            model.setBlock(network.block());
            long parameters = network.countTrainableParameters();
            if (!training) {
                // as Detector.load: frozen parameters record no autograd graph
                network.block().getParameters().forEach(p -> {
                    if (p.getValue().requiresGradient()) {
                        p.getValue().freeze(true);
                    }
                });
            }
            return new NetworkRig(model, network, dims, batch, device, parameters, training);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** @return windows per forward pass (inference) or per micro-batch (training) */
    int batch() {
        return batch;
    }

    /**
     * A comment line for a timing's output saying whether glibc's allocator runs with the
     * launcher's settings ({@link NativeAllocator#RECOMMENDED}), which change speeds 2-5x.
     *
     * @return {@code # allocator: ...}
     */
    static String allocatorLine() {
        List<String> missing = NativeAllocator.missing(System.getenv(), System.getProperty("os.name", ""));
        if (missing.isEmpty()) {
            return "# allocator: as ./bull sets it (or not glibc)";
        }
        return "# allocator: glibc's defaults for " + String.join(", ", missing) + "; ./bull runs with: "
                + NativeAllocator.advice(missing);
    }

    /** @return one window's size */
    FeatureDims dims() {
        return dims;
    }

    /** @return the device the network runs on */
    Device device() {
        return device;
    }

    /** @return the network */
    BullNetwork network() {
        return network;
    }

    /** @return trainable parameters of the whole network (adapter, body, head), counted before freezing */
    long parameters() {
        return parameters;
    }

    /** @return trainable parameters of the body alone (torchvision's count for AlexNet, VGG16) */
    long bodyParameters() {
        return network.architecture().bodyCost(dims).parameters();
    }

    /**
     * One forward pass over the batch in inference mode, as {@code Detector} scores a batch.
     *
     * @return the bull probability of each window
     * @throws IllegalStateException if this rig was made for training
     */
    float[] infer() {
        if (store == null) {
            throw new IllegalStateException("this rig was made for training");
        }
        Block block = model.getBlock();
        try (NDManager sub = model.getNDManager().newSubManager()) {
            NDArray x = sub.create(FloatBuffer.wrap(input),
                    new Shape(batch, dims.channels(), dims.height(), dims.width()));
            NDArray logits = block.forward(store, new NDList(x), false).get(0);
            float[] p = logits.softmax(1).toFloatArray();
            float[] bull = new float[batch];
            for (int j = 0; j < batch; j++) {
                bull[j] = p[2 * j + 1];
            }
            return bull;
        }
    }

    /**
     * One training step over the micro-batch: forward, weighted loss, backward ({@link
     * BullTrainer#accumulate}), then Adam's step.
     *
     * @return the micro-batch's loss (summed window losses over the sum of their class weights)
     * @throws IllegalStateException if this rig was made for inference
     */
    double trainStep() {
        if (trainer == null) {
            throw new IllegalStateException("this rig was made for inference");
        }
        double l = BullTrainer.accumulate(trainer, loss, weights, windows, all, batch);
        trainer.step();
        return l;
    }

    /** Frees the trainer and the network's native memory. */
    @Override
    public void close() {
        if (trainer != null) {
            trainer.close();
        }
        model.close();
    }

    private static float[] gaussian(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }
}
