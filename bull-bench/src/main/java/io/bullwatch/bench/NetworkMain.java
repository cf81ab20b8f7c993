package io.bullwatch.bench;

import ai.djl.Device;
import io.bullwatch.models.backbone.Backbone;
import io.bullwatch.models.backbone.FeatureDims;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A quick timing of the networks without JMH, for a shared machine and for {@code
 * scripts/compare-torch-networks.sh}, with the same scheme and output as {@code
 * scripts/torch_network_time.py}:
 *
 * <pre>
 * java -Dai.djl.offline=true -cp ... io.bullwatch.bench.NetworkMain [--device cpu|gpu]
 *     [--mode infer|train|both] [--batches 1,8,32] [--micro-batch 16] [--runs 5]
 *     [--seconds 2] [--warmup-seconds 3] [--input 128x646] [BACKBONE ...]
 * </pre>
 *
 * <p>For each backbone (default {@code compact alexnet vgg16}, full width, the seed's adapter,
 * 1x128x646 windows unless {@code --input MELSxFRAMES}, e.g. the detector's 64x324) and each
 * batch size (inference) or the micro-batch (training): warm up for at least {@code
 * --warmup-seconds} and 2 operations, then {@code --runs} timed runs of whole
 * operations lasting at least {@code --seconds} each (at least one operation); a run's speed is
 * windows / wall seconds, and the line reports the median and range over the runs:
 *
 * <pre>
 * RESULT impl=bullwatch backbone=compact mode=infer device=cpu batch=8 threads=2 input=1x128x646 windows_per_s=123.4 min=120.1 max=125.0 runs=5
 * </pre>
 *
 * An operation is {@link NetworkRig#infer()} (a forward pass as {@code Detector} runs it) or
 * {@link NetworkRig#trainStep()} (forward, weighted loss, backward, Adam step). PyTorch's
 * intra-op threads are 2 unless {@code -Dai.djl.pytorch.num_threads=N} says otherwise. With
 * {@code --device gpu} and no GPU visible to DJL it stops with an error instead of running on the
 * CPU.
 */
public final class NetworkMain {

    private NetworkMain() {
    }

    /**
     * How long to warm up and measure.
     *
     * @param warmupSeconds the least warm-up time (and at least 2 operations)
     * @param runs timed runs, at least 1
     * @param runSeconds the least time per run (whole operations, at least one)
     */
    record Timing(double warmupSeconds, int runs, double runSeconds) {
        Timing {
            if (runs < 1 || !(warmupSeconds >= 0) || !(runSeconds >= 0)) {
                throw new IllegalArgumentException("runs must be >= 1 and times >= 0, got runs="
                        + runs + ", warm-up " + warmupSeconds + " s, runs of " + runSeconds + " s");
            }
        }
    }

    /**
     * The speed of one network in one mode.
     *
     * @param backbone the backbone's name
     * @param mode {@code infer} or {@code train}
     * @param device {@code cpu} or {@code gpu}
     * @param batch windows per operation
     * @param threads PyTorch's intra-op threads (the system property's value)
     * @param input one window's size
     * @param windowsPerSecond one speed per run
     */
    record Result(String backbone, String mode, String device, int batch, String threads,
            FeatureDims input, double[] windowsPerSecond) {

        /** @return the median speed over the runs */
        double median() {
            double[] s = windowsPerSecond.clone();
            Arrays.sort(s);
            int n = s.length;
            return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        }

        /** @return the result line, formatted independently of the locale */
        String line() {
            double min = Arrays.stream(windowsPerSecond).min().orElse(Double.NaN);
            double max = Arrays.stream(windowsPerSecond).max().orElse(Double.NaN);
            return String.format(Locale.ROOT, "RESULT impl=bullwatch backbone=%s mode=%s device=%s"
                    + " batch=%d threads=%s input=%dx%dx%d windows_per_s=%.3f min=%.3f max=%.3f runs=%d",
                    backbone, mode, device, batch, threads, input.channels(), input.height(),
                    input.width(), median(), min, max,
                    windowsPerSecond.length);
        }
    }

    /**
     * Times a rig: warm-up, then timed runs of whole operations.
     *
     * @param rig the network
     * @param backbone its name, for the result
     * @param deviceName {@code cpu} or {@code gpu}, for the result
     * @param training whether to time {@link NetworkRig#trainStep()} rather than {@link
     *     NetworkRig#infer()}
     * @param timing the scheme
     * @return the speeds
     */
    static Result measure(NetworkRig rig, String backbone, String deviceName, boolean training,
            Timing timing) {
        Runnable op = training ? rig::trainStep : rig::infer;
        long start = System.nanoTime();
        int warm = 0;
        while (warm < 2 || (System.nanoTime() - start) / 1e9 < timing.warmupSeconds()) {
            op.run();
            warm++;
        }
        double[] speeds = new double[timing.runs()];
        for (int r = 0; r < timing.runs(); r++) {
            long t0 = System.nanoTime();
            long ops = 0;
            double elapsed;
            do {
                op.run();
                ops++;
                elapsed = (System.nanoTime() - t0) / 1e9;
            } while (elapsed < timing.runSeconds());
            speeds[r] = ops * rig.batch() / elapsed;
        }
        String threads = System.getProperty(NetworkRig.INTRA_OP_PROPERTY, "default");
        return new Result(backbone, training ? "train" : "infer", deviceName, rig.batch(), threads,
                rig.dims(), speeds);
    }

    /**
     * Entry point; see the class description for the arguments.
     *
     * @param args options, then backbones
     */
    public static void main(String[] args) {
        String threads = NetworkRig.defaultIntraOpThreads();
        String deviceName = "cpu";
        String mode = "both";
        int[] batches = {1, 8, 32};
        int microBatch = 16;
        int runs = 5;
        double seconds = 2;
        double warmup = 3;
        FeatureDims input = FeatureDims.SEED_WINDOW;
        List<String> backbones = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--") && i + 1 >= args.length) {
                usage("missing value after " + a);
            }
            switch (a) {
                case "--device" -> deviceName = args[++i].toLowerCase(Locale.ROOT);
                case "--mode" -> mode = args[++i];
                case "--batches" -> batches = Arrays.stream(args[++i].split(","))
                        .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
                case "--micro-batch" -> microBatch = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--warmup-seconds" -> warmup = Double.parseDouble(args[++i]);
                case "--input" -> {
                    try {
                        input = parseInput(args[++i]);
                    } catch (IllegalArgumentException e) {
                        usage(e.getMessage());
                    }
                }
                default -> {
                    if (a.startsWith("--")) {
                        usage("unknown option " + a);
                    }
                    backbones.add(a.toLowerCase(Locale.ROOT));
                }
            }
        }
        if (!List.of("infer", "train", "both").contains(mode)) {
            usage("--mode must be infer, train or both, got " + mode);
        }
        if (backbones.isEmpty()) {
            backbones = List.of("compact", "alexnet", "vgg16");
        }
        Timing timing = new Timing(warmup, runs, seconds);
        Device device;
        try {
            device = NetworkRig.device(deviceName);
        } catch (IllegalStateException e) {
            System.err.println("NetworkMain: " + e.getMessage());
            System.exit(3);
            return;
        } catch (ai.djl.engine.EngineException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            System.err.println("NetworkMain: DJL's PyTorch engine did not start (" + e.getMessage()
                    + ": " + cause.getMessage() + "); for GPU runs see docs/BENCHMARKS.md#gpu");
            System.exit(3);
            return;
        }
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        System.out.println(String.format(Locale.ROOT,
                "# bullwatch (DJL, PyTorch engine) device=%s intra-op threads=%s cores=%d load=%.2f"
                + " warm-up>=%.1fs runs=%d of >=%.1fs", deviceName, threads,
                Runtime.getRuntime().availableProcessors(), os.getSystemLoadAverage(), warmup, runs,
                seconds));
        System.out.println(NetworkRig.allocatorLine());
        for (String name : backbones) {
            Backbone b = NetworkRig.backbone(name);
            boolean printedParams = false;
            List<int[]> plan = new ArrayList<>(); // {batch, training ? 1 : 0}
            if (!mode.equals("train")) {
                for (int batch : batches) {
                    plan.add(new int[] {batch, 0});
                }
            }
            if (!mode.equals("infer")) {
                plan.add(new int[] {microBatch, 1});
            }
            for (int[] p : plan) {
                boolean training = p[1] == 1;
                try (NetworkRig rig = training
                        ? NetworkRig.forTraining(b, b.defaultOptions(), input, p[0], device)
                        : NetworkRig.forInference(b, b.defaultOptions(), input, p[0], device)) {
                    if (!printedParams) {
                        System.out.println(String.format(Locale.ROOT,
                                "PARAMS impl=bullwatch backbone=%s whole=%d body=%d", b.cliName(),
                                rig.parameters(), rig.bodyParameters()));
                        printedParams = true;
                    }
                    System.out.println(measure(rig, b.cliName(), deviceName, training, timing).line());
                }
            }
        }
    }

    /**
     * One window's size from {@code MELSxFRAMES}.
     *
     * @param text e.g. {@code 64x324}
     * @return a one-channel window of that size
     * @throws IllegalArgumentException if the text is not two positive integers joined by x
     */
    static FeatureDims parseInput(String text) {
        String[] p = text.toLowerCase(Locale.ROOT).split("x", -1);
        try {
            if (p.length == 2) {
                int mels = Integer.parseInt(p[0].trim());
                int frames = Integer.parseInt(p[1].trim());
                if (mels >= 1 && frames >= 1) {
                    return new FeatureDims(1, mels, frames);
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--input must be MELSxFRAMES (two positive integers),"
                + " e.g. 64x324; got " + text);
    }

    private static void usage(String problem) {
        System.err.println("NetworkMain: " + problem);
        System.err.println("usage: NetworkMain [--device cpu|gpu] [--mode infer|train|both]"
                + " [--batches 1,8,32] [--micro-batch 16] [--runs 5] [--seconds 2]"
                + " [--warmup-seconds 3] [--input 128x646] [compact|alexnet|vgg16 ...]");
        System.exit(2);
    }
}
