package io.bullwatch.features.mel;

import io.bullwatch.core.audio.AudioSource;
import io.bullwatch.core.window.Window;
import io.bullwatch.features.fft.BatchPowerFft;
import io.bullwatch.features.fft.FftPath;
import io.bullwatch.features.fft.RealFft;
import io.bullwatch.features.fft.WindowFunctions;
import io.bullwatch.features.mel.MelConfig.OutputScale;
import io.bullwatch.features.mel.MelConfig.PadMode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

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
 * <p><b>Threads</b>: frames of a chunk are shared by {@code threads} workers, the calling
 * thread being one of them, each with its own {@link RealFft} and scratch buffers; they claim
 * small blocks of frames from a counter, and with more than one thread the calling thread first
 * reads (and decodes) the next chunk while the others compute. Nothing is allocated per frame.
 * Results do not depend on the number of threads or the chunk size.
 *
 * <p><b>FFT path</b> ({@link #fftPath()}, {@link FftPath}): JTransforms ({@link RealFft}, one
 * frame at a time) or the Vector API FFT ({@link BatchPowerFft}, one frame per vector lane, about
 * twice as fast), chosen at creation by the system property {@value FftPath#PROPERTY} ({@code
 * auto}: the vector path when the JVM runs with {@code --add-modules jdk.incubator.vector}). The
 * two agree to double rounding (well within torchaudio parity) but not bit for bit; every
 * bit-identity above holds within one path. An
 * extractor is not safe for concurrent calls: use one per thread, and {@link #close()} it to stop
 * its worker threads (they are daemon threads, so a forgotten extractor does not keep the JVM
 * alive).
 */
public final class MelSpectrogramExtractor implements AutoCloseable {

    /** Default frames per chunk: about 12 s at the seed's hop, 2 MB of samples. */
    public static final int DEFAULT_CHUNK_FRAMES = 512;

    private static final AtomicInteger POOL_IDS = new AtomicInteger();

    private final MelConfig config;
    private final MelFilterBank filterBank;
    private final int threads;
    private final int chunkFrames;
    private final int nMels;
    private final int hop;
    private final int nFft;
    private final int pad;
    private final FftPath fftPath;
    private final Worker[] workers;
    private final ExecutorService pool;
    /** Padded samples of the chunk being computed and (with threads) of the next one. */
    private final float[][] chunks;
    private final double dbMultiplier;

    private MelSpectrogramExtractor(MelConfig config, int threads, int chunkFrames, FftPath fftPath) {
        this.config = config;
        this.fftPath = fftPath;
        this.filterBank = MelFilterBank.of(config);
        this.threads = threads;
        this.chunkFrames = chunkFrames;
        this.nMels = config.nMels();
        this.hop = config.hop();
        this.nFft = config.nFft();
        this.pad = config.padding();
        this.dbMultiplier = config.power() == 2 ? 10.0 : 20.0;
        float[] window = analysisWindow(config);
        // the filter bank as non-zero runs in double, for the batched FFT's lane-wise filtering
        int[] first = new int[nMels];
        double[][] weights = new double[nMels][];
        if (fftPath != FftPath.JTRANSFORMS) {
            for (int m = 0; m < nMels; m++) {
                int a = 0;
                int b = config.bins() - 1;
                while (a <= b && filterBank.weight(m, a) == 0f) {
                    a++;
                }
                while (b >= a && filterBank.weight(m, b) == 0f) {
                    b--;
                }
                first[m] = Math.min(a, config.bins() - 1);
                weights[m] = new double[Math.max(0, b - a + 1)];
                for (int k = a; k <= b; k++) {
                    weights[m][k - a] = filterBank.weight(m, k);
                }
            }
        }
        this.workers = new Worker[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = fftPath == FftPath.JTRANSFORMS
                    ? new Worker(RealFft.windowed(window), null, config.bins())
                    : new Worker(null, filtered(fftPath.batchFft(window), first, weights,
                            config.power() != 2),
                            config.bins());
        }
        int chunkSamples = (chunkFrames - 1) * hop + nFft;
        this.chunks = threads > 1 ? new float[][] {new float[chunkSamples], new float[chunkSamples]}
                : new float[][] {new float[chunkSamples]};
        if (threads > 1) {
            int id = POOL_IDS.incrementAndGet();
            AtomicInteger n = new AtomicInteger();
            this.pool = Executors.newFixedThreadPool(threads - 1, r -> {
                Thread t = new Thread(r, "bull-mel-" + id + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        } else {
            this.pool = null;
        }
    }

    private static BatchPowerFft filtered(BatchPowerFft fft, int[] first, double[][] weights,
            boolean magnitude) {
        fft.setFilters(first, weights, magnitude);
        return fft;
    }

    /**
     * A single-threaded extractor.
     *
     * @param config the features to compute
     * @return a new extractor
     */
    public static MelSpectrogramExtractor create(MelConfig config) {
        return create(config, 1);
    }

    /**
     * An extractor that computes frames on {@code threads} threads (the caller's and {@code
     * threads - 1} workers).
     *
     * @param config the features to compute
     * @param threads 1 or more
     * @return a new extractor
     */
    public static MelSpectrogramExtractor create(MelConfig config, int threads) {
        return create(config, threads, DEFAULT_CHUNK_FRAMES);
    }

    /**
     * An extractor with an explicit chunk size.
     *
     * @param config the features to compute
     * @param threads 1 or more
     * @param chunkFrames frames computed per block (memory: about {@code chunkFrames * hop}
     *     samples plus {@code chunkFrames * nMels} values), {@code >= 1}
     * @return a new extractor, on the FFT path {@link FftPath#fromSystemProperty()} selects
     * @throws IllegalArgumentException if {@code threads} or {@code chunkFrames} is below 1, or
     *     the system property {@value FftPath#PROPERTY} has an unknown value
     * @throws IllegalStateException if that property asks for the vector path and the module
     *     {@code jdk.incubator.vector} is absent
     */
    public static MelSpectrogramExtractor create(MelConfig config, int threads, int chunkFrames) {
        return create(config, threads, chunkFrames, FftPath.fromSystemProperty());
    }

    /**
     * An extractor on a given FFT path.
     *
     * @param config the features to compute
     * @param threads 1 or more
     * @param chunkFrames frames computed per block, {@code >= 1}
     * @param fftPath the FFT implementation
     * @return a new extractor
     * @throws IllegalArgumentException if {@code threads} or {@code chunkFrames} is below 1
     * @throws IllegalStateException if {@code fftPath} is {@link FftPath#VECTOR} and the module
     *     {@code jdk.incubator.vector} is absent
     */
    public static MelSpectrogramExtractor create(MelConfig config, int threads, int chunkFrames,
            FftPath fftPath) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(fftPath, "fftPath");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (chunkFrames < 1) {
            throw new IllegalArgumentException("chunkFrames must be >= 1, got " + chunkFrames);
        }
        return new MelSpectrogramExtractor(config, threads, chunkFrames, fftPath);
    }

    /**
     * The analysis window as {@code torch.stft} applies it: the periodic window of {@code
     * winLength} points, centred in {@code nFft} points with zeros around it.
     *
     * @param config the configuration
     * @return a new array of {@code nFft} values
     */
    public static float[] analysisWindow(MelConfig config) {
        float[] w = switch (config.window()) {
            case HANN -> WindowFunctions.hann(config.winLength());
            case HAMMING -> WindowFunctions.hamming(config.winLength());
        };
        float[] out = new float[config.nFft()];
        System.arraycopy(w, 0, out, (config.nFft() - config.winLength()) / 2, w.length);
        return out;
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
        return filterBank;
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
        return threads;
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
            return extract(new ArraySignal(samples, offset, length));
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
        return extract(new SourceSignal(source, start, length));
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
        Signal signal = new SourceSignal(source, 0, source.frames());
        checkLength(signal.length());
        long total = config.frames(signal.length());
        float[] block = new float[chunkFrames * nMels];
        for (long t = 0; t < total; t += Integer.MAX_VALUE) {
            int n = (int) Math.min(Integer.MAX_VALUE, total - t);
            computeFrames(signal, t, n, block, 0, (first, count) -> consumer.accept(first, count, block));
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
        Signal signal = new SourceSignal(source, 0, extended);
        long gridFrames = config.frames(extended);
        FrameStore store = new FrameStore(maxFrames + chunkFrames);
        for (Window w : windows) {
            int frames = (int) config.frames(w.lengthFrames());
            boolean aligned = w.startFrame() % hop == 0;
            float[] values = new float[frames * nMels];
            if (edges == EdgeMode.PER_WINDOW && !aligned) {
                float[] rows = new float[frames * nMels];
                computeFrames(new SourceSignal(source, w.startFrame(), w.lengthFrames()), 0, frames,
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
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    // ----------------------------------------------------------------------------------------

    private MelSpectrogram extract(Signal signal) throws IOException {
        checkLength(signal.length());
        long total = config.frames(signal.length());
        if (total > Integer.MAX_VALUE / nMels) {
            throw new IllegalArgumentException(total + " frames are too many for one spectrogram;"
                    + " stream the recording instead");
        }
        int frames = (int) total;
        float[] rows = new float[frames * nMels];
        computeFrames(signal, 0, frames, rows, 0);
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
        Signal own = new SourceSignal(source, w.startFrame(), length);
        float[] rows = new float[Math.max(left, frames - right) * nMels];
        if (left > 0) {
            computeFrames(own, 0, left, rows, 0);
            transposeInto(rows, left, values, 0, frames);
        }
        if (right < frames) {
            computeFrames(own, right, frames - right, rows, 0);
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

    /**
     * Computes frames {@code [t0, t0 + n)} of a signal into {@code dst} (frame-major), chunk by
     * chunk, splitting each chunk across the workers.
     */
    private void computeFrames(Signal signal, long t0, int n, float[] dst, int dstOffset)
            throws IOException {
        computeFrames(signal, t0, n, dst, dstOffset, null);
    }

    /**
     * Computes frames {@code [t0, t0 + n)} chunk by chunk. Without a sink, chunk {@code i} goes to
     * {@code dst} at its own place; with one, every chunk is written at {@code dstOffset} and
     * handed to the sink before the next chunk overwrites it.
     *
     * <p>With more than one thread, the samples of chunk {@code i + 1} are read (and decoded) by the
     * calling thread while the other workers already compute chunk {@code i}; the caller then joins
     * them. Workers claim small blocks of frames from a shared counter, so a slow or busy core
     * does not hold the others up. Every frame is computed by the same code from the same samples
     * whichever thread takes it, so results do not depend on threads or chunk size.
     */
    private void computeFrames(Signal signal, long t0, int n, float[] dst, int dstOffset,
            ChunkSink sink) throws IOException {
        if (n <= 0) {
            return;
        }
        int count = Math.min(chunkFrames, n);
        int which = 0;
        fillPadded(signal, t0 * hop, chunks[which], (count - 1) * hop + nFft);
        for (int done = 0; done < n; ) {
            final int nextDone = done + count;
            final int nextCount = Math.min(chunkFrames, n - nextDone);
            float[] samples = chunks[which];
            which = (which + 1) % chunks.length;
            final float[] nextSamples = chunks[which];
            IoTask readNext = nextCount == 0 ? null : () -> fillPadded(signal,
                    (t0 + nextDone) * hop, nextSamples, (nextCount - 1) * hop + nFft);
            int out = sink == null ? dstOffset + done * nMels : dstOffset;
            if (threads == 1 || count == 1) {
                // one buffer: compute, then read the next chunk into it
                workers[0].run(samples, 0, count, dst, out);
                if (readNext != null) {
                    readNext.run();
                }
            } else {
                computeChunkOverlapped(samples, count, dst, out, readNext);
            }
            if (sink != null) {
                sink.accept(t0 + done, count);
            }
            done = nextDone;
            count = nextCount;
        }
    }

    /**
     * Computes the frames of one chunk on all workers; the calling thread first runs {@code
     * meanwhile} (reading the next chunk), then joins in. Returns when every frame is done.
     */
    private void computeChunkOverlapped(float[] samples, int count, float[] dst, int dstOffset,
            IoTask meanwhile) throws IOException {
        int lanes = workers[0].batch;
        int fine = Math.max(1, Math.min(16, count / (threads * 8)));
        int grain = (fine + lanes - 1) / lanes * lanes; // whole vector batches
        AtomicInteger next = new AtomicInteger();
        int helpers = Math.min(threads - 1, (count + grain - 1) / grain);
        List<Future<?>> futures = new ArrayList<>(helpers);
        for (int p = 1; p <= helpers; p++) {
            Worker worker = workers[p];
            futures.add(pool.submit(() -> worker.claim(next, grain, samples, count, dst, dstOffset)));
        }
        Throwable failure = null;
        try {
            if (meanwhile != null) {
                meanwhile.run();
            }
            workers[0].claim(next, grain, samples, count, dst, dstOffset);
        } catch (IOException | RuntimeException | Error e) {
            failure = e;
            next.set(count); // stop the helpers early
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (failure == null) {
                    failure = new java.io.InterruptedIOException("interrupted while computing mel frames");
                }
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause();
                }
            }
        }
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    /** Receives a finished chunk: frames {@code [first, first + count)}. */
    private interface ChunkSink {
        void accept(long first, int count) throws IOException;
    }

    /** Work that may fail with an I/O error. */
    private interface IoTask {
        void run() throws IOException;
    }

    /**
     * Fills {@code dst[0 .. count)} with the centre-padded signal from padded position {@code
     * start}: position {@code p} holds sample {@code p - pad}, mirrored ({@code x[-i] = x[i]},
     * {@code x[L - 1 + i] = x[L - 1 - i]}) or zero outside the signal.
     */
    private void fillPadded(Signal signal, long start, float[] dst, int count) throws IOException {
        long length = signal.length();
        long i0 = start - pad;
        long i1 = i0 + count;
        long a = Math.max(0, i0);
        long b = Math.min(length, i1);
        if (a < b) {
            signal.read(a, dst, (int) (a - i0), (int) (b - a));
        }
        boolean reflect = config.padMode() == PadMode.REFLECT;
        if (i0 < 0) {
            int n = (int) (Math.min(0, i1) - i0);
            if (reflect) {
                // positions i0 .. i0+n-1 hold x[-i0] .. x[-(i0+n-1)]
                float[] tmp = new float[n];
                long lo = -(i0 + n - 1);
                signal.read(lo, tmp, 0, n);
                for (int j = 0; j < n; j++) {
                    dst[j] = tmp[(int) (-(i0 + j) - lo)];
                }
            } else {
                java.util.Arrays.fill(dst, 0, n, 0f);
            }
        }
        if (i1 > length) {
            long from = Math.max(length, i0);
            int n = (int) (i1 - from);
            int off = (int) (from - i0);
            if (reflect) {
                // sample i >= L holds x[2 (L - 1) - i]
                long hi = 2 * (length - 1) - from;
                long lo = hi - n + 1;
                float[] tmp = new float[n];
                signal.read(lo, tmp, 0, n);
                for (int j = 0; j < n; j++) {
                    dst[off + j] = tmp[(int) (hi - j - lo)];
                }
            } else {
                java.util.Arrays.fill(dst, off, off + n, 0f);
            }
        }
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

    /** One thread's FFT (JTransforms or batched) and scratch spectra. */
    private final class Worker {
        private final RealFft fft;
        private final BatchPowerFft batchFft;
        /** Frames per FFT call: 1 for JTransforms, the lanes for the batched FFT. */
        final int batch;
        private final float[] spectrum;

        Worker(RealFft fft, BatchPowerFft batchFft, int bins) {
            this.fft = fft;
            this.batchFft = batchFft;
            this.batch = batchFft == null ? 1 : batchFft.batch();
            this.spectrum = new float[bins];
        }

        /**
         * Claims blocks of {@code grain} frames from {@code next} until the chunk's {@code count}
         * frames are all taken, computing each.
         */
        void claim(AtomicInteger next, int grain, float[] padded, int count, float[] dst,
                int dstOffset) {
            int from;
            while ((from = next.getAndAdd(grain)) < count) {
                run(padded, from, Math.min(count, from + grain), dst, dstOffset);
            }
        }

        /** Frames {@code [from, to)} of the padded chunk into {@code dst} (frame-major). */
        void run(float[] padded, int from, int to, float[] dst, int dstOffset) {
            if (batchFft != null) {
                runBatched(padded, from, to, dst, dstOffset);
                return;
            }
            for (int j = from; j < to; j++) {
                if (config.power() == 2) {
                    fft.powerSpectrum(padded, j * hop, spectrum);
                } else {
                    fft.magnitudeSpectrum(padded, j * hop, spectrum);
                }
                melFrame(dst, dstOffset + j * nMels);
            }
        }

        /**
         * The batched path: {@code batch} frames per call, power spectra and filter bank across the
         * vector's lanes (in double, rounded once), then each frame's output scale.
         */
        private void runBatched(float[] padded, int from, int to, float[] dst, int dstOffset) {
            for (int j = from; j < to; j += batch) {
                int c = Math.min(batch, to - j);
                batchFft.filteredSpectra(padded, j * hop, hop, c, dst, dstOffset + j * nMels, nMels);
                for (int f = 0; f < c; f++) {
                    scale(dst, dstOffset + (j + f) * nMels);
                }
            }
        }

        /** Filter bank and output scale of the spectrum in {@code spectrum} into {@code dst[o..]}. */
        private void melFrame(float[] dst, int o) {
            filterBank.apply(spectrum, dst, o, 1);
            scale(dst, o);
        }

        /** The output scale (dB, log or none) of one frame's mels, in place. */
        private void scale(float[] dst, int o) {
            OutputScale scale = config.scale();
            double eps = config.epsilon();
            if (scale == OutputScale.DB) {
                for (int m = 0; m < nMels; m++) {
                    dst[o + m] = (float) (dbMultiplier * Math.log10(Math.max(dst[o + m], eps)));
                }
            } else if (scale == OutputScale.LOG) {
                for (int m = 0; m < nMels; m++) {
                    dst[o + m] = (float) Math.log(dst[o + m] + eps);
                }
            }
        }
    }

    /** Frames {@code [base, base + count)} of the stream, frame-major, computed in order. */
    private final class FrameStore {
        final float[] data;
        final int capacity;
        long base;
        int count;

        FrameStore(int capacity) {
            this.capacity = capacity;
            this.data = new float[capacity * nMels];
        }

        /** Makes frames {@code [from, to)} available, dropping those before {@code from}. */
        void fill(Signal signal, long from, long to, long gridFrames) throws IOException {
            long next = base + count;
            if (from < base || from >= next) {
                base = from;
                count = 0;
            } else if (from > base) {
                int drop = (int) (from - base);
                System.arraycopy(data, drop * nMels, data, 0, (count - drop) * nMels);
                base = from;
                count -= drop;
            }
            while (base + count < to) {
                long t = base + count;
                int n = (int) Math.min(Math.min(chunkFrames, capacity - count), gridFrames - t);
                computeFrames(signal, t, n, data, count * nMels);
                count += n;
            }
        }
    }

    /** Samples {@code [0, length)} of a signal. */
    private interface Signal {
        long length();

        void read(long index, float[] dst, int offset, int count) throws IOException;
    }

    private record ArraySignal(float[] samples, int offset, long length) implements Signal {
        @Override
        public void read(long index, float[] dst, int off, int count) {
            System.arraycopy(samples, offset + (int) index, dst, off, count);
        }
    }

    /** A stretch of a recording, zeros past the recording's end. */
    private record SourceSignal(AudioSource source, long start, long length) implements Signal {
        @Override
        public void read(long index, float[] dst, int off, int count) throws IOException {
            long from = start + index;
            int done = 0;
            while (done < count) {
                int n = source.read(from + done, dst, off + done, count - done);
                if (n <= 0) {
                    break;
                }
                done += n;
            }
            java.util.Arrays.fill(dst, off + done, off + count, 0f);
        }
    }
}
