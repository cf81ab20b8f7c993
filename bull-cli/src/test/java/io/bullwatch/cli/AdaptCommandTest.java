package io.bullwatch.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.io.Sha256;
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

        // the adapted bundle detects
        assertEquals(0, run("detect", "--model", a1.toString(), "--out", dir.resolve("det").toString(),
                newSite.toString()), () -> out + "\n" + err);
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
