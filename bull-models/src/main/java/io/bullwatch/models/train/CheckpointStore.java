package io.bullwatch.models.train;

import ai.djl.nn.Block;
import io.bullwatch.core.io.AtomicFiles;
import io.bullwatch.core.io.IoErrors;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A training run's checkpoints, committed atomically: each epoch's files ({@value #CURRENT},
 * {@value #BEST}, {@value #ADAM}, with averaging {@value #AVERAGE}) go to a folder {@code
 * epoch-NNNN}, and {@value #STATE}, renamed into place last, names it with the epoch, the best
 * epoch and value and the metrics history. Before that rename a resume takes the previous epoch,
 * after it this one; older epoch folders and the files of the older flat layout are deleted then.
 */
final class CheckpointStore {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
    static final String CURRENT = "current.params";
    static final String BEST = "best.params";
    static final String STATE = "state.properties";
    static final String ADAM = "adam.state";
    static final String AVERAGE = "average.params";
    /** The state's key naming the folder of the committed epoch's files. */
    private static final String FILES = "files";
    /** "BWAD": the optimiser state file's first four bytes. */
    private static final int ADAM_MAGIC = 0x42574144;
    private static final int ADAM_VERSION = 1;

    private CheckpointStore() {
    }

    /**
     * What a committed checkpoint holds besides the parameters restored into the block.
     *
     * @param epoch the epoch it was written after
     * @param bestEpoch the best epoch so far
     * @param best the best value of the stop metric so far
     * @param history the metrics of every epoch so far
     * @param bestParams the best epoch's parameters
     */
    record Resumed(int epoch, int bestEpoch, double best, List<EpochMetrics> history, List<float[]> bestParams) {
    }

    /**
     * Restores the committed epoch: the block's parameters and the optimiser's state.
     *
     * @param dir the checkpoint folder, with a committed epoch
     * @param block the network, restored to the epoch's current parameters
     * @param adam the optimiser, its moments restored (or restarted, with a warning)
     * @return the rest of the state
     * @throws IOException if the state or a parameter file cannot be read or is damaged (the
     *     message names the folder, what is wrong and how to start afresh)
     */
    static Resumed resume(Path dir, Block block, ResumableAdam adam) throws IOException {
        try {
            return read(dir, block, adam);
        } catch (IOException | RuntimeException e) {
            // a damaged checkpoint fails every rerun the same way: say which and how to get past it
            String reason = e instanceof java.io.EOFException ? "a file of it ends early: truncated"
                    : e instanceof IOException io ? IoErrors.reason(io)
                    : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new IOException(dir + ": the checkpoint cannot be resumed (" + reason + "); delete " + dir
                    + " to train afresh", e);
        }
    }

    private static Resumed read(Path dir, Block block, ResumableAdam adam) throws IOException {
        Properties state = new Properties();
        try (InputStream in = Files.newInputStream(dir.resolve(STATE))) {
            state.load(in);
        }
        int epoch = Integer.parseInt(required(state, "epoch"));
        List<EpochMetrics> history = new ArrayList<>();
        for (String row : state.getProperty("history", "").split(";")) {
            if (!row.isBlank()) {
                history.add(EpochMetrics.parseCsv(row));
            }
        }
        Path files = dir.resolve(state.getProperty(FILES, "."));
        BullTrainer.restore(block, readParams(files.resolve(CURRENT)));
        List<float[]> bestParams = readParams(files.resolve(BEST));
        restoreAdam(adam, block, files.resolve(ADAM), epoch);
        return new Resumed(epoch, Integer.parseInt(required(state, "bestEpoch")),
                Double.parseDouble(required(state, "best")), history, bestParams);
    }

    private static String required(Properties state, String key) {
        String v = state.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException(STATE + " has no '" + key + "'");
        }
        return v;
    }

    /**
     * Commits an epoch's checkpoint.
     *
     * @param dir the checkpoint folder (created if needed)
     * @param block the network, whose parameters are the epoch's current ones
     * @param best the best epoch's parameters, or null when this epoch is the best
     * @param averaged the parameter average, or null without averaging
     * @param adam the optimiser
     * @param epoch the epoch
     * @param bestEpoch the best epoch so far
     * @param bestValue its stop-metric value
     * @param history every epoch's metrics so far
     * @throws IOException if a file cannot be written
     */
    static void write(Path dir, Block block, List<float[]> best,
            List<float[]> averaged, ResumableAdam adam, int epoch, int bestEpoch, double bestValue,
            List<EpochMetrics> history) throws IOException {
        Files.createDirectories(dir);
        String name = String.format(Locale.ROOT, "epoch-%04d", epoch);
        Path files = dir.resolve(name);
        deleteTree(files); // a half-written folder of this epoch, from a crash before it committed
        Files.createDirectories(files);
        writeParams(files.resolve(CURRENT), BullTrainer.snapshot(block));
        writeParams(files.resolve(BEST), best == null ? BullTrainer.snapshot(block) : best);
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
        try (Stream<Path> old = Files.list(dir)) {
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
     * Whether a checkpoint folder holds a committed epoch, one that {@link BullTrainer#train} resumes from.
     *
     * @param checkpointDir a checkpoint folder ({@link TrainingFiles#checkpointDir()}), which need
     *     not exist
     * @return true once the first epoch's checkpoint is committed
     */
    static boolean hasCheckpoint(Path checkpointDir) {
        return Files.isRegularFile(checkpointDir.resolve(STATE));
    }

    /**
     * The folder holding the committed epoch's files of a checkpoint folder: the {@code
     * epoch-NNNN} folder its state names (the folder itself for checkpoints written before epoch
     * folders).
     *
     * @param checkpointDir a checkpoint folder ({@link TrainingFiles#checkpointDir()})
     * @return the folder of {@code current.params}, {@code best.params}, {@code adam.state} and,
     *     with averaging, {@code average.params}
     * @throws IOException if there is no readable state file
     */
    static Path files(Path checkpointDir) throws IOException {
        Properties state = new Properties();
        try (InputStream in = Files.newInputStream(checkpointDir.resolve(STATE))) {
            state.load(in);
        }
        return checkpointDir.resolve(state.getProperty(FILES, "."));
    }

    /**
     * Restores the parameter average of the committed epoch, or warns that it restarts from the
     * current parameters when its file is missing.
     *
     * @param average the average to restore
     * @param dir the checkpoint folder
     * @throws IOException if the file cannot be read
     */
    static void restoreAverage(ParameterAverage average, Path dir) throws IOException {
        Path file = files(dir).resolve(AVERAGE);
        if (!Files.isRegularFile(file)) {
            LOG.warn("{} is missing: the parameter average restarts from the resumed parameters", file);
            return;
        }
        average.set(readParams(file));
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(q);
            }
        }
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
                new BufferedInputStream(Files.newInputStream(file)))) {
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
                new BufferedInputStream(Files.newInputStream(file)))) {
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
