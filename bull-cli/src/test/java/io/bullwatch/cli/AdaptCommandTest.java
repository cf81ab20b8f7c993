package io.bullwatch.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.batch.BatchDetection;
import io.bullwatch.core.batch.SummaryRow;
import io.bullwatch.core.io.Sha256;
import io.bullwatch.features.background.SiteReference;
import io.bullwatch.models.bundle.ModelBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bull adapt}: provenance, determinism, the report, and refusals. */
class AdaptCommandTest extends CliTestBase {

    /** The band-statistics warning ({@code background 1.8 times as far ...}), not the embeddings' one. */
    private static final java.util.regex.Pattern BAND_WARNING = java.util.regex.Pattern.compile("background [0-9]");

    @TempDir
    Path dir;

    private Path corpus;
    private Path parent;
    private Path newSite;

    /** A tiny corpus, a parent trained on it, and one of its recordings without its labels as the new site. */
    @BeforeEach
    void parentAndNewSite() throws Exception {
        corpus = dir.resolve("nights");
        assertEquals(0, run("synth", "--hours", "0.15", "--sites", "3", "--recording-minutes", "3",
                "--sample-rate", "16000", "--bulls-per-hour", "300", "--seed", "3", "--threads", "1",
                "--out", corpus.toString()), err::toString);
        parent = dir.resolve("parent");
        assertEquals(0, run("train", "--data", corpus.toString(), "--out", parent.toString(), "--width", "0.25",
                "--mels", "16", "--hop", "2048", "--epochs", "1", "--epoch-windows", "64", "--threads", "1"),
                () -> out + "\n" + err);
        newSite = dir.resolve("new-site");
        Files.createDirectories(newSite);
        try (Stream<Path> walk = Files.walk(corpus.resolve("site03"))) {
            for (Path wav : walk.filter(p -> p.toString().endsWith(".wav")).toList()) {
                Files.copy(wav, newSite.resolve(wav.getFileName()));
            }
        }
    }

    private String[] args(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("adapt", "--model", parent.toString(), "--audio", newSite.toString(),
                "--out", out.toString(), "--data", corpus.toString(), "--hours", "0.1", "--night-minutes", "3",
                "--bulls-per-hour", "300", "--epochs", "1", "--epoch-windows", "64", "--threads", "1"));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    private static Map<String, Object> json(Path file) throws Exception {
        return CliJson.readObject(file, Files.readString(file));
    }

