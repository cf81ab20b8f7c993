package io.bullwatch.features.mel;

import io.bullwatch.core.audio.AudioSource;
import io.bullwatch.core.window.Window;
import io.bullwatch.features.fft.BatchPowerFft;
import io.bullwatch.features.fft.FftPath;
import io.bullwatch.features.fft.RealFft;
import io.bullwatch.features.mel.MelConfig.OutputScale;
import io.bullwatch.features.mel.MelConfig.PadMode;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * Computes mel spectrograms as {@code torchaudio.transforms.MelSpectrogram} (and {@code
 * AmplitudeToDB}) does, per window or streaming over a whole recording.
 *
 * <p><b>Per window</b> ({@link #extract(float[])}): the seed's way. The samples are padded at
 * their own edges ({@link MelConfig#padMode()}), framed, and turned into {@code nMels x frames}
 * with {@code frames = config.frames(samples)}.
 *
 * <p><b>Streaming</b> ({@link #streamFrames}, {@link #streamWindows}): the recording is read
 * block by block and each frame is computed once, {@code frame t} centred on sample {@code t *
 * hop} with padding only at the recording's two ends. Memory is bounded by the chunk size (and,
 * for windows, one window of frames), whatever the recording's length. Overlapping windows are
 * served as slices of this stream, with the edge frames either taken from the stream ({@link
 * EdgeMode#CONTEXT}) or recomputed to equal per-window extraction exactly ({@link
 * EdgeMode#PER_WINDOW}). A window-interior frame, one whose {@code nFft} samples all lie inside
 * the window, is bit-for-bit the same in every mode when the window starts on the frame grid.
 *
 * <p><b>Threads</b>: frames of a chunk are shared by {@code threads} workers, the calling thread
 * being one of them ({@link FrameEngine}). Results do not depend on the number of threads or the
 * chunk size.
 *
 * <p><b>FFT path</b> ({@link #fftPath()}, {@link FftPath}): JTransforms ({@link RealFft}, one
 * frame at a time) or the Vector API FFT ({@link BatchPowerFft}, one frame per vector lane, about
 * twice as fast), chosen at creation ({@link ExtractorOptions#fftPath()}; by default the
 * process's, from the system property {@value FftPath#PROPERTY}, {@code auto}: the vector path
 * when the JVM runs with {@code --add-modules jdk.incubator.vector}). The
 * two agree to double rounding (well within torchaudio parity) but not bit for bit; every
 * bit-identity above holds within one path. An
 * extractor is not safe for concurrent calls: use one per thread, and {@link #close()} it to stop
 * its worker threads (they are daemon threads, so a forgotten extractor does not keep the JVM
 * alive).
 */
public final class MelSpectrogramExtractor implements AutoCloseable {

    /** Default frames per chunk ({@link ExtractorOptions#DEFAULT_CHUNK_FRAMES}). */
    public static final int DEFAULT_CHUNK_FRAMES = ExtractorOptions.DEFAULT_CHUNK_FRAMES;

    private final MelConfig config;
    private final FftPath fftPath;
    private final FrameEngine engine;
    private final int nMels;
    private final int hop;
    private final int nFft;
    private final int pad;

    private MelSpectrogramExtractor(MelConfig config, int threads, int chunkFrames, FftPath fftPath) {
        this.config = config;
        this.fftPath = fftPath;
        this.engine = new FrameEngine(config, threads, chunkFrames, fftPath);
        this.nMels = config.nMels();
        this.hop = config.hop();
        this.nFft = config.nFft();
        this.pad = config.padding();
    }



    /**
     * A single-threaded extractor on the default FFT path ({@link ExtractorOptions#threads}).
     *
     * @param config the features to compute
     * @return a new extractor
     */
    public static MelSpectrogramExtractor create(MelConfig config) {
        return create(config, ExtractorOptions.threads(1));
    }

    /**
     * An extractor that computes frames on {@code threads} threads (the caller's and {@code
     * threads - 1} workers), on the default FFT path ({@link ExtractorOptions#threads}).
     *
     * @param config the features to compute
     * @param threads 1 or more
     * @return a new extractor
     */
    public static MelSpectrogramExtractor create(MelConfig config, int threads) {
        return create(config, ExtractorOptions.threads(threads));
    }

    /**
     * An extractor with chosen threads, chunk size and FFT path.
     *
     * @param config the features to compute
     * @param options threads, chunk size and FFT path
     * @return a new extractor
     * @throws IllegalStateException if the options' FFT path is {@link FftPath#VECTOR} and the
     *     module {@code jdk.incubator.vector} is absent
     */
    public static MelSpectrogramExtractor create(MelConfig config, ExtractorOptions options) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(options, "options");
        return new MelSpectrogramExtractor(config, options.threads(), options.chunkFrames(), options.fftPath());
    }

    /**
     * The analysis window as {@code torch.stft} applies it: the periodic window of {@code
     * winLength} points, centred in {@code nFft} points with zeros around it.
     *
     * @param config the configuration
     * @return a new array of {@code nFft} values
     */
    public static float[] analysisWindow(MelConfig config) {
        return FrameEngine.analysisWindow(config);
    }

    /**
     * The configuration.
     *
     * @return the features this extractor computes
     */
    public MelConfig config() {
        return config;
    }

    /**
     * The filter bank.
     *
     * @return the mel filters in use
     */
    public MelFilterBank filterBank() {
        return engine.filterBank;
    }

    /**
     * The FFT implementation this extractor computes its power spectra with. Results are
     * bit-identical only between extractors on the same path: record it with stored results.
     *
     * @return the path chosen at creation
     */
    public FftPath fftPath() {
        return fftPath;
    }

    /**
     * The number of threads frames are computed on.
     *
     * @return threads, {@code >= 1}
     */
    public int threads() {
        return engine.threads;
    }

    /**
     * Per-window extraction of a whole array, as {@code torchaudio.transforms.MelSpectrogram}
     * (then {@code AmplitudeToDB}) on it.
     *
     * @param samples the signal at {@link MelConfig#sampleRate()}
     * @return {@code nMels x config.frames(samples.length)}
     * @throws IllegalArgumentException if the signal is too short for its padding or framing
     */
    public MelSpectrogram extract(float[] samples) {
        return extract(samples, 0, samples.length);
    }

    /**
     * Per-window extraction of part of an array (padded at the part's own edges).
     *
     * @param samples the signal
     * @param offset the first sample
     * @param length samples used
     * @return {@code nMels x config.frames(length)}
     * @throws IllegalArgumentException if the part is too short for its padding or framing
     */
    public MelSpectrogram extract(float[] samples, int offset, int length) {
        Objects.requireNonNull(samples, "samples");
        Objects.checkFromIndexSize(offset, length, samples.length);
        try {
            return extract(new FrameEngine.ArraySignal(samples, offset, length));
        } catch (IOException e) {
            throw new IllegalStateException("array reads do not fail", e);
        }
    }

    /**
     * Per-window extraction of a stretch of a recording: its samples {@code [start, start +
     * length)}, zeros past the recording's end, padded at the stretch's own edges.
     *
     * @param source the recording, at {@link MelConfig#sampleRate()}
     * @param start first sample, {@code >= 0}
     * @param length samples, {@code >= 0}
     * @return {@code nMels x config.frames(length)}
     * @throws IOException if the recording cannot be read
     * @throws IllegalArgumentException if the sample rate differs or the stretch is too short
     */
    public MelSpectrogram extract(AudioSource source, long start, long length) throws IOException {
        checkRate(source);
        if (start < 0 || length < 0) {
            throw new IllegalArgumentException(
                    "start and length must be >= 0, got " + start + " and " + length);
        }
        return extract(new FrameEngine.SourceSignal(source, start, length));
    }

    /**
     * Streams the mel frames of a whole recording, each computed once, in blocks of at most the
     * chunk size. The frames are those of per-window extraction applied to the whole recording
     * (padding at its two ends only); with {@link OutputScale#DB}, the {@code topDb} floor is not
     * applied, since it needs a spectrogram's maximum.
     *
     * @param source the recording, at {@link MelConfig#sampleRate()}
     * @param consumer receives the blocks in order
     * @return the number of frames, {@code config.frames(source.frames())}
     * @throws IOException if the recording cannot be read, or from the consumer
     * @throws IllegalArgumentException if the sample rate differs or the recording is too short
     */
    public long streamFrames(AudioSource source, MelFrameConsumer consumer) throws IOException {
        checkRate(source);
        Objects.requireNonNull(consumer, "consumer");
        FrameEngine.Signal signal = new FrameEngine.SourceSignal(source, 0, source.frames());
        checkLength(signal.length());
        long total = config.frames(signal.length());
        float[] block = new float[engine.chunkFrames * nMels];
        for (long t = 0; t < total; t += Integer.MAX_VALUE) {
            int n = (int) Math.min(Integer.MAX_VALUE, total - t);
            engine.computeFrames(signal, t, n, block, 0, (first, count) -> consumer.accept(first, count, block));
        }
        return total;
    }

    /**
     * Serves one spectrogram per window from a single pass over the recording. Windows must be in
     * order of start frame (as {@code Segmenter} yields them); a window that runs past the end of
     * the recording sees zeros there (as {@code Window} defines). Memory holds at most one
     * window's frames plus a chunk.
     *
     * @param source the recording, at {@link MelConfig#sampleRate()}
     * @param windows the windows, in order of start
     * @param edges how the frames at window edges are computed
     * @param consumer receives each window's spectrogram, in the order given
     * @throws IOException if the recording cannot be read, or from the consumer
     * @throws IllegalArgumentException if the sample rate differs, windows are out of order, or a
     *     window is too short for the configuration
     */
    public void streamWindows(AudioSource source, List<Window> windows, EdgeMode edges,
            MelWindowConsumer consumer) throws IOException {
        checkRate(source);
        Objects.requireNonNull(windows, "windows");
        Objects.requireNonNull(edges, "edges");
        Objects.requireNonNull(consumer, "consumer");
        if (windows.isEmpty()) {
            return;
        }
        long extended = source.frames();
        int maxFrames = 0;
        long previousStart = -1;
        for (Window w : windows) {
            if (w.startFrame() < previousStart) {
                throw new IllegalArgumentException("windows must be in order of start frame; window "
                        + w.index() + " starts at " + w.startFrame() + ", before " + previousStart);
            }
            previousStart = w.startFrame();
            checkLength(w.lengthFrames());
            long f = config.frames(w.lengthFrames());
            if (f == 0 || f > Integer.MAX_VALUE / nMels) {
                throw new IllegalArgumentException("window " + w.index() + " of " + w.lengthFrames()
                        + " samples gives " + f + " frames; need at least one");
            }
            maxFrames = Math.max(maxFrames, (int) f);
            extended = Math.max(extended, w.endFrame());
        }
        FrameEngine.Signal signal = new FrameEngine.SourceSignal(source, 0, extended);
        long gridFrames = config.frames(extended);
        FrameEngine.FrameStore store = engine.new FrameStore(maxFrames + engine.chunkFrames);
        for (Window w : windows) {
            int frames = (int) config.frames(w.lengthFrames());
            boolean aligned = w.startFrame() % hop == 0;
            float[] values = new float[frames * nMels];
            if (edges == EdgeMode.PER_WINDOW && !aligned) {
                float[] rows = new float[frames * nMels];
                engine.computeFrames(new FrameEngine.SourceSignal(source, w.startFrame(), w.lengthFrames()), 0, frames,
                        rows, 0);
                transpose(rows, 0, frames, values);
            } else {
                long first = contextFirstFrame(w.startFrame(), frames, hop, gridFrames);
                store.fill(signal, first, first + frames, gridFrames);
                transpose(store.data, (int) (first - store.base) * nMels, frames, values);
                if (edges == EdgeMode.PER_WINDOW) {
                    repadEdges(source, w, frames, values);
                }
            }
            MelSpectrogram mel = new MelSpectrogram(nMels, frames, values);
            applyTopDb(values);
            consumer.accept(w, mel);
        }
    }

    /** Stops the worker threads. The extractor must not be used afterwards. */
    @Override
    public void close() {
        engine.close();
    }

    // ----------------------------------------------------------------------------------------

    private MelSpectrogram extract(FrameEngine.Signal signal) throws IOException {
        checkLength(signal.length());
        long total = config.frames(signal.length());
        if (total > Integer.MAX_VALUE / nMels) {
            throw new IllegalArgumentException(total + " frames are too many for one spectrogram;"
                    + " stream the recording instead");
        }
        int frames = (int) total;
        float[] rows = new float[frames * nMels];
        engine.computeFrames(signal, 0, frames, rows, 0);
        float[] values = new float[frames * nMels];
        transpose(rows, 0, frames, values);
        applyTopDb(values);
        return new MelSpectrogram(nMels, frames, values);
    }

    /** Recomputes the frames of a grid-aligned window that see past its edges, padding the window. */
    private void repadEdges(AudioSource source, Window w, int frames, float[] values)
            throws IOException {
        long length = w.lengthFrames();
        int left = (int) Math.min(frames, (pad + hop - 1) / hop);
        long lastInterior = Math.floorDiv(length - nFft + pad, (long) hop);
        int right = (int) Math.max(left, Math.min(frames, lastInterior + 1));
        if (left == 0 && right == frames) {
            return;
        }
        FrameEngine.Signal own = new FrameEngine.SourceSignal(source, w.startFrame(), length);
        float[] rows = new float[Math.max(left, frames - right) * nMels];
        if (left > 0) {
            engine.computeFrames(own, 0, left, rows, 0);
            transposeInto(rows, left, values, 0, frames);
        }
        if (right < frames) {
            engine.computeFrames(own, right, frames - right, rows, 0);
            transposeInto(rows, frames - right, values, right, frames);
        }
    }

    /** Frame-major rows {@code [j * nMels + m]} to mel-major {@code [m * frames + j]}. */
    private void transpose(float[] rows, int offset, int frames, float[] out) {
        for (int j = 0; j < frames; j++) {
            int r = offset + j * nMels;
            for (int m = 0; m < nMels; m++) {
                out[m * frames + j] = rows[r + m];
            }
        }
    }

    private void transposeInto(float[] rows, int count, float[] out, int firstFrame, int frames) {
        for (int j = 0; j < count; j++) {
            for (int m = 0; m < nMels; m++) {
                out[m * frames + firstFrame + j] = rows[j * nMels + m];
            }
        }
    }

    private void applyTopDb(float[] values) {
        applyTopDb(config, values, 0, values.length);
    }

    /**
     * The {@code topDb} floor of dB output over {@code values[from .. to)} (one spectrogram): no
     * value below its maximum minus {@code topDb}. Does nothing for other scales.
     */
    static void applyTopDb(MelConfig config, float[] values, int from, int to) {
        if (config.scale() != OutputScale.DB || config.topDb() == Double.POSITIVE_INFINITY
                || to <= from) {
            return;
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            max = Math.max(max, values[i]);
        }
        float floor = (float) (max - config.topDb());
        for (int i = from; i < to; i++) {
            values[i] = Math.max(values[i], floor);
        }
    }

    /**
     * The first grid frame of a window served with {@link EdgeMode#CONTEXT}: {@code start / hop}
     * on the grid, else the nearest grid frame, moved back so that the window's {@code frames}
     * frames end within the grid's {@code gridFrames}.
     */
    static long contextFirstFrame(long start, int frames, int hop, long gridFrames) {
        return start % hop == 0 ? start / hop
                : Math.min(Math.floorDiv(start + hop / 2, hop), gridFrames - frames);
    }

    private void checkLength(long length) {
        if (config.center() && config.padMode() == PadMode.REFLECT && length <= pad) {
            throw new IllegalArgumentException("a signal of " + length + " samples is too short"
                    + " for reflect padding of " + pad + " samples (nFft / 2): it needs more than "
                    + pad + " samples; use padMode constant or a longer signal");
        }
        if (!config.center() && length < nFft) {
            throw new IllegalArgumentException("a signal of " + length + " samples is shorter than"
                    + " one frame (nFft " + nFft + ") and center is off");
        }
    }

    private void checkRate(AudioSource source) {
        Objects.requireNonNull(source, "source");
        if (source.sampleRate() != config.sampleRate()) {
            throw new IllegalArgumentException("the recording is at " + source.sampleRate()
                    + " Hz but the mel configuration expects " + config.sampleRate()
                    + " Hz; resample it or use a configuration for " + source.sampleRate() + " Hz");
        }
    }

}
