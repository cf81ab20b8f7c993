package io.bullwatch.models.scoring;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import io.bullwatch.core.events.StepAggregation;
import io.bullwatch.core.window.Window;
import io.bullwatch.models.blocks.FrameMaxPool;
import io.bullwatch.models.bundle.InvalidBundleException;
import io.bullwatch.models.bundle.ModelBundle;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one scoring path of a network, for the detector and for the trainer's validation and test:
 * {@link #forward} turns a batch of normalised windows into logits, bull probabilities (softmax)
 * and, for networks that score every time step, step margins for {@link StepAggregation} ({@link
 * #aggregate}); {@link FrozenParameters} keeps the pass from recording an autograd graph.
 *
 * <p>A scorer instance is the detector's streaming front end: {@link #batches} of windows go to
 * worker threads, each with its own parameter store, through the frozen block. At most {@code
 * threads + 1} batch buffers exist at any time, whatever the recording's length.
 */
public final class WindowScorer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WindowScorer.class);
    private static final AtomicInteger POOL_COUNTER = new AtomicInteger();

    private final Model model;
    private final Block block;
    private final int threads;
    private final int batch;
    private final int channels;
    /** Rows per window: the channels' mel bands one after the other. */
    private final int mels;
    private final int frames;
    private final ExecutorService pool;
    private final ThreadLocal<ParameterStore> stores;

    /**
     * A scorer with its own inference threads. Each window is {@code channels x mels x frames}
     * values, channel-major (several channels for multi-rate PCEN, one otherwise).
     *
     * @param model the model, its block's trainable parameters frozen ({@link FrozenParameters})
     * @param threads inference threads, {@code >= 1}
     * @param batch windows per forward pass, {@code >= 1}
     * @param channels input channels, {@code >= 1}
     * @param mels mel bands per window and channel
     * @param frames frames per window
     */
    public WindowScorer(Model model, int threads, int batch, int channels, int mels, int frames) {
        if (threads < 1 || batch < 1 || channels < 1) {
            throw new IllegalArgumentException("threads, batch and channels must be >= 1, got " + threads + ", "
                    + batch + ", " + channels);
        }
        this.channels = channels;
        this.model = model;
        this.block = model.getBlock();
        this.threads = threads;
        this.batch = batch;
        this.mels = channels * mels;
        this.frames = frames;
        int id = POOL_COUNTER.incrementAndGet();
        AtomicInteger thread = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "bull-detector-" + id + "-" + thread.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.pool = Executors.newFixedThreadPool(threads, factory);
        NDManager root = model.getNDManager();
        this.stores = ThreadLocal.withInitial(() -> new ParameterStore(root, false));
    }

    /**
     * Batches for one recording's windows, which must come in index order.
     *
     * @param name the recording, for messages
     * @param count its windows
     * @param scores where window {@code i}'s probability goes
     * @param steps where window {@code i}'s step margins go; null for networks without them
     * @return the batches
     */
    public Batches batches(String name, int count, float[] scores, float[][] steps) {
        return new Batches(name, count, scores, steps, null);
    }

    /**
     * Batches for one recording's windows that also keep each window's embedding ({@link
     * #forward(Block, ParameterStore, NDArray, boolean, boolean, boolean)}).
     *
     * @param name the recording, for messages
     * @param count its windows
     * @param scores where window {@code i}'s probability goes
     * @param steps where window {@code i}'s step margins go; null for networks without them
     * @param embeddings where window {@code i}'s embedding goes; null for none
     * @return the batches
     */
    public Batches batches(String name, int count, float[] scores, float[][] steps, float[][] embeddings) {
        return new Batches(name, count, scores, steps, embeddings);
    }

    /**
     * Replaces the window scores of a network that scores every time step by the aggregated ones
     * ({@link StepAggregation}): each step judged with every window that covers it.
     *
     * @param windows the windows, in index order
     * @param rate the sample rate
     * @param windowSeconds the windows' length
     * @param steps each window's step margins
     * @param scores the window scores, replaced
     */
    public static void aggregate(List<Window> windows, double rate, double windowSeconds, float[][] steps,
            float[] scores) {
        double[] starts = new double[windows.size()];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = windows.get(i).startSeconds(rate);
        }
        float[] aggregated = aggregate(starts, windowSeconds, steps);
        System.arraycopy(aggregated, 0, scores, 0, scores.length);
    }

    /**
     * The window scores of a network that scores every time step, from one recording's windows
     * ({@link StepAggregation#windowScoresOfMargins}): each step judged with every window that
     * covers it.
     *
     * @param starts the windows' starts in seconds, ascending
     * @param windowSeconds the windows' length
     * @param steps each window's step margins
     * @return one score per window
     */
    public static float[] aggregate(double[] starts, double windowSeconds, float[][] steps) {
        return StepAggregation.windowScoresOfMargins(starts, windowSeconds, steps);
    }

    /** Hands the worker threads back (the model stays open: its owner closes it). */
    @Override
    public void close() {
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
                LOG.warn("inference threads still running after 60 s; freeing the model anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Scores one window of seeded standard-normal values (the scale of normalised features) and
     * checks that the network gives a finite probability: parameters that load but were
     * corrupted (a flipped exponent) fail here, naming the bundle, instead of failing every
     * recording later.
     *
     * @param block the network
     * @param root a manager for the probe's arrays
     * @param dir the bundle directory, for the message
     * @param channels input channels
     * @param mels mel bands per window and channel
     * @param frames frames per window
     * @throws InvalidBundleException if the network fails or gives a score that is not finite
     */
    public static void probe(Block block, NDManager root, Path dir, int channels, int mels, int frames)
            throws InvalidBundleException {
        float[] x = new float[channels * mels * frames];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        try (NDManager sub = root.newSubManager()) {
            NDArray in = sub.create(x, new Shape(1, channels, mels, frames));
            float[] p;
            try {
                NDList out = block.forward(new ParameterStore(root, false), new NDList(in), false);
                out.attach(sub);
                p = out.get(0).softmax(1).toFloatArray();
            } catch (RuntimeException e) {
                throw new InvalidBundleException(dir.resolve(ModelBundle.PARAMETERS), "the network fails on"
                        + " a probe window (" + e.getMessage() + "): the parameters do not fit it", e);
            }
            for (float v : p) {
                if (!Float.isFinite(v)) {
                    throw new InvalidBundleException(dir.resolve(ModelBundle.PARAMETERS), "the network"
                            + " gives a score that is not a finite number (" + v + ") on a probe window:"
                            + " the parameters are corrupted");
                }
            }
        }
    }

    /**
     * The length of the network's embeddings ({@link #forward(Block, ParameterStore, NDArray, boolean,
     * boolean, boolean)}), from one window of zeros.
     *
     * @param block the network, initialised
     * @param root a manager for the probe's arrays
     * @param channels input channels
     * @param mels mel bands per window and channel
     * @param frames frames per window
     * @return the number of values per window
     */
    public static int embeddingSize(Block block, NDManager root, int channels, int mels, int frames) {
        try (NDManager sub = root.newSubManager()) {
            NDArray in = sub.zeros(new Shape(1, channels, mels, frames));
            return forward(block, new ParameterStore(root, false), in, false, false, true).embeddings()[0].length;
        }
    }

    /**
     * Batches of windows on their way to the inference threads. Buffers circulate between the
     * feature thread and the workers: at most {@code threads + 1} batches exist at any time,
     * whatever the recording's length. Windows must come in index order.
     */
    public final class Batches {
        private final String name;
        private final int count;
        private final float[] scores;
        private final float[][] steps;
        private final float[][] embeddings;
        private final int size = mels * frames;
        private final BlockingQueue<float[]> free = new ArrayBlockingQueue<>(threads + 1);
        private final ArrayDeque<Future<?>> pending = new ArrayDeque<>();
        private float[] current;
        private int fill;
        private int firstIndex;
        private boolean submitted;

        private Batches(String name, int count, float[] scores, float[][] steps, float[][] embeddings) {
            this.name = name;
            this.count = count;
            this.scores = scores;
            this.steps = steps;
            this.embeddings = embeddings;
            for (int i = 0; i < threads + 1; i++) {
                free.add(new float[batch * size]);
            }
        }

        /**
         * The buffer window {@code w} goes into, at {@link #offset()}; takes a free buffer when no batch
         * is being filled, waiting for one if the inference threads hold them all.
         *
         * @param w the window to be written, the next in index order
         * @return the current batch's buffer
         * @throws IOException if the thread is interrupted while waiting for a free buffer (an {@link
         *     InterruptedIOException})
         */
        public float[] slot(Window w) throws IOException {
            if (current == null) {
                current = take(free, name);
                firstIndex = w.index();
            }
            return current;
        }

        /**
         * Where the next window's values go in the current buffer.
         *
         * @return the index in {@link #slot}'s buffer of the next window's first value
         */
        public int offset() {
            return fill * size;
        }

        /**
         * Copies a window's values into the current batch and commits it.
         *
         * @param w the window, the next in index order
         * @param v its values, {@code channels x mels x frames} of them, channel-major
         * @throws IOException if the thread is interrupted while waiting for a free buffer (an {@link
         *     InterruptedIOException}), or a finished batch failed with a checked exception
         */
        public void put(Window w, float[] v) throws IOException {
            System.arraycopy(v, 0, slot(w), offset(), size);
            commit(w);
        }

        /**
         * Counts the window written at {@link #offset()}; submits the batch when full or last.
         *
         * @param w the window just written; the batch is submitted when this is the recording's last
         * @throws IOException if a finished batch failed with a checked exception (unchecked failures
         *     are rethrown as they are)
         */
        public void commit(Window w) throws IOException {
            fill++;
            submitted = false;
            if (fill == batch || w.index() == count - 1) {
                drainDone(pending, name);
                pending.add(submit(current, firstIndex, fill, scores, steps, embeddings, free));
                current = null;
                fill = 0;
                submitted = true;
            }
        }

        /** @return whether the last {@link #commit} submitted a batch */
        public boolean submitted() {
            return submitted;
        }

        /**
         * Waits for every batch, rethrowing failures.
         *
         * @throws IOException if a batch failed with a checked exception (unchecked failures are
         *     rethrown as they are), or the thread is interrupted while waiting (an {@link
         *     InterruptedIOException})
         */
        public void finish() throws IOException {
            while (!pending.isEmpty()) {
                await(pending.poll(), name);
            }
        }

        /**
         * Drops queued batches (after a failure or interruption); a running forward pass
         * finishes on its own and closes its sub-manager.
         */
        public void cancelPending() {
            for (Future<?> f : pending) {
                f.cancel(false);
            }
            pending.clear();
        }
    }

    /**
     * What one forward pass gives for a batch of {@code n} windows.
     *
     * @param logits {@code 2n} values, window {@code j}'s no-bull and bull logits at {@code 2j} and
     *     {@code 2j + 1}; null when not asked for
     * @param probabilities the bull probability of each window (softmax of the logits)
     * @param margins each window's step margins ({@link FrameMaxPool#marginRows}); null when not
     *     asked for or the network has none
     * @param embeddings each window's embedding ({@link #forward(Block, ParameterStore, NDArray,
     *     boolean, boolean, boolean)}); null when not asked for
     */
    public record Output(float[] logits, float[] probabilities, float[][] margins, float[][] embeddings) {
    }

    /**
     * The forward pass of a batch, as every scoring of a network runs it: the block in inference
     * mode, softmax over the two classes.
     *
     * @param block the network (its trainable parameters frozen: {@link FrozenParameters})
     * @param store the parameter store of the calling thread
     * @param x the windows, {@code (n, channels, mels, frames)}
     * @param logits whether to return the logits too
     * @param margins whether to return step margins (when the network has them)
     * @return the scores; arrays that live on the heap
     */
    public static Output forward(Block block, ParameterStore store, NDArray x, boolean logits,
            boolean margins) {
        return forward(block, store, x, logits, margins, false);
    }

    /**
     * {@link #forward(Block, ParameterStore, NDArray, boolean, boolean)}, and on request each
     * window's <b>embedding</b>: what the network's last part (its head) receives, averaged over
     * every axis but the channels (a {@code (n, C, H, W)} or {@code (n, C, T)} output gives {@code
     * C} values per window; a {@code (n, D)} one is taken as it is). For the networks built by
     * {@code BullNetwork} that is the body's output: 128 channels for the compact networks, the
     * 1000 outputs for AlexNet and VGG16. The block is then run part by part (the children of a
     * {@link SequentialBlock}, which is how it runs anyway), so the scores are the same.
     *
     * @param block the network (its trainable parameters frozen: {@link FrozenParameters})
     * @param store the parameter store of the calling thread
     * @param x the windows, {@code (n, channels, mels, frames)}
     * @param logits whether to return the logits too
     * @param margins whether to return step margins (when the network has them)
     * @param embeddings whether to return the embeddings
     * @return the scores; arrays that live on the heap
     * @throws IllegalArgumentException if embeddings are asked of a block that is not a sequence of
     *     at least two parts
     */
    public static Output forward(Block block, ParameterStore store, NDArray x, boolean logits,
            boolean margins, boolean embeddings) {
        NDList out;
        float[][] e = null;
        if (embeddings) {
            List<Block> parts = block instanceof SequentialBlock sb ? sb.getChildren().values() : List.of();
            if (parts.size() < 2) {
                throw new IllegalArgumentException("embeddings need a network of at least two parts (body and head),"
                        + " got " + block.getClass().getSimpleName());
            }
            out = new NDList(x);
            for (int i = 0; i < parts.size() - 1; i++) {
                out = parts.get(i).forward(store, out, false);
            }
            e = embeddingRows(out.get(0));
            out = parts.get(parts.size() - 1).forward(store, out, false);
        } else {
            out = block.forward(store, new NDList(x), false);
        }
        NDArray l = out.get(0);
        float[] p2 = l.softmax(1).toFloatArray();
        int n = p2.length / 2;
        float[] p = new float[n];
        for (int j = 0; j < n; j++) {
            p[j] = p2[2 * j + 1];
        }
        float[][] m = margins && out.size() > 1 ? FrameMaxPool.marginRows(out.get(1)) : null;
        return new Output(logits ? l.toFloatArray() : null, p, m, e);
    }

    /**
     * The embeddings of a batch from what the network's last part receives: each window's mean over
     * every axis after the first two, {@code (n, C, ...)} to {@code (n, C)} (a 2-D output is taken as
     * it is). Gradients flow through it.
     *
     * @param body the output of every part of the network but the last
     * @return {@code (n, C)}
     * @throws IllegalArgumentException if the output has fewer than two axes
     */
    public static NDArray embeddings(NDArray body) {
        Shape shape = body.getShape();
        if (shape.dimension() < 2) {
            throw new IllegalArgumentException("the body's output has shape " + shape + ", expected (n, C, ...)");
        }
        return shape.dimension() > 2 ? body.reshape(shape.get(0), shape.get(1), -1).mean(new int[] {2}) : body;
    }

    /** {@link #embeddings} as {@code n} rows of {@code C} on the heap. */
    private static float[][] embeddingRows(NDArray body) {
        NDArray pooled = embeddings(body);
        int n = (int) pooled.getShape().get(0);
        int c = (int) pooled.getShape().get(1);
        float[] flat = pooled.toFloatArray();
        float[][] rows = new float[n][];
        for (int j = 0; j < n; j++) {
            rows[j] = java.util.Arrays.copyOfRange(flat, j * c, (j + 1) * c);
        }
        return rows;
    }

    private Future<?> submit(float[] buffer, int first, int n, float[] scores, float[][] steps,
            float[][] embeddings, BlockingQueue<float[]> free) {
        return pool.submit(() -> {
            boolean returned = false;
            try (NDManager sub = model.getNDManager().newSubManager()) {
                NDArray x = sub.create(FloatBuffer.wrap(buffer, 0, n * mels * frames),
                        new Shape(n, channels, mels / channels, frames));
                free.add(buffer); // the data now lives in x (a native copy)
                returned = true;
                Output out = forward(block, stores.get(), x, false, steps != null, embeddings != null);
                System.arraycopy(out.probabilities(), 0, scores, first, n);
                if (steps != null) {
                    System.arraycopy(out.margins(), 0, steps, first, n);
                }
                if (embeddings != null) {
                    System.arraycopy(out.embeddings(), 0, embeddings, first, n);
                }
            } finally {
                if (!returned) {
                    free.add(buffer);
                }
            }
        });
    }

    private static float[] take(BlockingQueue<float[]> free, String name) throws IOException {
        try {
            return free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(name);
        }
    }

    /** Removes finished batches from the head, rethrowing their failures. */
    private static void drainDone(ArrayDeque<Future<?>> pending, String name) throws IOException {
        while (!pending.isEmpty() && pending.peek().isDone()) {
            await(pending.poll(), name);
        }
    }

    private static void await(Future<?> f, String name) throws IOException {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(name);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IOException(cause);
        }
    }

    /**
     * Throws when the calling thread is interrupted.
     *
     * @param name the recording, for the message
     * @throws InterruptedIOException naming the recording
     */
    public static void checkInterrupted(String name) throws InterruptedIOException {
        if (Thread.currentThread().isInterrupted()) {
            throw interrupted(name);
        }
    }

    /**
     * The exception of an interrupted detection.
     *
     * @param name the recording
     * @return an exception naming it
     */
    public static InterruptedIOException interrupted(String name) {
        return new InterruptedIOException("detection of " + name + " interrupted");
    }
}