    @Test
    void writesABundleWithItsProvenanceAndTheSameBytesTwice() throws Exception {
        Path a1 = dir.resolve("a1");
        assertEquals(0, run(args(a1)), () -> out + "\n" + err);
        String text = out.toString();
        assertTrue(text.contains("composed adapt/adapt-night01"), text);
        assertTrue(text.contains("composed adapt-calibration/adapt-calibration-night02"), text);
        assertTrue(text.contains("estimated bull recall by SNR"), text);
        assertFalse(Files.exists(a1.resolve(".adapt-work")), "the composed nights are deleted");

        ModelBundle adapted = ModelBundle.read(a1);
        ModelBundle p = ModelBundle.read(parent);
        assertEquals(p.pipeline(), adapted.pipeline(), "the parent's features");
        assertEquals(p.backbone(), adapted.backbone());
        Map<?, ?> report = (Map<?, ?>) adapted.training().get("adaptation");
        Map<?, ?> parentRecord = (Map<?, ?>) report.get("parent");
        assertEquals(Sha256.hex(parent.resolve(ModelBundle.PARAMETERS)), parentRecord.get("parametersSha256"));
        assertEquals(Sha256.hex(parent.resolve(ModelBundle.MODEL_JSON)), parentRecord.get("modelJsonSha256"));
        List<?> audio = (List<?>) report.get("audio");
        assertEquals(1, audio.size());
        assertTrue(((Map<?, ?>) audio.get(0)).get("file").toString().endsWith("site03-night01.wav"), audio::toString);
        assertTrue(report.get("options").toString().contains("epochs 1"), report::toString);
        // the new site's background against the parent's sites
        Map<?, ?> background = (Map<?, ?>) report.get("background");
        List<?> distances = (List<?>) background.get("recordings");
        assertEquals(1, distances.size());
        // site03 is not among the sites the parent trained and calibrated on, so it sits off their profiles
        assertFalse(p.siteReference().orElseThrow().sites().contains("site03"));
        Map<?, ?> d0 = (Map<?, ?>) distances.get(0);
        assertTrue(((Number) d0.get("distance")).doubleValue() > 0.5, distances::toString);
        assertTrue(p.siteReference().orElseThrow().sites().contains((String) d0.get("nearestSite")), d0::toString);
        assertEquals(((Number) d0.get("ratio")).doubleValue() > 1, d0.get("far"));
        assertTrue(text.contains("the new site's background: "), text);
        // and as the parent's network sees it
        List<?> viewed = (List<?>) ((Map<?, ?>) report.get("embedding")).get("recordings");
        assertEquals(1, viewed.size());
        Map<?, ?> e0 = (Map<?, ?>) viewed.get(0);
        assertTrue(p.embeddingReference().orElseThrow().sites().contains((String) e0.get("nearestSite")), e0::toString);
        assertTrue(text.contains("the new site's background as the parent's network sees it (embeddings): "), text);
        // the adapted bundle knows the new site's background: its composed nights trained it
        assertTrue(adapted.siteReference().orElseThrow().sites().contains("adapt"),
                () -> adapted.siteReference().orElseThrow().sites().toString());
        assertTrue(adapted.embeddingReference().orElseThrow().sites().contains("adapt"),
                () -> adapted.embeddingReference().orElseThrow().sites().toString());
        Map<?, ?> composed = (Map<?, ?>) report.get("composed");
        assertEquals(2.0, ((Number) composed.get("nights")).doubleValue());
        List<?> bySnr = (List<?>) report.get("recallBySnr");
        assertEquals(3, bySnr.size());
        long mixedIn = bySnr.stream().mapToLong(o -> ((Number) ((Map<?, ?>) o).get("bulls")).longValue()).sum();
        assertTrue(mixedIn > 0, bySnr::toString);
        String decision = (String) report.get("decision");
        // this fixture's fine-tuned network ranks the calibration night better than its parent
        assertTrue(decision.startsWith("adapted: AP on the calibration nights"), decision);
        assertEquals(Boolean.TRUE, report.get("adaptedNetwork"));
        // the threshold is the one the decision names: the parent's only when kept as it is
        if (decision.startsWith("kept the parent as it is")) {
            assertEquals(p.threshold(), adapted.threshold());
        } else {
            assertEquals(((Number) report.get("threshold")).doubleValue(), adapted.threshold());
        }
        assertEquals(json(a1.resolve("adaptation.json")).get("decision"), decision);

        // the same inputs and seed give the same parameters and report
        Path a2 = dir.resolve("a2");
        assertEquals(0, run(args(a2)), () -> out + "\n" + err);
        assertArrayEquals(Files.readAllBytes(a1.resolve(ModelBundle.PARAMETERS)),
                Files.readAllBytes(a2.resolve(ModelBundle.PARAMETERS)));
        Map<String, Object> r1 = json(a1.resolve("adaptation.json"));
        Map<String, Object> r2 = json(a2.resolve("adaptation.json"));
        r1.remove("seconds");
        r2.remove("seconds");
        assertEquals(r1, r2);

        // the parent's detect flags the new site's background in the summary, as the report did; the
        // adapted bundle detects, and the new site is no longer far from what it knows
        assertEquals(0, run("detect", "--model", parent.toString(), "--out", dir.resolve("det-parent").toString(),
                newSite.toString()), () -> out + "\n" + err);
        SummaryRow before = summaryRow(dir.resolve("det-parent"));
        assertEquals(((Number) d0.get("ratio")).doubleValue(), before.background(), 0.005);
        assertEquals(Boolean.TRUE.equals(d0.get("far")), BAND_WARNING.matcher(before.warning()).find(),
                before::toString);
        assertEquals(((Number) e0.get("ratio")).doubleValue(), before.embedding(), 0.005);
        assertEquals(Boolean.TRUE.equals(e0.get("far")), before.warning().contains("(embeddings) "), before::toString);
        assertEquals(Boolean.TRUE.equals(d0.get("far")) || Boolean.TRUE.equals(e0.get("far")),
                out.toString().contains("bull detect: 1 of 1 recordings with a warning"), out::toString);
        assertEquals(0, run("detect", "--model", a1.toString(), "--out", dir.resolve("det").toString(),
                newSite.toString()), () -> out + "\n" + err);
        SummaryRow after = summaryRow(dir.resolve("det"));
        assertTrue(after.background() < before.background(), () -> before + " / " + after);
        assertTrue(after.embedding() < before.embedding(), () -> before + " / " + after);
        assertFalse(after.warning().contains("background "), after::toString);

        // bull count falls back on the adapted bundle's calibration: training bulls mixed into the new
        // site's own audio, so its missed bulls are estimated over this background, without a label
        Object calibration = adapted.training().get("calibration");
        assertTrue(calibration instanceof Map<?, ?>, report::toString);
        assertFalse(calibration.equals(p.training().get("calibration")), "not the parent's training sites'");
        assertEquals(0, run("count", dir.resolve("det").toString(), "--model", a1.toString()), () -> out + "\n" + err);
        List<String> counts = Files.readAllLines(dir.resolve("det").resolve("counts.csv"));
        assertTrue(counts.size() >= 3 && counts.get(1).endsWith(",calibration"), counts::toString);
    }

