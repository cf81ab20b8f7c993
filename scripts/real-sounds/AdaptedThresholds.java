// Which way does each adapted fold's threshold miss? For every test site of a `bull crossval --adapt
// audio` run, scores the site's windows with the adapted bundle (folds/SITE/adapted; with --parent,
// the fold's own bundle) and prints the bundle's threshold beside the site's best one (maximum
// average recall on the site's labels), with average recall, bull recall and flagged share at each,
// and what Otsu's rule on the logits of the site's unlabelled window scores would give. The windows
// and labels are `bull crossval`'s (the pipeline's grid, min-overlap 1 s, ambiguous windows left
// out), so the bundle's figures reproduce the run's. A last column gives the best average recall
// among the thresholds that flag at most --cap of the windows (default 0.12, issue 18's verdict
// target): when it is under the target, no threshold rule can meet both at that site. With
// --unreviewed (a `--adapt reviewed:N` run), the nights the verdicts came from (adaptation.json)
// are left out, as `bull crossval` scores only the others. With --nights NN,MM only the recordings
// named SITE-nightNN.wav, SITE-nightMM.wav are scored (a model adapted on every night, scored on the
// nights an `--adapt audio:heard=K` run scores).
//
// With --rules, two families of thresholds are tried at every site and summed up at the end (mean
// and worst average recall, most flagged share over the sites): a review budget, the lowest
// threshold flagging at most 10 % of all the windows of all the site's recordings (a threshold a
// user could set from the site's unlabelled audio; never below the bundle's), and, as an oracle no
// rule has, the threshold at which at most 2, 3 or 4 % of the site's labelled windows without a bull
// (all its nights) are flagged (never below the bundle's either).
//
// usage (from the repository root, after `mvn -B -q install -DskipTests`):
//   java --add-modules jdk.incubator.vector -Dai.djl.offline=true \
//       -cp 'bull-cli/target/lib/*:bull-cli/target/bull.jar' scripts/real-sounds/AdaptedThresholds.java \
//       CORPUS CACHE RUN_DIR [--parent] [--unreviewed] [--nights NN,MM...] [--cap SHARE] [--rules]
import ai.djl.Model;
import io.bullwatch.core.corpus.Corpus;
import io.bullwatch.core.corpus.CorpusRecording;
import io.bullwatch.core.corpus.CorpusSplits;
import io.bullwatch.core.corpus.Split;
import io.bullwatch.core.evaluate.CrossValidation.SiteResult;
import io.bullwatch.core.metrics.ThresholdPoint;
import io.bullwatch.core.metrics.ThresholdSweep;
import io.bullwatch.core.window.LabelRule;
import io.bullwatch.features.cache.FeatureCache;
import io.bullwatch.features.pipeline.FeaturePipeline;
import io.bullwatch.features.windows.WindowSet;
import io.bullwatch.models.backbone.BullNetwork;
import io.bullwatch.models.bundle.ModelBundle;
import io.bullwatch.models.train.BullTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

