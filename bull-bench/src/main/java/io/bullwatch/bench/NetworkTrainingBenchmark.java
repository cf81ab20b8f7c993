package io.bullwatch.bench;

import io.bullwatch.models.backbone.Backbone;
import io.bullwatch.models.backbone.FeatureDims;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Training speed of the full-width networks on the seed's window (1x128x646): one operation is
 * one step over a micro-batch of {@code microBatch} windows (16, the seed's), as {@code
 * BullTrainer} trains: forward pass in training mode, the weighted softmax cross-entropy loss,
 * backward pass, and an Adam step (see {@link NetworkRig#trainStep()}). The {@code windows}
 * counter reports training windows per second. PyTorch's reference is {@code
 * bull-bench/scripts/torch_network_time.py --mode train}.
 *
 * <p>{@code device=gpu} fails the trial with "no GPU visible to DJL; see docs/BENCHMARKS.md#gpu"
 * when DJL sees no GPU; it never falls back to the CPU. The fork runs offline with PyTorch's
 * intra-op threads at 2 ({@code @Fork}'s {@code jvmArgs}; {@code -jvmArgsAppend -Dname=value}
 * overrides one). VGG16 needs several GB of native memory per micro-batch of 16.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgs = {"-Xmx2g", "-Dai.djl.offline=true",
        "-Dai.djl.pytorch.num_threads=2", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class NetworkTrainingBenchmark {

    /** The network, at full width with the seed's adapter. */
    @Param({"compact", "alexnet", "vgg16"})
    public String backbone;

    /** Windows per forward and backward pass (and per Adam step). */
    @Param({"16"})
    public int microBatch;

    /** {@code cpu} or {@code gpu} (the first GPU DJL sees). */
    @Param({"cpu", "gpu"})
    public String device;

    private NetworkRig rig;

    /** Builds and initialises the network, trainer and optimiser (fails at once without a GPU). */
    @Setup(Level.Trial)
    public void setUp() {
        Backbone b = NetworkRig.backbone(backbone);
        rig = NetworkRig.forTraining(b, b.defaultOptions(), FeatureDims.SEED_WINDOW, microBatch,
                NetworkRig.device(device));
    }

    /** Frees the trainer and the network. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (rig != null) {
            rig.close();
        }
    }

    /**
     * One training step over the micro-batch.
     *
     * @param counter counts the windows
     * @return the micro-batch's loss
     */
    @Benchmark
    public double step(WindowCounter counter) {
        double loss = rig.trainStep();
        counter.windows += rig.batch();
        return loss;
    }
}