    private static SummaryRow summaryRow(Path detectOut) throws Exception {
        List<String> lines = Files.readAllLines(detectOut.resolve(BatchDetection.SUMMARY));
        assertEquals(2, lines.size(), lines::toString);
        return SummaryRow.parse(lines.get(1));
    }

    @Test
    void keepsTheParentAsItIsWhenTheCalibrationNightIsTooThin() throws Exception {
        Path thin = dir.resolve("thin");
        // one 3-minute calibration night with a bull or two: too few bull windows for a threshold
        List<String> a = new ArrayList<>(List.of(args(thin)));
        a.set(a.indexOf("--bulls-per-hour") + 1, "20");
        assertEquals(0, run(a.toArray(new String[0])), () -> out + "\n" + err);
        Map<?, ?> report = (Map<?, ?>) ModelBundle.read(thin).training().get("adaptation");
        assertTrue(((String) report.get("decision")).startsWith("kept the parent as it is"), report::toString);
        assertEquals(ModelBundle.read(parent).threshold(), ModelBundle.read(thin).threshold());
        assertArrayEquals(Files.readAllBytes(parent.resolve(ModelBundle.PARAMETERS)),
                Files.readAllBytes(thin.resolve(ModelBundle.PARAMETERS)), "the parent's network, unchanged");
    }

