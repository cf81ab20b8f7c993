package io.bullwatch.core.window;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The windows of one recording of known length.
 *
 * <p>Every window has {@link #windowFrames()} = {@code round(lengthSeconds * sampleRate)} frames,
 * and window {@code i} starts at frame {@code round(i * hopSeconds * sampleRate)}: each start is
 * computed from its index, never by adding hops, so no rounding error accumulates over a night.
 * Which windows exist at the end of the recording is decided by the {@link TailPolicy}.
 *
 * <p>Windows are computed on demand: {@link #count()}, {@link #window(int)}, {@link #iterator()} and
 * {@link #stream()} need no list; {@link #toList()} builds one when asked. Instances are immutable
 * and thread-safe.
 *
 * <p>Note on the seed: its notebooks start windows at every multiple of the hop below
 * {@code duration - hop} and cut them short at the end of the file (the short clips were then
 * stretched to full size). That is neither policy here; {@link TailPolicy#DROP} (the default) keeps
 * the full windows of that sequence, {@link TailPolicy#PAD} covers the tail with one zero-padded
 * window instead.
 */
public final class Segmenter implements Iterable<Window> {

    private static final Logger LOG = LoggerFactory.getLogger(Segmenter.class);

    /** Tolerance for floating noise when comparing a hop in frames with the window length. */
    private static final double FRAME_TOLERANCE = 1e-9;

    private final WindowSpec spec;
    private final double sampleRate;
    private final long recordingFrames;
    private final TailPolicy tailPolicy;
    private final long windowFrames;
    private final double hopFrames;
    private final int fullWindows;
    private final int count;

    private Segmenter(WindowSpec spec, double sampleRate, long recordingFrames, TailPolicy tailPolicy) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.tailPolicy = Objects.requireNonNull(tailPolicy, "tailPolicy");
        if (!Double.isFinite(sampleRate) || sampleRate <= 0) {
            throw new IllegalArgumentException(
                    "sample rate must be a finite number of frames per second > 0, got " + sampleRate);
        }
        if (recordingFrames < 0) {
            throw new IllegalArgumentException(
                    "recording length must be >= 0 frames, got " + recordingFrames);
        }
        this.sampleRate = sampleRate;
        this.recordingFrames = recordingFrames;
        this.windowFrames = Math.round(spec.lengthSeconds() * sampleRate);
        this.hopFrames = spec.hopSeconds() * sampleRate;
        if (windowFrames < 1) {
            throw new IllegalArgumentException("a window of " + spec.lengthSeconds() + " s at "
                    + sampleRate + " Hz is shorter than one frame; use a longer window");
        }
        if (hopFrames < 1) {
            throw new IllegalArgumentException("a hop of " + spec.hopSeconds() + " s at "
                    + sampleRate + " Hz is shorter than one frame (" + hopFrames
                    + " frames); windows would repeat. Use a hop of at least 1 / sampleRate");
        }
        if (hopFrames > windowFrames + FRAME_TOLERANCE) {
            throw new IllegalArgumentException("at " + sampleRate + " Hz the hop (" + hopFrames
                    + " frames) exceeds the window (" + windowFrames
                    + " frames after rounding), which would leave frames in no window;"
                    + " use a hop no longer than the window");
        }
        this.fullWindows = countFullWindows();
        boolean tailUncovered = fullWindows == 0
                ? recordingFrames > 0
                : startFrameOf(fullWindows - 1) + windowFrames < recordingFrames;
        boolean addPadded = tailPolicy == TailPolicy.PAD && tailUncovered;
        if (addPadded && fullWindows == Integer.MAX_VALUE) {
            throw tooManyWindows();
        }
        this.count = fullWindows + (addPadded ? 1 : 0);
        if (fullWindows == 0 && recordingFrames > 0 && tailPolicy == TailPolicy.DROP) {
            LOG.debug("recording of {} frames is shorter than one window of {} frames: no windows",
                    recordingFrames, windowFrames);
        }
    }

    /**
     * The full windows of a recording ({@link TailPolicy#DROP}).
     *
     * @param spec window length and hop
     * @param sampleRate frames per second, finite and {@code > 0}
     * @param recordingFrames frames in the recording, {@code >= 0}
     * @return the segmenter
     * @throws IllegalArgumentException if the window or hop is shorter than one frame, or the hop
     *     exceeds the window once rounded to frames
     */
    public static Segmenter of(WindowSpec spec, double sampleRate, long recordingFrames) {
        return new Segmenter(spec, sampleRate, recordingFrames, TailPolicy.DROP);
    }

    /**
     * The windows of a recording with a chosen tail policy.
     *
     * @param spec window length and hop
     * @param sampleRate frames per second, finite and {@code > 0}
     * @param recordingFrames frames in the recording, {@code >= 0}
     * @param tailPolicy what to do with the tail that no full window covers
     * @return the segmenter
     * @throws IllegalArgumentException if the window or hop is shorter than one frame, or the hop
     *     exceeds the window once rounded to frames
     */
    public static Segmenter of(
            WindowSpec spec, double sampleRate, long recordingFrames, TailPolicy tailPolicy) {
        return new Segmenter(spec, sampleRate, recordingFrames, tailPolicy);
    }

    /**
     * The window length and hop.
     *
     * @return the spec
     */
    public WindowSpec spec() {
        return spec;
    }

    /**
     * The recording's sample rate.
     *
     * @return frames per second
     */
    public double sampleRate() {
        return sampleRate;
    }

    /**
     * The recording's length.
     *
     * @return frames in the recording
     */
    public long recordingFrames() {
        return recordingFrames;
    }

    /**
     * The recording's length in seconds.
     *
     * @return {@code recordingFrames / sampleRate}
     */
    public double recordingSeconds() {
        return recordingFrames / sampleRate;
    }

    /**
     * The tail policy.
     *
     * @return what happens to the tail no full window covers
     */
    public TailPolicy tailPolicy() {
        return tailPolicy;
    }

    /**
     * Frames per window, the same for every window.
     *
     * @return {@code round(lengthSeconds * sampleRate)}
     */
    public long windowFrames() {
        return windowFrames;
    }

    /**
     * Number of windows.
     *
     * @return how many windows {@link #iterator()} yields
     */
    public int count() {
        return count;
    }

    /**
     * Number of windows that lie wholly inside the recording.
     *
     * @return {@link #count()} minus the padded window, if any
     */
    public int fullWindowCount() {
        return fullWindows;
    }

    /**
     * The start frame of window {@code index}, whether or not that window exists in this recording.
     *
     * @param index window index, {@code >= 0}
     * @return {@code round(index * hopSeconds * sampleRate)}
     */
    public long startFrameOf(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("window index must be >= 0, got " + index);
        }
        return Math.round(index * hopFrames);
    }

    /**
     * One window.
     *
     * @param index window index, {@code 0 <= index < count()}
     * @return the window
     * @throws IndexOutOfBoundsException if there is no such window
     */
    public Window window(int index) {
        Objects.checkIndex(index, count);
        long start = startFrameOf(index);
        return new Window(index, start, start + windowFrames);
    }

    /**
     * A window of the usual length centred on a time, moved if needed to stay inside the recording
     * (it starts at frame 0 at the latest and ends at the recording's end at the earliest; it is
     * padded only when the recording is shorter than one window). It is not one of the regular
     * windows; the caller chooses its index.
     *
     * @param seconds the time to centre on, finite
     * @param index the index to give the window, {@code >= 0}
     * @return the window
     */
    public Window centredOn(double seconds, int index) {
        if (!Double.isFinite(seconds)) {
            throw new IllegalArgumentException("centre time must be finite, got " + seconds);
        }
        long start = Math.round(seconds * sampleRate) - windowFrames / 2;
        long latest = Math.max(0, recordingFrames - windowFrames);
        start = Math.max(0, Math.min(latest, start));
        return new Window(index, start, start + windowFrames);
    }

    /**
     * The windows in order, computed one at a time.
     *
     * @return an iterator over the windows
     */
    @Override
    public Iterator<Window> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < count;
            }

            @Override
            public Window next() {
                if (next >= count) {
                    throw new NoSuchElementException("all " + count + " windows have been returned");
                }
                return window(next++);
            }
        };
    }

    /**
     * The windows in order as a sequential stream, computed one at a time.
     *
     * @return a stream of {@link #count()} windows
     */
    public Stream<Window> stream() {
        return IntStream.range(0, count).mapToObj(this::window);
    }

    /**
     * Spliterator with exact size, for {@link Iterable} consumers.
     *
     * @return a sized, ordered spliterator
     */
    @Override
    public Spliterator<Window> spliterator() {
        return Spliterators.spliterator(iterator(), count,
                Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE);
    }

    /**
     * All windows in a list.
     *
     * @return an unmodifiable list of {@link #count()} windows
     */
    public List<Window> toList() {
        List<Window> list = new ArrayList<>(count);
        for (Window w : this) {
            list.add(w);
        }
        return Collections.unmodifiableList(list);
    }

    @Override
    public String toString() {
        return "Segmenter[" + spec + ", sampleRate=" + sampleRate + ", recordingFrames="
                + recordingFrames + ", tail=" + tailPolicy + ", windows=" + count + "]";
    }

    private int countFullWindows() {
        if (recordingFrames < windowFrames) {
            return 0;
        }
        long lastStart = recordingFrames - windowFrames;
        long k = (long) Math.floor(lastStart / hopFrames);
        // correct the floating estimate so that k is the largest index with start(k) <= lastStart
        while (startFrameOf(k + 1) <= lastStart) {
            k++;
        }
        while (k > 0 && startFrameOf(k) > lastStart) {
            k--;
        }
        long full = k + 1;
        if (full > Integer.MAX_VALUE) {
            throw tooManyWindows();
        }
        return (int) full;
    }

    private IllegalArgumentException tooManyWindows() {
        return new IllegalArgumentException("a recording of " + recordingFrames
                + " frames with a hop of " + hopFrames + " frames has more than "
                + Integer.MAX_VALUE + " windows; use a longer hop");
    }
}
