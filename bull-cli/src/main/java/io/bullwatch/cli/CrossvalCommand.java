package io.bullwatch.cli;

import io.bullwatch.cli.plot.CrossValidationPlot;
import io.bullwatch.core.calibrate.Calibration;
import io.bullwatch.core.calibrate.ThresholdRule;
import io.bullwatch.core.corpus.Corpus;
import io.bullwatch.core.corpus.CorpusRecording;
import io.bullwatch.core.corpus.CorpusSplits;
import io.bullwatch.core.corpus.Split;
import io.bullwatch.core.evaluate.CrossValidation.Fold;
import io.bullwatch.core.evaluate.CrossValidation.SiteResult;
import io.bullwatch.core.evaluate.CrossValidation;
import io.bullwatch.core.io.AtomicFiles;
import io.bullwatch.core.io.FileTrees;
import io.bullwatch.core.io.Sha256;
import io.bullwatch.features.mel.Pcen;
import io.bullwatch.models.adapt.Adaptation;
import io.bullwatch.models.adapt.ReviewedNight;
import io.bullwatch.models.bundle.ModelBundle;
import io.bullwatch.models.train.DetectorTraining;
import io.bullwatch.models.train.SplitScores;
import io.bullwatch.models.train.StopMetric;
import io.bullwatch.models.train.TrainedDetector;
import io.bullwatch.models.train.TrainingFiles;
import io.bullwatch.models.train.TrainingListener;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bull crossval}: leave-one-site-out cross-validation of a training recipe. Each site is
 * the test site once; the model trains on the other sites but one and calibrates its threshold on
 * that one. Writes {@code OUT/crossval.json}, {@code OUT/crossval.png} and each fold's bundle under
 * {@code OUT/folds/SITE/}; a rerun resumes fold by fold.
 */
@Command(name = "crossval",
        description = {"Leave-one-site-out cross-validation of a training recipe.",
            "",
            "Each site of DIR/manifest.csv is the test site once: the model trains on the other sites but one"
                + " (with bull train's options) and calibrates its threshold on that one, the next site in"
                + " order (or on the next N, pooled: --calibration-sites N). Prints and writes, per test site at the calibrated threshold, average recall, bull"
                + " recall, precision, flagged share, minutes of listening per hour, ROC AUC, AP, the best"
                + " threshold's average recall and the gap, then the mean and the worst site:"
                + " OUT/crossval.json and OUT/crossval.png. OUT/folds/SITE holds each fold's model bundle; a"
                + " rerun with the same --out and options resumes fold by fold. See docs/cli.md."})
final class CrossvalCommand implements Callable<Integer> {

    /** A fold's result file in its folder. */
    static final String FOLD_JSON = "fold.json";
    /** The key of the recipe a fold was started with, in its folder. */
    static final String FOLD_KEY = "fold.key";
    /** A fold's labels' digest ({@link CorpusFiles#labelsDigest}), written beside {@link #FOLD_KEY}. */
    static final String FOLD_LABELS = "fold.labels";
    /** An inner fold's out-of-fold scores, in its folder. */
    static final String INNER_JSON = "inner.json";

    @Spec
    CommandSpec spec;

    @Mixin
    CorpusFiles corpusFiles;

