package io.bullwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    }

    @Test
    void twoSitesAreTooFew() {
        Path corpus = corpus(2);
        assertEquals(2, run(args(corpus, dir.resolve("cv2"), "1")));
        assertTrue(err.toString().contains("at least 3 sites"), err.toString());
    }
}
