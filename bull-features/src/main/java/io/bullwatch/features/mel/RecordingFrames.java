package io.bullwatch.features.mel;

import io.bullwatch.core.audio.AudioSource;
import io.bullwatch.core.window.Window;
import io.bullwatch.features.mel.MelConfig.OutputScale;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;

/**
 * The mel frames of a whole recording, each computed once ({@link
 * MelSpectrogramExtractor#streamFrames}) and kept, so that windows can be read back any number of
 * times without recomputing them: for a statistics pass and then a scoring pass, say.
 *
 * <p><b>Windows</b> read back ({@link #window}) are exactly those of {@link
 * MelSpectrogramExtractor#streamWindows} with {@link EdgeMode#CONTEXT} for windows that lie within
 * the recording (the same grid frames, the same nearest-frame rule for starts off the grid, the
 * same {@code topDb} floor per window), then the optional {@linkplain ValueTransform value
 * transform}, bit for bit.
 *
 * <p><b>Memory</b> is bounded whatever the recording's length: the first frames, up to {@code
 * memoryBudgetBytes} of float32 values, are held on the heap; the rest go to a temporary file
 * (float32, native byte order) that is memory-mapped, so the operating system pages it in and out
 * as needed. {@link #close()} deletes the file; so does a failure (or interruption) while
 * computing. A crash of the JVM can leave a {@code bullwatch-frames-*.f32} file behind in the
 * spill directory.
 *
 * <p>Reads ({@link #window}) are safe from many threads once {@link #compute} has returned.
 */
public final class RecordingFrames implements AutoCloseable {

    /** The default heap budget: 64 MiB of float32 values (about 3.4 h at 64 mels, hop 2048, 44.1 kHz). */
    public static final long DEFAULT_MEMORY_BUDGET_BYTES = 64L << 20;

    /** Prefix of the spill files' names. */
    public static final String SPILL_PREFIX = "bullwatch-frames-";

    /**
     * A transform applied to every stored value once, as the frames are stored, in the
     * recording's order: element-wise ({@code ln(x + eps)}, say), or a causal filter along time
     * that keeps state from one block to the next ({@link Pcen.Stream}). Windows read back then
     * hold the transformed frames of the recording (for a filter: not what filtering the window
     * alone would give). Not allowed with a configuration whose {@code topDb} floor applies per
     * window ({@link #transformsExactly}).
     */
    @FunctionalInterface
    public interface ValueTransform {
        /**
         * Transforms {@code values[from .. to)} in place: whole frames, frame-major, each call's
         * frames following the previous call's.
         *
         * @param values the values
         * @param from first index
         * @param to end index (exclusive)
         */
        void apply(float[] values, int from, int to);

        /**
         * How many values this transform makes of each mel band: 1 for a transform in place;
         * {@code C > 1} for one that computes {@code C} views of every band ({@link
         * Pcen.Channels}: PCEN at several time constants), which then must implement {@link
         * #expand}.
         *
         * @return the channels, {@code >= 1}
         */
        default int channels() {
            return 1;
        }

        /**
         * Transforms {@code frames} whole frames of {@code mels} values each into {@code
         * channels() x mels} values each, frame-major, channel-major within a frame ({@code
         * out[j * channels * mels + c * mels + m]} is channel {@code c} of band {@code m} of frame
         * {@code j}), each call's frames following the previous call's. Only for transforms with
         * more than one channel.
         *
         * @param in the frames' values, {@code frames x mels}, left unchanged
         * @param frames the number of frames
         * @param mels the mel bands per frame
         * @param out at least {@code frames x channels() x mels} values
         * @throws UnsupportedOperationException for a one-channel transform
         */
        default void expand(float[] in, int frames, int mels, float[] out) {
            throw new UnsupportedOperationException("a one-channel transform works in place");
        }
    }

    private static final int FLOAT_BYTES = Float.BYTES;

