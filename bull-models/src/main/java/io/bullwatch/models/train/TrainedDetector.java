package io.bullwatch.models.train;

import ai.djl.Model;
import io.bullwatch.core.calibrate.Calibration;
import io.bullwatch.models.backbone.BullNetwork;
import io.bullwatch.models.bundle.ModelBundle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@link DetectorTraining#train} returns: the trained network and its {@link ModelBundle}
 * (pipeline, threshold, provenance, metrics), with the training report, the calibration and the
 * scores it was computed from. {@link #save} writes the bundle that {@code bull detect} loads;
 * {@link #close()} frees the network.
 */
public final class TrainedDetector implements AutoCloseable {

    private final Model model;
    private final BullNetwork network;
    private final ModelBundle bundle;
    private final TrainingReport report;
    private final Calibration calibration;
    private final SplitScores validation;
    private final SplitScores test;
    /** Set by {@link #close()}: saving then would fail deep in the native library. */
    private volatile boolean closed;

    TrainedDetector(Model model, BullNetwork network, ModelBundle bundle, TrainingReport report,
            Calibration calibration, SplitScores validation, SplitScores test) {
        this.model = model;
        this.network = network;
        this.bundle = bundle;
        this.report = report;
        this.calibration = calibration;
        this.validation = validation;
        this.test = test;
    }

    /** @return the bundle's metadata */
    public ModelBundle bundle() {
        return bundle;
    }

    /** @return the trained network (the best epoch's parameters) */
    public BullNetwork network() {
        return network;
    }

    /** @return the model holding the network, for scoring with {@link BullTrainer#score} */
    public Model model() {
        return model;
    }

    /** @return what happened in training */
    public TrainingReport report() {
        return report;
    }

    /** @return the threshold and the validation confusion at it */
    public Calibration calibration() {
        return calibration;
    }

    /** @return the scores on the validation windows */
    public SplitScores validation() {
        return validation;
    }

    /** @return the scores on the test windows, scored once at the end; empty without a test split */
    public Optional<SplitScores> test() {
        return Optional.ofNullable(test);
    }

    /**
     * Saves the bundle ({@link ModelBundle#save}).
     *
     * @param dir the bundle folder (created if needed)
     * @throws IOException if writing fails (naming the file)
     * @throws IllegalStateException if this detector was closed (its parameters are gone); nothing
     *     is written then
     */
    public void save(Path dir) throws IOException {
        if (closed) {
            throw new IllegalStateException("this trained detector was closed, which freed its parameters;"
                    + " save it before closing it (nothing was written to " + dir + ")");
        }
        bundle.save(dir, network.block());
    }

    /** Frees the network's native memory; closing twice is harmless. */
    @Override
    public void close() {
        closed = true;
        model.close();
    }
}
