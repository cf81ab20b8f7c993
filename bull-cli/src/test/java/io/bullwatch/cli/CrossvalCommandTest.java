package io.bullwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.models.bundle.ModelBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bull crossval}: folds, files, resume, and refusals. */
class CrossvalCommandTest extends CliTestBase {

    @TempDir
    Path dir;

    private Path corpus(int sites) {
        Path corpus = dir.resolve("nights" + sites);
        // two 3-minute nights per site; with this seed every site has bull and no-bull windows
        assertEquals(0, run("synth", "--hours", String.valueOf(0.1 * sites), "--sites", String.valueOf(sites),
                "--recording-minutes", "3", "--sample-rate", "16000", "--bulls-per-hour", "200", "--seed", "7",
                "--threads", "1", "--out", corpus.toString()), err::toString);
        return corpus;
    }

    private String[] args(Path corpus, Path out, String seed) {
        return new String[] {"crossval", "--data", corpus.toString(), "--out", out.toString(), "--width", "0.25",
            "--mels", "16", "--hop", "2048", "--epochs", "1", "--epoch-windows", "64", "--threshold-rule", "avg-recall",
            "--threads", "1",
            "--seed", seed};
    }

    @Test
    void eachSiteIsTestedOnceAndARerunResumes() throws Exception {
        Path corpus = corpus(3);
        Path out = dir.resolve("cv");
        assertEquals(0, run(args(corpus, out, "1")), () -> this.out + "\n" + err);
        String text = this.out.toString();
        assertTrue(text.contains("fold site01: train [site03], calibrate on site02"), text);
        assertTrue(text.contains("test site"), text);
        assertTrue(text.contains("fold site03: train [site02], calibrate on site01"), text);
        Map<String, Object> json = CliJson.readObject(out.resolve("crossval.json"),
                Files.readString(out.resolve("crossval.json")));
        List<?> sites = (List<?>) json.get("sites");
        assertEquals(3, sites.size());
        for (Object o : sites) {
            Map<?, ?> s = (Map<?, ?>) o;
            for (String key : List.of("site", "average_recall", "bull_recall", "precision", "flagged", "roc_auc",
                    "ap", "best_average_recall", "gap", "listening_minutes_per_hour")) {
                assertTrue(s.containsKey(key), key + " in " + s);
            }
            // the fold's bundle carries the threshold its test site was scored at
            Path fold = out.resolve("folds").resolve((String) s.get("site"));
            assertEquals(ModelBundle.read(fold).threshold(), ((Number) s.get("threshold")).doubleValue());
        }
        double mean = ((List<?>) json.get("sites")).stream()
                .mapToDouble(o -> ((Number) ((Map<?, ?>) o).get("average_recall")).doubleValue()).average().orElseThrow();
        assertEquals(mean, ((Number) ((Map<?, ?>) json.get("mean")).get("average_recall")).doubleValue(), 1e-12);
        assertTrue(((Map<?, ?>) json.get("worst")).containsKey("site"));
        assertTrue(Files.size(out.resolve("crossval.png")) > 1000);

        // a rerun reuses every fold and writes the same numbers
        String first = Files.readString(out.resolve("crossval.json"));
        this.out.getBuffer().setLength(0);
        assertEquals(0, run(args(corpus, out, "1")), () -> this.out + "\n" + err);
        assertEquals(3, this.out.toString().split("reused", -1).length - 1, this.out.toString());
        assertEquals(first, Files.readString(out.resolve("crossval.json")));

        // another recipe into the same folder is refused, not mixed
        assertEquals(2, run(args(corpus, out, "2")));
        assertTrue(err.toString().contains("holds a fold of another recipe or corpus"), err.toString());

        // so are the same recipe and manifest with other labels: one bull of site02 starting later
        Path table = corpus.resolve("site02").resolve("site02-night01.txt"); // start, end, label
        List<String> rows = new java.util.ArrayList<>(Files.readAllLines(table));
        String[] f = rows.get(0).split("\t", -1);
        f[0] = String.valueOf(Double.parseDouble(f[0]) + 0.25);
        rows.set(0, String.join("\t", f));
        Files.write(table, rows);
        err.getBuffer().setLength(0);
        assertEquals(2, run(args(corpus, out, "1")));
        assertTrue(err.toString().contains("holds a fold trained on other labels"), err.toString());
        assertEquals(first, Files.readString(out.resolve("crossval.json")));
    }

