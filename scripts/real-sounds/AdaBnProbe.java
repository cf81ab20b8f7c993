// Measures batch-normalisation statistics re-estimated on the audio being scored (AdaBN, Li et al.
// 2016), offline on a `bull crossval` run's fold models: every recording of the fold's calibration
// and test sites is scored twice, with the network's trained statistics and with every batch-norm
// layer's mean and variance taken from that recording's own windows (or from all windows of its
// site, with --per site); each way calibrated on the calibration sites with the default rule
// (smooth:avg-recall), as `bull crossval` does, and judged on the test site.
//
// usage (from the repository root, after `mvn -B -q install -DskipTests`):
//   java --add-modules jdk.incubator.vector -Dai.djl.offline=true \
//       -cp 'bull-cli/target/lib/*:bull-cli/target/bull.jar' scripts/real-sounds/AdaBnProbe.java \
//       CORPUS CACHE RUN_DIR [--per recording|site] [SITE...]
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.bullwatch.core.calibrate.Calibration;
import io.bullwatch.core.calibrate.ThresholdRule;
import io.bullwatch.core.corpus.Corpus;
import io.bullwatch.core.corpus.CorpusRecording;
import io.bullwatch.core.corpus.CorpusSplits;
import io.bullwatch.core.corpus.Split;
import io.bullwatch.core.evaluate.CrossValidation.SiteResult;
import io.bullwatch.core.window.LabelRule;
import io.bullwatch.features.cache.FeatureCache;
import io.bullwatch.features.pipeline.FeaturePipeline;
import io.bullwatch.features.windows.WindowSet;
import io.bullwatch.models.backbone.BullNetwork;
import io.bullwatch.models.bundle.ModelBundle;
import io.bullwatch.models.scoring.FrozenParameters;
import io.bullwatch.models.train.BullTrainer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class AdaBnProbe {
    public static void main(String[] args) throws Exception {
        Path corpusDir = Path.of(args[0]);
        Path cacheDir = Path.of(args[1]);
        Path runDir = Path.of(args[2]);
        String per = "recording";
        List<String> sites = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            if (args[i].equals("--per")) {
                per = args[++i];
            } else {
                sites.add(args[i]);
            }
        }
        Corpus corpus = Corpus.load(corpusDir.resolve("manifest.csv"));
        if (sites.isEmpty()) {
            sites.addAll(corpus.sites());
        }
        double[] sums = new double[8];
        double[] worst = {1, 1};
        for (String site : sites) {
            double[] r = fold(corpus, cacheDir, runDir.resolve("folds").resolve(site), site, per);
            for (int k = 0; k < r.length; k++) {
                sums[k] += r[k] / sites.size();
            }
            worst[0] = Math.min(worst[0], r[0]);
            worst[1] = Math.min(worst[1], r[4]);
        }
        System.out.printf(Locale.ROOT, "MEAN     trained stats: avg recall %.3f bull recall %.3f flagged %.3f best %.3f"
                + " | adapted (%s): avg recall %.3f bull recall %.3f flagged %.3f best %.3f%n", sums[0], sums[1], sums[2],
                sums[3], per, sums[4], sums[5], sums[6], sums[7]);
        System.out.printf(Locale.ROOT, "WORST    trained stats %.3f | adapted %.3f%n", worst[0], worst[1]);
    }

    /** Returns {avg recall, bull recall, flagged, best} before and after. */
    private static double[] fold(Corpus corpus, Path cacheDir, Path foldDir, String site, String per) throws Exception {
        String fold = Files.readString(foldDir.resolve("fold.json"));
        Matcher m = Pattern.compile("\"validation_sites\": \\[([^\\]]*)\\]").matcher(fold);
        if (!m.find()) {
            throw new IllegalArgumentException(foldDir + "/fold.json names no validation sites");
        }
        LinkedHashSet<String> validation = new LinkedHashSet<>();
        for (String s : m.group(1).split(",")) {
            validation.add(s.replaceAll("[\\s\"]", ""));
        }
        CorpusSplits splits = corpus.leaveSitesOut(validation, java.util.Set.of(site));
        ModelBundle bundle = ModelBundle.read(foldDir);
        FeaturePipeline pipeline = bundle.pipeline();
        FeatureCache cache = FeatureCache.builder().setDirectory(cacheDir).setConfig(pipeline.mel()).optThreads(2)
                .build();
        LabelRule labels = LabelRule.minOverlapSeconds(1).withAmbiguousOverlapAbove(0);
        double hop = pipeline.window().hopSeconds();
        Scored val = new Scored();
        Scored test = new Scored();
        for (Split split : List.of(Split.VALIDATION, Split.TEST)) {
            Map<String, List<CorpusRecording>> groups = new LinkedHashMap<>();
            for (CorpusRecording r : splits.recordings(split)) {
                String key = per.equals("site") ? r.site() : r.recording().toString();
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
            }
            for (List<CorpusRecording> group : groups.values()) {
                try (WindowSet ws = WindowSet.load(group, pipeline, hop, labels, 2, cache)) {
                    float[] before;
                    float[] after;
                    try (Model model = Model.newInstance("fold")) {
                        BullNetwork net = bundle.loadNetwork(foldDir, model.getNDManager());
                        model.setBlock(net.block());
                        before = BullTrainer.score(model, ws, 64);
                        adaptStatistics(model, ws);
                        after = BullTrainer.score(model, ws, 64);
                    }
                    (split == Split.TEST ? test : val).add(before, after, ws.bulls());
                }
            }
        }
        double[] b = print(site, "trained statistics", val.before, val.bulls, test.before, test.bulls);
        double[] a = print(site, "statistics per " + per, val.after, val.bulls, test.after, test.bulls);
        return new double[] {b[0], b[1], b[2], b[3], a[0], a[1], a[2], a[3]};
    }

    /**
     * Sets every batch-norm layer's running mean and variance to those of the windows given: two
     * forward passes in training mode over all of them as one batch (so each layer sees exactly
     * their statistics), then the layer's moving-average update undone from the two results.
     */
    static void adaptStatistics(Model model, WindowSet ws) {
        Block block = model.getBlock();
        NDManager root = model.getNDManager();
        List<Parameter> running = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getKey().endsWith("runningMean") || p.getKey().endsWith("runningVar")) {
                running.add(p.getValue());
            }
        }
        if (running.isEmpty()) {
            throw new IllegalStateException("the network has no batch normalisation");
        }
        List<float[]> old = new ArrayList<>();
        for (Parameter p : running) {
            old.add(p.getArray().toFloatArray());
        }
        List<float[]> first = new ArrayList<>();
        ParameterStore ps = new ParameterStore(root, false);
        try (FrozenParameters frozen = FrozenParameters.of(block); NDManager sub = root.newSubManager()) {
            int size = ws.mels() * ws.frames();
            float[] buf = new float[ws.size() * size];
            for (int j = 0; j < ws.size(); j++) {
                System.arraycopy(ws.features(j), 0, buf, j * size, size);
            }
            NDArray x = sub.create(FloatBuffer.wrap(buf), new Shape(ws.size(), ws.channels(), ws.mels() / ws.channels(),
                    ws.frames()));
            block.forward(ps, new NDList(x), true);
            for (Parameter p : running) {
                first.add(p.getArray().toFloatArray());
            }
            block.forward(ps, new NDList(x), true);
        }
        for (int i = 0; i < running.size(); i++) {
            float[] o = old.get(i);
            float[] r1 = first.get(i);
            float[] r2 = running.get(i).getArray().toFloatArray();
            double num = 0;
            double den = 0;
            for (int k = 0; k < o.length; k++) {
                num += Math.abs(r2[k] - r1[k]);
                den += Math.abs(r1[k] - o[k]);
            }
            double a = den == 0 ? 0 : num / den; // r_{t+1} = a r_t + (1 - a) s
            if (Boolean.getBoolean("adabn.debug")) {
                System.out.printf(Locale.ROOT, "  layer %d: update weight of the old value %.4f%n", i, a);
            }
            float[] s = new float[o.length];
            for (int k = 0; k < o.length; k++) {
                s[k] = (float) ((r1[k] - a * o[k]) / (1 - a));
            }
            running.get(i).getArray().set(s);
        }
    }

    /** Scores and labels of one split, recording group after recording group. */
    private static final class Scored {
        float[] before = new float[0];
        float[] after = new float[0];
        boolean[] bulls = new boolean[0];

        void add(float[] b, float[] a, boolean[] y) {
            before = append(before, b);
            after = append(after, a);
            boolean[] all = Arrays.copyOf(bulls, bulls.length + y.length);
            System.arraycopy(y, 0, all, bulls.length, y.length);
            bulls = all;
        }

        private static float[] append(float[] head, float[] tail) {
            float[] all = Arrays.copyOf(head, head.length + tail.length);
            System.arraycopy(tail, 0, all, head.length, tail.length);
            return all;
        }
    }

    private static double[] print(String site, String what, float[] v, boolean[] vb, float[] t, boolean[] tb) {
        Calibration c = Calibration.of(ThresholdRule.averageRecall().smooth(), v, vb);
        Map<String, Object> r = SiteResult.of(site, t, tb, c.threshold()).toMap();
        System.out.printf(Locale.ROOT, "%-8s %-26s threshold %.3f avg recall %.3f bull recall %.3f flagged %.3f"
                + " AUC %.3f AP %.3f best %.3f%n", site, what, c.threshold(), r.get("average_recall"),
                r.get("bull_recall"), r.get("flagged"), r.get("roc_auc"), r.get("ap"), r.get("best_average_recall"));
        return new double[] {(Double) r.get("average_recall"), (Double) r.get("bull_recall"), (Double) r.get("flagged"),
                (Double) r.get("best_average_recall")};
    }
}
