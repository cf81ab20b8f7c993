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
 * Inference speed of the full-width networks on the seed's window (1x128x646): one operation is
 * one forward pass over {@code batch} windows as {@code Detector} runs it (input copied to the
 * device, frozen parameters, inference mode, softmax read back; see {@link NetworkRig}). The
 * {@code windows} counter ({@link WindowCounter}) reports windows per second directly (operations x
 * batch). PyTorch's reference is {@code bull-bench/scripts/torch_network_time.py}.
 *
 * <p>{@code device=gpu} fails the trial with "no GPU visible to DJL; see docs/BENCHMARKS.md#gpu"
 * when DJL's engine sees no GPU (run {@code -p device=cpu} on a CPU-only machine); it never falls
 * back to the CPU. The fork runs offline with PyTorch's intra-op threads at 2 ({@code @Fork}'s
 * {@code jvmArgs}); {@code -jvmArgsAppend} adds arguments after them, and a later {@code -D} wins,
 * e.g. {@code -jvmArgsAppend -Dai.djl.pytorch.num_threads=1}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgs = {"-Xmx2g", "-Dai.djl.offline=true",
        "-Dai.djl.pytorch.num_threads=2", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class NetworkInferenceBenchmark {

    /** The network, at full width with the seed's adapter. */
    @Param({"compact", "alexnet", "vgg16"})
    public String backbone;

    /** Windows per forward pass. */
    @Param({"1", "8", "32"})
    public int batch;

    /** {@code cpu} or {@code gpu} (the first GPU DJL sees). */
    @Param({"cpu", "gpu"})
    public String device;

    private NetworkRig rig;

    /** Builds and initialises the network on the device (fails at once without a GPU). */
    @Setup(Level.Trial)
    public void setUp() {
        Backbone b = NetworkRig.backbone(backbone);
        rig = NetworkRig.forInference(b, b.defaultOptions(), FeatureDims.SEED_WINDOW, batch,
                NetworkRig.device(device));
    }

    /** Frees the network. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (rig != null) {
            rig.close();
        }
    }

    /**
     * One forward pass over the batch.
     *
     * @param counter counts the windows
     * @return the bull probabilities
     */
    @Benchmark
    public float[] forward(WindowCounter counter) {
        float[] p = rig.infer();
        counter.windows += p.length;
        return p;
    }
}
