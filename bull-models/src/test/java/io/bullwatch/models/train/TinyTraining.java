package io.bullwatch.models.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import io.bullwatch.features.windows.TinyWindows;
import io.bullwatch.features.windows.WindowSet;
import io.bullwatch.models.backbone.Backbone;
import io.bullwatch.models.backbone.BullNetwork;
import io.bullwatch.models.backbone.FeatureDims;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Short training runs of a width-reduced compact network on tiny windows, which can crash on
 * purpose: the shared rig of the checkpoint and resume tests.
 */
final class TinyTraining {

    /** 48 training windows of 32 x 64, every 4th a bull. */
    static final WindowSet TRAIN = TinyWindows.make(48, 4, 32, 64, 1);
    /** 16 validation windows of 32 x 64, every 4th a bull. */
    static final WindowSet VAL = TinyWindows.make(16, 4, 32, 64, 2);

    /** Thrown by the listener to stop a run in the middle of an epoch. */
    static final class SimulatedCrash extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        SimulatedCrash() {
            super("simulated crash");
        }
    }

    /** What a finished run returns. */
    record Result(TrainingReport report, List<float[]> parameters) {
    }

    /** A run whose SLF4J output (slf4j-simple, to System.err) is captured. */
    interface Run {
        void run() throws IOException;
    }

    private TinyTraining() {
    }

    /**
     * Trains a fresh compact network of width 1/4 (initialised from {@code initSeed}) on {@link
     * #TRAIN} and {@link #VAL}, crashing at the first step of {@code crashEpoch} if that is positive.
     *
     * @return the report and the final (best) parameters
     * @throws SimulatedCrash at {@code crashEpoch}
     */
    static Result run(TrainerConfig config, TrainingFiles files, int initSeed, int crashEpoch)
            throws IOException {
        try (Model model = Model.newInstance("tiny")) {
            BullNetwork net = Backbone.COMPACT.network(Backbone.COMPACT.defaultOptions().withWidth(0.25));
            model.setBlock(net.block());
            Engine.getInstance().setRandomSeed(initSeed);
            net.initialize(model.getNDManager(), new FeatureDims(1, 32, 64));
            TrainingReport report = BullTrainer.train(model, TRAIN, VAL, config, files, new TrainingListener() {
                @Override
                public void onProgress(int epoch, int epochs, int done, int total, double speed, double eta) {
                    if (epoch == crashEpoch) {
                        throw new SimulatedCrash();
                    }
                }
            });
            return new Result(report, BullTrainer.snapshot(model.getBlock()));
        }
    }

    /** @return what the run printed on System.err (where slf4j-simple logs) */
    static String stderrOf(Run run) throws IOException {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            run.run();
        } finally {
            System.setErr(err);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