public class AdaptedThresholds {
    public static void main(String[] args) throws Exception {
        Path corpusDir = Path.of(args[0]);
        Path cacheDir = Path.of(args[1]);
        Path run = Path.of(args[2]);
        List<String> opts = Arrays.asList(args).subList(3, args.length);
        boolean parent = opts.contains("--parent");
        boolean unreviewed = opts.contains("--unreviewed");
        double cap = opts.contains("--cap") ? Double.parseDouble(opts.get(opts.indexOf("--cap") + 1)) : 0.12;
        boolean rules = opts.contains("--rules");
        Set<String> nights = opts.contains("--nights")
                ? new TreeSet<>(Arrays.asList(opts.get(opts.indexOf("--nights") + 1).split(","))) : Set.of();
        java.util.Map<String, List<SiteResult>> byRule = new java.util.LinkedHashMap<>();
        Corpus corpus = Corpus.load(corpusDir.resolve("manifest.csv"));
        LabelRule labels = LabelRule.minOverlapSeconds(1).withAmbiguousOverlapAbove(0);
        TreeSet<String> sites = new TreeSet<>();
        corpus.recordings().forEach(r -> sites.add(r.site()));
        System.out.printf(Locale.ROOT, "%-8s %-30s %-30s %-30s %-17s %s%n", "site", "bundle: thr avg bull flagged",
                "best: thr avg bull flagged", "otsu: thr avg bull flagged", "bundle's threshold",
                String.format(Locale.ROOT, "flagged <= %.2f: thr avg bull flagged", cap));
        for (String site : sites) {
            Path dir = run.resolve("folds").resolve(site);
            dir = parent ? dir : dir.resolve("adapted");
            if (!Files.exists(dir.resolve(ModelBundle.MODEL_JSON))) {
                continue;
            }
            ModelBundle b = ModelBundle.read(dir);
            FeaturePipeline pipeline = b.pipeline();
            CorpusSplits splits = corpus.leaveSitesOut(Set.of(), Set.of(site));
            FeatureCache cache = FeatureCache.builder().setDirectory(cacheDir).setConfig(pipeline.mel()).optThreads(2)
                    .build();
            List<CorpusRecording> scored = new ArrayList<>(splits.recordings(Split.TEST));
            if (unreviewed) {
                // the adapted bundle's report names the reviewed nights, with --parent too
                Set<String> reviewed = reviewedNights(run.resolve("folds").resolve(site).resolve("adapted")
                        .resolve("adaptation.json"));
                scored.removeIf(r -> reviewed.contains(r.recording().toAbsolutePath().toString()));
            }
            if (!nights.isEmpty()) {
                scored.removeIf(r -> nights.stream().noneMatch(n -> r.name().endsWith("-night" + n + ".wav")));
            }
            try (WindowSet test = WindowSet.load(scored, pipeline,
                    pipeline.window().hopSeconds(), labels, 2, cache); Model model = Model.newInstance("fold")) {
                BullNetwork net = b.loadNetwork(dir, model.getNDManager());
                model.setBlock(net.block());
                float[] s = BullTrainer.score(model, test, 64);
                boolean[] y = test.bulls();
                ThresholdSweep sweep = ThresholdSweep.of(s, y);
                double best = sweep.maxAverageRecall().orElseThrow().threshold();
                System.out.printf(Locale.ROOT, "%-8s %-30s %-30s %-30s %-17s %s%n", site, row(site, s, y, b.threshold()),
                        row(site, s, y, best), row(site, s, y, otsu(s)), b.threshold() < best ? "too low" : "too high",
                        row(site, s, y, capped(sweep, cap)));
                if (rules) {
                    List<CorpusRecording> all = splits.recordings(Split.TEST);
                    float[] every;
                    try (WindowSet w = WindowSet.load(all, pipeline, pipeline.window().hopSeconds(),
                            LabelRule.minOverlapSeconds(1), 2, cache)) {
                        every = BullTrainer.score(model, w, 64);
                    }
                    float[] negatives;
                    try (WindowSet w = WindowSet.load(all, pipeline, pipeline.window().hopSeconds(), labels, 2,
                            cache)) {
                        float[] a = BullTrainer.score(model, w, 64);
                        boolean[] bulls = w.bulls();
                        int n = 0;
                        for (boolean bull : bulls) {
                            n += bull ? 0 : 1;
                        }
                        negatives = new float[n];
                        for (int i = 0, j = 0; i < a.length; i++) {
                            if (!bulls[i]) {
                                negatives[j++] = a[i];
                            }
                        }
                    }
                    double t = Math.max(b.threshold(), flaggingAtMost(every, 0.10));
                    byRule.computeIfAbsent("budget 10 % of the site's audio", k -> new ArrayList<>())
                            .add(SiteResult.of(site, s, y, t));
                    for (double fpr : new double[] {0.02, 0.03, 0.04}) {
                        double tf = Math.max(b.threshold(), flaggingAtMost(negatives, fpr));
                        byRule.computeIfAbsent(String.format(Locale.ROOT, "oracle: %.0f %% of the labelled no-bull"
                                + " windows", 100 * fpr), k -> new ArrayList<>()).add(SiteResult.of(site, s, y, tf));
                    }
                }
            }
        }
        for (var e : byRule.entrySet()) {
            List<SiteResult> r = e.getValue();
            SiteResult worst = r.stream().min(java.util.Comparator.comparingDouble(SiteResult::averageRecall))
                    .orElseThrow();
            SiteResult most = r.stream().max(java.util.Comparator.comparingDouble(SiteResult::flagged)).orElseThrow();
            System.out.printf(Locale.ROOT, "%-45s mean %.3f, worst %.3f (%s), most flagged %.3f (%s)%n", e.getKey(),
                    r.stream().mapToDouble(SiteResult::averageRecall).average().orElse(Double.NaN),
                    worst.averageRecall(), worst.site(), most.flagged(), most.site());
        }
    }

