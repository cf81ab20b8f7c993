package io.bullwatch.models.detect;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import io.bullwatch.core.audio.AudioSource;
import io.bullwatch.core.audio.WavFile;
import io.bullwatch.core.events.EventRule;
import io.bullwatch.core.events.RecordingDetection;
import io.bullwatch.core.events.RecordingDetector;
import io.bullwatch.core.events.SiteDistance;
import io.bullwatch.core.events.WindowScore;
import io.bullwatch.core.window.Segmenter;
import io.bullwatch.core.window.TailPolicy;
import io.bullwatch.core.window.Window;
import io.bullwatch.features.background.BackgroundProfile;
import io.bullwatch.features.background.SiteReference;
import io.bullwatch.features.mel.EdgeMode;
import io.bullwatch.features.mel.MelConfig;
import io.bullwatch.features.mel.MelSpectrogramExtractor;
import io.bullwatch.features.mel.RecordingFrames;
import io.bullwatch.features.pipeline.FeaturePipeline;
import io.bullwatch.features.pipeline.InputNormalisation;
import io.bullwatch.features.pipeline.RecordingInput;
import io.bullwatch.models.backbone.BullNetwork;
import io.bullwatch.models.bundle.InvalidBundleException;
import io.bullwatch.models.bundle.ModelBundle;
import io.bullwatch.models.runtime.NativeAllocator;
import io.bullwatch.models.scoring.FrozenParameters;
import io.bullwatch.models.scoring.WindowScorer;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores every window of a recording with a trained model bundle and merges the flagged windows
 * into events.
 *
 * <p><b>Features</b> are computed exactly as in training ({@code WindowSet.load}): the bundle's
 * {@link MelConfig}, windows of the bundle's {@code WindowSpec} from {@link Segmenter#of(
 * io.bullwatch.core.window.WindowSpec, double, long)} (tail policy {@link TailPolicy#DROP}: full
 * windows), plus one full window ending exactly at the end of the recording when the last of
 * those stops short of it, so no second of the recording goes unscored; a recording shorter than
 * one window has no windows and no events, which is not an error. Then {@link EdgeMode#CONTEXT}
 * and the bundle's {@link InputNormalisation} (per-recording statistics over the full windows, as
 * in training). The
 * scores are the softmax probability of class 1 (bull), as {@code BullTrainer.score} computes
 * them.
 *
 * <p><b>Memory</b> is bounded whatever the recording's length: windows are scored in batches as
 * they come and only one score per window is kept (and the step scores of a {@code compact-sed}
 * network). With {@link InputNormalisation#LINEAR} and
 * {@link InputNormalisation#LOG} windows stream through the extractor. With {@link
 * InputNormalisation#LOG_PER_RECORDING} every mel frame is computed once and kept ({@link
 * RecordingFrames}, already through {@code ln(x + eps)}): the first 64 MiB of float32 frames (at
 * most a quarter of the heap; about 3.4 h at 64 mels, hop 2048, 44.1 kHz) on the heap, the rest
 * in a temporary memory-mapped file in {@code java.io.tmpdir}, deleted when the recording is done
 * or its detection fails or is interrupted. The per-band statistics are accumulated over every
 * full window read back from them (as training does, a frame shared by overlapping windows
 * counting once per window); then the windows are read back again, standardised and scored. The
 * windows are those of {@link MelSpectrogramExtractor#streamWindows} with {@link
 * EdgeMode#CONTEXT}, bit for bit.
 *
 * <p><b>Threads</b>: the calling thread (with {@link DetectorOptions#featureThreads()} - 1 helpers)
 * computes features (with {@code log-per-recording}, all of them before the first forward pass,
 * so the feature and inference threads do not compete); the forward passes run on {@link
 * DetectorOptions#threads()} inference threads ({@link WindowScorer}). Scores do not depend on the
 * number of threads or the batch size beyond float rounding.
 *
 * <p>A detector is safe to use from one thread at a time; {@link #detect} reacts to interruption
 * by throwing an {@link InterruptedIOException} within about one window's feature time. {@link
 * #close()} it to release the native parameters and the inference threads.
 */
public final class Detector implements RecordingDetector, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Detector.class);

    private final ModelBundle bundle;
    private final DetectorOptions options;
    private final EventRule rule;
    private final Model model;
    private final int mels;
    private final int frames;
    private final Map<String, Object> parameters;
    private final WindowScorer scorer;
    /** Set by {@link #close()}: a closed detector refuses work with a clear message. */
    private volatile boolean closed;
    /** Heap bytes for a recording's kept frames (log-per-recording); the rest is spilled. */
    private final long frameBudgetBytes;
    /** Where spilled frames go; null for {@code java.io.tmpdir}. */
    private final Path spillDirectory;
    private volatile long lastSpilledFrames;
    /** The training sites' backgrounds; null for a bundle without them. */
    private final SiteReference reference;
    /** The band statistics of the last recording scored (only kept with a reference). */
    private InputNormalisation.BandScaling lastStatistics;
    /** The training sites' embeddings; null for a bundle without them. */
    private final SiteReference embeddingReference;
    /** Each window's embedding in the last recording scored (only kept with an embedding reference). */
    private float[][] lastEmbeddings;

    private Detector(ModelBundle bundle, DetectorOptions options, Model model, int frames,
            Map<String, Object> parameters, long frameBudgetBytes, Path spillDirectory) {
        this.frameBudgetBytes = frameBudgetBytes;
        this.spillDirectory = spillDirectory;
        this.bundle = bundle;
        this.options = options;
        this.rule = options.rule(bundle.threshold());
        this.model = model;
        this.mels = bundle.pipeline().rows();
        this.frames = frames;
        this.parameters = parameters;
        this.reference = bundle.siteReference().orElse(null);
        this.embeddingReference = bundle.embeddingReference().orElse(null);
        this.scorer = new WindowScorer(model, options.threads(),
                options.batchFor(mels, frames, Runtime.getRuntime().maxMemory()), bundle.pipeline().channels(),
                bundle.mel().nMels(), frames);
    }

    /**
     * Loads a model bundle for detection.
     *
     * @param bundleDir the bundle directory ({@code model.json} and {@code parameters.params})
     * @param options threads, batch size, threshold and event settings
     * @return the detector; close it when done
     * @throws InvalidBundleException if the bundle is missing, cannot be read, is malformed, does
     *     not fit its architecture, its input size does not match its features and windows, or its
     *     parameters are not finite or give a score that is not on a probe window (the message
     *     names the bundle file and says what is wrong)
     * @throws IOException if reading the bundle fails otherwise
     */
    public static Detector load(Path bundleDir, DetectorOptions options) throws IOException {
        // never more than a quarter of the heap (a JVM run with -Xmx64m spills sooner)
        long budget = Math.min(RecordingFrames.DEFAULT_MEMORY_BUDGET_BYTES,
                Runtime.getRuntime().maxMemory() / 4);
        return load(bundleDir, options, budget, null);
    }

    /**
     * {@link #load(Path, DetectorOptions)} with an explicit heap budget for the kept frames of
     * {@link InputNormalisation#LOG_PER_RECORDING} and a spill directory (package-private: tests
     * force spilling with a small budget).
     */
    static Detector load(Path bundleDir, DetectorOptions options, long frameBudgetBytes,
            Path spillDirectory) throws IOException {
        Objects.requireNonNull(bundleDir, "bundleDir");
        if (frameBudgetBytes < 0) {
            throw new IllegalArgumentException("frameBudgetBytes must be >= 0, got " + frameBudgetBytes);
        }
        Objects.requireNonNull(options, "options");
        ModelBundle bundle = ModelBundle.read(bundleDir);
        MelConfig mel = bundle.mel();
        int frames = bundle.windowFrames(bundleDir);
        NativeAllocator.adviseOnce();
        Model model = Model.newInstance("bullwatch-detector");
        try {
            BullNetwork network = bundle.loadNetwork(bundleDir, model.getNDManager());
            model.setBlock(network.block());
            // inference only, for the detector's whole life: never thawed
            FrozenParameters.of(network.block());
            int channels = bundle.pipeline().channels();
            WindowScorer.probe(network.block(), model.getNDManager(), bundleDir, channels, mel.nMels(), frames);
            if (bundle.embeddingReference().isPresent()) {
                int have = bundle.embeddingReference().get().bands();
                int gives = WindowScorer.embeddingSize(network.block(), model.getNDManager(), channels, mel.nMels(),
                        frames);
                if (have != gives) {
                    throw new InvalidBundleException(bundleDir.resolve(ModelBundle.MODEL_JSON), "field 'training."
                            + ModelBundle.EMBEDDING + "': profiles of " + have + " dimensions, the network's"
                            + " embeddings have " + gives);
                }
            }
            Map<String, Object> parameters = DetectorParameters.of(bundleDir, bundle, options);
            LOG.info("loaded {} ({} width {}, {} parameters, {} normalisation); {}", bundleDir,
                    bundle.backbone().cliName(), bundle.options().width(), bundle.parameterCount(),
                    bundle.normalisation().cliName(), options.rule(bundle.threshold()).describe());
            return new Detector(bundle, options, model, (int) frames, parameters, frameBudgetBytes,
                    spillDirectory);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Checks a bundle as far as it can be checked without building its network, and returns the
     * {@link #parameters()} a detector loaded from it would have: {@code model.json} read and
     * validated ({@link ModelBundle#read}), the network's input against one window of its features,
     * and {@value ModelBundle#PARAMETERS} hashed and compared with the SHA-256 {@code model.json} was
     * saved with, so a missing, truncated, replaced or corrupted parameters file is refused. No
     * PyTorch: for a process that only ships the bundle to others that load it (a Spark driver).
     * What it cannot see is what only the built network shows (a parameter count that does not fit
     * the architecture, embedding profiles of another length than its embeddings, parameters saved so
     * that they overflow to a score that is not a number on the probe window); {@link #load} still
     * refuses those. A bundle saved before BullWatch recorded the hash is loaded in full instead.
     *
     * @param bundleDir the bundle directory
     * @param options the options a detector would run with
     * @return the parameters, as {@link #parameters()} documents them
     * @throws InvalidBundleException naming the file and what is wrong, as {@link #load} does
     * @throws IOException if reading the bundle fails otherwise
     */
    public static Map<String, Object> verify(Path bundleDir, DetectorOptions options) throws IOException {
        Objects.requireNonNull(bundleDir, "bundleDir");
        Objects.requireNonNull(options, "options");
        ModelBundle bundle = ModelBundle.read(bundleDir);
        bundle.windowFrames(bundleDir);
        Optional<String> saved = ModelBundle.savedParametersSha256(bundleDir);
        if (saved.isEmpty()) {
            try (Detector d = load(bundleDir, options)) {
                return d.parameters();
            }
        }
        Path file = bundleDir.resolve(ModelBundle.PARAMETERS);
        if (!Files.isRegularFile(file)) {
            throw new InvalidBundleException(file, "missing; a model bundle holds " + ModelBundle.MODEL_JSON + " and "
                    + ModelBundle.PARAMETERS);
        }
        Map<String, Object> parameters = DetectorParameters.of(bundleDir, bundle, options);
        String actual = (String) parameters.get("parametersSha256");
        if (!actual.equals(saved.get())) {
            throw ModelBundle.replacedParameters(file, actual, saved.get());
        }
        return parameters;
    }

    /** @return the bundle's metadata */
    public ModelBundle bundle() {
        return bundle;
    }

    /** @return the options this detector runs with */
    public DetectorOptions options() {
        return options;
    }

    /** @return the event rule in use (its threshold is the override or the bundle's) */
    public EventRule rule() {
        return rule;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Keys, in order: {@code detector}, {@code backbone}, {@code width}, {@code adapter}, {@code
     * parameterCount}, {@code parametersSha256}, {@code modelJsonSha256}, {@code threshold}, {@code
     * thresholdSource} ({@code bundle} or {@code override}), {@code eventRule} ({@link
     * EventRule#describe()}), {@code mel} ({@link MelConfig#toJson()}), {@code windowSeconds},
     * {@code hopSeconds}, {@code tailPolicy}, {@code edgeMode}, {@code normalisation}. Threads and
     * batch size are left out: they do not change the outputs.
     */
    @Override
    public Map<String, Object> parameters() {
        return parameters;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The bundle's validation flagged share at its calibrated threshold ({@code
     * metrics.validation.flaggedFraction} of {@code model.json}); empty with a threshold override
     * or a bundle without it.
     */
    @Override
    public OptionalDouble expectedFlaggedShare() {
        if (options.thresholdOverride().isPresent()
                || !(bundle.metrics().get("validation") instanceof Map<?, ?> validation)
                || !(validation.get("flaggedFraction") instanceof Number share)
                || !(share.doubleValue() >= 0 && share.doubleValue() <= 1)) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(share.doubleValue());
    }

    @Override
    public RecordingDetection detect(Path file, Progress progress) throws IOException {
        try (AudioSource source = WavFile.open(file)) {
            return detect(source, file.getFileName().toString(), progress);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Detects bulls in any audio source, streaming it once from start to end (the source must
     * also allow reads at its start and end for padding, as every {@link AudioSource} does).
     *
     * @param source the recording at the bundle's sample rate; not closed (but an interrupt that
     *     arrives while a file-backed source such as {@link WavFile}'s is being read closes its
     *     channel, as Java's {@code FileChannel} does; a thread interrupted before the call gets the
     *     exception below without a read)
     * @param name the recording's name, used in messages and in the result
     * @param progress told how far the detection has come
     * @return every full window's score and the events
     * @throws IOException if the source cannot be read, or its sample rate differs from the
     *     bundle's (the message names the recording and both rates)
     * @throws InterruptedIOException if the calling thread is interrupted
     */
    public RecordingDetection detect(AudioSource source, String name, Progress progress)
            throws IOException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(progress, "progress");
        WindowScorer.checkInterrupted(name);
        double seconds = (double) source.frames() / source.sampleRate();
        lastStatistics = null;
        lastEmbeddings = null;
        float[] scores;
        try {
            scores = scoreWindows(source, name, progress);
        } catch (java.nio.channels.ClosedByInterruptException e) {
            // the interrupt reached a file read first: the same cancellation, reported as one
            InterruptedIOException interrupted = WindowScorer.interrupted(name);
            interrupted.initCause(e);
            throw interrupted;
        }
        InputNormalisation.BandScaling statistics = lastStatistics;
        float[][] embeddings = lastEmbeddings;
        lastEmbeddings = null;
        List<Window> scored = bundle.pipeline().scoredWindows(source.sampleRate(), source.frames());
        List<WindowScore> windows = new ArrayList<>(scores.length);
        for (int i = 0; i < scores.length; i++) {
            Window w = scored.get(i);
            windows.add(new WindowScore(w.startSeconds(source.sampleRate()),
                    w.endSeconds(source.sampleRate()), scores[i]));
        }
        RecordingDetection detection = RecordingDetection.of(name, seconds, windows, rule);
        if (reference != null && statistics != null) {
            SiteDistance distance = reference.assess(BackgroundProfile.of(statistics));
            detection = detection.withBackground(distance);
            LOG.debug("{}: background distance {} (typical {}, nearest site {})", name, distance.distance(),
                    distance.typical(), distance.nearestSite());
        }
        if (embeddingReference != null && embeddings != null && embeddings.length > 0) {
            SiteDistance distance = embeddingReference.assess(BackgroundProfile.ofRows(Arrays.asList(embeddings)));
            detection = detection.withEmbedding(distance);
            LOG.debug("{}: embedding distance {} (typical {}, nearest site {})", name, distance.distance(),
                    distance.typical(), distance.nearestSite());
        }
        LOG.debug("{}: {} windows, {} flagged, {} events", name, windows.size(),
                detection.flaggedWindows(), detection.events().size());
        return detection;
    }

    /**
     * The bull probability of every window of a source, in window order: window {@code i} of
     * {@link Segmenter#of(io.bullwatch.core.window.WindowSpec, double, long)} with the bundle's
     * window spec, then, when those stop short of the end, one window ending at the end.
     *
     * @param source the recording at the bundle's sample rate; not closed
     * @return one score per window; empty when the source is shorter than one window
     * @throws IOException if the source cannot be read or has another sample rate
     */
    public float[] scoreWindows(AudioSource source) throws IOException {
        return scoreWindows(source, "audio source", Progress.NONE);
    }

    /** Frames of the last detection that went to a temporary file (package-private, for tests). */
    long lastSpilledFrames() {
        return lastSpilledFrames;
    }

    /** The model's manager (package-private: tests count its live arrays). */
    NDManager manager() {
        return model.getNDManager();
    }

    /** Hands the inference threads back and frees the model's native memory. */
    @Override
    public void close() {
        closed = true;
        scorer.close();
        model.close();
    }

    // ----------------------------------------------------------------------------------------

    private float[] scoreWindows(AudioSource source, String name, Progress progress)
            throws IOException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(name, "name");
        if (closed) {
            throw new IllegalStateException("the detector of " + bundle.backbone().cliName()
                    + " is closed; load another with Detector.load");
        }
        MelConfig mel = bundle.mel();
        if (source.sampleRate() != mel.sampleRate()) {
            throw new IOException(name + " is sampled at " + source.sampleRate()
                    + " Hz, but the model's features need " + mel.sampleRate()
                    + " Hz; resample the recording (or use a model trained at its rate)");
        }
        FeaturePipeline pipeline = bundle.pipeline();
        List<Window> windows = pipeline.scoredWindows(source.sampleRate(), source.frames());
        int count = windows.size();
        float[] scores = new float[count];
        float[][] steps = bundle.backbone().framewise() ? new float[count][] : null;
        float[][] embeddings = embeddingReference != null ? new float[count][] : null;
        if (count == 0) {
            LOG.info("{}: shorter than one {} s window, no windows scored", name,
                    bundle.window().lengthSeconds());
            return scores;
        }
        double total = (double) source.frames() / source.sampleRate();
        double rate = source.sampleRate();
        long started = System.nanoTime();
        long spilled = 0;
        try (MelSpectrogramExtractor extractor = pipeline.extractor(options.featureThreads())) {
            if (!pipeline.streams()) {
                spilled = scoreTwoPass(extractor, source, name, windows, scores, steps, embeddings, progress, total);
            } else {
                WindowScorer.Batches batches = scorer.batches(name, windows.size(), scores, steps, embeddings);
                int grid = pipeline.statisticsGrid(rate, source.frames()).count();
                InputNormalisation.BandAccumulator acc = reference == null ? null
                        : new InputNormalisation.BandAccumulator(mels);
                try {
                    extractor.streamWindows(source, windows, EdgeMode.CONTEXT, (w, m) -> {
                        WindowScorer.checkInterrupted(name);
                        float[] v = m.values();
                        checkSize(w, v.length);
                        pipeline.normaliseStreamed(v);
                        if (acc != null && w.index() < grid) {
                            acc.add(v);
                        }
                        batches.put(w, v);
                        if (batches.submitted()) {
                            progress.update(Math.min(total, w.endSeconds(rate)), total);
                        }
                    });
                    batches.finish();
                } finally {
                    batches.cancelPending();
                }
                if (acc != null && acc.count() > 0) {
                    lastStatistics = acc.finish();
                }
            }
        } catch (InterruptedIOException e) {
            // the extractor's own (from its worker threads) does not name the recording
            if (e.getMessage() != null && e.getMessage().contains(name)) {
                throw e;
            }
            InterruptedIOException named = WindowScorer.interrupted(name);
            named.initCause(e);
            throw named;
        }
        lastSpilledFrames = spilled;
        lastEmbeddings = embeddings;
        if (steps != null) {
            WindowScorer.aggregate(windows, rate, bundle.window().lengthSeconds(), steps, scores);
        }
        progress.update(total, total);
        double elapsed = (System.nanoTime() - started) / 1e9;
        LOG.info("{}: {} windows in {} s ({}x real time)", name, count,
                String.format(Locale.ROOT, "%.2f", elapsed),
                String.format(Locale.ROOT, "%.0f", total / Math.max(elapsed, 1e-9)));
        return scores;
    }

    /**
     * {@link InputNormalisation#LOG_PER_RECORDING}: the recording's input is prepared first
     * ({@link FeaturePipeline#prepare}: every frame computed once and kept, on the heap up to the
     * budget and the rest in a temporary memory-mapped file, and the per-band statistics over the
     * full windows, as in training); then every window is read back, normalised, and scored.
     *
     * @return the number of frames that went to the temporary file
     */
    private long scoreTwoPass(MelSpectrogramExtractor extractor, AudioSource source, String name,
            List<Window> windows, float[] scores, float[][] steps, float[][] embeddings, Progress progress,
            double total)
            throws IOException {
        FeaturePipeline pipeline = bundle.pipeline();
        double rate = source.sampleRate();
        int hop = pipeline.mel().hop();
        long t0 = System.nanoTime();
        try (RecordingInput input = pipeline.prepare(extractor, source, frameBudgetBytes, spillDirectory,
                (first, n, block) -> {
                    WindowScorer.checkInterrupted(name);
                    double done = Math.min(total, (first + n) * (double) hop / rate);
                    progress.update(0.45 * done, total);
                })) {
            if (reference != null) {
                lastStatistics = input.bandStatistics().orElse(null);
            }
            progress.update(0.5 * total, total);
            long t1 = System.nanoTime();
            WindowScorer.Batches batches = scorer.batches(name, windows.size(), scores, steps, embeddings);
            try {
                for (Window w : windows) {
                    WindowScorer.checkInterrupted(name);
                    checkSize(w, input.windowFrames(w) * mels);
                    float[] buffer = batches.slot(w);
                    input.read(w, buffer, batches.offset());
                    batches.commit(w);
                    if (batches.submitted()) {
                        progress.update(0.5 * (total + Math.min(total, w.endSeconds(rate))), total);
                    }
                }
                batches.finish();
            } finally {
                batches.cancelPending();
            }
            if (LOG.isDebugEnabled()) {
                long t2 = System.nanoTime();
                LOG.debug("{}: frames and statistics {} s ({} of {} frames in a temporary file),"
                        + " scoring {} s", name, seconds(t1 - t0), input.spilledFrames(), input.frames(),
                        seconds(t2 - t1));
            }
            return input.spilledFrames();
        }
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }

    private void checkSize(Window w, int values) {
        if (values != mels * frames) {
            throw new IllegalStateException("window " + w.index() + " has " + values
                    + " values, expected " + mels * frames);
        }
    }
}
