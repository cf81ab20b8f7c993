package io.bullwatch.models.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a training run keeps its files, apart from its hyperparameters ({@link TrainerConfig}):
 * the same hyperparameters train the same model wherever the files go.
 *
 * @param checkpointDir where checkpoints go, and are resumed from when one is there; empty for none
 * @param metricsCsv where the per-epoch metrics CSV goes; empty for none
 */
public record TrainingFiles(Optional<Path> checkpointDir, Optional<Path> metricsCsv) {

    /** No files: nothing is written and nothing resumed. */
    public static final TrainingFiles NONE = new TrainingFiles(Optional.empty(), Optional.empty());

    /** Validates. */
    public TrainingFiles {
        Objects.requireNonNull(checkpointDir, "checkpointDir");
        Objects.requireNonNull(metricsCsv, "metricsCsv");
    }

    /**
     * Checkpoints and metrics in one folder, as {@code bull train} keeps them: {@code
     * dir/checkpoints} and {@code dir/metrics.csv}.
     *
     * @param dir the model folder
     * @return the files
     */
    public static TrainingFiles in(Path dir) {
        return new TrainingFiles(Optional.of(dir.resolve("checkpoints")), Optional.of(dir.resolve("metrics.csv")));
    }

    /**
     * @param dir the checkpoint folder
     * @return these files with checkpoints there
     */
    public TrainingFiles withCheckpoints(Path dir) {
        return new TrainingFiles(Optional.of(dir), metricsCsv);
    }

    /**
     * @param file the metrics CSV
     * @return these files with the metrics there
     */
    public TrainingFiles withMetricsCsv(Path file) {
        return new TrainingFiles(checkpointDir, Optional.of(file));
    }

    /**
     * Whether a checkpoint folder holds a committed epoch, one that {@link BullTrainer#train} resumes from.
     *
     * @param checkpointDir a checkpoint folder ({@link TrainingFiles#checkpointDir()}), which need
     *     not exist
     * @return true once the first epoch's checkpoint is committed
     */
    public static boolean hasCheckpoint(Path checkpointDir) {
        return CheckpointStore.hasCheckpoint(checkpointDir);
    }

    /**
     * The folder holding the committed epoch's files of a checkpoint folder (see {@link
     * CheckpointStore}).
     *
     * @param checkpointDir a checkpoint folder ({@link TrainingFiles#checkpointDir()})
     * @return the folder of {@code current.params}, {@code best.params}, {@code adam.state} and,
     *     with averaging, {@code average.params}
     * @throws IOException if there is no readable state file
     */
    public static Path checkpointFiles(Path checkpointDir) throws IOException {
        return CheckpointStore.files(checkpointDir);
    }
}