    @Test
    void aSiteWithoutBullsIsRefusedBeforeAnyTraining() {
        Path corpus = dir.resolve("no-bulls");
        assertEquals(0, run("synth", "--hours", "0.3", "--sites", "3", "--recording-minutes", "3", "--sample-rate",
                "16000", "--bulls-per-hour", "0", "--seed", "7", "--threads", "1", "--out", corpus.toString()),
                err::toString);
        assertEquals(2, run(args(corpus, dir.resolve("cv-none"), "1")));
        assertTrue(err.toString().contains("site site01 has no annotated bull"), err.toString());
        assertTrue(!Files.exists(dir.resolve("cv-none").resolve("folds")), "nothing trained");
    }

    @Test
    void innerFoldsTakeTheThresholdFromTheOtherSitesOutOfFoldScores() throws Exception {
        Path corpus = corpus(3);
        Path out = dir.resolve("cv-inner");
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(args(corpus, out, "1")),
                java.util.stream.Stream.of("--inner-folds")).toArray(String[]::new);
        assertEquals(0, run(args), () -> this.out + "\n" + err);
        String text = this.out.toString();
        assertTrue(text.contains("fold site01, inner fold site02: train [site03], score site02"), text);
        assertTrue(text.contains("fold site01, inner fold site03: train [site02], score site03"), text);
        Map<String, Object> json = CliJson.readObject(out.resolve("crossval.json"),
                Files.readString(out.resolve("crossval.json")));
        assertEquals(Boolean.TRUE, ((Map<?, ?>) json.get("recipe")).get("inner_folds"));
        for (Object o : (List<?>) json.get("sites")) {
            String site = (String) ((Map<?, ?>) o).get("site");
            Path fold = out.resolve("folds").resolve(site);
            // the two other sites' out-of-fold scores, pooled, give the threshold: with the
            // avg-recall rule it is one of those scores, the one whose average recall is highest
            List<Float> scores = new java.util.ArrayList<>();
            List<Boolean> bulls = new java.util.ArrayList<>();
            List<String> innerSites = new java.util.ArrayList<>();
            try (var inner = Files.list(fold.resolve("inner"))) {
                inner.sorted().forEach(p -> innerSites.add(p.getFileName().toString()));
            }
            assertEquals(3 - 1, innerSites.size(), innerSites::toString);
            assertTrue(!innerSites.contains(site), innerSites::toString);
            for (String s : innerSites) {
                Path f = fold.resolve("inner").resolve(s).resolve(CrossvalCommand.INNER_JSON);
                Map<String, Object> m = CliJson.readObject(f, Files.readString(f));
                ((List<?>) m.get("scores")).forEach(x -> scores.add(((Number) x).floatValue()));
                ((List<?>) m.get("bulls")).forEach(x -> bulls.add((Boolean) x));
            }
            double best = -1;
            double bestThreshold = Double.NaN;
            for (float t : scores) {
                long tp = 0;
                long fn = 0;
                long tn = 0;
                long fp = 0;
                for (int i = 0; i < scores.size(); i++) {
                    boolean flagged = scores.get(i) >= t;
                    if (bulls.get(i)) {
                        tp += flagged ? 1 : 0;
                        fn += flagged ? 0 : 1;
                    } else {
                        fp += flagged ? 1 : 0;
                        tn += flagged ? 0 : 1;
                    }
                }
                double avg = 0.5 * tp / (tp + fn) + 0.5 * tn / (tn + fp);
                if (avg > best) {
                    best = avg;
                }
            }
            double threshold = ModelBundle.read(fold).threshold();
            assertEquals(threshold, ((Number) ((Map<?, ?>) o).get("threshold")).doubleValue());
            long tp = 0;
            long tn = 0;
            long pos = bulls.stream().filter(b -> b).count();
            for (int i = 0; i < scores.size(); i++) {
                if (scores.get(i) >= threshold) {
                    tp += bulls.get(i) ? 1 : 0;
                } else {
                    tn += bulls.get(i) ? 0 : 1;
                }
            }
            double avgAt = 0.5 * tp / pos + 0.5 * tn / (scores.size() - pos);
            assertEquals(best, avgAt, 1e-9, "the threshold reaches the best average recall on the pooled scores");
            assertTrue(ModelBundle.read(fold).thresholdRule().endsWith("on inner folds"));
        }

