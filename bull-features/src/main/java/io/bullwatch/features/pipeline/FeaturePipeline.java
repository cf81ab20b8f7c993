package io.bullwatch.features.pipeline;

import io.bullwatch.core.audio.AudioSource;
import io.bullwatch.core.window.Segmenter;
import io.bullwatch.core.window.TailPolicy;
import io.bullwatch.core.window.Window;
import io.bullwatch.core.window.WindowSpec;
import io.bullwatch.features.cache.CacheDtype;
import io.bullwatch.features.cache.CachedFeatures;
import io.bullwatch.features.cache.FeatureCache;
import io.bullwatch.features.mel.EdgeMode;
import io.bullwatch.features.mel.MelConfig;
import io.bullwatch.features.mel.MelFrameConsumer;
import io.bullwatch.features.mel.MelSpectrogramExtractor;
import io.bullwatch.features.mel.Pcen;
import io.bullwatch.features.mel.RecordingFrames;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The one way audio becomes network input, for training, validation, detection and the model
 * bundle alike: mel features, windows, the tail of a recording, and the input normalisation.
 * Training windows ({@code WindowSet.load}) and detection ({@code Detector}) both read their
 * values through {@link #prepare} and {@link RecordingInput#read}, so they cannot disagree.
 *
 * <ul>
 *   <li><b>Features</b>: the mel spectrogram of {@link #mel()}, frames centred on the recording's
 *       frame grid with {@link EdgeMode#CONTEXT} at window edges (a window's values are a slice of
 *       the recording's one stream of frames).</li>
 *   <li><b>Windows</b>: {@link #window()}'s length and hop from the start of the recording.</li>
 *   <li><b>Tail</b>: only full windows ({@link TailPolicy#DROP}); detection adds one full window
 *       ending exactly at the end when the last full window stops short of it ({@link
 *       #scoredWindows}), so no second goes unscored. A recording shorter than one window has no
 *       windows.</li>
 *   <li><b>Normalisation</b>: {@link #normalisation()}; the PCEN inputs run over the recording's
 *       frames in order, as they are computed; with {@link InputNormalisation#perRecording()} the
 *       per-band statistics of a recording come from its full windows on the spec's own grid
 *       ({@link #statisticsGrid}), a frame counting once per window that holds it.</li>
 * </ul>
 *
 * <p>With several PCEN parameter sets ({@link #pcenChannels()}: multi-rate PCEN) the input has
 * one channel per set: every window is {@link #channels()} x {@link #mels()} x {@link
 * #windowFrames()} values, channel-major ({@link #rows()} rows of frames), and the per-recording
 * statistics are per row.
 *
 * @param mel the mel features
 * @param window the window length and hop
 * @param normalisation the input normalisation
 * @param pcenChannels the PCEN parameters of the PCEN normalisations, one set per input channel
 *     ({@code [}{@link Pcen#DEFAULT}{@code ]} for the others, which do not use them)
 */
public record FeaturePipeline(MelConfig mel, WindowSpec window, InputNormalisation normalisation,
        List<Pcen> pcenChannels) {

    /** The most PCEN channels a pipeline takes. */
    public static final int MAX_CHANNELS = 8;

    /** Validates; keeps an unmodifiable copy of the channels. */
    public FeaturePipeline {
        Objects.requireNonNull(mel, "mel");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(normalisation, "normalisation");
        pcenChannels = List.copyOf(Objects.requireNonNull(pcenChannels, "pcenChannels"));
        if (pcenChannels.isEmpty() || pcenChannels.size() > MAX_CHANNELS) {
            throw new IllegalArgumentException("1 to " + MAX_CHANNELS + " PCEN parameter sets, got "
                    + pcenChannels.size());
        }
        if (pcenChannels.size() != new java.util.HashSet<>(pcenChannels).size()) {
            throw new IllegalArgumentException("the same PCEN parameters twice: " + pcenChannels);
        }
        normalisation.checkFeatures(mel);
        if (!normalisation.pcen() && !pcenChannels.equals(List.of(Pcen.DEFAULT))) {
            throw new IllegalArgumentException("PCEN parameters given for " + normalisation.cliName()
                    + " input, which does not use them");
        }
    }

    /**
     * A pipeline; PCEN inputs with {@link Pcen#DEFAULT}.
     *
     * @param mel the mel features
     * @param window the window length and hop
     * @param normalisation the input normalisation
     * @return the pipeline
     */
    public static FeaturePipeline of(MelConfig mel, WindowSpec window, InputNormalisation normalisation) {
        return new FeaturePipeline(mel, window, normalisation, List.of(Pcen.DEFAULT));
    }

    /**
     * A pipeline with PCEN input of the given parameters.
     *
     * @param mel the mel features
     * @param window the window length and hop
     * @param normalisation {@link InputNormalisation#PCEN} or {@link InputNormalisation#PCEN_PER_RECORDING}
     * @param pcen the PCEN parameters
     * @return the pipeline
     * @throws IllegalArgumentException if the normalisation is not a PCEN one
     */
    public static FeaturePipeline of(MelConfig mel, WindowSpec window, InputNormalisation normalisation, Pcen pcen) {
        return of(mel, window, normalisation, List.of(pcen));
    }

    /**
     * A pipeline with PCEN input of one channel per parameter set (multi-rate PCEN with sets that
     * differ in their time constants).
     *
     * @param mel the mel features
     * @param window the window length and hop
     * @param normalisation {@link InputNormalisation#PCEN} or {@link InputNormalisation#PCEN_PER_RECORDING}
     * @param pcen the PCEN parameters, one set per channel, all different
     * @return the pipeline
     * @throws IllegalArgumentException if the normalisation is not a PCEN one, or the sets are
     *     none, more than {@link #MAX_CHANNELS} or repeated
     */
    public static FeaturePipeline of(MelConfig mel, WindowSpec window, InputNormalisation normalisation,
            List<Pcen> pcen) {
        if (!normalisation.pcen()) {
            throw new IllegalArgumentException(normalisation.cliName() + " input takes no PCEN parameters");
        }
        return new FeaturePipeline(mel, window, normalisation, pcen);
    }

    /**
     * @return the first PCEN parameter set (the only one of a one-channel input; {@link
     *     Pcen#DEFAULT} for inputs without PCEN)
     */
    public Pcen pcen() {
        return pcenChannels.get(0);
    }

    /** @return the network input's channels: the PCEN parameter sets of a PCEN input, else 1 */
    public int channels() {
        return normalisation.pcen() ? pcenChannels.size() : 1;
    }

    /** @return mel bands per window (the network input's height) */
    public int mels() {
        return mel.nMels();
    }

    /**
     * A description that stays what it was before pipelines had several PCEN channels for a
     * one-channel pipeline ({@code FeaturePipeline[mel=..., window=..., normalisation=...,
     * pcen=Pcen[...]]}), so keys derived from it (resumable cross-validation folds) still match;
     * with several channels, {@code pcen=[Pcen[...], ...]}.
     *
     * @return the description
     */
    @Override
    public String toString() {
        return "FeaturePipeline[mel=" + mel + ", window=" + window + ", normalisation=" + normalisation
                + ", pcen=" + (pcenChannels.size() == 1 ? pcenChannels.get(0) : pcenChannels) + "]";
    }

    /** @return rows of frames per window, {@code channels() * mels()} */
    public int rows() {
        return channels() * mels();
    }

    /** @return frames per window (the network input's width) */
    public int windowFrames() {
        return Math.toIntExact(mel.frames(Math.round(window.lengthSeconds() * mel.sampleRate())));
    }

    /** @return values per window, {@code rows() * windowFrames()} */
    public int windowValues() {
        return rows() * windowFrames();
    }

    /**
     * The same pipeline with other windows.
     *
     * @param other the window length and hop to use instead of {@link #window()}
     * @return the same pipeline with other windows (the features and normalisation kept)
     */
    public FeaturePipeline withWindow(WindowSpec other) {
        return new FeaturePipeline(mel, other, normalisation, pcenChannels);
    }

    /**
     * The grid of the per-recording statistics: the full windows of {@link #window()}.
     *
     * @param sampleRate the recording's sample rate
     * @param frames the recording's length in samples
     * @return the full windows, {@link TailPolicy#DROP}
     */
    public Segmenter statisticsGrid(double sampleRate, long frames) {
        return Segmenter.of(window, sampleRate, frames, TailPolicy.DROP);
    }

    /**
     * The windows a recording is scored on: the full windows of {@link #statisticsGrid}, plus one
     * full window ending exactly at the end of the recording when the last of them stops short
     * of it, so that no second of a recording at least one window long goes unscored.
     *
     * @param sampleRate the recording's sample rate
     * @param frames the recording's length in samples
     * @return the windows in index order; empty when the recording is shorter than one window
     */
    public List<Window> scoredWindows(double sampleRate, long frames) {
        Segmenter seg = statisticsGrid(sampleRate, frames);
        List<Window> out = new ArrayList<>(seg.count() + 1);
        for (int i = 0; i < seg.count(); i++) {
            out.add(seg.window(i));
        }
        if (!out.isEmpty()) {
            Window last = out.get(out.size() - 1);
            if (last.endFrame() < frames) {
                long length = last.endFrame() - last.startFrame();
                out.add(new Window(out.size(), frames - length, frames));
            }
        }
        return out;
    }

    /**
     * Whether a window's input depends only on its own samples, so that windows can stream
     * through {@link MelSpectrogramExtractor#streamWindows} and be finished with {@link
     * #normaliseStreamed}; false for the per-recording and PCEN inputs, which need the whole
     * recording first, in order ({@link #prepare}).
     *
     * @return whether windows can stream
     */
    public boolean streams() {
        return normalisation.windowLocal();
    }

    /**
     * Finishes the values of a window served by {@link MelSpectrogramExtractor#streamWindows} with
     * {@link EdgeMode#CONTEXT}: the same values {@link RecordingInput#read} gives, bit for bit.
     *
     * @param values one window's mel values, normalised in place
     * @throws IllegalStateException if the pipeline does not {@linkplain #streams() stream}
     */
    public void normaliseStreamed(float[] values) {
        if (!streams()) {
            throw new IllegalStateException(normalisation.cliName() + " needs the whole recording:"
                    + " use prepare");
        }
        normalisation.toLog(values);
    }

    /**
     * An extractor of this pipeline's features.
     *
     * @param threads feature threads, {@code >= 1}
     * @return a new extractor; close it when done
     */
    public MelSpectrogramExtractor extractor(int threads) {
        return MelSpectrogramExtractor.create(mel, threads);
    }

    /**
     * Computes a recording's frames once (through the PCEN front end, in order, where the
     * normalisation has one) and, for {@link InputNormalisation#perRecording()}, its per-band
     * statistics over the full windows of {@link #statisticsGrid}: then any window's
     * input can be {@linkplain RecordingInput#read read}. Frames are kept on the heap up to a
     * budget, the rest in a temporary memory-mapped file ({@link RecordingFrames}); they are
     * stored already through {@code ln(x + eps)} where that is exact.
     *
     * @param extractor an extractor of this pipeline's features ({@link #extractor}); not closed
     * @param source the recording at the features' sample rate; not closed
     * @param memoryBudgetBytes heap bytes for frames, {@code >= 0}
     * @param spillDirectory where a temporary file goes; null for {@code java.io.tmpdir}
     * @param listener told after each block of frames (for progress; it may throw to stop), or null
     * @return the recording's input; close it to delete any temporary file
     * @throws IOException if the recording cannot be read or a temporary file written
     * @throws InterruptedIOException if the calling thread is interrupted
     * @throws IllegalArgumentException if the extractor computes other features
     */
    public RecordingInput prepare(MelSpectrogramExtractor extractor, AudioSource source,
            long memoryBudgetBytes, Path spillDirectory, MelFrameConsumer listener) throws IOException {
        if (!extractor.config().equals(mel)) {
            throw new IllegalArgumentException("the extractor computes other features than this pipeline's");
        }
        return prepare(source.sampleRate(), source.frames(), sink -> extractor.streamFrames(source, sink),
                memoryBudgetBytes, spillDirectory, listener);
    }

    /**
     * {@link #prepare(MelSpectrogramExtractor, AudioSource, long, Path, MelFrameConsumer)} from
     * frames computed earlier and cached ({@link FeatureCache}): the same input, bit for bit, with
     * no feature computed (the FFT path the cache was filled on decides the frames, as the
     * extractor's would).
     *
     * @param cached the recording's cached frames, float32, of this pipeline's features
     * @param sampleRate the recording's sample rate
     * @param sourceFrames the recording's length in samples
     * @param memoryBudgetBytes heap bytes for frames, {@code >= 0}
     * @param spillDirectory where a temporary file goes; null for {@code java.io.tmpdir}
     * @return the recording's input; close it to delete any temporary file
     * @throws IOException if a temporary file cannot be written
     * @throws IllegalArgumentException if the cache holds other features, half-precision values,
     *     or another number of frames than the recording has
     */
    public RecordingInput prepare(CachedFeatures cached, double sampleRate, long sourceFrames,
            long memoryBudgetBytes, Path spillDirectory) throws IOException {
        if (!cached.config().equals(mel)) {
            throw new IllegalArgumentException(cached.file() + ": cached features of another configuration");
        }
        if (cached.dtype() != CacheDtype.FLOAT32) {
            throw new IllegalArgumentException(cached.file() + ": network input needs float32 frames, the"
                    + " cache holds " + cached.dtype());
        }
        if (cached.frames() != mel.frames(sourceFrames)) {
            throw new IllegalArgumentException(cached.file() + ": " + cached.frames() + " cached frames, the"
                    + " recording has " + mel.frames(sourceFrames));
        }
        int block = MelSpectrogramExtractor.DEFAULT_CHUNK_FRAMES;
        return prepare(sampleRate, sourceFrames, sink -> {
            float[] values = new float[block * mels()];  // raw mel power: one channel
            for (long first = 0; first < cached.frames(); first += block) {
                int n = (int) Math.min(block, cached.frames() - first);
                cached.readFrames(first, n, values, 0);
                sink.accept(first, n, values);
            }
            return cached.frames();
        }, memoryBudgetBytes, spillDirectory, null);
    }

    private RecordingInput prepare(double sampleRate, long sourceFrames, RecordingFrames.FrameSource source,
            long memoryBudgetBytes, Path spillDirectory, MelFrameConsumer listener) throws IOException {
        if (normalisation.pcen() && !RecordingFrames.transformsExactly(mel)) {
            throw new IllegalArgumentException(normalisation.cliName() + " needs features without a per-window"
                    + " topDb floor");
        }
        boolean logStored = normalisation != InputNormalisation.LINEAR
                && RecordingFrames.transformsExactly(mel);
        RecordingFrames frames = RecordingFrames.keep(mel, sourceFrames, source,
                logStored ? normalisation.frameTransform(mel, pcenChannels) : null, memoryBudgetBytes, spillDirectory, listener);
        try {
            Segmenter grid = statisticsGrid(sampleRate, sourceFrames);
            RecordingInput unscaled = new RecordingInput(this, frames, logStored, null, grid);
            if (!normalisation.perRecording()) {
                return unscaled;
            }
            InputNormalisation.BandAccumulator acc = new InputNormalisation.BandAccumulator(rows());
            float[] v = new float[0];
            for (int i = 0; i < grid.count(); i++) {
                Window w = grid.window(i);
                if ((i & 63) == 0 && Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("interrupted");
                }
                int n = unscaled.windowFrames(w) * rows();
                if (v.length != n) {
                    v = new float[n];
                }
                unscaled.read(w, v, 0);
                acc.add(v);
            }
            return new RecordingInput(this, frames, logStored, acc.count() == 0 ? null : acc.finish(), grid);
        } catch (IOException | RuntimeException | Error e) {
            try {
                frames.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }
}
