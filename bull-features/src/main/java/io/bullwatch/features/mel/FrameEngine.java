package io.bullwatch.features.mel;

import io.bullwatch.core.audio.AudioSource;
import io.bullwatch.features.fft.BatchPowerFft;
import io.bullwatch.features.fft.FftPath;
import io.bullwatch.features.fft.RealFft;
import io.bullwatch.features.fft.WindowFunctions;
import io.bullwatch.features.mel.MelConfig.OutputScale;
import io.bullwatch.features.mel.MelConfig.PadMode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The frame computation behind {@link MelSpectrogramExtractor}: padded chunks of a signal, framed
 * and turned into mel frames (frame-major) by one worker per thread, each with its own FFT
 * (JTransforms or the batched Vector API FFT) and scratch spectra. With more than one thread the
 * calling thread reads the next chunk while the others compute; workers claim small blocks of
 * frames from a counter. Every frame is computed by the same code from the same samples whichever
 * thread takes it, so results do not depend on threads or chunk size.
 */
final class FrameEngine implements AutoCloseable {

    private static final AtomicInteger POOL_IDS = new AtomicInteger();

    final MelConfig config;
    final MelFilterBank filterBank;
    final int threads;
    final int chunkFrames;
    final int nMels;
    final int hop;
    final int nFft;
    final int pad;
    private final Worker[] workers;
    private final ExecutorService pool;
    /** Padded samples of the chunk being computed and (with threads) of the next one. */
    private final float[][] chunks;
    private final double dbMultiplier;

    /**
     * @param config the features
     * @param threads 1 or more
     * @param chunkFrames frames per chunk, 1 or more
     * @param fftPath the FFT implementation
     */
    FrameEngine(MelConfig config, int threads, int chunkFrames, FftPath fftPath) {
        this.config = config;
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

    /** The analysis window centred in {@code nFft} points (see {@link MelSpectrogramExtractor#analysisWindow}). */
    static float[] analysisWindow(MelConfig config) {
        float[] w = switch (config.window()) {
            case HANN -> WindowFunctions.hann(config.winLength());
            case HAMMING -> WindowFunctions.hamming(config.winLength());
        };
        float[] out = new float[config.nFft()];
        System.arraycopy(w, 0, out, (config.nFft() - config.winLength()) / 2, w.length);
        return out;
    }

    private static BatchPowerFft filtered(BatchPowerFft fft, int[] first, double[][] weights,
            boolean magnitude) {
        fft.setFilters(first, weights, magnitude);
        return fft;
    }

    /**
     * Computes frames {@code [t0, t0 + n)} of a signal into {@code dst} (frame-major), chunk by
     * chunk, splitting each chunk across the workers.
     */
    void computeFrames(Signal signal, long t0, int n, float[] dst, int dstOffset)
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
    void computeFrames(Signal signal, long t0, int n, float[] dst, int dstOffset,
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
    interface ChunkSink {
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
    final class FrameStore {
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
    interface Signal {
        long length();

        void read(long index, float[] dst, int offset, int count) throws IOException;
    }

    record ArraySignal(float[] samples, int offset, long length) implements Signal {
        @Override
        public void read(long index, float[] dst, int off, int count) {
            System.arraycopy(samples, offset + (int) index, dst, off, count);
        }
    }

    /** A stretch of a recording, zeros past the recording's end. */
    record SourceSignal(AudioSource source, long start, long length) implements Signal {
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

    /** Stops the worker threads. */
    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