        // a rerun after a lost fold result reuses its inner folds
        Files.delete(out.resolve("folds/site02").resolve(CrossvalCommand.FOLD_JSON));
        String first = Files.readString(out.resolve("crossval.json"));
        this.out.getBuffer().setLength(0);
        assertEquals(0, run(args), () -> this.out + "\n" + err);
        assertTrue(this.out.toString().contains("fold site02, inner fold site01: reused"), this.out::toString);
        assertEquals(first, Files.readString(out.resolve("crossval.json")));
    }

    @Test
    void twoSitesAreTooFew() {
        Path corpus = corpus(2);
        assertEquals(2, run(args(corpus, dir.resolve("cv2"), "1")));
        assertTrue(err.toString().contains("at least 3 sites"), err.toString());
    }

    /** {@code --adapt ADAPT} is refused (exit 2) with {@code message} on standard error. */
    private void assertAdaptRefused(Path corpus, String out, String adapt, String message) {
        assertEquals(2, run("crossval", "--data", corpus.toString(), "--out", dir.resolve(out).toString(), "--adapt",
                adapt));
        assertTrue(err.toString().contains(message), err.toString());
    }

    @Test
    void adaptationToEachTestSiteIsReportedBeforeAndAfterAndResumed() throws Exception {
        Path corpus = corpus(3);
        Path out = dir.resolve("cv-adapt");
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(args(corpus, out, "1")),
                java.util.stream.Stream.of("--adapt", "audio:hours=0.1,night-minutes=3,bulls-per-hour=300,epochs=1,"
                    + "epoch-windows=64")).toArray(String[]::new);
        assertEquals(0, run(args), () -> this.out + "\n" + err);
        String text = this.out.toString();
        assertTrue(text.contains("fold site01: adapting to its 2 recordings (unlabelled)"), text);
        // from audio alone the verdicts' option is not named (it would change the fold's key for nothing)
        assertFalse(text.contains("verdicts calibrate"), text);
        assertTrue(text.contains("(adapted)"), text);
        assertTrue(text.contains("mean before"), text);
        Map<String, Object> json = CliJson.readObject(out.resolve("crossval.json"),
                Files.readString(out.resolve("crossval.json")));
        assertTrue(json.get("adapt").toString().startsWith("audio:"), json::toString);
        Map<?, ?> before = (Map<?, ?>) json.get("before");
        assertEquals(3, ((List<?>) before.get("sites")).size());
        for (Object o : (List<?>) json.get("sites")) {
            String site = (String) ((Map<?, ?>) o).get("site");
            Path adapted = out.resolve("folds").resolve(site).resolve("adapted");
            Map<String, Object> fold = CliJson.readObject(adapted.resolve(CrossvalCommand.FOLD_JSON),
                    Files.readString(adapted.resolve(CrossvalCommand.FOLD_JSON)));
            // the site's result after adaptation is the adapted bundle's, at its threshold
            assertEquals(ModelBundle.read(adapted).threshold(), ((Number) ((Map<?, ?>) o).get("threshold")).doubleValue());
            assertEquals(((Map<?, ?>) fold.get("test")).get("average_recall"), ((Map<?, ?>) o).get("average_recall"));
            // and before it, the fold's own
            Map<?, ?> unadapted = (Map<?, ?>) fold.get("before");
            assertEquals(ModelBundle.read(out.resolve("folds").resolve(site)).threshold(),
                    ((Number) unadapted.get("threshold")).doubleValue());
            assertTrue(fold.get("decision") instanceof String, fold::toString);
            assertTrue(!Files.exists(adapted.resolve("work")), "the composed nights are deleted");
        }
        // a rerun reuses every fold and every adaptation
        String first = Files.readString(out.resolve("crossval.json"));
        this.out.getBuffer().setLength(0);
        assertEquals(0, run(args), () -> this.out + "\n" + err);
        assertEquals(3, this.out.toString().split("adaptation reused", -1).length - 1, this.out.toString());
        assertEquals(first, Files.readString(out.resolve("crossval.json")));
        // other --adapt options never replace what was adapted: refused, everything kept
        Path adaptedFold = out.resolve("folds").resolve("site01").resolve("adapted").resolve(CrossvalCommand.FOLD_JSON);
        String adaptedBefore = Files.readString(adaptedFold);
        String[] other = args.clone();
        other[other.length - 1] = other[other.length - 1].replace("epochs=1", "epochs=2");
        err.getBuffer().setLength(0);
        assertEquals(2, run(other));
        assertTrue(err.toString().contains("holds an adaptation made with other --adapt options"), err.toString());
        assertEquals(adaptedBefore, Files.readString(adaptedFold));
        assertEquals(first, Files.readString(out.resolve("crossval.json")));
        // leaving the parent's flagged windows out too is another adaptation
        other[other.length - 1] = args[args.length - 1].replace("epochs=1", "epochs=1,exclude-flagged=1");
        err.getBuffer().setLength(0);
        assertEquals(2, run(other));
        assertTrue(err.toString().contains("holds an adaptation made with other --adapt options"), err.toString());
        assertEquals(adaptedBefore, Files.readString(adaptedFold));

        // a malformed --adapt is refused before any training
        assertAdaptRefused(corpus, "cv-x", "audio:epochs=two", "--adapt audio:epochs=two: 'epochs=two'");
        assertAdaptRefused(corpus, "cv-z", "audio:average=1", "'average=1': the averaging decay must be >= 0 and < 1");
        assertAdaptRefused(corpus, "cv-v", "audio:exclude-flagged=2", "'exclude-flagged=2': expected 0 or 1");
        // a key given twice is refused, whichever reads it (the builder's or one read where it is used)
        assertAdaptRefused(corpus, "cv-y", "reviewed:5:below=0,calibrate=0,below=1", "'below=1': 'below' is given twice");
        assertAdaptRefused(corpus, "cv-w", "audio:epochs=1,epochs=2", "'epochs=2': 'epochs' is given twice");
        assertTrue(!Files.exists(dir.resolve("cv-y").resolve("folds")) && !Files.exists(dir.resolve("cv-w")
                .resolve("folds")), "nothing trained");
    }

    @Test
    void adaptationOnTheFirstNightsIsScoredOnTheOthers() throws Exception {
        Path corpus = corpus(3);
        Path out = dir.resolve("cv-heard");
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(args(corpus, out, "1")),
                java.util.stream.Stream.of("--adapt", "audio:heard=1,hours=0.1,night-minutes=3,bulls-per-hour=300,"
                    + "epochs=1,epoch-windows=64")).toArray(String[]::new);
        assertEquals(0, run(args), () -> this.out + "\n" + err);
        String text = this.out.toString();
        assertTrue(text.contains("fold site01: adapting to the first 1 of its 2 recordings (unlabelled), scored on"
                + " the others"), text);
        assertTrue(text.contains("(not adapted, the nights after those heard)"), text);
        Map<String, Object> json = CliJson.readObject(out.resolve("crossval.json"),
                Files.readString(out.resolve("crossval.json")));
        for (Object o : (List<?>) json.get("sites")) {
            String site = (String) ((Map<?, ?>) o).get("site");
            Path adapted = out.resolve("folds").resolve(site).resolve("adapted");
            Map<String, Object> fold = CliJson.readObject(adapted.resolve(CrossvalCommand.FOLD_JSON),
                    Files.readString(adapted.resolve(CrossvalCommand.FOLD_JSON)));
            assertEquals(List.of(site + "/" + site + "-night01.wav"), fold.get("heard"));
            assertEquals(List.of(site + "/" + site + "-night02.wav"), fold.get("scored"));
            Map<?, ?> before = (Map<?, ?>) fold.get("before");
            Map<?, ?> after = (Map<?, ?>) fold.get("test");
            // both scored on the second night only: fewer windows than the fold's test site
            assertEquals(before.get("windows"), after.get("windows"));
            Map<String, Object> unadapted = CliJson.readObject(out.resolve("folds").resolve(site)
                    .resolve(CrossvalCommand.FOLD_JSON), Files.readString(out.resolve("folds").resolve(site)
                    .resolve(CrossvalCommand.FOLD_JSON)));
            double all = ((Number) ((Map<?, ?>) unadapted.get("test")).get("windows")).doubleValue();
            assertTrue(((Number) before.get("windows")).doubleValue() < all, () -> before + " vs " + all);
            // the adaptation heard the first night only (its report, in the bundle's training summary)
            Map<?, ?> report = (Map<?, ?>) ModelBundle.read(adapted).training().get("adaptation");
            List<?> heardAudio = (List<?>) report.get("audio");
            assertEquals(1, heardAudio.size(), report::toString);
            assertTrue(heardAudio.get(0).toString().contains(site + "-night01.wav"), report::toString);
        }
        // refused before any training: as many recordings heard as a site has, and heard with verdicts
        assertAdaptRefused(corpus, "cv-h2", "audio:heard=2", "heard=2 needs more than 2 recordings per site");
        assertTrue(!Files.exists(dir.resolve("cv-h2").resolve("folds")), "nothing trained");
        assertAdaptRefused(corpus, "cv-h3", "reviewed:5:heard=1", "heard is for --adapt audio");
        assertAdaptRefused(corpus, "cv-h5", "reviewed:5:epochs=0", "'epochs=0': 0 (recalibrating only) is for --adapt audio");
        assertTrue(!Files.exists(dir.resolve("cv-h5").resolve("folds")), "nothing trained");
        assertAdaptRefused(corpus, "cv-h4", "audio:heard=0", "'heard=0': expected a whole number of recordings >= 1");
        assertAdaptRefused(corpus, "cv-b2", "reviewed:5:below=2", "'below=2': expected 1");
        assertAdaptRefused(corpus, "cv-b3", "audio:below=1", "'below=1': below is for --adapt reviewed:N");
        assertTrue(!Files.exists(dir.resolve("cv-b2").resolve("folds")), "nothing trained");
        assertAdaptRefused(corpus, "cv-c2", "reviewed:5:calibrate=2", "'calibrate=2': expected 1");
        assertAdaptRefused(corpus, "cv-c3", "audio:calibrate=0", "'calibrate=0': calibrate is for --adapt reviewed:N");
        assertTrue(!Files.exists(dir.resolve("cv-c2").resolve("folds")), "nothing trained");
    }

    @Test
    void verdictsOnTheFirstNightAreSimulatedAndTheOtherNightsScored() throws Exception {
        Path corpus = corpus(3);
        Path out = dir.resolve("cv-reviewed");
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(args(corpus, out, "1")),
                java.util.stream.Stream.of("--adapt", "reviewed:5:hours=0.1,night-minutes=3,bulls-per-hour=300,"
                    + "epochs=1,epoch-windows=64")).toArray(String[]::new);
        assertEquals(0, run(args), () -> this.out + "\n" + err);
        String text = this.out.toString();
        assertTrue(text.contains("verdicts from the labels of site01/site01-night01.wav"), text);
        assertTrue(text.contains("(not adapted, the nights after those reviewed)"), text);
        Map<String, Object> json = CliJson.readObject(out.resolve("crossval.json"),
                Files.readString(out.resolve("crossval.json")));
        assertTrue(json.get("adapt").toString().startsWith("reviewed:5"), json::toString);
        for (Object o : (List<?>) json.get("sites")) {
            String site = (String) ((Map<?, ?>) o).get("site");
            Path adapted = out.resolve("folds").resolve(site).resolve("adapted");
            Map<String, Object> fold = CliJson.readObject(adapted.resolve(CrossvalCommand.FOLD_JSON),
                    Files.readString(adapted.resolve(CrossvalCommand.FOLD_JSON)));
            // scored on the second night only, before and after
            assertEquals(List.of(site + "/" + site + "-night02.wav"), fold.get("scored"));
            Map<?, ?> before = (Map<?, ?>) fold.get("before");
            Map<?, ?> after = (Map<?, ?>) fold.get("test");
            assertEquals(before.get("windows"), after.get("windows"));
            Map<?, ?> verdicts = (Map<?, ?>) fold.get("verdicts");
            double judged = ((Number) verdicts.get("confirmed")).doubleValue()
                    + ((Number) verdicts.get("rejected")).doubleValue();
            assertTrue(judged >= 1 && judged <= 5, verdicts::toString);
            assertEquals(Boolean.TRUE, verdicts.get("calibrate"), verdicts::toString);
        }
        // a 3-minute first night holds fewer than 5 detections: stretches under the threshold are judged too
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("verdicts from the labels of \\S+: (\\d+) of"
                + " its (\\d+) stretches at threshold [0-9.]+ \\((\\d+) detections at the model's [0-9.]+\\)").matcher(text);
        int lowered = 0;
        while (m.find()) {
            int judged = Integer.parseInt(m.group(1));
            assertTrue(judged > Integer.parseInt(m.group(3)), m.group());
            assertEquals(Math.min(5, Integer.parseInt(m.group(2))), judged, m.group());
            lowered++;
        }
        assertTrue(lowered > 0, text);

        // below=0: the detections only, never a stretch under the model's threshold; calibrate=0: the
        // verdicts fine-tune only
        this.out.getBuffer().setLength(0);
        String[] old = java.util.stream.Stream.concat(java.util.Arrays.stream(args(corpus, dir.resolve("cv-below0"),
                "1")), java.util.stream.Stream.of("--adapt", "reviewed:5:hours=0.1,night-minutes=3,bulls-per-hour=300,"
                    + "epochs=1,epoch-windows=64,below=0,calibrate=0")).toArray(String[]::new);
        assertEquals(0, run(old), () -> this.out + "\n" + err);
        String oldText = this.out.toString();
        assertTrue(oldText.contains("detections judged") && !oldText.contains("stretches at threshold"), oldText);
        Path oldFold = dir.resolve("cv-below0").resolve("folds").resolve("site01").resolve("adapted")
                .resolve(CrossvalCommand.FOLD_JSON);
        Map<?, ?> oldVerdicts = (Map<?, ?>) CliJson.readObject(oldFold, Files.readString(oldFold)).get("verdicts");
        assertEquals(Boolean.FALSE, oldVerdicts.get("calibrate"), oldVerdicts::toString);
        assertAdaptRefused(corpus, "cv-y", "reviewed:many", "expected reviewed:N");

        // a site with a single recording cannot give verdicts and scores: refused before any training
        Path manifest = corpus.resolve("manifest.csv");
        Files.write(manifest, Files.readAllLines(manifest).stream()
                .filter(line -> !line.startsWith("site02/site02-night02.wav")).toList());
        err.getBuffer().setLength(0);
        assertEquals(2, run("crossval", "--data", corpus.toString(), "--out", dir.resolve("cv-one").toString(),
                "--adapt", "reviewed:5"));
        assertTrue(err.toString().contains("needs two or more recordings per site") && err.toString().contains(
                "site site02 has 1"), err.toString());
        assertTrue(!Files.exists(dir.resolve("cv-one").resolve("folds")), "nothing trained");
    }
}