    @Test
    void recalibratesOnlyWithNoEpochs() throws Exception {
        Path recal = dir.resolve("recal");
        List<String> a = new ArrayList<>(List.of(args(recal)));
        a.set(a.indexOf("--epochs") + 1, "0");
        assertEquals(0, run(a.toArray(new String[0])), () -> out + "\n" + err);
        String text = out.toString();
        assertFalse(text.contains("fine-tuning"), text);
        // every composed night calibrates: none is composed for training
        assertTrue(text.contains("composed adapt-calibration/adapt-calibration-night01"), text);
        assertFalse(text.contains("composed adapt/"), text);
        ModelBundle b = ModelBundle.read(recal);
        Map<?, ?> report = (Map<?, ?>) b.training().get("adaptation");
        assertTrue(((String) report.get("decision")).startsWith("recalibrated: the parent's network with a threshold"
                + " calibrated on the new site's 2 composed nights"), report::toString);
        assertEquals(Boolean.FALSE, report.get("adaptedNetwork"));
        Map<?, ?> composed = (Map<?, ?>) report.get("composed");
        assertEquals(0.0, ((Number) composed.get("trainingNights")).doubleValue());
        assertEquals(2.0, ((Number) composed.get("calibrationNights")).doubleValue());
        assertArrayEquals(Files.readAllBytes(parent.resolve(ModelBundle.PARAMETERS)),
                Files.readAllBytes(recal.resolve(ModelBundle.PARAMETERS)), "the parent's network, unchanged");
        assertEquals(((Number) report.get("threshold")).doubleValue(), b.threshold());
        ModelBundle p = ModelBundle.read(parent);
        if (b.threshold() != p.threshold()) {
            assertTrue(b.thresholdRule().endsWith(" on the new site's calibration nights"), b::thresholdRule);
        }
        // the parent network's view of the new site joins its embedding reference, as when fine-tuning loses
        List<SiteReference.Recording> refs = b.embeddingReference().orElseThrow().recordings();
        List<SiteReference.Recording> parents = p.embeddingReference().orElseThrow().recordings();
        assertEquals(parents, refs.subList(0, parents.size()));
        assertTrue(refs.size() > parents.size(), refs::toString);
        // and bull count's calibration comes from the new site's nights, not the parent's training sites
        Object counting = b.training().get("calibration");
        assertTrue(counting instanceof Map<?, ?>, () -> b.training().toString());
        assertNotEquals(p.training().get("calibration"), counting, "recalibrated counts");

        // with verdicts, no epochs is refused before anything is written
        err.getBuffer().setLength(0);
        a = new ArrayList<>(List.of(args(dir.resolve("recal-rv"), "--reviewed", dir.toString())));
        a.set(a.indexOf("--epochs") + 1, "0");
        assertEquals(2, run(a.toArray(new String[0])));
        assertTrue(err.toString().contains("--epochs 0 recalibrates the parent's threshold only; --reviewed verdicts"
                + " are used by fine-tuning"), err::toString);
        assertFalse(Files.exists(dir.resolve("recal-rv")));
    }

    /** The same arguments with {@code --epochs 0}: only the composition and the threshold. */
    private static String[] recalibrating(String[] args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.set(a.indexOf("--epochs") + 1, "0");
        return a.toArray(new String[0]);
    }