    /** The lowest threshold at which at most {@code share} of the scores are flagged (score >= threshold). */
    private static double flaggingAtMost(float[] scores, double share) {
        float[] sorted = scores.clone();
        Arrays.sort(sorted);
        int k = (int) Math.floor(share * sorted.length); // may flag k of them: everything above the (k+1)-th highest
        return k >= sorted.length ? Double.NEGATIVE_INFINITY : Math.nextUp((double) sorted[sorted.length - 1 - k]);
    }

    /** Threshold, average recall, bull recall and flagged share, as `bull crossval` reports them. */
    private static String row(String site, float[] s, boolean[] y, double t) {
        SiteResult r = SiteResult.of(site, s, y, t);
        return String.format(Locale.ROOT, "%.3f %.3f %.3f %.3f", t, r.averageRecall(), r.bullRecall(), r.flagged());
    }

    /**
     * The threshold of best average recall among those flagging at most {@code cap} of the windows,
     * from the sweep's points (highest threshold last; flags grow as it falls), or +infinity when
     * even the highest flags more.
     */
    private static double capped(ThresholdSweep sweep, double cap) {
        double best = Double.NEGATIVE_INFINITY;
        double at = Double.POSITIVE_INFINITY;
        for (int i = sweep.size() - 1; i >= 0; i--) {
            ThresholdPoint p = sweep.point(i);
            if (p.confusion().flaggedFraction() > cap) {
                break;
            }
            if (p.confusion().averageRecall() > best) {
                best = p.confusion().averageRecall();
                at = p.threshold();
            }
        }
        return at;
    }

    /** The recordings of the reviewed nights named in an adaptation report. */
    private static Set<String> reviewedNights(Path report) throws java.io.IOException {
        Set<String> out = new TreeSet<>();
        if (!Files.exists(report)) {
            throw new IllegalArgumentException(report + ": no adaptation report, so the reviewed nights are unknown;"
                    + " --unreviewed needs a `bull crossval --adapt reviewed:N` run");
        }
        com.google.gson.JsonObject v = com.google.gson.JsonParser.parseString(Files.readString(report))
                .getAsJsonObject().getAsJsonObject("verdicts");
        if (v != null) {
            v.getAsJsonArray("nights").forEach(n -> out.add(n.getAsJsonObject().get("recording").getAsString()));
        }
        return out;
    }

    /** Otsu's rule on the logits of unlabelled scores: the cut maximising the between-class variance. */
    private static double otsu(float[] s) {
        double[] l = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            double p = Math.min(1 - 1e-6, Math.max(1e-6, s[i]));
            l[i] = Math.log(p / (1 - p));
        }
        Arrays.sort(l);
        double total = 0;
        for (double v : l) {
            total += v;
        }
        double bestVar = -1;
        double cut = l[l.length - 1];
        double below = 0;
        for (int k = 1; k < l.length; k++) {
            below += l[k - 1];
            if (l[k] == l[k - 1]) {
                continue;
            }
            double w0 = k / (double) l.length;
            double m0 = below / k;
            double m1 = (total - below) / (l.length - k);
            double between = w0 * (1 - w0) * (m0 - m1) * (m0 - m1);
            if (between > bestVar) {
                bestVar = between;
                cut = l[k];
            }
        }
        return 1 / (1 + Math.exp(-cut));
    }
}