    private final MelConfig config;
    /** Values per stored frame: the mel bands times the transform's channels. */
    private final int mels;
    private final int hop;
    private final long sourceFrames;
    private final long frames;
    private final long heapFrames;
    private final float[] heap;
    private final Path file;
    private final long framesPerSegment;
    private final FloatBuffer[] segments;
    private final boolean topDb;
    private boolean closed;

    private RecordingFrames(MelConfig config, int channels, long sourceFrames, long frames, long heapFrames,
            Path file, long framesPerSegment, FloatBuffer[] segments) {
        this.config = config;
        this.mels = config.nMels() * channels;
        this.hop = config.hop();
        this.sourceFrames = sourceFrames;
        this.frames = frames;
        this.heapFrames = heapFrames;
        this.heap = new float[Math.toIntExact(heapFrames * mels)];
        this.file = file;
        this.framesPerSegment = framesPerSegment;
        this.segments = segments;
        this.topDb = appliesTopDb(config);
    }

    /**
     * Computes and keeps the frames of a recording with the default heap budget, in the default
     * temporary directory, without a transform.
     *
     * @param extractor computes the frames (its threads are used); not closed
     * @param source the recording at the extractor's sample rate; not closed
     * @return the frames; close them to delete any spill file
     * @throws IOException if the recording cannot be read or the spill file cannot be written
     */
    public static RecordingFrames compute(MelSpectrogramExtractor extractor, AudioSource source)
            throws IOException {
        return compute(extractor, source, null, DEFAULT_MEMORY_BUDGET_BYTES, null, null);
    }

    /**
     * Computes and keeps the frames of a recording.
     *
     * @param extractor computes the frames (its threads are used); not closed
     * @param source the recording at the extractor's sample rate; not closed
     * @param transform applied to every value once as it is stored, or null for none; see {@link
     *     ValueTransform}
     * @param memoryBudgetBytes heap bytes for frames (float32), {@code >= 0}; frames beyond go to
     *     a memory-mapped temporary file
     * @param spillDirectory where the temporary file goes; null for {@code java.io.tmpdir}
     * @param listener told after each block of frames is stored (for progress; it may throw,
     *     e.g. {@link java.io.InterruptedIOException}, to stop), or null
     * @return the frames; close them to delete any spill file
     * @throws IOException if the recording cannot be read, the spill file cannot be written, or
     *     from the listener; any spill file is deleted first
     * @throws IllegalArgumentException if the sample rate differs, the recording is too short for
     *     one frame, the budget is negative, or a transform is given with a per-window {@code
     *     topDb} floor
     */
    public static RecordingFrames compute(MelSpectrogramExtractor extractor, AudioSource source,
            ValueTransform transform, long memoryBudgetBytes, Path spillDirectory,
            MelFrameConsumer listener) throws IOException {
        Objects.requireNonNull(extractor, "extractor");
        Objects.requireNonNull(source, "source");
        return keep(extractor.config(), source.frames(), sink -> extractor.streamFrames(source, sink),
                transform, memoryBudgetBytes, spillDirectory, listener);
    }

    /**
     * Where {@link #keep} takes a recording's frames from: it delivers every frame once, in
     * order, in blocks, frame-major (as {@link MelSpectrogramExtractor#streamFrames} does).
     */
    @FunctionalInterface
    public interface FrameSource {
        /**
         * Delivers every frame.
         *
         * @param sink takes each block; the block may be reused after the call
         * @return the number of frames delivered
         * @throws IOException if the frames cannot be read
         */
        long deliver(MelFrameConsumer sink) throws IOException;
    }

