// Does `bull adapt` still work on a busy night? `bull adapt` leaves the parent's top-scoring windows
// out of the beds it mixes training bulls into (`--exclude-top`, 5 %), because the new site's own
// bulls are most likely there; on a peak spawning night, with bulls in a quarter of the windows or
// more, the site's bulls beyond that share would sit in the beds as background. This script adapts
// each fold of a `bull crossval` run to its test site composed again at another density (the same
// backgrounds and bull clips, `bull compose --bulls-per-hour N`), as `bull crossval --adapt audio`
// does with the benchmark itself: the busy site's recordings as unlabelled audio, bulls cut from the
// fold's training sites (of the benchmark, at its own density); the busy site's labels only score
// the parent and the adapted bundle, each at its own threshold. One line per site, then mean and
// worst; each site's result is kept in OUT/SITE/result.tsv and reused on a rerun.
//
// usage (from the repository root, after `mvn -B -q install -DskipTests`):
//   java --add-modules jdk.incubator.vector -Dai.djl.offline=true \
//       -cp 'bull-cli/target/lib/*:bull-cli/target/bull.jar' scripts/real-sounds/BusyNights.java \
//       CORPUS CACHE RUN_DIR BUSY_CORPUS OUT [--exclude-top SHARE] [--exclude-flagged] [--sites a,b] [--seed N]
import io.bullwatch.core.corpus.Corpus;
import io.bullwatch.core.corpus.CorpusRecording;
import io.bullwatch.core.evaluate.CrossValidation.SiteResult;
import io.bullwatch.core.io.FileTrees;
import io.bullwatch.models.adapt.Adaptation;
import io.bullwatch.models.bundle.ModelBundle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

public class BusyNights {
    public static void main(String[] args) throws Exception {
        Corpus corpus = Corpus.load(Path.of(args[0]).resolve("manifest.csv"));
        Path cache = Path.of(args[1]);
        Path run = Path.of(args[2]);
        Corpus busy = Corpus.load(Path.of(args[3]).resolve("manifest.csv"));
        Path out = Path.of(args[4]);
        List<String> opts = Arrays.asList(args).subList(5, args.length);
        String only = option(opts, "--sites", "");
        long seed = Long.parseLong(option(opts, "--seed", "1"));
        String excludeTop = option(opts, "--exclude-top", "");
        List<String[]> rows = new ArrayList<>();
        for (String site : new TreeSet<>(busy.sites())) {
            if (!only.isEmpty() && !Arrays.asList(only.split(",")).contains(site)) {
                continue;
            }
            Path fold = run.resolve("folds").resolve(site);
            if (!Files.exists(fold.resolve(ModelBundle.MODEL_JSON))) {
                System.out.println(site + ": no fold model in " + fold + ", skipped");
                continue;
            }
            Path dir = out.resolve(site);
            Path result = dir.resolve("result.tsv");
            if (!Files.exists(result)) {
                List<CorpusRecording> training = corpus.recordings().stream().filter(r -> !r.site().equals(site))
                        .toList();
                List<CorpusRecording> night = busy.recordings().stream().filter(r -> r.site().equals(site)).toList();
                Adaptation.Builder b = Adaptation.builder(fold, training).optFeatureCache(cache).optThreads(2)
                        .optSeed(seed);
                if (!excludeTop.isEmpty()) {
                    b.optExcludeTop(Double.parseDouble(excludeTop));
                }
                b.optExcludeFlagged(opts.contains("--exclude-flagged"));
                Adaptation adaptation = b.build();
                System.out.println(site + ": adapting " + fold + " to " + night.size() + " busy recordings; "
                        + adaptation.describe());
                Path bundle = dir.resolve("bundle");
                Path work = dir.resolve("work");
                FileTrees.delete(bundle); // what an interrupted run left
                Files.createDirectories(dir);
                Adaptation.Adapted a;
                try {
                    a = adaptation.adapt(night.stream().map(CorpusRecording::recording).toList(), night, bundle,
                            work, new Adaptation.Listener() {
                                @Override
                                public void onStep(String message) {
                                    System.out.println("  " + message);
                                }
                            });
                } finally {
                    FileTrees.delete(work);
                }
                Files.writeString(result, line(site, "parent", a.parentTest().orElseThrow()) + "\n"
                        + line(site, "adapted", a.adaptedTest().orElseThrow()) + "\n"
                        + site + "\tdecision\t" + a.report().get("decision") + "\n", StandardCharsets.UTF_8);
            }
            for (String l : Files.readAllLines(result, StandardCharsets.UTF_8)) {
                String[] f = l.split("\t");
                if (!f[1].equals("decision")) {
                    rows.add(f);
                }
                System.out.println(l);
            }
        }
        for (String which : List.of("parent", "adapted")) {
            List<String[]> r = rows.stream().filter(f -> f[1].equals(which)).toList();
            if (r.isEmpty()) {
                continue;
            }
            double[] avg = r.stream().mapToDouble(f -> Double.parseDouble(f[3])).toArray();
            System.out.printf(Locale.ROOT, "%s: mean avg recall %.3f, worst %.3f (%s), mean bull recall %.3f,"
                    + " most flagged %.1f %%, mean gap %.3f, mean best-threshold %.3f, bulls in %.1f %% of the"
                    + " windows%n", which, Arrays.stream(avg).average().orElseThrow(), Arrays.stream(avg).min()
                    .orElseThrow(), r.stream().min(Comparator.comparingDouble(f -> Double.parseDouble(f[3])))
                    .orElseThrow()[0], mean(r, 4), 100 * r.stream().mapToDouble(f -> Double.parseDouble(f[5]))
                    .max().orElseThrow(), mean(r, 7) - mean(r, 3), mean(r, 7), 100 * mean(r, 8));
        }
    }

    private static String option(List<String> opts, String name, String fallback) {
        int i = opts.indexOf(name);
        return i < 0 ? fallback : opts.get(i + 1);
    }

    private static double mean(List<String[]> rows, int column) {
        return rows.stream().mapToDouble(f -> Double.parseDouble(f[column])).average().orElseThrow();
    }

    /** site, which, threshold, average recall, bull recall, flagged, ROC AUC, best average recall, bull share. */
    private static String line(String site, String which, SiteResult r) {
        return String.format(Locale.ROOT, "%s\t%s\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f", site, which,
                r.threshold(), r.averageRecall(), r.bullRecall(), r.flagged(), r.rocAuc(), r.bestAverageRecall(),
                (double) r.bullWindows() / r.windows());
    }
}
