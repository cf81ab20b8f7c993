// Scores one crossval fold with the fold models of several `bull crossval` runs and with their
// average (an ensemble, scores averaged), each calibrated on the fold's calibration sites with the
// default rule (smooth:avg-recall), as `bull crossval` does: what an ensemble of seeds or recipes
// would score, without training anything. Runs may differ in their features (each distinct pipeline
// loads its own windows) as long as they cut the same windows (window length and hop). Optionally
// writes the ensemble's test-window scores (recording, start, bull, score).
//
// usage (from the repository root, after `mvn -B -q install -DskipTests`):
//   java --add-modules jdk.incubator.vector -Dai.djl.offline=true \
//       -cp 'bull-cli/target/lib/*:bull-cli/target/bull.jar' scripts/real-sounds/FoldEnsemble.java \
//       CORPUS CACHE SITE RUN_DIR... [--scores FILE.tsv]
import ai.djl.Model;
import io.bullwatch.core.calibrate.Calibration;
import io.bullwatch.core.calibrate.ThresholdRule;
import io.bullwatch.core.corpus.Corpus;
import io.bullwatch.core.corpus.CorpusSplits;
import io.bullwatch.core.corpus.Split;
import io.bullwatch.core.evaluate.CrossValidation.SiteResult;
import io.bullwatch.core.window.LabelRule;
import io.bullwatch.features.cache.FeatureCache;
import io.bullwatch.features.pipeline.FeaturePipeline;
import io.bullwatch.features.windows.WindowSet;
import io.bullwatch.models.backbone.BullNetwork;
import io.bullwatch.models.bundle.ModelBundle;
import io.bullwatch.models.train.BullTrainer;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class FoldEnsemble {
    public static void main(String[] args) throws Exception {
        Path corpusDir = Path.of(args[0]);
        Path cacheDir = Path.of(args[1]);
        String site = args[2];
        List<Path> runs = new ArrayList<>();
        Path scoresFile = null;
        for (int i = 3; i < args.length; i++) {
            if (args[i].equals("--scores")) {
                scoresFile = Path.of(args[++i]);
            } else {
                runs.add(Path.of(args[i], "folds", site));
            }
        }
        String fold = Files.readString(runs.get(0).resolve("fold.json"));
        Matcher m = Pattern.compile("\"validation_sites\": \\[([^\\]]*)\\]").matcher(fold);
        if (!m.find()) {
            throw new IllegalArgumentException(runs.get(0) + "/fold.json names no validation sites");
        }
        LinkedHashSet<String> validation = new LinkedHashSet<>();
        for (String s : m.group(1).split(",")) {
            validation.add(s.replaceAll("[\\s\"]", ""));
        }
        Corpus corpus = Corpus.load(corpusDir.resolve("manifest.csv"));
        CorpusSplits splits = corpus.leaveSitesOut(validation, java.util.Set.of(site));
        LabelRule labels = LabelRule.minOverlapSeconds(1).withAmbiguousOverlapAbove(0);
        // runs may differ in their features (PCEN's shape, say): each distinct pipeline loads its own
        // windows, which must be the same windows (recordings, starts, labels) in the same order
        Map<FeaturePipeline, WindowSet[]> sets = new LinkedHashMap<>();
        try {
            WindowSet[] first = null;
            float[] v = null;
            float[] t = null;
            for (Path run : runs) {
                ModelBundle b = ModelBundle.read(run);
                WindowSet[] vt = sets.get(b.pipeline());
                if (vt == null) {
                    FeaturePipeline pipeline = b.pipeline();
                    FeatureCache cache = FeatureCache.builder().setDirectory(cacheDir).setConfig(pipeline.mel())
                            .optThreads(2).build();
                    double hop = pipeline.window().hopSeconds();
                    vt = new WindowSet[] {
                        WindowSet.load(splits.recordings(Split.VALIDATION), pipeline, hop, labels, 2, cache),
                        WindowSet.load(splits.recordings(Split.TEST), pipeline, hop, labels, 2, cache)};
                    sets.put(pipeline, vt);
                    if (first == null) {
                        first = vt;
                        v = new float[vt[0].size()];
                        t = new float[vt[1].size()];
                    } else if (!java.util.Arrays.equals(vt[0].bulls(), first[0].bulls())
                            || !java.util.Arrays.equals(vt[1].bulls(), first[1].bulls())) {
                        throw new IllegalArgumentException(run + ": its features cut other windows than "
                                + runs.get(0) + "'s");
                    }
                }
                try (Model model = Model.newInstance("fold")) {
                    BullNetwork net = b.loadNetwork(run, model.getNDManager());
                    model.setBlock(net.block());
                    float[] vs = BullTrainer.score(model, vt[0], 64);
                    float[] ts = BullTrainer.score(model, vt[1], 64);
                    print(site, run.toString(), vs, vt[0].bulls(), ts, vt[1].bulls());
                    for (int k = 0; k < v.length; k++) {
                        v[k] += vs[k] / runs.size();
                    }
                    for (int k = 0; k < t.length; k++) {
                        t[k] += ts[k] / runs.size();
                    }
                }
            }
            WindowSet test = first[1];
            print(site, "ensemble of " + runs.size(), v, first[0].bulls(), t, test.bulls());
            if (scoresFile != null) {
                try (Writer w = Files.newBufferedWriter(scoresFile)) {
                    for (int k = 0; k < test.size(); k++) {
                        w.write(test.recording(k) + "\t" + test.startSeconds(k).orElse(-1) + "\t" + test.isBull(k)
                                + "\t" + t[k] + "\n");
                    }
                }
            }
        } finally {
            for (WindowSet[] vt : sets.values()) {
                vt[0].close();
                vt[1].close();
            }
        }
    }

    private static void print(String site, String what, float[] v, boolean[] vb, float[] t, boolean[] tb) {
        Calibration c = Calibration.of(ThresholdRule.averageRecall().smooth(), v, vb);
        Map<String, Object> r = SiteResult.of(site, t, tb, c.threshold()).toMap();
        System.out.printf(Locale.ROOT, "%-8s %-44s threshold %.3f avg recall %.3f bull recall %.3f flagged %.3f"
                + " AUC %.3f AP %.3f best %.3f%n", site, what, c.threshold(), r.get("average_recall"),
                r.get("bull_recall"), r.get("flagged"), r.get("roc_auc"), r.get("ap"), r.get("best_average_recall"));
    }
}
