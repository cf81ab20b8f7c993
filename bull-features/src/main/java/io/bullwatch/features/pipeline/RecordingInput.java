package io.bullwatch.features.pipeline;

import io.bullwatch.core.window.Segmenter;
import io.bullwatch.core.window.Window;
import io.bullwatch.features.mel.RecordingFrames;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * One recording's network input, from {@link FeaturePipeline#prepare}: its frames, computed once,
 * and its normalisation statistics. Reading a window cuts its values from the frames and
 * normalises them. Reads are safe from several threads; close it to delete any temporary file.
 */
public final class RecordingInput implements AutoCloseable {

    private final FeaturePipeline pipeline;
    private final RecordingFrames frames;
    private final boolean logStored;
    private final InputNormalisation.BandScaling scaling;
    private final Segmenter grid;
    private InputNormalisation.BandScaling statistics;

    RecordingInput(FeaturePipeline pipeline, RecordingFrames frames, boolean logStored,
            InputNormalisation.BandScaling scaling, Segmenter grid) {
        this.pipeline = pipeline;
        this.frames = frames;
        this.logStored = logStored;
        this.scaling = scaling;
        this.grid = grid;
        this.statistics = scaling;
    }

    /** @return the pipeline that made this input */
    public FeaturePipeline pipeline() {
        return pipeline;
    }

    /**
     * The frames of a window: {@code mel().frames(w.lengthFrames())}.
     *
     * @param w a window of the recording
     * @return its frames
     */
    public int windowFrames(Window w) {
        return frames.windowFrames(w);
    }

    /**
     * Writes one window's normalised values, mel-major, at {@code out[offset ..]}.
     *
     * @param w a window within the recording
     * @param out receives {@code rows * windowFrames(w)} values (the pipeline's {@link FeaturePipeline#rows()})
     * @param offset where the first value goes
     * @throws IllegalArgumentException if the window ends after the recording
     * @throws IllegalStateException if closed
     */
    public void read(Window w, float[] out, int offset) {
        Objects.requireNonNull(w, "w");
        frames.window(w, out, offset);
        int n = frames.windowFrames(w) * pipeline.rows();
        if (!logStored) {
            pipeline.normalisation().toLog(out, offset, offset + n);
        }
        if (scaling != null) {
            scaling.apply(out, offset, n);
        }
    }

    /**
     * One window's normalised values in a new array.
     *
     * @param w a window within the recording
     * @return its {@code rows * windowFrames(w)} values
     */
    public float[] read(Window w) {
        float[] v = new float[windowFrames(w) * pipeline.rows()];
        read(w, v, 0);
        return v;
    }

    /**
     * The per-recording band statistics windows are standardised with.
     *
     * @return them, or empty for a normalisation that is not per recording
     */
    public Optional<InputNormalisation.BandScaling> bandScaling() {
        return Optional.ofNullable(scaling);
    }

    /**
     * The per-band statistics of the features before any per-recording standardisation (after the
     * log or PCEN), over the full windows of {@link FeaturePipeline#statisticsGrid}, a frame counting
     * once per window: for a per-recording normalisation, {@link #bandScaling()}; otherwise computed
     * on the first call by reading those windows back.
     *
     * @return the statistics; empty for a recording shorter than one window
     */
    public synchronized Optional<InputNormalisation.BandScaling> bandStatistics() {
        if (statistics == null && grid.count() > 0) {
            InputNormalisation.BandAccumulator acc = new InputNormalisation.BandAccumulator(pipeline.rows());
            float[] v = new float[0];
            for (int i = 0; i < grid.count(); i++) {
                Window w = grid.window(i);
                int n = windowFrames(w) * pipeline.rows();
                if (v.length != n) {
                    v = new float[n];
                }
                read(w, v, 0);
                acc.add(v);
            }
            statistics = acc.finish();
        }
        return Optional.ofNullable(statistics);
    }

    /** @return the recording's frames (all of them, computed once) */
    public long frames() {
        return frames.frames();
    }

    /** @return how many frames went to a temporary file */
    public long spilledFrames() {
        return frames.spilledFrames();
    }

    /**
     * Deletes the temporary file of spilled frames, if any. Idempotent.
     *
     * @throws IOException if it cannot be deleted
     */
    @Override
    public void close() throws IOException {
        frames.close();
    }
}