    @Test
    void leavesOutEveryWindowTheParentFlagsWhenAsked() throws Exception {
        // the parent's own detection of the new site: every window's score, and which it flags
        assertEquals(0, run("detect", "--model", parent.toString(), "--out", dir.resolve("det-flagged").toString(),
                newSite.toString()), () -> out + "\n" + err);
        List<io.bullwatch.core.events.WindowScore> windows = io.bullwatch.core.events.DetectionFiles.readWindows(
                dir.resolve("det-flagged").resolve("site03-night01.bull.windows.csv"));
        double threshold = ModelBundle.read(parent).threshold();
        double[] sorted = windows.stream().mapToDouble(io.bullwatch.core.events.WindowScore::score).sorted().toArray();
        int n = sorted.length;
        long flagged = java.util.Arrays.stream(sorted).filter(v -> v >= threshold).count();
        double top = sorted[(int) Math.floor(0.95 * n)];

        Path plain = dir.resolve("plain");
        assertEquals(0, run(recalibrating(args(plain))), () -> out + "\n" + err);
        Map<?, ?> excluded = (Map<?, ?>) json(plain.resolve("adaptation.json")).get("excluded");
        assertEquals(Boolean.FALSE, excluded.get("flagged"));
        assertEquals(flagged, ((Number) excluded.get("parentFlagged")).longValue());
        assertEquals(java.util.Arrays.stream(sorted).filter(v -> v >= top).count(),
                ((Number) excluded.get("leftOut")).longValue(), excluded::toString);
        assertFalse(json(plain.resolve("adaptation.json")).get("options").toString().contains("exclude flagged"));

        Path all = dir.resolve("all-flagged");
        assertEquals(0, run(recalibrating(args(all, "--exclude-flagged"))), () -> out + "\n" + err);
        excluded = (Map<?, ?>) json(all.resolve("adaptation.json")).get("excluded");
        assertEquals(Boolean.TRUE, excluded.get("flagged"));
        assertEquals(threshold, ((Number) excluded.get("parentThreshold")).doubleValue(), 1e-12);
        // every flagged window, but never more than half of the site: then its top half
        double cut = flagged > 0.5 * n ? Math.min(top, sorted[(int) Math.floor(0.5 * n)]) : Math.min(top, threshold);
        long expected = java.util.Arrays.stream(sorted).filter(v -> v >= cut).count();
        assertEquals(expected, ((Number) excluded.get("leftOut")).longValue(), excluded::toString);
        assertTrue(expected >= flagged || flagged > 0.5 * n, excluded::toString);
        assertTrue(json(all.resolve("adaptation.json")).get("options").toString().endsWith(", exclude flagged"));
        assertTrue(out.toString().contains(flagged > 0.5 * n ? "so its top 50 % only" : "% it flags"), out::toString);

        // a parent that flags every window of the new site (its threshold 0): only the top half is left out
        Path flooded = dir.resolve("flooded");
        Files.createDirectories(flooded);
        for (String f : List.of(ModelBundle.MODEL_JSON, ModelBundle.PARAMETERS)) {
            Files.copy(parent.resolve(f), flooded.resolve(f));
        }
        String model = Files.readString(flooded.resolve(ModelBundle.MODEL_JSON));
        String zero = model.replaceFirst("(?<key>\"threshold\"\\s*:\\s*\\{\\s*\"value\"\\s*:\\s*)[-+0-9.eE]+", "${key}0.0");
        assertNotEquals(model, zero);
        Files.writeString(flooded.resolve(ModelBundle.MODEL_JSON), zero);
        assertEquals(0.0, ModelBundle.read(flooded).threshold());
        List<String> a = new ArrayList<>(List.of(recalibrating(args(dir.resolve("half"), "--exclude-flagged"))));
        a.set(a.indexOf("--model") + 1, flooded.toString());
        assertEquals(0, run(a.toArray(new String[0])), () -> out + "\n" + err);
        excluded = (Map<?, ?>) json(dir.resolve("half").resolve("adaptation.json")).get("excluded");
        assertEquals(n, ((Number) excluded.get("parentFlagged")).longValue(), excluded::toString);
        double half = Math.min(top, sorted[(int) Math.floor(0.5 * n)]);
        assertEquals(java.util.Arrays.stream(sorted).filter(v -> v >= half).count(),
                ((Number) excluded.get("leftOut")).longValue(), excluded::toString);
        assertTrue(out.toString().contains("the parent flags 100.0 % of them, so its top 50 % only"), out::toString);
    }

    @Test
    void averagesTheFineTunedParametersWhenAsked() throws Exception {
        Path averaged = dir.resolve("averaged");
        assertEquals(0, run(args(averaged, "--average", "0.9")), () -> out + "\n" + err);
        ModelBundle b = ModelBundle.read(averaged);
        // the trainer's configuration carries the decay, and the report's options name it
        assertTrue(b.training().get("config").toString().contains("averaging=0.9,"), () -> b.training().toString());
        Map<?, ?> report = (Map<?, ?>) b.training().get("adaptation");
        assertTrue(report.get("options").toString().endsWith(", average 0.9"), report::toString);
    }