    /**
     * Keeps a recording's frames delivered by any source (frames computed earlier and cached,
     * say), as {@link #compute} keeps the frames it computes.
     *
     * @param config the features the frames are of
     * @param sourceFrames the recording's length in samples
     * @param source delivers the recording's {@code config.frames(sourceFrames)} frames
     * @param transform applied to every value once as it is stored, or null for none; one with
     *     {@code C > 1} {@link ValueTransform#channels() channels} stores {@code C x mels} values
     *     per frame (windows read back are then {@code C x mels x frames}, channel-major)
     * @param memoryBudgetBytes heap bytes for frames (float32), {@code >= 0}
     * @param spillDirectory where the temporary file goes; null for {@code java.io.tmpdir}
     * @param listener told after each block of frames is stored, with the values as stored
     *     ({@link #valuesPerFrame()} per frame), or null
     * @return the frames; close them to delete any spill file
     * @throws IOException if the source fails or the spill file cannot be written; any spill file
     *     is deleted first
     * @throws IllegalStateException if the source delivers another number of frames
     */
    public static RecordingFrames keep(MelConfig config, long sourceFrames, FrameSource source,
            ValueTransform transform, long memoryBudgetBytes, Path spillDirectory,
            MelFrameConsumer listener) throws IOException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(source, "source");
        if (memoryBudgetBytes < 0) {
            throw new IllegalArgumentException("memoryBudgetBytes must be >= 0, got " + memoryBudgetBytes);
        }
        if (transform != null && !transformsExactly(config)) {
            throw new IllegalArgumentException("a value transform cannot be stored with frames whose"
                    + " topDb floor (" + config.topDb() + " dB) applies per window");
        }
        int bands = config.nMels();
        int channels = transform == null ? 1 : transform.channels();
        if (channels < 1) {
            throw new IllegalArgumentException("a transform must make >= 1 channels, got " + channels);
        }
        int mels = bands * channels;
        long frames = config.frames(sourceFrames);
        long rowBytes = (long) mels * FLOAT_BYTES;
        long heapFrames = Math.min(frames, Math.min(memoryBudgetBytes / rowBytes,
                (Integer.MAX_VALUE - 8) / mels));
        long spilled = frames - heapFrames;
        Path file = null;
        FloatBuffer[] segments = new FloatBuffer[0];
        long perSegment = Math.max(1, (Integer.MAX_VALUE / rowBytes));
        try {
            if (spilled > 0) {
                Path dir = spillDirectory != null ? spillDirectory
                        : Path.of(System.getProperty("java.io.tmpdir"));
                file = Files.createTempFile(dir, SPILL_PREFIX, ".f32");
                int n = (int) ((spilled + perSegment - 1) / perSegment);
                segments = new FloatBuffer[n];
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ,
                        StandardOpenOption.WRITE)) {
                    for (int s = 0; s < n; s++) {
                        long first = s * perSegment;
                        long count = Math.min(perSegment, spilled - first);
                        MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE,
                                first * rowBytes, count * rowBytes);
                        segments[s] = map.order(ByteOrder.nativeOrder()).asFloatBuffer();
                    }
                }
            }
            RecordingFrames out = new RecordingFrames(config, channels, sourceFrames, frames, heapFrames,
                    file, perSegment, segments);
            float[][] expanded = {new float[0]};
            long computed = source.deliver((first, count, block) -> {
                float[] stored = block;
                if (channels > 1) {
                    if (expanded[0].length < count * mels) {
                        expanded[0] = new float[count * mels];
                    }
                    stored = expanded[0];
                    transform.expand(block, count, bands, stored);
                } else if (transform != null) {
                    transform.apply(block, 0, count * mels);
                }
                out.store(first, count, stored);
                if (listener != null) {
                    listener.accept(first, count, stored);
                }
            });
            if (computed != frames) {
                throw new IllegalStateException("got " + computed + " frames, expected " + frames);
            }
            return out;
        } catch (IOException | RuntimeException | Error e) {
            deleteQuietly(file, e);
            throw e;
        }
    }

    /**
     * Whether a {@link ValueTransform} can be stored with frames of this configuration: true
     * unless a {@code topDb} floor applies per window (dB output with a finite {@code topDb}).
     *
     * @param config the features
     * @return whether a transform is allowed
     */
    public static boolean transformsExactly(MelConfig config) {
        return !appliesTopDb(config);
    }

    /** @return the features' configuration */
    public MelConfig config() {
        return config;
    }

    /**
     * @return the values kept per frame: the mel bands, times the transform's {@link
     *     ValueTransform#channels() channels}
     */
    public int valuesPerFrame() {
        return mels;
    }

    /** @return the number of frames of the recording, {@code config().frames(source.frames())} */
    public long frames() {
        return frames;
    }

    /** @return how many frames are held on the heap (the first ones) */
    public long heapFrames() {
        return heapFrames;
    }

    /** @return how many frames went to the temporary file (the last ones) */
    public long spilledFrames() {
        return frames - heapFrames;
    }

    /** @return the temporary file while open and spilling, else empty */
    public Optional<Path> spillFile() {
        return closed ? Optional.empty() : Optional.ofNullable(file);
    }

    /**
     * The number of frames of a window: {@code config().frames(w.lengthFrames())}.
     *
     * @param w the window
     * @return its frames
     */
    public int windowFrames(Window w) {
        return Math.toIntExact(config.frames(w.lengthFrames()));
    }

    /**
     * Copies one window's values, mel-major ({@code out[offset + m * frames + j]}), as {@link
     * MelSpectrogramExtractor#streamWindows} with {@link EdgeMode#CONTEXT} serves them (then the
     * transform, if any). With a transform of several channels, the rows are {@link
     * #valuesPerFrame()}: channel by channel, each channel's mel bands ({@code out[offset + (c *
     * mels + m) * frames + j]}).
     *
     * @param w a window within the recording ({@code endFrame <= source frames})
     * @param out receives {@code valuesPerFrame() * windowFrames(w)} values
     * @param offset where the window's first value goes
     * @throws IllegalArgumentException if the window ends after the recording or has no frames
     * @throws IllegalStateException if closed
     */
    public void window(Window w, float[] out, int offset) {
        Objects.requireNonNull(w, "w");
        if (closed) {
            throw new IllegalStateException("the recording's frames are closed");
        }
        if (w.endFrame() > sourceFrames) {
            throw new IllegalArgumentException("window " + w.index() + " ends at frame "
                    + w.endFrame() + ", after the recording's " + sourceFrames);
        }
        int n = windowFrames(w);
        if (n == 0) {
            throw new IllegalArgumentException("window " + w.index() + " of " + w.lengthFrames()
                    + " samples has no frames");
        }
        Objects.checkFromIndexSize(offset, n * mels, out.length);
        long first = MelSpectrogramExtractor.contextFirstFrame(w.startFrame(), n, hop, frames);
        for (int j = 0; j < n; j++) {
            long t = first + j;
            if (t < heapFrames) {
                int r = (int) (t * mels);
                for (int m = 0, o = offset + j; m < mels; m++, o += n) {
                    out[o] = heap[r + m];
                }
            } else {
                long s = t - heapFrames;
                FloatBuffer seg = segments[(int) (s / framesPerSegment)];
                int r = (int) ((s % framesPerSegment) * mels);
                for (int m = 0, o = offset + j; m < mels; m++, o += n) {
                    out[o] = seg.get(r + m);
                }
            }
        }
        if (topDb) {
            MelSpectrogramExtractor.applyTopDb(config, out, offset, offset + n * mels);
        }
    }

    /**
     * Deletes the temporary file, if any. The heap frames and the file's mapping are released by
     * the garbage collector. Idempotent.
     *
     * @throws IOException if the file cannot be deleted
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }

    // ----------------------------------------------------------------------------------------

    private void store(long first, int count, float[] block) {
        for (int j = 0; j < count; ) {
            long t = first + j;
            if (t < heapFrames) {
                int n = (int) Math.min(count - j, heapFrames - t);
                System.arraycopy(block, j * mels, heap, (int) (t * mels), n * mels);
                j += n;
            } else {
                long s = t - heapFrames;
                int seg = (int) (s / framesPerSegment);
                long within = s % framesPerSegment;
                int n = (int) Math.min(count - j, framesPerSegment - within);
                segments[seg].put((int) (within * mels), block, j * mels, n * mels);
                j += n;
            }
        }
    }

    private static boolean appliesTopDb(MelConfig config) {
        return config.scale() == OutputScale.DB && config.topDb() != Double.POSITIVE_INFINITY;
    }

    private static void deleteQuietly(Path file, Throwable cause) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }
}
