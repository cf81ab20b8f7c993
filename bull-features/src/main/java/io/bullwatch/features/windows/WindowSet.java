package io.bullwatch.features.windows;

import io.bullwatch.core.annotation.Annotation;
import io.bullwatch.core.audio.AudioSource;
import io.bullwatch.core.audio.WavFile;
import io.bullwatch.core.corpus.CorpusRecording;
import io.bullwatch.core.window.LabelRule;
import io.bullwatch.core.window.LabelledWindow;
import io.bullwatch.core.window.Segmenter;
import io.bullwatch.core.window.Window;
import io.bullwatch.core.window.WindowLabeller;
import io.bullwatch.core.window.WindowLabelling;
import io.bullwatch.core.window.WindowSpec;
import io.bullwatch.features.background.BackgroundProfile;
import io.bullwatch.features.background.SiteReference;
import io.bullwatch.features.cache.CachedFeatures;
import io.bullwatch.features.cache.FeatureCache;
import io.bullwatch.features.mel.EdgeMode;
import io.bullwatch.features.mel.MelSpectrogramExtractor;
import io.bullwatch.features.mel.Pcen;
import io.bullwatch.features.mel.RecordingFrames;
import io.bullwatch.features.pipeline.FeaturePipeline;
import io.bullwatch.features.pipeline.InputNormalisation;
import io.bullwatch.features.pipeline.RecordingInput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Labelled, normalised mel windows: the features of window {@code i} (a {@code mels x frames} array
 * in torchaudio's layout), whether it holds a bull, and where it comes from. Ambiguous windows are
 * left out.
 *
 * <p>A set is either made of windows already computed ({@link #WindowSet the constructor}) or
 * {@linkplain #load loaded} from recordings. A loaded set keeps each recording's mel frames once
 * ({@link RecordingInput}) and cuts a window's values from them when {@link #features} asks, so
 * the windows may overlap as densely as wanted (a training hop of 1 s over 15 s windows, say)
 * without holding 15 copies of every frame. Close a loaded set to delete the temporary file of a
 * recording whose frames did not fit the heap budget ({@link #FRAME_BUDGET_BYTES}); the garbage
 * collector frees the rest.
 */
public final class WindowSet implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WindowSet.class);

    /** Heap bytes of one recording's frames held by a loaded set; the rest is spilled to a file. */
    public static final long FRAME_BUDGET_BYTES = 512L << 20;

    /** Reads one window's values (a fresh array, or the stored one for a computed set). */
    private interface Reader {
        float[] read(int index);
    }

    private final int channels;
    private final int mels;
    private final int frames;
    private final int size;
    private final Reader reader;
    private final boolean[] bulls;
    private final float[][] spans;
    private final double[] starts;
    private final double windowSeconds;
    private final List<String> recordings;
    private final List<String> sites;
    private final List<RecordingInput> owned;
    private final RawFrames raw;
    private final List<SiteReference.Recording> profiles;

    /**
     * What a loaded set keeps to mix windows in the power domain: each recording's raw mel power
     * (a second input of the same frames, without normalisation), its normalised input (for its
     * band statistics), and each window's place.
     */
    private record RawFrames(FeaturePipeline pipeline, List<RecordingInput> raw, List<RecordingInput> normalised,
            Window[] at, int[] owner) {
    }

    /**
     * Wraps windows already computed.
     *
     * @param mels mel bands per window
     * @param frames frames per window
     * @param features one {@code mels * frames} array per window (not copied)
     * @param bulls whether each window holds a bull
     * @param recordings each window's recording name
     * @param sites each window's site
     * @throws IllegalArgumentException if sizes disagree
     */
    public WindowSet(int mels, int frames, List<float[]> features, boolean[] bulls,
            List<String> recordings, List<String> sites) {
        this(mels, frames, features, bulls, Collections.nCopies(features.size(), null), recordings,
                sites);
    }

    /**
     * Wraps windows already computed, with where in each window its bulls lie (for frame targets).
     *
     * @param mels mel bands per window
     * @param frames frames per window
     * @param features one {@code mels * frames} array per window (not copied)
     * @param bulls whether each window holds a bull
     * @param bullSpans per window, the parts of the window its bulls cover as {@code start, end}
     *     pairs in fractions of the window, within {@code [0, 1]} (see {@link #bullSpans}); an
     *     entry may be null where they are unknown
     * @param recordings each window's recording name
     * @param sites each window's site
     * @throws IllegalArgumentException if sizes disagree or a span is malformed
     */
    public WindowSet(int mels, int frames, List<float[]> features, boolean[] bulls,
            List<float[]> bullSpans, List<String> recordings, List<String> sites) {
        this(1, mels, frames, features, bulls, bullSpans, recordings, sites);
    }

    /**
     * Wraps windows already computed of an input with several channels (multi-rate PCEN, say):
     * each window's rows are the channels one after the other, each {@code mels / channels} mel
     * bands.
     *
     * @param channels input channels, {@code >= 1}, dividing {@code mels}
     * @param mels rows per window, every channel's mel bands
     * @param frames frames per window
     * @param features one {@code mels * frames} array per window (not copied)
     * @param bulls whether each window holds a bull
     * @param bullSpans per window, the parts of the window its bulls cover (see {@link
     *     #WindowSet(int, int, List, boolean[], List, List, List)}); an entry may be null
     * @param recordings each window's recording name
     * @param sites each window's site
     * @throws IllegalArgumentException if sizes disagree, a span is malformed, or the channels do
     *     not divide the rows
     */
    public WindowSet(int channels, int mels, int frames, List<float[]> features, boolean[] bulls,
            List<float[]> bullSpans, List<String> recordings, List<String> sites) {
        this(channels, mels, frames, features.size(), checked(mels, frames, features)::get, bulls,
                checkedSpans(bullSpans, features.size()), null, Double.NaN, recordings, sites,
                List.of(), null, List.of());
    }

    private WindowSet(int channels, int mels, int frames, int size, Reader reader, boolean[] bulls,
            float[][] spans, double[] starts, double windowSeconds, List<String> recordings, List<String> sites,
            List<RecordingInput> owned, RawFrames raw, List<SiteReference.Recording> profiles) {
        if (mels < 1 || frames < 1) {
            throw new IllegalArgumentException("mels and frames must be >= 1, got " + mels + "x" + frames);
        }
        if (channels < 1 || mels % channels != 0) {
            throw new IllegalArgumentException(channels + " channels do not divide " + mels + " rows");
        }
        if (bulls.length != size || recordings.size() != size || sites.size() != size) {
            throw new IllegalArgumentException("features, labels, recordings and sites must have the same"
                    + " size, got " + size + ", " + bulls.length + ", " + recordings.size() + ", " + sites.size());
        }
        this.channels = channels;
        this.mels = mels;
        this.frames = frames;
        this.size = size;
        this.reader = reader;
        this.bulls = bulls.clone();
        this.spans = spans;
        this.starts = starts;
        this.windowSeconds = windowSeconds;
        this.recordings = List.copyOf(recordings);
        this.sites = List.copyOf(sites);
        this.owned = List.copyOf(owned);
        this.raw = raw;
        this.profiles = List.copyOf(profiles);
    }

    private static float[][] checkedSpans(List<float[]> spans, int size) {
        if (spans.size() != size) {
            throw new IllegalArgumentException("bull spans must be given for every window: got "
                    + spans.size() + " for " + size + " windows");
        }
        float[][] out = new float[size][];
        for (int i = 0; i < size; i++) {
            float[] s = spans.get(i);
            if (s == null) {
                continue;
            }
            if (s.length % 2 != 0) {
                throw new IllegalArgumentException("window " + i + ": bull spans are start, end pairs;"
                        + " got " + s.length + " values");
            }
            for (int k = 0; k < s.length; k += 2) {
                if (!(s[k] >= 0 && s[k] <= s[k + 1] && s[k + 1] <= 1)) {
                    throw new IllegalArgumentException("window " + i + ": bull span " + s[k] + ".."
                            + s[k + 1] + " is not an interval within [0, 1]");
                }
            }
            out[i] = s.clone();
        }
        return out;
    }

    private static List<float[]> checked(int mels, int frames, List<float[]> features) {
        List<float[]> copy = List.copyOf(features);
        for (float[] f : copy) {
            if (f.length != (long) mels * frames) {
                throw new IllegalArgumentException("every window must hold " + mels + "x" + frames
                        + " values, got " + f.length);
            }
        }
        return copy;
    }

    /** @return whether this set keeps raw mel power for {@link #mixInto} */
    public boolean mixable() {
        return raw != null;
    }

    /**
     * One window mixed into another window's background in the power domain, as the network would
     * see it had both sounds happened at the second window's place: the first window's raw mel power,
     * scaled by {@code g0 * 10^(gainDb / 10)}, is added to the second's, with {@code g0} the ratio of
     * their median powers (so that at 0 dB the first window's background sits at the second's level
     * and its sounds keep their height above it); then the pipeline's normalisation runs on the sum
     * as it runs on a recording (PCEN from up to four time constants of context before both windows,
     * so that its smoother has settled), and the second window's recording statistics standardise it.
     * The training bull of one site, over another site's torrent or rain at a chosen level.
     *
     * @param window the window to mix in (a bull window, say)
     * @param background the window whose background it is mixed into
     * @param gainDb the level of the mixed-in window in dB, relative to the level match
     * @return {@code mels * frames} values, mel-major, as {@link #features} gives them
     * @throws IllegalStateException if the set keeps no raw frames ({@link #mixable()})
     */
    public float[] mixInto(int window, int background, double gainDb) {
        if (raw == null) {
            throw new IllegalStateException("this set keeps no raw frames to mix; load it with keepRaw");
        }
        Objects.checkIndex(window, size);
        Objects.checkIndex(background, size);
        FeaturePipeline p = raw.pipeline();
        long hop = p.mel().hop();
        double longest = p.pcenChannels().stream().mapToDouble(Pcen::timeConstantSeconds).max().orElse(0);
        long wantContext = p.normalisation().pcen()
                ? (long) Math.ceil(4 * longest * p.mel().sampleRate() / hop) * hop : 0;
        Window wa = raw.at()[window];
        Window wb = raw.at()[background];
        long context = Math.min(wantContext, Math.min(wa.startFrame() / hop * hop, wb.startFrame() / hop * hop));
        Window xa = new Window(wa.index(), wa.startFrame() - context, wa.endFrame());
        Window xb = new Window(wb.index(), wb.startFrame() - context, wb.endFrame());
        RecordingInput rawA = raw.raw().get(raw.owner()[window]);
        RecordingInput rawB = raw.raw().get(raw.owner()[background]);
        float[] a = rawA.read(xa);
        float[] b = rawB.read(xb);
        int n = rawA.windowFrames(xa);
        if (rawB.windowFrames(xb) != n || a.length != b.length) {
            throw new IllegalStateException("windows of different lengths cannot be mixed");
        }
        int bands = p.mels();
        double g = median(b) / Math.max(median(a), 1e-30) * Math.pow(10, gainDb / 10);
        float[] fm = new float[a.length];
        for (int m = 0; m < bands; m++) {
            for (int j = 0; j < n; j++) {
                fm[j * bands + m] = (float) (g * a[m * n + j] + b[m * n + j]);
            }
        }
        RecordingFrames.ValueTransform t = p.normalisation().frameTransform(p.mel(), p.pcenChannels());
        int rows = p.rows();
        if (t != null && t.channels() > 1) {
            float[] expanded = new float[n * rows];
            t.expand(fm, n, bands, expanded);
            fm = expanded;
        } else if (t != null) {
            t.apply(fm, 0, fm.length);
        }
        int f = n - (int) (context / hop);
        float[] out = new float[rows * f];
        for (int m = 0; m < rows; m++) {
            for (int k = 0; k < f; k++) {
                out[m * f + k] = fm[(n - f + k) * rows + m];
            }
        }
        raw.normalised().get(raw.owner()[background]).bandScaling().ifPresent(s -> s.apply(out));
        return out;
    }

    private static double median(float[] v) {
        float[] c = v.clone();
        Arrays.sort(c);
        return c.length == 0 ? 0 : c[c.length / 2];
    }

    /**
     * Loads, labels and normalises every window of some recordings on the pipeline's own grid,
     * leaving out ambiguous windows: {@link #load(List, FeaturePipeline, double, LabelRule, int)}
     * with the pipeline's hop.
     *
     * @param recordings the recordings, for example one split of a corpus
     * @param pipeline the features, windows and normalisation
     * @param rule the label rule (its ambiguous band, if any, marks windows to leave out)
     * @param threads FFT threads
     * @return the windows, in recording order then time order; close it when done
     * @throws IOException if a recording cannot be read
     */
    public static WindowSet load(List<CorpusRecording> recordings, FeaturePipeline pipeline,
            LabelRule rule, int threads) throws IOException {
        return load(recordings, pipeline, pipeline.window().hopSeconds(), rule, threads);
    }

    /**
     * Loads, labels and normalises windows of the pipeline's length every {@code hopSeconds},
     * leaving out ambiguous windows. Each recording is read once and its values come from {@link
     * FeaturePipeline#prepare}, as the detector's do: the same frames ({@link
     * MelSpectrogramExtractor#streamWindows} with {@link EdgeMode#CONTEXT}, bit for bit) and, for
     * per-recording normalisation, the same statistics (over the full windows of the pipeline's
     * own grid, ambiguous ones included), whatever {@code hopSeconds} is: a denser hop offers more
     * positions of each sound to learn from (every bull at the start, middle and end of a window)
     * without changing what a window's values are.
     *
     * @param recordings the recordings, for example one split of a corpus
     * @param pipeline the features, windows and normalisation
     * @param hopSeconds seconds between the starts of the windows offered, {@code > 0}
     * @param rule the label rule (its ambiguous band, if any, marks windows to leave out)
     * @param threads FFT threads
     * @return the windows, in recording order then time order; close it when done
     * @throws IOException if a recording cannot be read (naming it)
     * @throws IllegalArgumentException if the hop is not a positive number of seconds, or is
     *     shorter than one sample or longer than the window
     */
    public static WindowSet load(List<CorpusRecording> recordings, FeaturePipeline pipeline,
            double hopSeconds, LabelRule rule, int threads) throws IOException {
        return load(recordings, pipeline, hopSeconds, rule, threads, null, FRAME_BUDGET_BYTES, null, false);
    }

    /**
     * {@link #load(List, FeaturePipeline, double, LabelRule, int)} with each recording's frames
     * taken from a feature cache, and computed into it on a miss: a second load of the same
     * recordings computes no feature, and gives the same windows bit for bit ({@link
     * FeaturePipeline#prepare(CachedFeatures, double, long, long, Path)}).
     *
     * @param recordings the recordings
     * @param pipeline the features, windows and normalisation
     * @param hopSeconds seconds between the starts of the windows offered, {@code > 0}
     * @param rule the label rule
     * @param threads FFT threads (for a cache miss, the cache's own)
     * @param cache a float32 cache of the pipeline's features, or null to compute every frame
     * @return the windows; close it when done
     * @throws IOException if a recording cannot be read or the cache cannot be written
     */
    public static WindowSet load(List<CorpusRecording> recordings, FeaturePipeline pipeline,
            double hopSeconds, LabelRule rule, int threads, FeatureCache cache) throws IOException {
        return load(recordings, pipeline, hopSeconds, rule, threads, cache, FRAME_BUDGET_BYTES, null, false);
    }

    /**
     * {@link #load(List, FeaturePipeline, double, LabelRule, int, FeatureCache)} that also keeps
     * each recording's raw mel power, so that windows can be mixed into other windows'
     * backgrounds in the power domain ({@link #mixInto}). The raw frames are a second copy of the
     * recordings' frames (read from the cache when there is one).
     *
     * @param recordings the recordings
     * @param pipeline the features, windows and normalisation
     * @param hopSeconds seconds between the starts of the windows offered, {@code > 0}
     * @param rule the label rule
     * @param threads FFT threads
     * @param cache a float32 cache of the pipeline's features, or null to compute every frame
     * @param keepRaw whether to keep the raw frames
     * @return the windows; close it when done
     * @throws IOException if a recording cannot be read or the cache cannot be written
     */
    public static WindowSet load(List<CorpusRecording> recordings, FeaturePipeline pipeline,
            double hopSeconds, LabelRule rule, int threads, FeatureCache cache, boolean keepRaw) throws IOException {
        return load(recordings, pipeline, hopSeconds, rule, threads, cache, FRAME_BUDGET_BYTES, null, keepRaw);
    }

    /**
     * {@link #load(List, FeaturePipeline, double, LabelRule, int, FeatureCache)} with a chosen heap
     * budget per recording and spill folder (package-private: tests spill on purpose).
     */
    static WindowSet load(List<CorpusRecording> recordings, FeaturePipeline pipeline,
            double hopSeconds, LabelRule rule, int threads, FeatureCache cache, long frameBudgetBytes,
            Path spillDirectory) throws IOException {
        return load(recordings, pipeline, hopSeconds, rule, threads, cache, frameBudgetBytes, spillDirectory, false);
    }

    private static WindowSet load(List<CorpusRecording> recordings, FeaturePipeline pipeline,
            double hopSeconds, LabelRule rule, int threads, FeatureCache cache, long frameBudgetBytes,
            Path spillDirectory, boolean keepRaw) throws IOException {
        Objects.requireNonNull(pipeline, "pipeline");
        WindowSpec spec = pipeline.window();
        WindowSpec offered = WindowSpec.of(spec.lengthSeconds(), hopSeconds);
        int nMels = pipeline.rows();
        List<RecordingInput> stores = new ArrayList<>();
        List<RecordingInput> rawStores = new ArrayList<>();
        FeaturePipeline rawPipeline = FeaturePipeline.of(pipeline.mel(), spec, InputNormalisation.LINEAR);
        List<Window> windows = new ArrayList<>();
        List<Integer> owners = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        List<float[]> spanList = new ArrayList<>();
        List<Double> startList = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> siteNames = new ArrayList<>();
        List<SiteReference.Recording> profiles = new ArrayList<>();
        int frames = -1;
        boolean done = false;
        try (MelSpectrogramExtractor extractor = pipeline.extractor(threads)) {
            for (CorpusRecording r : recordings) {
                double rate = r.audio().sampleRate();
                long length = r.audio().frames();
                Segmenter seg = Segmenter.of(offered, rate, length);
                if (seg.count() == 0) {
                    LOG.info("{}: shorter than one window ({} s), no windows", r.name(),
                            spec.lengthSeconds());
                    continue;
                }
                RecordingInput input;
                if (cache != null) {
                    CachedFeatures cached = cache.open(r.recording());
                    input = pipeline.prepare(cached, rate, length, frameBudgetBytes, spillDirectory);
                } else {
                    try (AudioSource source = WavFile.open(r.recording())) {
                        input = pipeline.prepare(extractor, source, frameBudgetBytes, spillDirectory, null);
                    }
                }
                stores.add(input);
                input.bandStatistics().ifPresent(b -> profiles.add(new SiteReference.Recording(r.site(), r.name(),
                        BackgroundProfile.of(b))));
                if (keepRaw) {
                    if (cache != null) {
                        rawStores.add(rawPipeline.prepare(cache.open(r.recording()), rate, length, frameBudgetBytes,
                                spillDirectory));
                    } else {
                        try (AudioSource source = WavFile.open(r.recording())) {
                            rawStores.add(rawPipeline.prepare(extractor, source, frameBudgetBytes, spillDirectory, null));
                        }
                    }
                }
                WindowLabelling labelling = WindowLabeller.of(rule).label(seg, r.events());
                int kept = 0;
                int bullCount = 0;
                for (LabelledWindow lw : labelling.windows()) {
                    if (lw.extra() || !lw.label().isTrainable()) {
                        continue;
                    }
                    frames = input.windowFrames(lw.window());
                    windows.add(lw.window());
                    owners.add(stores.size() - 1);
                    labels.add(lw.label().isBull());
                    spanList.add(spans(lw.window().startSeconds(rate), spec.lengthSeconds(), r.events()));
                    startList.add(lw.window().startSeconds(rate));
                    names.add(r.name());
                    siteNames.add(r.site());
                    kept++;
                    bullCount += lw.label().isBull() ? 1 : 0;
                }
                LOG.info("{}: {} windows every {} s ({} bull, {} left out)", r.name(), kept,
                        hopSeconds, bullCount, seg.count() - kept);
            }
            done = true;
        } finally {
            if (!done) {
                closeAll(stores);
                closeAll(rawStores);
            }
        }
        boolean[] bulls = new boolean[labels.size()];
        for (int i = 0; i < bulls.length; i++) {
            bulls[i] = labels.get(i);
        }
        if (frames < 0) {
            frames = pipeline.windowFrames();
        }
        int[] owner = owners.stream().mapToInt(Integer::intValue).toArray();
        Window[] at = windows.toArray(new Window[0]);
        Reader reader = i -> stores.get(owner[i]).read(at[i]);
        List<RecordingInput> owning = new ArrayList<>(stores);
        owning.addAll(rawStores);
        return new WindowSet(pipeline.channels(), nMels, frames, at.length, reader, bulls, spanList.toArray(new float[0][]),
                startList.stream().mapToDouble(Double::doubleValue).toArray(), spec.lengthSeconds(),
                names, siteNames, owning, keepRaw ? new RawFrames(pipeline, List.copyOf(rawStores), List.copyOf(stores),
                        at, owner) : null, profiles);
    }

    /**
     * The parts of a window that events cover, in fractions of the window, in event order.
     *
     * @param start the window's start in seconds
     * @param length the window's length in seconds
     * @param events the recording's events, sorted by start
     * @return {@code start, end} pairs within {@code [0, 1]}; null (unknown) when a point event
     *     (no duration) lies in the window, since it says that a bull is there but not how long
     */
    static float[] spans(double start, double length, List<Annotation> events) {
        double end = start + length;
        float[] out = new float[0];
        for (Annotation e : events) {
            if (e.start() > end) {
                break;
            }
            if (e.end() == e.start() && e.start() >= start) {
                return null;
            }
            double from = Math.max(e.start(), start);
            double to = Math.min(e.end(), end);
            if (to > from) {
                out = Arrays.copyOf(out, out.length + 2);
                out[out.length - 2] = (float) Math.min(1, (from - start) / length);
                out[out.length - 1] = (float) Math.min(1, (to - start) / length);
            }
        }
        return out;
    }

    private static void closeAll(List<RecordingInput> stores) throws IOException {
        IOException first = null;
        for (RecordingInput f : stores) {
            try {
                f.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * Deletes the temporary files of a loaded set's spilled frames (if any); {@link #features}
     * must not be called afterwards. Does nothing for a set of computed windows. Idempotent.
     *
     * @throws IOException if a file cannot be deleted
     */
    @Override
    public void close() throws IOException {
        closeAll(owned);
    }

    /** @return the number of windows */
    public int size() {
        return size;
    }

    /** @return the input channels (several for multi-rate PCEN; 1 otherwise) */
    public int channels() {
        return channels;
    }

    /**
     * @return rows per window: the mel bands, times the {@linkplain #channels() channels} (each
     *     channel's bands one after the other)
     */
    public int mels() {
        return mels;
    }

    /** @return frames per window */
    public int frames() {
        return frames;
    }

    /**
     * The features of one window (the seam for a disk cache: the trainer reads only this). Safe
     * from several threads.
     *
     * @param index the window
     * @return its {@code mels * frames} values: the stored array of a set of computed windows, a
     *     fresh one cut from the frames of a loaded set; do not modify
     * @throws IndexOutOfBoundsException if there is no such window
     */
    public float[] features(int index) {
        Objects.checkIndex(index, size);
        return reader.read(index);
    }

    /**
     * Whether a window holds a bull.
     *
     * @param index the window
     * @return its label
     */
    public boolean isBull(int index) {
        return bulls[index];
    }

    /**
     * Where in a window its bulls lie, for frame targets: the parts of the window that annotated
     * events cover, as {@code start, end} pairs in fractions of the window's length ({@code 0} its
     * start, {@code 1} its end), in event order; pairs may overlap. Empty for a window without
     * any event in it.
     *
     * @param index the window
     * @return a copy of the pairs, or empty when the set does not know them (windows computed
     *     without spans)
     */
    public Optional<float[]> bullSpans(int index) {
        float[] s = spans[index];
        return s == null ? Optional.empty() : Optional.of(s.clone());
    }

    /**
     * Where a window starts in its recording, for sets loaded from recordings (the trainer scores
     * a {@code compact-sed} network's windows together with their neighbours, see {@link
     * io.bullwatch.core.events.StepAggregation}). Windows of one recording come in order of
     * start.
     *
     * @param index the window
     * @return its start in seconds, or empty for a set of computed windows
     */
    public OptionalDouble startSeconds(int index) {
        Objects.checkIndex(index, size);
        return starts == null ? OptionalDouble.empty() : OptionalDouble.of(starts[index]);
    }

    /** @return the windows' length in seconds, or empty for a set of computed windows */
    public OptionalDouble windowSeconds() {
        return Double.isNaN(windowSeconds) ? OptionalDouble.empty() : OptionalDouble.of(windowSeconds);
    }

    /** @return a copy of all labels */
    public boolean[] bulls() {
        return bulls.clone();
    }

    /** @return the number of bull windows */
    public int bullCount() {
        int n = 0;
        for (boolean b : bulls) {
            n += b ? 1 : 0;
        }
        return n;
    }

    /**
     * The recording of a window.
     *
     * @param index the window
     * @return the recording's name
     */
    public String recording(int index) {
        return recordings.get(index);
    }

    /**
     * The site of a window.
     *
     * @param index the window
     * @return the site's name
     */
    public String site(int index) {
        return sites.get(index);
    }

    /** @return the distinct sites, in order of first appearance */
    public Set<String> sites() {
        return new LinkedHashSet<>(sites);
    }

    /**
     * The background profile of each loaded recording with at least one window, with its site, in
     * load order: what a model trained on this set saw ({@link SiteReference}).
     *
     * @return the profiles; empty for a set of windows computed elsewhere
     */
    public List<SiteReference.Recording> profiles() {
        return profiles;
    }

    /** @return the distinct recordings, in order of first appearance */
    public Set<String> recordingNames() {
        return new LinkedHashSet<>(recordings);
    }
}