    @Test
    void keepsTheParentsNetworkWithItsOwnViewOfTheNewSiteWhenFineTuningRanksWorse() throws Exception {
        Path ruined = dir.resolve("ruined");
        // a learning rate that wrecks the network in one epoch: the parent ranks the calibration night better
        List<String> a = new ArrayList<>(List.of(args(ruined)));
        a.addAll(List.of("--lr", "0.9"));
        assertEquals(0, run(a.toArray(new String[0])), () -> out + "\n" + err);
        ModelBundle kept = ModelBundle.read(ruined);
        Map<?, ?> report = (Map<?, ?>) kept.training().get("adaptation");
        assertTrue(((String) report.get("decision")).startsWith("kept the parent's network"), report::toString);
        assertArrayEquals(Files.readAllBytes(parent.resolve(ModelBundle.PARAMETERS)),
                Files.readAllBytes(ruined.resolve(ModelBundle.PARAMETERS)), "the parent's network, unchanged");
        // its embedding reference is the parent network's: the parent's recordings as they were, and the
        // calibration night as the parent sees it (not the fine-tuned network's view)
        ModelBundle p = ModelBundle.read(parent);
        List<SiteReference.Recording> refs = kept.embeddingReference().orElseThrow().recordings();
        List<SiteReference.Recording> parents = p.embeddingReference().orElseThrow().recordings();
        assertEquals(parents, refs.subList(0, parents.size()));
        assertTrue(refs.size() > parents.size(), refs::toString);
        // so the parent's detector, with this bundle's reference, finds a calibration recording's profile there:
        // bull detect with the kept bundle measures the new site against what the parent's network saw
        assertEquals(0, run("detect", "--model", ruined.toString(), "--out", dir.resolve("det-kept").toString(),
                newSite.toString()), () -> out + "\n" + err);
        SummaryRow row = summaryRow(dir.resolve("det-kept"));
        assertFalse(Double.isNaN(row.embedding()), row::toString);
    }

