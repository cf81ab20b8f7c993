package io.bullwatch.models.adapt;

import ai.djl.Model;
import io.bullwatch.core.annotation.Annotation;
import io.bullwatch.core.annotation.AnnotationSet;
import io.bullwatch.core.audio.AudioSource;
import io.bullwatch.core.audio.WavFile;
import io.bullwatch.core.calibrate.Calibration;
import io.bullwatch.core.calibrate.ThresholdRule;
import io.bullwatch.core.compose.Clip;
import io.bullwatch.core.compose.ComposeSource;
import io.bullwatch.core.compose.NightComposer;
import io.bullwatch.core.compose.SiteBackground;
import io.bullwatch.core.corpus.Corpus;
import io.bullwatch.core.corpus.CorpusRecording;
import io.bullwatch.core.corpus.CorpusSplits;
import io.bullwatch.core.corpus.ManifestEntry;
import io.bullwatch.core.corpus.Split;
import io.bullwatch.core.evaluate.CrossValidation.SiteResult;
import io.bullwatch.core.events.RecordingDetection;
import io.bullwatch.core.events.RecordingDetector;
import io.bullwatch.core.events.SiteDistance;
import io.bullwatch.core.events.WindowScore;
import io.bullwatch.core.io.FileTrees;
import io.bullwatch.core.io.IoErrors;
import io.bullwatch.core.io.Sha256;
import io.bullwatch.core.text.TextFiles;
import io.bullwatch.core.window.LabelRule;
import io.bullwatch.features.background.SiteReference;
import io.bullwatch.features.cache.FeatureCache;
import io.bullwatch.features.pipeline.FeaturePipeline;
import io.bullwatch.features.resample.Resampling;
import io.bullwatch.features.windows.WindowSet;
import io.bullwatch.models.backbone.BullNetwork;
import io.bullwatch.models.bundle.BundleJson;
import io.bullwatch.models.bundle.ModelBundle;
import io.bullwatch.models.detect.Detector;
import io.bullwatch.models.detect.DetectorOptions;
import io.bullwatch.models.train.BullTrainer;
import io.bullwatch.models.train.DetectorTraining;
import io.bullwatch.models.train.HardNegatives;
import io.bullwatch.models.train.Imbalance;
import io.bullwatch.models.train.SplitScores;
import io.bullwatch.models.train.StopMetric;
import io.bullwatch.models.train.TrainedDetector;
import io.bullwatch.models.train.TrainerConfig;
import io.bullwatch.models.train.TrainingAugmentation;
import io.bullwatch.models.train.TrainingFiles;
import io.bullwatch.models.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts a trained detector to a new site from the site's own unlabelled audio: the library call
 * behind {@code bull adapt}.
 *
 * <p><b>How.</b> (1) The parent bundle scores every window of the new site's recordings; the
 * highest-scoring share of them ({@link Builder#optExcludeTop}, 5 % by default), where the site's
 * own unlabelled bulls most likely are, is kept out of what follows (with {@link
 * Builder#optExcludeFlagged}, every window the parent flags too, for busy nights). (2) Nights are composed
 * ({@link NightComposer}) with the new site's recordings, less those stretches, as their bed, and
 * bulls cut out of the training corpus (with half a second of context) mixed in at random times at
 * 0 to 15 dB above the bed: labelled nights with the new site's background. (3) The parent is
 * fine-tuned on the first two thirds of them (with the training corpus's own recordings beside them,
 * so that it keeps what it knew) and its threshold calibrated, with the parent's rule, on the last
 * third (at least one night), which it never trains on; an expert's verdicts on nights of the site
 * ({@link #adapt(List, List, List, Path, Path, Listener)}) are fine-tuned on and, by default, calibrated
 * on beside that third. (4) It never silently makes things worse:
 * when the fine-tuned network ranks the calibration nights worse than the parent (average
 * precision), the parent's network is kept with the threshold calibrated on the new site; when they
 * hold fewer than {@value #MIN_BULL_WINDOWS} bull windows, the parent is kept as it is.
 *
 * <p>The feature pipeline, and with it the per-recording normalisation, is the parent's: each
 * recording's statistics are estimated on that recording, so the new site's are its own. The
 * report ({@link Adapted#report()}) says what was used and decided, the parent's and the adapted
 * model's figures on the calibration nights, and the recall by SNR of the bulls mixed into them: an
 * estimate, without any label of the new site, of how the model hears bulls over that background.
 *
 * <pre>{@code
 * Adaptation adaptation = Adaptation.builder(parentDir, trainingCorpus.recordings()).build();
 * Adapted adapted = adaptation.adapt(newSiteFiles, List.of(), outDir, workDir, Adaptation.Listener.NONE);
 * ModelBundle bundle = adapted.bundle();
 * }</pre>
 */
public final class Adaptation {

    private static final Logger LOG = LoggerFactory.getLogger(Adaptation.class);

    /** Bull windows the calibration nights must hold for their threshold to be used. */
    public static final int MIN_BULL_WINDOWS = 20;
    /** Level of the composed beds, dB re full scale (the per-recording normalisation removes it). */
    static final double BED_DB = -30;
    /** Seconds of context cut with each training bull. */
    static final double BULL_MARGIN = 0.5;
    /** Shortest and longest bed segment, seconds. */
    static final double MIN_SEGMENT = 10;
    static final double MAX_SEGMENT = 60;
    /**
     * The largest share of the new site's windows kept out of the beds when the parent flags more
     * ({@link Builder#optExcludeFlagged}): the rest, the lowest-scoring, stay the beds.
     */
    public static final double MAX_EXCLUDED = 0.5;
    /** Windows per forward pass when a model scores a split. */
    static final int SCORE_BATCH = 32;

    /** Told of each step; the training's progress comes through {@link TrainingListener}. */
    public interface Listener extends TrainingListener {
        /** A listener that ignores everything. */
        Listener NONE = new Listener() {
        };

        /** @param message what the adaptation is doing, one line */
        default void onStep(String message) {
        }
    }

    /**
     * The adapted bundle (saved) and what was done.
     *
     * @param bundle the saved bundle
     * @param adaptedNetwork whether the bundle holds the fine-tuned network (false: the parent's)
     * @param report what was used, decided and measured ({@code adaptation.json})
     * @param parentTest the parent's scores of the labelled recordings given, at the parent's threshold
     * @param adaptedTest the adapted bundle's scores of them, at its threshold
     */
    public record Adapted(ModelBundle bundle, boolean adaptedNetwork, Map<String, Object> report,
            Optional<SiteResult> parentTest, Optional<SiteResult> adaptedTest) {
    }

    private final Path parent;
    private final List<CorpusRecording> training;
    private final double hours;
    private final double nightSeconds;
    private final double bullsPerHour;
    private final double snrLow;
    private final double snrHigh;
    private final double excludeTop;
    private final boolean excludeFlagged;
    private final boolean keepTraining;
    private final int epochs;
    private final double learningRate;
    private final int epochWindows;
    private final double averaging;
    private final long seed;
    private final int threads;
    private final Path featureCache;
    private final boolean verdictsCalibrate;

    private Adaptation(Builder b) {
        this.parent = b.parent;
        this.training = List.copyOf(b.training);
        this.hours = b.hours;
        this.nightSeconds = b.nightSeconds;
        this.bullsPerHour = b.bullsPerHour;
        this.snrLow = b.snrLow;
        this.snrHigh = b.snrHigh;
        this.excludeTop = b.excludeTop;
        this.excludeFlagged = b.excludeFlagged;
        this.keepTraining = b.keepTraining;
        this.epochs = b.epochs;
        this.learningRate = b.learningRate;
        this.epochWindows = b.epochWindows;
        this.averaging = b.averaging;
        this.seed = b.seed;
        this.threads = b.threads;
        this.featureCache = b.featureCache;
        this.verdictsCalibrate = b.verdictsCalibrate;
    }

    /**
     * A builder.
     *
     * @param parentBundle the trained bundle to adapt
     * @param training the annotated recordings the bulls are cut from, and that the fine-tuning
     *     keeps training on (usually the parent's training corpus)
     * @return the builder
     */
    public static Builder builder(Path parentBundle, List<CorpusRecording> training) {
        return new Builder(parentBundle, training);
    }

    /**
     * Adapts the parent to the site of {@code audio} and saves the new bundle in {@code out}.
     *
     * @param audio the new site's recordings (WAV, any rate and channel count); a file that cannot
     *     be used is left out and named in the report, and the adaptation refuses when none is left
     * @param labelled annotated recordings of the new site to score the parent and the adapted
     *     bundle on (for example a simulation's test nights), or empty; never used to adapt
     * @param out the new bundle's folder (created)
     * @param work a folder for the composed nights (created; the caller deletes it)
     * @param listener told of each step
     * @return the adapted bundle and the report
     * @throws IOException if the parent bundle, a training recording or the work folder cannot be
     *     read or written
     * @throws IllegalArgumentException if no audio file is usable, the training recordings hold no
     *     annotated bull, or the parent does not fit
     */
    public Adapted adapt(List<Path> audio, List<CorpusRecording> labelled, Path out, Path work, Listener listener)
            throws IOException {
        return adapt(audio, List.of(), labelled, out, work, listener);
    }

    /**
     * {@link #adapt(List, List, Path, Path, Listener)} with an expert's verdicts on detections of the
     * new site: each reviewed night is trained on beside the composed nights, its confirmed
     * detections as bulls, its rejected ones and its undetected stretches as windows without a bull,
     * its unsure and unjudged detections left out ({@link ReviewedNight}); by default its judged
     * windows also join the composed calibration nights that set the threshold ({@link
     * Builder#optVerdictsCalibrate}).
     *
     * @param audio the new site's recordings
     * @param reviewed nights of the new site with verdicts, or empty
     * @param labelled annotated recordings of the new site to score on, or empty
     * @param out the new bundle's folder (created)
     * @param work a folder for the composed nights (created; the caller deletes it)
     * @param listener told of each step
     * @return the adapted bundle and the report
     * @throws IOException if a file cannot be read or written
     * @throws IllegalArgumentException as {@link #adapt(List, List, Path, Path, Listener)}, or when one
     *     recording has verdicts twice (two reviewed nights of the same file)
     */
    public Adapted adapt(List<Path> audio, List<ReviewedNight> reviewed, List<CorpusRecording> labelled, Path out,
            Path work, Listener listener) throws IOException {
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(reviewed, "reviewed");
        Objects.requireNonNull(labelled, "labelled");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(listener, "listener");
        if (epochs == 0 && !reviewed.isEmpty()) {
            throw new IllegalArgumentException("epochs 0 recalibrates the parent's threshold only, and verdicts are"
                    + " used by fine-tuning: give at least 1 epoch with reviewed nights");
        }
        Map<Path, Path> reviewedFiles = new java.util.HashMap<>();
        for (ReviewedNight n : reviewed) {
            Path was = reviewedFiles.put(FileTrees.identity(n.recording()), n.recording());
            if (was != null) {
                // refused before any work: two sets of labels for one night cannot both be trained on
                throw new IllegalArgumentException("the recording " + n.recording() + " has verdicts twice (as "
                        + was + " too): give each night's verdicts once (one --reviewed folder per night)");
            }
        }
        long started = System.nanoTime();
        ModelBundle pb = ModelBundle.read(parent);
        FeaturePipeline pipeline = pb.pipeline();
        int rate = pipeline.mel().sampleRate();
        ThresholdRule rule = parentRule(pb);
        List<AudioSource> opened = new ArrayList<>();
        try {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("parent", parentProvenance(pb));
            report.put("options", describe(!reviewed.isEmpty()));
            List<Map<String, Object>> used = new ArrayList<>();
            List<Map<String, Object>> skipped = new ArrayList<>();
            List<ComposeSource> sources = usableAudio(audio, rate, pipeline, opened, used, skipped);
            listener.onStep(String.format(Locale.ROOT, "%d recordings of the new site (%.1f h)%s", sources.size(),
                    used.stream().mapToDouble(m -> (Double) m.get("seconds")).sum() / 3600,
                    skipped.isEmpty() ? "" : ", " + skipped.size() + " left out"));
            report.put("audio", used);
            report.put("skipped", skipped);
            List<ComposeSource> beds = leaveOutSuspects(sources, report, listener);
            List<Clip> bulls = Clip.annotatedBulls(training, BULL_MARGIN,
                    f -> Resampling.openMono(f, rate, opened),
                    r -> r.site() + "/" + r.name());
            if (bulls.isEmpty()) {
                throw new IllegalArgumentException("the training recordings hold no annotated bull with a duration"
                        + " to mix into the new site's audio");
            }
            Composed composed = compose(beds, bulls, rate, work, report, listener);
            List<CorpusRecording> verdictNights = reviewedRecordings(reviewed, pipeline.window().lengthSeconds(),
                    verdictsCalibrate, report, listener);
            List<CorpusRecording> verdictCalibration = verdictsCalibrate
                    ? calibrationViews(verdictNights, work.resolve("reviewed-calibration")) : List.of();
            return train(pb, rule, composed, verdictNights, verdictCalibration, labelled, out, report, listener,
                    started);
        } finally {
            for (AudioSource a : opened) {
                a.close();
            }
        }
    }

    /**
     * Every option that shapes an adaptation from audio alone, in a fixed order (for records and the
     * keys of resumable runs); the verdicts' option is left out, as it has no effect without them.
     *
     * @return for example {@code hours 1.5, bulls/h 60, snr 0..15 dB, ...}
     * @see #describe(boolean)
     */
    public String describe() {
        return describe(false);
    }

    /**
     * Every option, in a fixed order (for records and the keys of resumable runs), the verdicts'
     * option named when there are verdicts and it is on.
     *
     * @param withVerdicts whether the adaptation is given an expert's verdicts
     * @return for example {@code hours 1.5, bulls/h 60, snr 0..15 dB, ..., verdicts calibrate too}
     */
    public String describe(boolean withVerdicts) {
        return String.format(Locale.ROOT, "hours %s, nights of %s s, bulls/h %s, snr %s..%s dB, exclude top %s,"
                + " keep training %s, epochs %d, lr %s, epoch windows %d, seed %d%s", hours, nightSeconds, bullsPerHour,
                snrLow, snrHigh, excludeTop, keepTraining, epochs, learningRate, epochWindows, seed,
                withVerdicts && verdictsCalibrate ? ", verdicts calibrate too" : "")
                // named only when set, so that the keys of runs from before the options stay valid
                + (averaging > 0 ? ", average " + averaging : "")
                + (excludeFlagged ? ", exclude flagged" : "");
    }

    /** The value at {@code q} of sorted scores (the lowest at or above that share of them). */
    private static double quantile(float[] sorted, double q) {
        int k = (int) Math.floor(q * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, k))];
    }

    /** The nights composed for the adaptation, and the bulls mixed into each calibration night. */
    private record Composed(Corpus corpus, Map<String, List<NightComposer.Event>> calibrationBulls) {
    }

    private static ThresholdRule parentRule(ModelBundle pb) {
        try {
            return ThresholdRule.parse(pb.thresholdRule());
        } catch (IllegalArgumentException e) {
            ThresholdRule fallback = ThresholdRule.averageRecall().smooth();
            LOG.info("the parent's threshold rule '{}' is not a rule of its own; calibrating with {}",
                    pb.thresholdRule(), fallback);
            return fallback;
        }
    }

    private Map<String, Object> parentProvenance(ModelBundle pb) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bundle", parent.toAbsolutePath().toString());
        m.put("modelJsonSha256", Sha256.hex(parent.resolve(ModelBundle.MODEL_JSON)));
        m.put("parametersSha256", Sha256.hex(parent.resolve(ModelBundle.PARAMETERS)));
        m.put("threshold", pb.threshold());
        m.put("thresholdRule", pb.thresholdRule());
        return m;
    }

    /** Opens each file as mono at the parent's rate; a file that cannot be used is recorded and left out. */
    private List<ComposeSource> usableAudio(List<Path> audio, int rate, FeaturePipeline pipeline,
            List<AudioSource> opened, List<Map<String, Object>> used, List<Map<String, Object>> skipped) {
        List<ComposeSource> out = new ArrayList<>();
        double window = pipeline.window().lengthSeconds();
        for (Path f : audio) {
            String reason;
            try {
                AudioSource a = Resampling.openMono(f, rate, opened);
                double seconds = a.frames() / (double) a.sampleRate();
                if (seconds < Math.max(window, 2 * MIN_SEGMENT)) {
                    reason = String.format(Locale.ROOT, "%.1f s long; a recording to adapt on must hold at least"
                            + " %.0f s", seconds, Math.max(window, 2 * MIN_SEGMENT));
                } else {
                    ComposeSource s = new ComposeSource(f.toString(), a, List.of());
                    SiteBackground.of(f.toString(), List.of(s), BED_DB); // refuses a silent recording
                    out.add(s);
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("file", f.toAbsolutePath().toString());
                    m.put("seconds", seconds);
                    used.add(m);
                    continue;
                }
            } catch (IOException e) {
                reason = IoErrors.reason(e); // "no such file or folder", not the file's name again
            } catch (IllegalArgumentException e) {
                reason = e.getMessage() == null ? e.toString() : e.getMessage();
            }
            LOG.warn("{}: left out of the adaptation: {}", f, reason);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", f.toAbsolutePath().toString());
            m.put("reason", reason);
            skipped.add(m);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no usable audio of the new site: " + (skipped.isEmpty()
                    ? "no file given" : skipped.stream().map(m -> m.get("file") + " (" + m.get("reason") + ")")
                            .reduce((a, b) -> a + "; " + b).orElse("")));
        }
        return out;
    }


    /**
     * The parent scores every window; the windows at or above the score of the top {@code
     * excludeTop} share become stretches the beds avoid.
     */
    private List<ComposeSource> leaveOutSuspects(List<ComposeSource> sources, Map<String, Object> report,
            Listener listener) throws IOException {
        listener.onStep("scoring the new site's audio with the parent");
        List<List<WindowScore>> windows = new ArrayList<>();
        double threshold;
        Map<String, SiteDistance> bands = new LinkedHashMap<>();
        Map<String, SiteDistance> embeddings = new LinkedHashMap<>();
        try (Detector d = Detector.load(parent, DetectorOptions.defaults().withThreads(threads))) {
            threshold = d.rule().threshold();
            for (ComposeSource s : sources) {
                RecordingDetection det = d.detect(s.audio(), s.name(), RecordingDetector.Progress.NONE);
                windows.add(det.windows());
                det.background().ifPresent(b -> bands.put(s.name(), b));
                det.embedding().ifPresent(b -> embeddings.put(s.name(), b));
            }
        }
        reportDistances("background", "background", bands, report, listener);
        reportDistances("embedding", "background as the parent's network sees it (embeddings)", embeddings, report,
                listener);
        int count = windows.stream().mapToInt(List::size).sum();
        float[] all = new float[count];
        int at = 0;
        for (List<WindowScore> ws : windows) {
            for (WindowScore w : ws) {
                all[at++] = w.score();
            }
        }
        double cut = Double.POSITIVE_INFINITY;
        float[] sorted = all.clone();
        Arrays.sort(sorted);
        if (excludeTop > 0 && all.length > 0) {
            cut = quantile(sorted, 1 - excludeTop);
        }
        long flagged = 0;
        for (float v : all) {
            flagged += v >= threshold ? 1 : 0;
        }
        boolean capped = false;
        if (excludeFlagged && flagged > 0) {
            // every window the parent flags: on a busy night the site's own bulls fill far more than
            // the top share; but never more than MAX_EXCLUDED of the site (a parent flooded by the
            // new background flags windows without bulls)
            capped = flagged > MAX_EXCLUDED * all.length;
            cut = Math.min(cut, capped ? quantile(sorted, 1 - MAX_EXCLUDED) : threshold);
        }
        List<ComposeSource> out = new ArrayList<>();
        long left = 0;
        for (int i = 0; i < sources.size(); i++) {
            List<Annotation> avoid = new ArrayList<>();
            for (WindowScore w : windows.get(i)) {
                if (w.score() >= cut) {
                    avoid.add(new Annotation(w.start(), w.end(), "suspect"));
                    left++;
                }
            }
            ComposeSource s = sources.get(i);
            out.add(new ComposeSource(s.name(), s.audio(), avoid));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("windows", all.length);
        m.put("share", excludeTop);
        m.put("flagged", excludeFlagged);
        m.put("parentFlagged", flagged);
        m.put("parentThreshold", threshold);
        m.put("score", Double.isInfinite(cut) ? null : cut);
        m.put("leftOut", left);
        report.put("excluded", m);
        String which = !excludeFlagged ? String.format(Locale.ROOT, "the parent's top %.0f %%", 100 * excludeTop)
                : capped ? String.format(Locale.ROOT, "the parent flags %.1f %% of them, so its top %.0f %% only",
                        100.0 * flagged / all.length, 100 * MAX_EXCLUDED)
                : String.format(Locale.ROOT, "the parent's top %.0f %% and the %.1f %% it flags", 100 * excludeTop,
                        100.0 * flagged / Math.max(1, all.length));
        listener.onStep(String.format(Locale.ROOT, "%d of %d windows left out of the beds (%s, score >= %.3f),"
                + " where the site's own bulls most likely are", left, all.length, which,
                Double.isInfinite(cut) ? Double.NaN : cut));
        if (capped) {
            LOG.warn("the parent flags {} of {} windows of the new site (more than {} %): only its top {} % are left"
                    + " out of the beds, so bulls of the site may be among them", flagged, all.length,
                    Math.round(100 * MAX_EXCLUDED), Math.round(100 * MAX_EXCLUDED));
        }
        return out;
    }

    /** Composes the nights: the first two thirds to train on, the rest (at least one) to calibrate on. */
    private Composed compose(List<ComposeSource> beds, List<Clip> bulls, int rate, Path work,
            Map<String, Object> report, Listener listener) throws IOException {
        SiteBackground bed = SiteBackground.of("new site", beds, BED_DB);
        int nights = Math.max(2, (int) Math.ceil(hours * 3600 / nightSeconds - 1e-9));
        Path dir = work.resolve("corpus");
        Files.createDirectories(dir);
        List<String> manifest = new ArrayList<>();
        manifest.add("recording,site,split,seconds,bulls");
        Map<String, List<NightComposer.Event>> calibrationBulls = new LinkedHashMap<>();
        // recalibrating only (no fine-tuning): every composed night calibrates
        int calibrationNights = epochs == 0 ? nights : Math.max(1, nights / 3);
        int bullCount = 0;
        for (int n = 1; n <= nights; n++) {
            boolean calibration = n > nights - calibrationNights;
            NightComposer.Settings settings = new NightComposer.Settings(rate, nightSeconds, bullsPerHour, 0, snrLow,
                    snrHigh, 1, MIN_SEGMENT, MAX_SEGMENT);
            NightComposer night = NightComposer.plan(settings, bed, bulls, List.of(), seed * 1_000_003L + n);
            String site = calibration ? "adapt-calibration" : "adapt";
            String name = String.format(Locale.ROOT, "%s/%s-night%02d", site, site, n);
            night.write(dir.resolve(name));
            manifest.add(String.format(Locale.ROOT, "%s.wav,%s,%s,%.6f,%d", name, site,
                    calibration ? "validation" : "train", nightSeconds, night.bulls().size()));
            bullCount += night.bulls().size();
            if (calibration) {
                calibrationBulls.put(name + ".wav", night.events().stream().filter(e -> e.kind().equals("bull")).toList());
            }
            listener.onStep(String.format(Locale.ROOT, "composed %s: %d bulls from the training corpus over the new"
                    + " site's audio (%s)", name, night.bulls().size(), calibration ? "calibration" : "training"));
        }
        TextFiles.writeAtomically(dir.resolve("manifest.csv"), w -> w.write(String.join("\n", manifest) + "\n"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nights", nights);
        m.put("nightSeconds", nightSeconds);
        m.put("trainingNights", nights - calibrationNights);
        m.put("calibrationNights", calibrationNights);
        m.put("bulls", bullCount);
        m.put("bullClips", bulls.size());
        m.put("bullsPerHour", bullsPerHour);
        m.put("snrDb", List.of(snrLow, snrHigh));
        m.put("seed", seed);
        report.put("composed", m);
        return new Composed(Corpus.load(dir.resolve("manifest.csv")), calibrationBulls);
    }

    /** The calibration nights' windows as the parent scores them. */
    private record Night(float[] parentScores, boolean[] bulls, float[] starts, String[] recordings,
            double windowSeconds, Map<String, List<NightComposer.Event>> mixedIn,
            Optional<Map<String, Object>> parentCounting) {
        int bullWindows() {
            int n = 0;
            for (boolean b : bulls) {
                n += b ? 1 : 0;
            }
            return n;
        }
    }

    /** The reviewed nights as recordings to train on, their labels from the verdicts. */
    private static List<CorpusRecording> reviewedRecordings(List<ReviewedNight> reviewed, double window,
            boolean calibrate, Map<String, Object> report, Listener listener) throws IOException {
        if (reviewed.isEmpty()) {
            return List.of();
        }
        List<CorpusRecording> out = new ArrayList<>();
        List<Map<String, Object>> nights = new ArrayList<>();
        int confirmed = 0;
        int rejected = 0;
        int unsure = 0;
        int line = 1;
        for (ReviewedNight n : reviewed) {
            io.bullwatch.core.audio.AudioInfo info = WavFile.info(n.recording());
            List<Annotation> events = n.labels(info.frames() / (double) info.sampleRate(), window);
            ManifestEntry entry = new ManifestEntry(line++, n.recording().getFileName().toString(), n.recording(),
                    "reviewed", Optional.of(Split.TRAIN), java.util.OptionalInt.empty());
            out.add(new CorpusRecording(entry, Optional.empty(), info,
                    AnnotationSet.of(n.recording().toString(), events)));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("recording", n.recording().toAbsolutePath().toString());
            m.put("confirmed", n.confirmed());
            m.put("rejected", n.rejectedCount());
            m.put("unsure", n.unsure());
            m.put("unsureOrUnjudged", n.unjudged().size());
            nights.add(m);
            confirmed += n.confirmed();
            rejected += n.rejectedCount();
            unsure += n.unsure();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("nights", nights);
        m.put("confirmed", confirmed);
        m.put("rejected", rejected);
        m.put("unsure", unsure);
        m.put("calibrate", calibrate);
        report.put("verdicts", m);
        listener.onStep(String.format(Locale.ROOT, "%d verdicts on %d nights: %d bulls and %d not bulls trained on as the"
                + " new site's own windows%s, %d unsure left out", confirmed + rejected + unsure, reviewed.size(),
                confirmed, rejected, calibrate ? " and calibrated on beside the composed calibration nights" : "",
                unsure));
        return out;
    }

    /**
     * The reviewed nights once more, for the calibration split: each recording is linked (or, on a
     * file system without links, copied) into {@code dir} and named apart, because a split check
     * refuses one recording in two splits; here training and calibrating on the same verdicts is
     * meant.
     */
    private static List<CorpusRecording> calibrationViews(List<CorpusRecording> verdictNights, Path dir)
            throws IOException {
        List<CorpusRecording> out = new ArrayList<>();
        if (verdictNights.isEmpty()) {
            return out;
        }
        Files.createDirectories(dir);
        int k = 0;
        for (CorpusRecording r : verdictNights) {
            Path view = dir.resolve(String.format(Locale.ROOT, "%03d-%s", k++, r.recording().getFileName()));
            Files.deleteIfExists(view);
            try {
                Files.createSymbolicLink(view, r.recording().toAbsolutePath());
            } catch (IOException | UnsupportedOperationException e) {
                LOG.debug("no link for {} ({}); copying it", r.recording(), e.toString());
                Files.copy(r.recording(), view);
            }
            ManifestEntry e = new ManifestEntry(r.entry().line(), r.name() + "-cal", view, "reviewed-calibration",
                    Optional.of(Split.VALIDATION), java.util.OptionalInt.empty());
            out.add(new CorpusRecording(e, Optional.empty(), r.audio(), r.annotations()));
        }
        return out;
    }

    /**
     * The adaptation's label rule: {@code base} for every event but the stretches of {@link
     * ReviewedNight#UNJUDGED}, whose windows are ambiguous (left out).
     */
    private record VerdictLabels(LabelRule base) implements LabelRule {
        @Override
        public io.bullwatch.core.window.WindowLabel label(double ws, double we, Annotation event) {
            boolean overlaps = Math.min(we, event.end()) - Math.max(ws, event.start()) > 0;
            if (event.label().equals(ReviewedNight.CONFIRMED)) {
                boolean holds = ws <= event.start() && event.end() <= we;
                return holds ? io.bullwatch.core.window.WindowLabel.BULL : overlaps
                        ? io.bullwatch.core.window.WindowLabel.AMBIGUOUS : io.bullwatch.core.window.WindowLabel.NO_BULL;
            }
            if (event.label().equals(ReviewedNight.UNJUDGED)) {
                return overlaps ? io.bullwatch.core.window.WindowLabel.AMBIGUOUS
                        : io.bullwatch.core.window.WindowLabel.NO_BULL;
            }
            return base.label(ws, we, event);
        }

        @Override
        public String toString() {
            return base + "; reviewed nights: a window holding a confirmed detection, windows near rejected"
                    + " ones without a bull, the rest left out";
        }
    }

    private Adapted train(ModelBundle pb, ThresholdRule rule, Composed composed, List<CorpusRecording> verdictNights,
            List<CorpusRecording> verdictCalibration, List<CorpusRecording> labelled, Path out,
            Map<String, Object> report, Listener listener, long started) throws IOException {
        FeaturePipeline pipeline = pb.pipeline();
        Map<Split, List<CorpusRecording>> by = new EnumMap<>(Split.class);
        List<CorpusRecording> calibration = new ArrayList<>();
        List<CorpusRecording> train = new ArrayList<>();
        for (CorpusRecording r : composed.corpus().recordings()) {
            (r.site().equals("adapt") ? train : calibration).add(r);
        }
        train.addAll(verdictNights);
        calibration.addAll(verdictCalibration);
        if (keepTraining) {
            train.addAll(training);
        }
        by.put(Split.TRAIN, train);
        by.put(Split.VALIDATION, calibration);
        if (!labelled.isEmpty()) {
            by.put(Split.TEST, labelled);
        }
        FeatureCache cache = featureCache == null ? null : FeatureCache.builder().setDirectory(featureCache)
                .setConfig(pipeline.mel()).optThreads(threads).build();
        LabelRule labels = LabelRule.minOverlapSeconds(1).withAmbiguousOverlapAbove(0);
        double hop = pipeline.window().hopSeconds();
        try (Model parentModel = Model.newInstance("parent")) {
            BullNetwork parentNet = pb.loadNetwork(parent, parentModel.getNDManager());
            parentModel.setBlock(parentNet.block());
            Night night;
            List<SiteReference.Recording> parentViewOfCalibration;
            try (WindowSet cal = WindowSet.load(calibration, pipeline, hop, new VerdictLabels(labels), threads,
                    cache)) {
                parentViewOfCalibration = BullTrainer.embeddingProfiles(parentModel, cal, hop);
                float[] starts = new float[cal.size()];
                String[] recordings = new String[cal.size()];
                for (int i = 0; i < cal.size(); i++) {
                    starts[i] = (float) cal.startSeconds(i).orElse(Double.NaN);
                    recordings[i] = cal.recording(i);
                }
                float[] parentScores = BullTrainer.score(parentModel, cal, SCORE_BATCH);
                night = new Night(parentScores, cal.bulls(), starts, recordings,
                        cal.windowSeconds().orElse(Double.NaN), composed.calibrationBulls(),
                        DetectorTraining.countingCalibration(cal, new SplitScores(List.of("adapt-calibration"),
                                parentScores, cal.bulls(), 0.5)));
            }
            float[] parentTest = null;
            boolean[] testBulls = null;
            if (!labelled.isEmpty()) {
                try (WindowSet test = WindowSet.load(labelled, pipeline, hop, labels, threads, cache)) {
                    parentTest = BullTrainer.score(parentModel, test, SCORE_BATCH);
                    testBulls = test.bulls();
                }
            }
            if (night.bullWindows() < MIN_BULL_WINDOWS) {
                String decision = String.format(Locale.ROOT, "kept the parent as it is: the calibration nights hold"
                        + " %d bull windows, fewer than the %d a threshold needs (compose more hours or bulls per"
                        + " hour)", night.bullWindows(), MIN_BULL_WINDOWS);
                return finish(pb, rule, out, report, listener, started, night, night.parentScores(), pb.threshold(),
                        false, decision, parentTest, parentTest, testBulls, parentNet, pb.training(), 0, 0);
            }
            if (epochs == 0) {
                String decision = String.format(Locale.ROOT, "recalibrated: the parent's network with a threshold"
                        + " calibrated on the new site's %d composed nights (nothing fine-tuned)",
                        composed.calibrationBulls().size());
                return finish(pb, rule, out, report, listener, started, night, night.parentScores(),
                        Calibration.of(rule, night.parentScores(), night.bulls()).threshold(), false, decision,
                        parentTest, parentTest, testBulls, parentNet,
                        parentKept(pb, pb.training(), night, parentViewOfCalibration), 0, 0);
            }
            int mels = pipeline.mels();
            int frames = pipeline.windowFrames();
            TrainerConfig config = TrainerConfig.builder().optLearningRate(learningRate).optMicroBatch(16)
                    .optAccumulation(2).optEpochs(epochs).optPatience(epochs).optWindowsPerEpoch(epochWindows)
                    .optStopMetric(StopMetric.AVERAGE_RECALL).optImbalance(Imbalance.BALANCED_SAMPLER).optSeed(seed)
                    .optAugmentation(pipeline.normalisation().perRecording()
                            ? TrainingAugmentation.defaults(mels, frames) : TrainingAugmentation.none())
                    .optHardNegatives(HardNegatives.of(0.5)).optAveraging(averaging).build();
            DetectorTraining training = DetectorTraining.builder(pipeline).optBackbone(pb.backbone(), pb.options())
                    .optParent(parent).optConfig(config).optThresholdRule(rule).optThreads(threads)
                    .optLabelRule(new VerdictLabels(labels), "min-overlap 1.0 s, less than that ambiguous;"
                            + " reviewed nights: a window holding a confirmed detection is a bull window, one near"
                            + " rejected detections only is not, the rest are left out")
                    .optFeatureCache(featureCache).optProvenance("adaptedFrom", parent.toAbsolutePath().toString())
                    .build();
            listener.onStep(String.format(Locale.ROOT, "fine-tuning the parent for %d epochs of %d windows at lr %s%s",
                    epochs, epochWindows, learningRate, keepTraining
                            ? ", the training corpus beside the composed nights" : ""));
            try (TrainedDetector t = training.train(new CorpusSplits(by), TrainingFiles.NONE, listener)) {
                SplitScores adaptedCal = t.validation();
                double parentAp = new SplitScores(List.of("adapt-calibration"), night.parentScores(), night.bulls(),
                        0.5).sweep().averagePrecision();
                double adaptedAp = adaptedCal.sweep().averagePrecision();
                Map<String, Object> provenance = new LinkedHashMap<>(t.bundle().training());
                int epochsRun = t.report().epochs().size();
                if (adaptedAp < parentAp) {
                    String decision = String.format(Locale.ROOT, "kept the parent's network (it ranks the calibration"
                            + " nights better: AP %.3f against %.3f) with a threshold calibrated on the new site",
                            parentAp, adaptedAp);
                    return finish(pb, rule, out, report, listener, started, night, night.parentScores(),
                            Calibration.of(rule, night.parentScores(), night.bulls()).threshold(), false, decision,
                            parentTest, parentTest, testBulls, parentNet,
                            parentKept(pb, provenance, night, parentViewOfCalibration), epochsRun,
                            t.report().bestEpoch());
                }
                String decision = String.format(Locale.ROOT, "adapted: AP on the calibration nights %.3f (parent %.3f)",
                        adaptedAp, parentAp);
                return finish(pb, rule, out, report, listener, started, night, adaptedCal.scores(),
                        t.calibration().threshold(), true, decision, parentTest,
                        t.test().map(SplitScores::scores).orElse(null), testBulls, t.network(), provenance, epochsRun,
                        t.report().bestEpoch());
            }
        }
    }

    /**
     * The training record of a bundle that keeps the parent's network under a new threshold: {@code
     * base} with bull count's calibration from the parent's scores on the calibration nights, and the
     * embedding reference of the parent's sites and the new one as the parent's network sees them.
     */
    private static Map<String, Object> parentKept(ModelBundle pb, Map<String, Object> base, Night night,
            List<SiteReference.Recording> parentViewOfCalibration) {
        Map<String, Object> provenance = new LinkedHashMap<>(base);
        provenance.remove("calibration");
        night.parentCounting().ifPresent(c -> provenance.put("calibration", c));
        provenance.remove(ModelBundle.EMBEDDING);
        List<SiteReference.Recording> seen = new ArrayList<>(pb.embeddingReference()
                .map(SiteReference::recordings).orElse(List.of()));
        seen.addAll(parentViewOfCalibration);
        provenance.put(ModelBundle.EMBEDDING, SiteReference.of(SiteReference.EMBEDDING_DESCRIPTOR, seen).toJson());
        return provenance;
    }

    /** Records the decision and its figures, and saves the bundle. */
    private Adapted finish(ModelBundle pb, ThresholdRule rule, Path out, Map<String, Object> report, Listener listener,
            long started, Night night, float[] chosenCal, double threshold, boolean useAdapted, String decision,
            float[] parentTest, float[] chosenTest, boolean[] testBulls, BullNetwork network,
            Map<String, Object> baseProvenance, int epochsRun, int bestEpoch) throws IOException {
        Map<String, Object> calibrationReport = new LinkedHashMap<>();
        calibrationReport.put("bullWindows", night.bullWindows());
        calibrationReport.put("parent", SiteResult.of("calibration nights", night.parentScores(), night.bulls(),
                pb.threshold()).toMap());
        calibrationReport.put("adapted", SiteResult.of("calibration nights", chosenCal, night.bulls(), threshold)
                .toMap());
        report.put("calibrationNight", calibrationReport);
        report.put("recallBySnr", recallBySnr(chosenCal, night, threshold));
        report.put("decision", decision);
        report.put("adaptedNetwork", useAdapted);
        report.put("threshold", threshold);
        report.put("epochsRun", epochsRun);
        report.put("bestEpoch", bestEpoch);
        Optional<SiteResult> parentResult = Optional.empty();
        Optional<SiteResult> adaptedResult = Optional.empty();
        if (parentTest != null) {
            parentResult = Optional.of(SiteResult.of("parent", parentTest, testBulls, pb.threshold()));
            adaptedResult = Optional.of(SiteResult.of("adapted", chosenTest, testBulls, threshold));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("parent", parentResult.get().toMap());
            m.put("adapted", adaptedResult.get().toMap());
            report.put("labelled", m);
        }
        report.put("seconds", (System.nanoTime() - started) / 1e9);
        Map<String, Object> provenance = new LinkedHashMap<>(baseProvenance);
        provenance.put("adaptation", report);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("validation", calibrationReport.get("adapted"));
        metrics.put("parentOnValidation", calibrationReport.get("parent"));
        adaptedResult.ifPresent(r -> metrics.put("test", r.toMap()));
        ModelBundle bundle = new ModelBundle(pb.backbone(), pb.options(), pb.input(), pb.parameterCount(),
                pb.pipeline(), threshold, useAdapted || threshold != pb.threshold()
                        ? rule + " on the new site's calibration nights" : pb.thresholdRule(), provenance, metrics);
        bundle.save(out, network.block());
        TextFiles.writeAtomically(out.resolve("adaptation.json"), w -> w.write(
                BundleJson.pretty().toJson(report) + "\n"));
        listener.onStep(decision);
        return new Adapted(bundle, useAdapted, report, parentResult, adaptedResult);
    }

    /** The new site's recordings' distances from the parent's sites, in the report and in a line. */
    private static void reportDistances(String key, String view, Map<String, SiteDistance> distances,
            Map<String, Object> report, Listener listener) {
        if (distances.isEmpty()) {
            return;
        }
        List<Map<String, Object>> list = new ArrayList<>();
        int far = 0;
        double worst = Double.NaN;
        for (Map.Entry<String, SiteDistance> e : distances.entrySet()) {
            SiteDistance b = e.getValue();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("recording", e.getKey());
            m.put("distance", b.distance());
            m.put("ratio", Double.isNaN(b.ratio()) ? null : b.ratio());
            m.put("nearestSite", b.nearestSite());
            m.put("far", b.far());
            list.add(m);
            far += b.far() ? 1 : 0;
            if (!Double.isNaN(b.ratio())) {
                worst = Double.isNaN(worst) ? b.ratio() : Math.max(worst, b.ratio());
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("far", far);
        m.put("recordings", list);
        report.put(key, m);
        listener.onStep(String.format(Locale.ROOT, "the new site's %s: %d of %d recordings far from the parent's"
                + " sites (distance up to %.2f times theirs from one another)%s", view, far, list.size(), worst,
                far > 0 ? ": the parent's threshold was never checked on such a background" : ""));
    }

    /**
     * The share of the calibration nights' bulls found at the threshold, by SNR: a bull is found
     * when a window it labels bull is flagged. Three bins over the SNR range.
     */
    private List<Map<String, Object>> recallBySnr(float[] scores, Night night, double threshold) {
        boolean[] isBull = night.bulls();
        float[] starts = night.starts();
        String[] recordings = night.recordings();
        double windowSeconds = night.windowSeconds();
        int bins = 3;
        int[] total = new int[bins];
        int[] found = new int[bins];
        double width = (snrHigh - snrLow) / bins;
        for (Map.Entry<String, List<NightComposer.Event>> nightBulls : night.mixedIn().entrySet()) {
            for (NightComposer.Event e : nightBulls.getValue()) {
                int b = width > 0 ? (int) Math.min(bins - 1, Math.max(0, Math.floor((e.snrDb() - snrLow) / width))) : 0;
                boolean hit = false;
                boolean labelled = false;
                for (int i = 0; i < scores.length; i++) {
                    if (!isBull[i] || !recordings[i].endsWith(nightBulls.getKey())) {
                        continue;
                    }
                    double overlap = Math.min(starts[i] + windowSeconds, e.end()) - Math.max(starts[i], e.start());
                    if (overlap >= Math.min(1, e.end() - e.start()) - 1e-6) {
                        labelled = true;
                        hit |= scores[i] >= threshold;
                    }
                }
                if (labelled) {
                    total[b]++;
                    found[b] += hit ? 1 : 0;
                }
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("snrLowDb", snrLow + b * width);
            m.put("snrHighDb", b == bins - 1 ? snrHigh : snrLow + (b + 1) * width);
            m.put("bulls", total[b]);
            m.put("found", found[b]);
            m.put("recall", total[b] == 0 ? null : found[b] / (double) total[b]);
            out.add(m);
        }
        return out;
    }

    /** Options of an {@link Adaptation}. */
    public static final class Builder {
        private final Path parent;
        private final List<CorpusRecording> training;
        private double hours = 1.5;
        private double nightSeconds = 1800;
        private double bullsPerHour = 60;
        private double snrLow = 0;
        private double snrHigh = 15;
        private double excludeTop = 0.05;
        private boolean excludeFlagged;
        private boolean keepTraining = true;
        private int epochs = 20;
        private double learningRate = 1e-3;
        private int epochWindows = 2048;
        private double averaging;
        private long seed = 1;
        private int threads = 2;
        private Path featureCache;
        private boolean verdictsCalibrate = true;

        private Builder(Path parent, List<CorpusRecording> training) {
            this.parent = Objects.requireNonNull(parent, "parentBundle");
            this.training = Objects.requireNonNull(training, "training");
        }

        /**
         * @param v hours of composed nights (at least two nights: the last calibrates),
         *     default 1.5
         * @return this
         */
        public Builder optHours(double v) {
            if (!(v > 0 && v <= 100)) {
                throw new IllegalArgumentException("hours of composed nights must be > 0 and <= 100, got " + v);
            }
            hours = v;
            return this;
        }

        /**
         * @param v the length of each composed night, seconds (default 1800); at least two
         *     segments of the bed (20 s) and one window of the parent
         * @return this
         */
        public Builder optNightSeconds(double v) {
            if (!(v >= 2 * MIN_SEGMENT && v <= 86_400)) {
                throw new IllegalArgumentException("a composed night must last from " + 2 * MIN_SEGMENT
                        + " s to a day, got " + v + " s");
            }
            nightSeconds = v;
            return this;
        }

        /**
         * @param v bulls mixed in per hour of composed night, default 60
         * @return this builder
         */
        public Builder optBullsPerHour(double v) {
            if (!(v > 0 && v <= 3600)) {
                throw new IllegalArgumentException("bulls per hour must be > 0 and <= 3600, got " + v);
            }
            bullsPerHour = v;
            return this;
        }

        /**
         * @param low the lowest SNR of a mixed-in bull against the bed, dB (default 0)
         * @param high the highest (default 15)
         * @return this
         */
        public Builder optSnr(double low, double high) {
            if (!(Double.isFinite(low) && Double.isFinite(high) && low <= high)) {
                throw new IllegalArgumentException("the SNR range must be finite with low <= high, got " + low
                        + ".." + high);
            }
            snrLow = low;
            snrHigh = high;
            return this;
        }

        /**
         * @param v the share of the new site's windows, highest parent score first, kept out of the
         *     beds (where its unlabelled bulls most likely are), from 0 to below 0.5, default 0.05
         * @return this
         */
        public Builder optExcludeTop(double v) {
            if (!(v >= 0 && v < 0.5)) {
                throw new IllegalArgumentException("the share of windows left out must be >= 0 and < 0.5, got " + v);
            }
            excludeTop = v;
            return this;
        }

        /**
         * Whether every window the parent flags at its own threshold is kept out of the beds too, not
         * only the top share ({@link #optExcludeTop}): on a busy night (bulls in a quarter of the
         * windows or more) the site's own bulls beyond the top share would otherwise sit in the beds
         * as background. At most {@link #MAX_EXCLUDED} of the windows are left out (the highest
         * scores), so that a parent flooded by the new background still leaves a bed.
         *
         * @param v true to leave out the flagged windows too (default false)
         * @return this builder
         */
        public Builder optExcludeFlagged(boolean v) {
            excludeFlagged = v;
            return this;
        }

        /**
         * @param v whether the training recordings are trained on beside the composed nights (default true)
         * @return this builder
         */
        public Builder optKeepTraining(boolean v) {
            keepTraining = v;
            return this;
        }

        /**
         * @param v fine-tuning epochs, the best on the calibration nights kept (default 20); 0 recalibrates
         *     only: the parent's network with a threshold calibrated on the new site, every composed night
         *     a calibration night (verdicts need fine-tuning: refused with reviewed nights)
         * @return this builder
         */
        public Builder optEpochs(int v) {
            if (v < 0) {
                throw new IllegalArgumentException("epochs must be >= 0, got " + v);
            }
            epochs = v;
            return this;
        }

        /**
         * @param v Adam learning rate of the fine-tuning (default 1e-3, bull train's)
         * @return this builder
         */
        public Builder optLearningRate(double v) {
            if (!(v > 0 && v < 1)) {
                throw new IllegalArgumentException("the learning rate must be > 0 and < 1, got " + v);
            }
            learningRate = v;
            return this;
        }

        /**
         * @param v windows drawn per epoch, 0 for all (default 2048)
         * @return this builder
         */
        public Builder optEpochWindows(int v) {
            if (v < 0) {
                throw new IllegalArgumentException("windows per epoch must be >= 0, got " + v);
            }
            epochWindows = v;
            return this;
        }

        /**
         * A moving average of the parameters over the fine-tuning's optimiser steps (Polyak
         * averaging, {@link TrainerConfig#averaging()}: step {@code t} keeps {@code min(d, t / (t +
         * 9))} of the average, so the parent's weights wash out in the first steps and the average
         * follows the last tenth or so of the steps taken); the epochs are judged, and the bundle
         * saved, with the average.
         *
         * @param v the decay {@code d}, in [0, 1); 0 (the default) for none
         * @return this
         */
        public Builder optAveraging(double v) {
            if (!(v >= 0 && v < 1)) {
                throw new IllegalArgumentException("the averaging decay must be >= 0 and < 1, got " + v);
            }
            averaging = v;
            return this;
        }

        /**
         * @param v the seed of the composition and the fine-tuning (default 1)
         * @return this builder
         */
        public Builder optSeed(long v) {
            seed = v;
            return this;
        }

        /**
         * @param v feature and inference threads, {@code >= 1} (default 2)
         * @return this builder
         */
        public Builder optThreads(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + v);
            }
            threads = v;
            return this;
        }

        /**
         * @param v a feature cache folder for the training recordings, or null (default)
         * @return this builder
         */
        public Builder optFeatureCache(Path v) {
            featureCache = v;
            return this;
        }

        /**
         * Whether the reviewed nights' verdicts also calibrate: beside being fine-tuned on, they join
         * the composed calibration nights that set the threshold and judge the epochs (default true).
         * The threshold then answers to the site's own sounds as the expert heard them, not only to
         * the composed nights. The verdicts were trained on, so they also favour the fine-tuned
         * network when it is weighed against the parent on the calibration nights. No effect
         * without reviewed nights.
         *
         * @param v false to calibrate on the composed nights only (the verdicts fine-tune only)
         * @return this builder
         */
        public Builder optVerdictsCalibrate(boolean v) {
            verdictsCalibrate = v;
            return this;
        }

        /** @return the adaptation */
        public Adaptation build() {
            return new Adaptation(this);
        }
    }
}