    @Mixin
    TrainingRecipe recipe;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "Output folder (created).")
    Path out;

    @Option(names = "--calibration-sites", defaultValue = "1", paramLabel = "N",
            description = "Sites each fold calibrates its threshold on, their windows pooled: the N sites after"
                + " the test site in order (default: ${DEFAULT-VALUE}).")
    int calibrationSites;

    @Option(names = "--inner-folds",
            description = "Train each fold's model on every site but the test site, keep its last epoch, and take"
                + " its threshold from inner folds: each of those sites scored by a model trained on the others"
                + " (its last epoch too), the scores pooled (--calibration-sites is then not used; one training"
                + " per site per fold).")
    boolean innerFolds;

    @Option(names = "--adapt", defaultValue = "none", paramLabel = "MODE",
            description = "none, or audio: after training, adapt each fold's model to its test site as bull adapt"
                + " does, from the test site's recordings without their labels (bulls cut from the other sites),"
                + " and report each site before and after; reviewed:N: also with an expert's verdicts (given from"
                + " the labels) on the model's N top-scoring stretches of the site's first night, detected at a"
                + " lower threshold when it holds fewer than N detections (below=0: its detections only, then"
                + " the next nights'), the site scored on its other nights before and after."
                + " audio:KEY=VALUE,... or reviewed:N:KEY=VALUE,..."
                + " sets bull adapt's options hours, night-minutes, bulls-per-hour, exclude-top, exclude-flagged (0 or"
                + " 1), epochs, lr,"
                + " epoch-windows, average, seed (the training's by default), keep-training (1: the other sites' recordings"
                + " are trained on beside the composed nights, the default; 0: only the composed nights); with"
                + " audio, heard=K adapts on the site's first K recordings only and scores it on the others, before"
                + " and after, as when a site's first nights tune the model for the rest of its season; with"
                + " reviewed:N, calibrate=0 keeps the verdicts out of the threshold (bull adapt"
                + " --no-verdicts-calibrate) (default: ${DEFAULT-VALUE}).")
    String adapt;

    /** The corpus's {@link CorpusFiles#labelsDigest}, set when it is loaded. */
    private String labels;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        long started = System.nanoTime();
        TrainingRecipe.Checked checked = recipe.check();
        Ranges.whole(spec, "--calibration-sites", calibrationSites, 1, 1000);
        if (!adapt.equals("none")) {
            adaptation(Path.of("."), List.of()); // refuses a malformed --adapt before any training
        }
        Corpus corpus = corpusFiles.load(spec.name(), spec.commandLine().getErr());
        for (String site : corpus.sites()) {
            if (siteRecordings(corpus, site).stream().allMatch(r -> r.events().isEmpty())) {
                // it would be tested without a bull and calibrate a neighbour's fold on none
                throw new ParameterException(spec.commandLine(), "--data " + corpusFiles.data + ": site " + site
                        + " has no annotated bull; leave-one-site-out tests and calibrates on every site, so each"
                        + " needs bulls (leave the site out of the manifest, or annotate its bulls)");
            }
        }
        labels = CorpusFiles.labelsDigest(corpus);
        if (!adapt.equals("none")) {
            for (String site : corpus.sites()) {
                // refuses heard=K and reviewed:N on sites with too few recordings, before any training
                heardAndScored(siteRecordings(corpus, site), site);
            }
        }
        List<Fold> folds;
        try {
            folds = CrossValidation.leaveOneSiteOut(corpus.sites(), calibrationSites);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--data " + corpusFiles.data + ": " + e.getMessage());
        }
        TrainingRecipe.Plan plan = checked.plan(corpusFiles.oneSampleRate(corpus));
        DetectorTraining.Builder builder = plan.training()
                .optProvenance("corpus", corpusFiles.data.toAbsolutePath().toString());
        if (innerFolds) {
            builder.optConfig(plan.config().withStopMetric(StopMetric.LAST));
        }
        stdout.printf(Locale.ROOT, "%d folds over sites %s; recipe: %s, %s, %s%n", folds.size(), corpus.sites(),
                checked.backbone().cliName(), plan.pipeline().normalisation().cliName(), plan.thresholdRule());
        stdout.flush();
        List<SiteResult> results = new ArrayList<>();
        List<SiteResult> before = new ArrayList<>();
        for (Fold fold : folds) {
            Path dir = out.resolve("folds").resolve(fold.testSite());
            String key = key(plan, fold);
            SiteResult r = resumed(dir, key);
            if (r != null) {
                stdout.printf(Locale.ROOT, "fold %s: reused (%s)%n", fold.testSite(), dir.resolve(FOLD_JSON));
            } else {
                r = innerFolds ? runInner(corpus, fold.testSite(), builder.build(), plan.thresholdRule(), dir, key,
                        stdout) : run(corpus, fold, builder.build(), dir, key, stdout);
            }
            stdout.println("  " + row(r));
            if (!adapt.equals("none")) {
                BeforeAfter ba = adapted(corpus, fold.testSite(), dir, key, r, stdout);
                before.add(ba.before());
                r = ba.after();
                if (verdicts() > 0) {
                    stdout.println("  " + row(ba.before()) + "  (not adapted, the nights after those reviewed)");
                } else if (heard() > 0) {
                    stdout.println("  " + row(ba.before()) + "  (not adapted, the nights after those heard)");
                }
                stdout.println("  " + row(r) + "  (adapted)");
            }
            results.add(r);
            stdout.flush();
        }
        CrossValidation.Summary summary = CrossValidation.summarise(results);
        Path json = out.resolve("crossval.json");
        Map<String, Object> file = new LinkedHashMap<>(summary.toMap());
        file.put("recipe", recipeMap(plan, checked));
        if (!before.isEmpty()) {
            file.put("adapt", adapt);
            file.put("before", CrossValidation.summarise(before).toMap());
        }
        AtomicFiles.write(json, (CliJson.pretty(file) + "\n").getBytes(StandardCharsets.UTF_8));
        Path png = out.resolve("crossval.png");
        CrossValidationPlot.write(png, summary, "Leave-one-site-out, " + results.size() + " sites, "
                + checked.backbone().cliName());
        stdout.println();
        stdout.println(header());
        results.forEach(x -> stdout.println(row(x)));
        stdout.println(row("mean", summary.mean()));
        stdout.println(row("worst", summary.worst()));
        if (!before.isEmpty()) {
            CrossValidation.Summary b = CrossValidation.summarise(before);
            stdout.println(row("mean before", b.mean()));
            stdout.println(row("worst before", b.worst()));
        }
        stdout.printf(Locale.ROOT, "worst site by average recall: %s; wrote %s and %s in %.0f s%n",
                summary.worst().get("site"), json, png, (System.nanoTime() - started) / 1e9);
        stdout.flush();
        return 0;
    }

    /** Trains and tests one fold, saving its bundle and its result. */
    private SiteResult run(Corpus corpus, Fold fold, DetectorTraining training, Path dir, String key,
            PrintWriter stdout) throws Exception {
        stdout.printf(Locale.ROOT, "fold %s: train %s, calibrate on %s%n", fold.testSite(), fold.trainSites(),
                String.join(", ", fold.validationSites()));
        stdout.flush();
        CorpusSplits splits = corpus.leaveSitesOut(new java.util.LinkedHashSet<>(fold.validationSites()),
                Set.of(fold.testSite()));
        Files.createDirectories(dir);
        // written before training, so that a fold's checkpoints resume only under the same recipe
        AtomicFiles.write(dir.resolve(FOLD_KEY), (key + "\n").getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(dir.resolve(FOLD_LABELS), (labels + "\n").getBytes(StandardCharsets.UTF_8));
        try (TrainedDetector trained = training.train(splits, TrainingFiles.in(dir), new EpochLines(stdout))) {
            SplitScores test = trained.test().orElseThrow(() -> new IllegalStateException(
                    "site " + fold.testSite() + " has no windows to test on"));
            SiteResult r = SiteResult.of(fold.testSite(), test.scores(), test.bulls(),
                    trained.calibration().threshold());
            trained.save(dir);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", key);
            m.put("test_site", fold.testSite());
            m.put("validation_sites", fold.validationSites());
            m.put("train_sites", fold.trainSites());
            m.put("best_epoch", trained.report().bestEpoch());
            m.put("test", r.toMap());
            AtomicFiles.write(dir.resolve(FOLD_JSON), (CliJson.pretty(m) + "\n").getBytes(StandardCharsets.UTF_8));
            return r;
        }
    }

    /**
     * Trains and tests one fold with inner folds: a model per other site, trained without it and
     * scored on it, gives that site's out-of-fold scores; the rule on all of them, pooled, gives the
     * threshold; the fold's model trains on every other site. Every model keeps its last epoch, so
     * the test site, given to the final training as its validation split only because training
     * needs one, chooses nothing: its threshold, epoch and counting calibration are not used.
     */
    private SiteResult runInner(Corpus corpus, String testSite, DetectorTraining training, ThresholdRule rule,
            Path dir, String key, PrintWriter stdout) throws Exception {
        List<String> others = new ArrayList<>(corpus.sites());
        others.remove(testSite);
        if (others.size() < 2) {
            throw new ParameterException(spec.commandLine(), "--inner-folds needs at least three sites, "
                    + "the corpus has " + corpus.sites().size());
        }
        Files.createDirectories(dir);
        AtomicFiles.write(dir.resolve(FOLD_KEY), (key + "\n").getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(dir.resolve(FOLD_LABELS), (labels + "\n").getBytes(StandardCharsets.UTF_8));
        List<float[]> scores = new ArrayList<>();
        List<boolean[]> bulls = new ArrayList<>();
        for (String site : others) {
            Path inner = dir.resolve("inner").resolve(site);
            Path file = inner.resolve(INNER_JSON);
            OutOfFold saved = innerScores(file, key);
            if (saved == null) {
                List<String> train = new ArrayList<>(others);
                train.remove(site);
                stdout.printf(Locale.ROOT, "fold %s, inner fold %s: train %s, score %s%n", testSite, site, train, site);
                stdout.flush();
                CorpusSplits splits = innerSplits(corpus, train, site);
                try (TrainedDetector t = training.train(splits, TrainingFiles.in(inner), new EpochLines(stdout))) {
                    saved = new OutOfFold(t.validation().scores(), t.validation().bulls());
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("key", key);
                m.put("site", site);
                m.put("train_sites", train);
                m.put("scores", saved.scores());
                m.put("bulls", saved.bulls());
                AtomicFiles.write(file, (CliJson.pretty(m) + "\n").getBytes(StandardCharsets.UTF_8));
            } else {
                stdout.printf(Locale.ROOT, "fold %s, inner fold %s: reused (%s)%n", testSite, site, file);
            }
            scores.add(saved.scores());
            bulls.add(saved.bulls());
        }
        float[] pooledScores = concat(scores);
        boolean[] pooledBulls = new boolean[pooledScores.length];
        int at = 0;
        for (boolean[] b : bulls) {
            System.arraycopy(b, 0, pooledBulls, at, b.length);
            at += b.length;
        }
        Calibration calibration = Calibration.of(rule, pooledScores, pooledBulls);
        stdout.printf(Locale.ROOT, "fold %s: threshold %.4f from the inner folds' %d windows pooled; train %s%n",
                testSite, calibration.threshold(), pooledScores.length, others);
        stdout.flush();
        CorpusSplits splits = corpus.leaveSitesOut(Set.of(testSite), Set.of());
        try (TrainedDetector trained = training.train(splits, TrainingFiles.in(dir), new EpochLines(stdout))) {
            SplitScores test = trained.validation();
            SiteResult r = SiteResult.of(testSite, test.scores(), test.bulls(), calibration.threshold());
            ModelBundle b = trained.bundle();
            Map<String, Object> provenance = new LinkedHashMap<>(b.training());
            provenance.remove("calibration");
            provenance.put("validationSites", List.of());
            provenance.put("testSites", List.of(testSite));
            provenance.put("threshold", "inner folds: each of " + others + " scored by a model trained on the others");
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("innerFolds", SiteResult.of("inner folds", pooledScores, pooledBulls,
                    calibration.threshold()).toMap());
            metrics.put("test", r.toMap());
            new ModelBundle(b.backbone(), b.options(), b.input(), b.parameterCount(), b.pipeline(),
                    calibration.threshold(), rule + " on inner folds", provenance, metrics)
                    .save(dir, trained.network().block());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", key);
            m.put("test_site", testSite);
            m.put("inner_sites", others);
            m.put("train_sites", others);
            m.put("epochs_run", trained.report().epochs().size());
            m.put("test", r.toMap());
            AtomicFiles.write(dir.resolve(FOLD_JSON), (CliJson.pretty(m) + "\n").getBytes(StandardCharsets.UTF_8));
            return r;
        }
    }

    /** A test site's result without and with adaptation. */
    private record BeforeAfter(SiteResult before, SiteResult after) {
    }

    /**
     * Adapts a fold's model to its test site as {@code bull adapt} would: the test site's recordings
     * as unlabelled audio, bulls cut from every other site; with {@code reviewed:N}, also an
     * expert's verdicts on the model's top-scoring detections of the site's first nights (in order,
     * until N are judged, leaving at least one night), given from their labels (a detection is a
     * bull when a labelled bull overlaps it), and the site scored on its other nights only, before
     * and after; with {@code audio:heard=K}, only the site's first K recordings as audio, and the site
     * scored on the others, before and after. Saved in {@code FOLD/adapted/}; a rerun reuses it.
     */
    private BeforeAfter adapted(Corpus corpus, String testSite, Path dir, String key, SiteResult unadapted,
            PrintWriter stdout) throws Exception {
        Path adir = dir.resolve("adapted");
        Path file = adir.resolve(FOLD_JSON);
        Adaptation adaptation = adaptation(dir, others(corpus, testSite));
        int n = verdicts();
        int heard = heard();
        String akey = Sha256.hex(key + "\nadapt " + (n > 0 ? "reviewed:" + n + (below() ? " below=1" : "")
                : heard > 0 ? "audio:heard=" + heard : "audio") + ": " + adaptation.describe(n > 0));
        if (Files.isRegularFile(file)) {
            Map<String, Object> m = CliJson.readObject(file, Files.readString(file));
            if (!akey.equals(m.get("key"))) {
                // never replaced: it may be the only copy of hours of adapting
                throw new ParameterException(spec.commandLine(), file + " holds an adaptation made with other --adapt"
                        + " options (or another version of bull); use another --out (the trained folds can be copied there"
                        + " without their adapted/ folders), or delete " + adir + " to adapt this fold again");
            }
            if (!(m.get("test") instanceof Map<?, ?> test) || !(m.get("before") instanceof Map<?, ?> was)) {
                throw new java.io.IOException(file + ": field 'test' or 'before' is missing; delete " + adir
                        + " to adapt this fold again");
            }
            stdout.printf(Locale.ROOT, "fold %s: adaptation reused (%s)%n", testSite, file);
            @SuppressWarnings("unchecked")
            Map<String, ?> t = (Map<String, ?>) test;
            @SuppressWarnings("unchecked")
            Map<String, ?> w = (Map<String, ?>) was;
            try {
                return new BeforeAfter(SiteResult.fromMap(w), SiteResult.fromMap(t));
            } catch (IllegalArgumentException e) {
                throw new java.io.IOException(file + ": " + e.getMessage() + "; delete " + adir
                        + " to adapt this fold again", e);
            }
        }
        FileTrees.delete(adir);
        List<CorpusRecording> test = siteRecordings(corpus, testSite);
        List<ReviewedNight> reviewed = List.of();
        List<List<CorpusRecording>> split = heardAndScored(test, testSite);
        List<CorpusRecording> audio = split.get(0);
        List<CorpusRecording> scored = split.get(1);
        if (n > 0) {
            // the first nights, in order, until their detections reach N (the others are scored)
            List<ReviewedNight> nights = new ArrayList<>();
            int judged = 0;
            int k = 0;
            while (k < test.size() - 1 && judged < n) {
                ReviewedNight night = simulatedVerdicts(dir, test.get(k++), n - judged, below(), stdout);
                judged += night.decided();
                nights.add(night);
            }
            reviewed = nights;
            scored = test.subList(k, test.size());
        }
        stdout.printf(Locale.ROOT, "fold %s: adapting to %s recordings (unlabelled)%s; %s%n", testSite,
                heard > 0 ? "the first " + heard + " of its " + test.size() : "its " + test.size(),
                n > 0 ? ", verdicts on the first " + reviewed.size() : heard > 0 ? ", scored on the others" : "",
                adaptation.describe(n > 0));
        stdout.flush();
        Path work = adir.resolve("work");
        Adaptation.Adapted a;
        try {
            a = adaptation.adapt(audio.stream().map(CorpusRecording::recording).toList(), reviewed, scored, adir, work,
                    new AdaptCommand.Lines(stdout, "  adapt: ", "  adapt epoch "));
        } finally {
            FileTrees.delete(work);
        }
        SiteResult parent = rename(a.parentTest().orElseThrow(), testSite);
        if (n == 0 && heard == 0 && Math.abs(parent.averageRecall() - unadapted.averageRecall()) > 1e-6) {
            throw new IllegalStateException("fold " + testSite + ": the parent scored by the adaptation ("
                    + parent.averageRecall() + ") differs from the fold (" + unadapted.averageRecall() + ")");
        }
        SiteResult r = rename(a.adaptedTest().orElseThrow(), testSite);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", akey);
        m.put("test_site", testSite);
        m.put("decision", a.report().get("decision"));
        if (n > 0) {
            m.put("verdicts", a.report().get("verdicts"));
        }
        if (n > 0 || heard > 0) {
            m.put("scored", scored.stream().map(CorpusRecording::name).toList());
        }
        if (heard > 0) {
            m.put("heard", audio.stream().map(CorpusRecording::name).toList());
        }
        m.put("before", parent.toMap());
        m.put("test", r.toMap());
        AtomicFiles.write(file, (CliJson.pretty(m) + "\n").getBytes(StandardCharsets.UTF_8));
        return new BeforeAfter(parent, r);
    }

    /**
     * An expert's verdicts simulated from a night's labels: the fold's model detects the night, and
     * each of its {@code n} top-scoring detections is judged a bull when a labelled bull overlaps it.
     * With {@code below}, a night holding fewer than {@code n} detections is detected again at a
     * lower threshold, its stretches cut at one window's length, as an expert would run {@code bull
     * detect --threshold T --max-duration 15} to review further down the list: the highest window
     * score at which it yields {@code n} stretches (or, when none does, the one that yields the
     * most), so that its stretches under the model's threshold, where the faint bulls and the site's
     * most bull-like sounds lie, are judged too.
     */
    private ReviewedNight simulatedVerdicts(Path bundle, CorpusRecording night, int n, boolean below,
            PrintWriter stdout) throws java.io.IOException {
        io.bullwatch.core.events.RecordingDetection detection;
        try (io.bullwatch.models.detect.Detector d = io.bullwatch.models.detect.Detector.load(bundle,
                io.bullwatch.models.detect.DetectorOptions.defaults().withThreads(recipe.threads))) {
            detection = d.detect(night.recording(), io.bullwatch.core.events.RecordingDetector.Progress.NONE);
        }
        List<io.bullwatch.core.events.DetectedEvent> events = detection.events();
        double threshold = detection.rule().threshold();
        int detected = events.size();
        if (below && events.size() < n && !detection.windows().isEmpty()) {
            // stretches of at most one window (--max-duration): a window can hold a confirmed one
            io.bullwatch.core.events.EventRule r = detection.rule();
            io.bullwatch.core.events.WindowScore first = detection.windows().get(0);
            double longest = Math.max(r.minDurationSeconds(), Math.min(r.maxDurationSeconds(),
                    first.end() - first.start()));
            double[] scores = detection.windows().stream().mapToDouble(io.bullwatch.core.events.WindowScore::score)
                    .filter(v -> v < r.threshold()).distinct().sorted().toArray();
            for (int i = scores.length - 1; i >= 0 && events.size() < n; i--) {
                List<io.bullwatch.core.events.DetectedEvent> lower = detection.withRule(new io.bullwatch.core.events
                        .EventRule(scores[i], r.refine(), r.mergeGapSeconds(), r.minDurationSeconds(), longest,
                                r.aggregate())).events();
                if (lower.size() > events.size()) {
                    events = lower;
                    threshold = scores[i];
                }
            }
        }
        List<io.bullwatch.core.events.DetectedEvent> top = new ArrayList<>(events);
        top.sort(java.util.Comparator.comparingDouble(io.bullwatch.core.events.DetectedEvent::score).reversed());
        top = top.subList(0, Math.min(n, top.size()));
        List<io.bullwatch.core.review.ReviewEntry> verdicts = new ArrayList<>();
        int bulls = 0;
        for (io.bullwatch.core.events.DetectedEvent e : top) {
            boolean bull = night.events().stream().anyMatch(b -> Math.min(b.end(), e.end()) - Math.max(b.start(),
                    e.start()) > 0);
            bulls += bull ? 1 : 0;
            verdicts.add(new io.bullwatch.core.review.ReviewEntry(io.bullwatch.core.review.UnitKind.EVENT, e.start(),
                    e.end(), Math.max(0, Math.min(1, e.score())), bull ? io.bullwatch.core.review.Verdict.BULL
                            : io.bullwatch.core.review.Verdict.NOT_BULL, "simulated", java.time.Instant.EPOCH));
        }
        if (events.size() > detected) {
            stdout.printf(Locale.ROOT, "  verdicts from the labels of %s: %d of its %d stretches at threshold %.4f"
                    + " (%d detections at the model's %.4f) judged, %d bulls%n", night.name(), top.size(),
                    events.size(), threshold, detected, detection.rule().threshold(), bulls);
        } else {
            stdout.printf(Locale.ROOT, "  verdicts from the labels of %s: %d of its %d detections judged, %d bulls%n",
                    night.name(), top.size(), events.size(), bulls);
        }
        return ReviewedNight.of(night.recording(), events.stream().map(e -> new double[] {e.start(), e.end()})
                .toList(), verdicts);
    }

    /** The number of verdicts {@code --adapt reviewed:N} simulates, 0 for audio alone. */
    private int verdicts() {
        if (!adapt.startsWith("reviewed:")) {
            return 0;
        }
        String n = adapt.substring("reviewed:".length()).split(":", 2)[0];
        try {
            return whole(Double.parseDouble(n));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--adapt " + adapt + ": expected reviewed:N with N"
                    + " verdicts, a whole number >= 1, got '" + n + "'");
        }
    }

    /**
     * The number of the test site's first recordings {@code --adapt audio:heard=K} adapts on (the
     * others scored), 0 when the adaptation hears them all. Checked by {@link #adaptation}.
     */
    private int heard() {
        if (!adapt.startsWith("audio:")) {
            return 0;
        }
        for (String part : adapt.substring("audio:".length()).split(",")) {
            if (part.startsWith("heard=")) {
                return whole(Double.parseDouble(part.substring("heard=".length())));
            }
        }
        return 0;
    }

    /**
     * Whether {@code --adapt reviewed:N} judges stretches under the model's threshold too when a
     * night holds fewer than N detections ({@code below=1}, the default), or only the detections,
     * night after night ({@code below=0}). Checked by {@link #adaptation}.
     */
    private boolean below() {
        String[] parts = adapt.split(":", 3);
        if (!adapt.startsWith("reviewed:") || parts.length < 3) {
            return true;
        }
        for (String part : parts[2].split(",")) {
            if (part.startsWith("below=")) {
                return whole(Double.parseDouble(part.substring("below=".length()))) != 0;
            }
        }
        return true;
    }

    /**
     * A 0/1 key of {@code --adapt reviewed:N} ({@code below}, {@code calibrate}): refused with
     * {@code audio} and for any other value.
     *
     * @return whether it is 1
     */
    private boolean reviewedSwitch(String key, double v, String one, String zero) {
        if (!adapt.startsWith("reviewed:")) {
            throw new IllegalArgumentException(key + " is for --adapt reviewed:N");
        }
        if (whole(v) != 0 && whole(v) != 1) {
            throw new IllegalArgumentException("expected 1 (" + one + ", the default) or 0 (" + zero + ")");
        }
        return whole(v) == 1;
    }

    /** A site's recordings, in the manifest's order. */
    private static List<CorpusRecording> siteRecordings(Corpus corpus, String site) {
        return corpus.recordings().stream().filter(r -> r.site().equals(site)).toList();
    }

    /**
     * A site's recordings split by {@code audio:heard=K}: the first K, which the adaptation hears, and
     * the others, which are scored (without heard, all of them both heard and scored); exit code 2
     * when the site has K recordings or fewer.
     */
    private List<List<CorpusRecording>> heardAndScored(List<CorpusRecording> test, String site) {
        if (verdicts() > 0 && test.size() < 2) {
            throw new ParameterException(spec.commandLine(), "--adapt reviewed:N needs two or more recordings"
                    + " per site (verdicts on the first, scores on the others); site " + site + " has "
                    + test.size());
        }
        int heard = heard();
        if (heard == 0) {
            return List.of(test, test);
        }
        if (test.size() <= heard) {
            throw new ParameterException(spec.commandLine(), "--adapt " + adapt + ": heard=" + heard + " needs more"
                    + " than " + heard + " recordings per site (the first heard, the others scored); site " + site
                    + " has " + test.size());
        }
        return List.of(test.subList(0, heard), test.subList(heard, test.size()));
    }

    /** The adaptation {@code --adapt audio[:KEY=VALUE,...]} asks for (exit code 2 when malformed). */
    private Adaptation adaptation(Path parent, List<CorpusRecording> training) {
        Adaptation.Builder b = Adaptation.builder(parent, training).optFeatureCache(recipe.cache)
                .optThreads(recipe.threads).optSeed(recipe.seed);
        String options;
        if (adapt.equals("audio") || adapt.startsWith("audio:")) {
            options = adapt.equals("audio") ? "" : adapt.substring("audio:".length());
        } else if (adapt.startsWith("reviewed:")) {
            if (verdicts() < 1) {
                throw new ParameterException(spec.commandLine(), "--adapt " + adapt + ": expected reviewed:N with N"
                        + " verdicts, a whole number >= 1");
            }
            String[] parts = adapt.split(":", 3);
            options = parts.length == 3 ? parts[2] : "";
        } else {
            throw new ParameterException(spec.commandLine(), "--adapt: none, audio[:KEY=VALUE,...] or"
                    + " reviewed:N[:KEY=VALUE,...], got " + adapt);
        }
        if (!options.isEmpty()) {
            java.util.Set<String> given = new java.util.HashSet<>();
            for (String part : options.split(",")) {
                String[] kv = part.split("=", 2);
                try {
                    if (kv.length != 2) {
                        throw new IllegalArgumentException("expected KEY=VALUE");
                    }
                    if (!given.add(kv[0])) {
                        // some keys are read where they are used, others by the builder: one value each
                        throw new IllegalArgumentException("'" + kv[0] + "' is given twice");
                    }
                    double v = Double.parseDouble(kv[1]);
                    switch (kv[0]) {
                        case "hours" -> b.optHours(v);
                        case "night-minutes" -> b.optNightSeconds(60 * v);
                        case "bulls-per-hour" -> b.optBullsPerHour(v);
                        case "exclude-top" -> b.optExcludeTop(v);
                        case "exclude-flagged" -> {
                            if (v != 0 && v != 1) {
                                throw new IllegalArgumentException("expected 0 or 1");
                            }
                            b.optExcludeFlagged(v == 1);
                        }
                        case "epochs" -> {
                            if (whole(v) == 0 && !adapt.startsWith("audio")) {
                                throw new IllegalArgumentException("0 (recalibrating only) is for --adapt audio:"
                                        + " verdicts are used by fine-tuning");
                            }
                            b.optEpochs(whole(v));
                        }
                        case "lr" -> b.optLearningRate(v);
                        case "epoch-windows" -> b.optEpochWindows(whole(v));
                        case "seed" -> b.optSeed(whole(v));
                        case "keep-training" -> b.optKeepTraining(whole(v) != 0);
                        case "average" -> b.optAveraging(v);
                        case "below" -> reviewedSwitch("below", v, "stretches under the threshold judged too",
                                "detections only");
                        case "calibrate" -> b.optVerdictsCalibrate(reviewedSwitch("calibrate", v,
                                "the verdicts fine-tune and calibrate", "they fine-tune only"));
                        case "heard" -> {
                            if (!adapt.startsWith("audio:")) {
                                throw new IllegalArgumentException("heard is for --adapt audio (with reviewed:N the"
                                        + " verdict nights decide which nights are scored)");
                            }
                            if (whole(v) < 1) {
                                throw new IllegalArgumentException("expected a whole number of recordings >= 1");
                            }
                        }
                        default -> throw new IllegalArgumentException("unknown key; expected hours, night-minutes,"
                                + " bulls-per-hour, exclude-top, exclude-flagged, epochs, lr, epoch-windows, average, seed,"
                                + " keep-training, (with audio) heard or (with reviewed:N) below or calibrate");
                    }
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), "--adapt " + adapt + ": '" + part + "': "
                            + e.getMessage());
                }
            }
        }
        return b.build();
    }

    private static int whole(double v) {
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("expected a whole number, got " + v);
        }
        return (int) v;
    }

    private static List<CorpusRecording> others(Corpus corpus, String testSite) {
        return corpus.recordings().stream().filter(r -> !r.site().equals(testSite)).toList();
    }

    private static SiteResult rename(SiteResult r, String site) {
        Map<String, Object> m = new LinkedHashMap<>(r.toMap());
        m.put("site", site);
        return SiteResult.fromMap(m);
    }

    /** An inner fold: trains on {@code train}, validates on {@code site}; the test site is in neither. */
    private static CorpusSplits innerSplits(Corpus corpus, List<String> train, String site) {
        Map<Split, List<CorpusRecording>> by = new java.util.EnumMap<>(Split.class);
        for (CorpusRecording r : corpus.recordings()) {
            Split s = r.site().equals(site) ? Split.VALIDATION : train.contains(r.site()) ? Split.TRAIN : null;
            if (s != null) {
                by.computeIfAbsent(s, k -> new ArrayList<>()).add(r);
            }
        }
        return new CorpusSplits(by);
    }

    /** An inner fold's scores of the site it left out, and that site's labels. */
    private record OutOfFold(float[] scores, boolean[] bulls) {
    }

    /** An inner fold's saved scores and labels, or null when it has not finished. */
    private OutOfFold innerScores(Path file, String key) throws java.io.IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Map<String, Object> m = CliJson.readObject(file, Files.readString(file));
        if (!key.equals(m.get("key")) || !(m.get("scores") instanceof List<?> s) || !(m.get("bulls") instanceof List<?> b)
                || s.size() != b.size()) {
            throw new java.io.IOException(file + ": not an inner fold of this recipe (fields key, scores, bulls);"
                    + " delete " + file.getParent() + " to redo it");
        }
        float[] scores = new float[s.size()];
        boolean[] bulls = new boolean[b.size()];
        for (int i = 0; i < scores.length; i++) {
            if (!(s.get(i) instanceof Number n) || !(b.get(i) instanceof Boolean t)) {
                throw new java.io.IOException(file + ": scores[" + i + "] or bulls[" + i + "] is not a number / boolean");
            }
            scores[i] = n.floatValue();
            bulls[i] = t;
        }
        return new OutOfFold(scores, bulls);
    }

    private static float[] concat(List<float[]> parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] all = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    /**
     * A finished fold's result, or null when the fold has not finished; refuses a fold of another
     * recipe or corpus (exit 2) rather than mixing runs.
     */
    private SiteResult resumed(Path dir, String key) throws java.io.IOException {
        Path started = dir.resolve(FOLD_KEY);
        if (Files.isRegularFile(started) && !key.equals(Files.readString(started).trim())) {
            throw new ParameterException(spec.commandLine(), dir + " holds a fold of another recipe or corpus;"
                    + " use another --out, or delete " + out.resolve("folds") + " to start again");
        }
        Path labelled = dir.resolve(FOLD_LABELS);
        if (Files.isRegularFile(labelled) && !labels.equals(Files.readString(labelled).trim())) {
            // the manifest can stay the same while the annotation files or --annotations table change
            throw new ParameterException(spec.commandLine(), dir + " holds a fold trained on other labels (an"
                    + " annotation file or the --annotations table changed since); use another --out, or delete "
                    + out.resolve("folds") + " to start again");
        }
        Path file = dir.resolve(FOLD_JSON);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Map<String, Object> m = CliJson.readObject(file, Files.readString(file));
        if (!key.equals(m.get("key"))) {
            throw new ParameterException(spec.commandLine(), file + " holds a fold of another recipe or corpus;"
                    + " use another --out, or delete " + out.resolve("folds") + " to start again");
        }
        if (!(m.get("test") instanceof Map<?, ?> test)) {
            throw new java.io.IOException(file + ": field 'test' is missing");
        }
        @SuppressWarnings("unchecked")
        Map<String, ?> t = (Map<String, ?>) test;
        try {
            return SiteResult.fromMap(t);
        } catch (IllegalArgumentException e) {
            throw new java.io.IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** What decides a fold's result: the recipe, the fold and the corpus's manifest. */
    private String key(TrainingRecipe.Plan plan, Fold fold) throws java.io.IOException {
        String manifest = Sha256.hex(corpusFiles.data.resolve("manifest.csv"));
        String scheme = innerFolds ? "inner folds: " + fold.testSite() : fold.toString();
        return Sha256.hex(String.join("\n", plan.pipeline().toString(), plan.config().toString(),
                plan.thresholdRule().toString(), recipe.describe(), scheme, manifest));
    }

    private Map<String, Object> recipeMap(TrainingRecipe.Plan plan, TrainingRecipe.Checked checked) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backbone", checked.backbone().cliName());
        m.put("width", checked.options().width());
        m.put("normalisation", plan.pipeline().normalisation().cliName());
        if (plan.pipeline().normalisation().pcen()) {
            m.put("pcen", plan.pipeline().pcenChannels().stream().map(Pcen::describe)
                    .collect(Collectors.joining("; ")));
        }
        m.put("mels", plan.pipeline().mels());
        m.put("hop", plan.pipeline().mel().hop());
        m.put("f_min", plan.pipeline().mel().fMin());
        m.put("f_max", plan.pipeline().mel().fMax());
        m.put("threshold_rule", plan.thresholdRule().toString());
        if (innerFolds) {
            m.put("inner_folds", true);
        } else {
            m.put("calibration_sites", calibrationSites);
        }
        m.put("config", plan.config().toString());
        m.put("options", recipe.describe());
        return m;
    }

    private static String header() {
        return String.format(Locale.ROOT, "%-14s %8s %8s %8s %8s %7s %7s %7s %8s %7s", "test site", "avg rec",
                "bull rec", "precis.", "flagged", "min/h", "AUC", "AP", "best avg", "gap");
    }

    private static String row(SiteResult r) {
        return row(r.site(), r.toMap());
    }

    private static String row(String name, Map<String, ?> m) {
        return String.format(Locale.ROOT, "%-14s %8.3f %8.3f %8.3f %7.1f%% %7.1f %7.3f %7.3f %8.3f %7.3f", name,
                d(m, "average_recall"), d(m, "bull_recall"), d(m, "precision"), 100 * d(m, "flagged"),
                d(m, "listening_minutes_per_hour"), d(m, "roc_auc"), d(m, "ap"), d(m, "best_average_recall"),
                d(m, "gap"));
    }

    private static double d(Map<String, ?> m, String key) {
        return m.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** One line per epoch. */
    private static final class EpochLines implements TrainingListener {
        private final PrintWriter out;

        EpochLines(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void onWindows(io.bullwatch.features.windows.WindowSet train, io.bullwatch.features.windows.WindowSet val,
                io.bullwatch.features.windows.WindowSet test, double seconds) {
            out.println("  " + TrainCommand.windowsLine(train, val, test, seconds));
            out.flush();
        }

        @Override
        public void onCrossSiteNights(int nights, double hours, Path dir) {
            out.println("  " + TrainCommand.crossSiteLine(nights, hours, dir));
            out.flush();
        }

        @Override
        public void onEpoch(io.bullwatch.models.train.EpochMetrics m, boolean best) {
            out.printf(Locale.ROOT, "  epoch %d: val avg recall %.3f (best threshold), AP %.3f, %.0f s%s%n", m.epoch(),
                    m.bestAverageRecall(), m.averagePrecision(), m.seconds(), best ? " *" : "");
            out.flush();
        }
    }
}