    @Test
    void trainsOnAnExpertsVerdictsAndSaysWhatItDidWithThem() throws Exception {
        Path det = dir.resolve("det");
        assertEquals(0, run("detect", "--model", parent.toString(), "--out", det.toString(), "--threshold", "0.05",
                newSite.toString()), () -> out + "\n" + err);
        // no verdict yet: refused
        err.getBuffer().setLength(0);
        assertEquals(2, run(args(dir.resolve("a0"), "--reviewed", det.toString())));
        assertTrue(err.toString().contains("no verdict file"), err::toString);
        assertFalse(Files.exists(dir.resolve("a0")));

        // an expert judges the detections: the first bull, the second not, the third unsure, the rest unjudged
        List<io.bullwatch.core.review.ReviewNight> nights = io.bullwatch.core.review.ReviewFolder.scan(det);
        assertEquals(1, nights.size());
        List<double[]> events = nights.get(0).events();
        assertTrue(events.size() >= 3, () -> events.size() + " detections");
        io.bullwatch.core.review.Verdict[] said = {io.bullwatch.core.review.Verdict.BULL,
            io.bullwatch.core.review.Verdict.NOT_BULL, io.bullwatch.core.review.Verdict.UNSURE};
        List<io.bullwatch.core.review.ReviewEntry> verdicts = new ArrayList<>();
        for (int i = 0; i < said.length; i++) {
            verdicts.add(new io.bullwatch.core.review.ReviewEntry(io.bullwatch.core.review.UnitKind.EVENT,
                    events.get(i)[0], events.get(i)[1], 0.5, said[i], "expert", java.time.Instant.EPOCH));
        }
        io.bullwatch.core.review.ReviewFile.write(nights.get(0).review(), verdicts);
        Path a = dir.resolve("a-reviewed");
        out.getBuffer().setLength(0);
        assertEquals(0, run(args(a, "--reviewed", det.toString())), () -> out + "\n" + err);
        assertTrue(out.toString().contains("3 verdicts on 1 nights: 1 bulls and 1 not bulls trained on as the new"
                + " site's own windows and calibrated on beside the composed calibration nights, 1 unsure left out"),
                out::toString);
        Map<?, ?> v = (Map<?, ?>) json(a.resolve("adaptation.json")).get("verdicts");
        assertEquals(Boolean.TRUE, v.get("calibrate"));
        String options = json(a.resolve("adaptation.json")).get("options").toString();
        assertTrue(options.endsWith("verdicts calibrate too"), options);
        assertTrue(out.toString().contains("and the reviewed nights' judged windows, which were trained on too"),
                out::toString);
        assertEquals(1.0, ((Number) v.get("confirmed")).doubleValue());
        assertEquals(1.0, ((Number) v.get("rejected")).doubleValue());
        assertEquals(1.0, ((Number) v.get("unsure")).doubleValue());
        Map<?, ?> night = (Map<?, ?>) ((List<?>) v.get("nights")).get(0);
        // the unsure detection and every detection nobody judged are left out
        assertEquals((double) events.size() - 2, ((Number) night.get("unsureOrUnjudged")).doubleValue());
        assertTrue(night.get("recording").toString().endsWith("site03-night01.wav"), night::toString);
        // the verdicts change what is learnt
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(a.resolve(ModelBundle.PARAMETERS)),
                Files.readAllBytes(runPlain().resolve(ModelBundle.PARAMETERS))));

        // the same night's verdicts twice (one folder given twice): refused before any work, nothing written
        err.getBuffer().setLength(0);
        assertEquals(2, run(args(dir.resolve("a-twice"), "--reviewed", det.toString(), "--reviewed", det.toString())));
        assertTrue(err.toString().contains("both hold verdicts on") && err.toString().contains("site03-night01.wav"),
                err::toString);
        assertFalse(Files.exists(dir.resolve("a-twice")));
        // the verdicts' option without verdicts: refused
        err.getBuffer().setLength(0);
        assertEquals(2, run(args(dir.resolve("a-flag"), "--no-verdicts-calibrate")));
        assertTrue(err.toString().contains("it needs --reviewed"), err::toString);
        assertFalse(Files.exists(dir.resolve("a-flag")));

        // --no-verdicts-calibrate: the same verdicts fine-tune only; with them calibrating, the calibration
        // nights hold the judged windows of the reviewed night beside the composed nights' own
        Path trainOnly = dir.resolve("a-train-only");
        out.getBuffer().setLength(0);
        assertEquals(0, run(args(trainOnly, "--reviewed", det.toString(), "--no-verdicts-calibrate")),
                () -> out + "\n" + err);
        assertTrue(out.toString().contains("1 bulls and 1 not bulls trained on as the new site's own windows, 1 unsure"
                + " left out"), out::toString);
        Map<?, ?> report = json(trainOnly.resolve("adaptation.json"));
        assertEquals(Boolean.FALSE, ((Map<?, ?>) report.get("verdicts")).get("calibrate"));
        assertFalse(report.get("options").toString().contains("verdicts calibrate"), report::toString);
        double calibrating = calibrationWindows(json(a.resolve("adaptation.json")));
        double composedOnly = calibrationWindows(report);
        assertTrue(calibrating > composedOnly, () -> calibrating + " calibration windows with the verdicts, "
                + composedOnly + " without");

        // one night whose verdict file cannot be read, another whose recording was moved: each left out
        // with a warning naming its verdict file, and the good night still used
        Path bad = copyTree(det, dir.resolve("det-bad"));
        Path badReview = bad.resolve(nights.get(0).review().getFileName());
        Files.writeString(badReview, "start,end,score,verdict,reviewer,time,kind\n1,x,0.5,bull,e,"
                + "1970-01-01T00:00:00Z,event\n");
        Path moved = copyTree(det, dir.resolve("det-moved"));
        Path record = moved.resolve(".bull").resolve(nights.get(0).name() + ".json");
        Files.writeString(record, Files.readString(record).replaceFirst("\"input\": *\"[^\"]*\"",
                "\"input\": \"" + dir.resolve("gone.wav").toString().replace("\\", "\\\\") + "\""));
        Path mixed = dir.resolve("a-mixed");
        err.getBuffer().setLength(0);
        assertEquals(0, run(args(mixed, "--reviewed", bad.toString(), "--reviewed", moved.toString(), "--reviewed",
                det.toString())), () -> out + "\n" + err);
        String warned = err.toString();
        assertTrue(warned.contains(badReview.toRealPath() + ": verdicts not used: ") && warned.contains("line 2"),
                warned);
        assertTrue(warned.contains(moved.toRealPath().resolve(badReview.getFileName()) + ": verdicts not used: its"
                + " recording " + dir.resolve("gone.wav") + " is not there"), warned);
        List<?> used = (List<?>) ((Map<?, ?>) json(mixed.resolve("adaptation.json")).get("verdicts")).get("nights");
        assertEquals(1, used.size(), used::toString);
        assertTrue(((Map<?, ?>) used.get(0)).get("recording").toString().endsWith("site03-night01.wav"), used::toString);

        // with no usable verdict in any folder: refused, naming the folders
        err.getBuffer().setLength(0);
        assertEquals(2, run(args(dir.resolve("a-bad"), "--reviewed", bad.toString(), "--reviewed", moved.toString())));
        assertTrue(err.toString().contains(badReview.toRealPath().toString())
                && err.toString().contains("no verdict file"), err::toString);
        assertFalse(Files.exists(dir.resolve("a-bad")));
    }

    private static double calibrationWindows(Map<?, ?> report) {
        Map<?, ?> parentOnThem = (Map<?, ?>) ((Map<?, ?>) report.get("calibrationNight")).get("parent");
        return ((Number) parentOnThem.get("windows")).doubleValue();
    }

    private Path runPlain() {
        Path plain = dir.resolve("a-plain");
        if (!Files.exists(plain)) {
            assertEquals(0, run(args(plain)), () -> out + "\n" + err);
        }
        return plain;
    }

    @Test
    void refusesWhatItCannotUseAndSaysWhy() throws Exception {
        // no parent bundle
        err.getBuffer().setLength(0);
        Path missing = dir.resolve("no-model");
        assertNotEquals(0, run("adapt", "--model", missing.toString(), "--audio", newSite.toString(), "--out",
                dir.resolve("x").toString(), "--data", corpus.toString()));
        assertTrue(err.toString().contains(missing.toString()), err::toString);
        assertFalse(Files.exists(dir.resolve("x")));

        // a file that is no WAV is left out and named; the others adapt
        Path bad = newSite.resolve("broken.wav");
        Files.write(bad, "not a wave file at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        Path a3 = dir.resolve("a3");
        assertEquals(0, run(args(a3)), () -> out + "\n" + err);
        List<?> skipped = (List<?>) json(a3.resolve("adaptation.json")).get("skipped");
        assertEquals(1, skipped.size(), skipped::toString);
        assertTrue(((Map<?, ?>) skipped.get(0)).get("file").toString().endsWith("broken.wav"), skipped::toString);
        assertTrue(out.toString().contains("1 left out"), out::toString);

        // only unusable audio: refused, naming the file, leaving nothing behind
        err.getBuffer().setLength(0);
        Path a4 = dir.resolve("a4");
        assertNotEquals(0, run("adapt", "--model", parent.toString(), "--audio", bad.toString(), "--out", a4.toString(),
                "--data", corpus.toString()));
        assertTrue(err.toString().contains("no usable audio") && err.toString().contains("broken.wav"), err::toString);
        assertFalse(Files.exists(a4));
        // a file that is not there: named, with the reason in words
        err.getBuffer().setLength(0);
        Path gone = newSite.resolve("gone.wav");
        assertNotEquals(0, run("adapt", "--model", parent.toString(), "--audio", gone.toString(), "--out", a4.toString(),
                "--data", corpus.toString()));
        assertTrue(err.toString().contains(gone + " (no such file or folder)"), err::toString);
        assertFalse(Files.exists(a4));

        // an existing bundle is never overwritten
        err.getBuffer().setLength(0);
        assertEquals(2, run(args(a3)));
        assertTrue(err.toString().contains("already holds a model bundle"), err::toString);

        // a training corpus without an annotated bull cannot give bulls to mix in
        Path empty = dir.resolve("no-bulls");
        assertEquals(0, run("synth", "--hours", "0.05", "--sites", "1", "--recording-minutes", "3", "--sample-rate",
                "16000", "--bulls-per-hour", "0", "--seed", "3", "--threads", "1", "--out", empty.toString()),
                err::toString);
        err.getBuffer().setLength(0);
        assertNotEquals(0, run("adapt", "--model", parent.toString(), "--audio", newSite.resolve("site03-night01.wav")
                .toString(), "--out", dir.resolve("a5").toString(), "--data", empty.toString()));
        assertTrue(err.toString().contains("no annotated bull"), err::toString);
    }
}
