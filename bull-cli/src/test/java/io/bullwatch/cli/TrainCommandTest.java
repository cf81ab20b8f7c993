package io.bullwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.events.DetectionFiles;
import io.bullwatch.core.events.WindowScore;
import io.bullwatch.features.pipeline.InputNormalisation;
import io.bullwatch.models.bundle.ModelBundle;
import io.bullwatch.models.train.TrainingFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest extends CliTestBase {

    @TempDir
    Path dir;

    /** 3 sites x 3 minutes at 16 kHz, many bulls so that every split has some. */
    private Path tinyCorpus() {
        Path corpus = dir.resolve("nights");
        assertEquals(0, run("synth", "--hours", "0.15", "--sites", "3", "--recording-minutes", "3",
                "--sample-rate", "16000", "--bulls-per-hour", "300", "--seed", "3", "--threads", "1",
                "--out", corpus.toString()), err::toString);
        return corpus;
    }

    @Test
    void aSecondTrainingWithTheFeatureCacheComputesNoFeatureAndTrainsTheSameModel() throws Exception {
        Path corpus = tinyCorpus();
        Path cache = dir.resolve("cache");
        for (String m : List.of("m1", "m2", "m3")) {
            List<String> args = new java.util.ArrayList<>(List.of("train", "--data", corpus.toString(), "--out",
                    dir.resolve(m).toString(), "--width", "0.25", "--mels", "16", "--hop", "2048", "--epochs", "1",
                    "--epoch-windows", "64", "--threads", "1"));
            if (!m.equals("m3")) {
                args.addAll(List.of("--cache", cache.toString()));
            }
            assertEquals(0, run(args.toArray(new String[0])), () -> out + "\n" + err);
            if (m.equals("m1")) {
                try (java.util.stream.Stream<Path> files = Files.list(cache)) {
                    assertEquals(3, files.filter(f -> f.toString().endsWith(".melcache")).count(),
                            "one entry per recording");
                }
            }
        }
        byte[] computed = Files.readAllBytes(dir.resolve("m3").resolve(ModelBundle.PARAMETERS));
        assertTrue(java.util.Arrays.equals(computed, Files.readAllBytes(dir.resolve("m1").resolve(ModelBundle.PARAMETERS))));
        assertTrue(java.util.Arrays.equals(computed, Files.readAllBytes(dir.resolve("m2").resolve(ModelBundle.PARAMETERS))),
                "the cached frames train the same parameters");
    }

    @Test
    void trainsATinyModelAndWritesABundle() throws Exception {
        Path corpus = tinyCorpus();
        Path model = dir.resolve("model");
        assertEquals(0, run("train", "--data", corpus.toString(), "--out", model.toString(),
                "--backbone", "compact", "--imbalance", "seed", "--epoch-windows", "0",
                "--width", "0.25", "--mels", "16", "--hop", "2048", "--epochs", "2",
                "--threshold-rule", "recall:0.9", "--threads", "1"), () -> out + "\n" + err);
        String text = out.toString();
        assertTrue(text.contains("threshold rules on validation"), text);
        assertTrue(text.contains("test (site03"), text);
        ModelBundle bundle = ModelBundle.read(model);
        assertEquals("recall:0.9", bundle.thresholdRule());
        assertEquals(InputNormalisation.PCEN_PER_RECORDING, bundle.normalisation()); // the default
        assertEquals(16_000, bundle.mel().sampleRate());
        assertTrue(((Map<?, ?>) bundle.metrics().get("test")).containsKey("bullRecall"));
        assertEquals(3, Files.readAllLines(model.resolve("metrics.csv")).size());
        assertTrue(Files.isRegularFile(model.resolve(ModelBundle.PARAMETERS)));
        assertTrue(text.contains("augmentation: recording mix p=0.50"), text);

        // the bundle detects on a folder: outputs per recording, summary rows all done
        out.getBuffer().setLength(0);
        Path detections = dir.resolve("detections");
        assertEquals(0, run("detect", "--model", model.toString(), "--out", detections.toString(),
                "--threads", "1", corpus.resolve("site03").toString()), () -> out + "\n" + err);
        assertTrue(out.toString().contains("model: compact, width 0.25"), out.toString());
        List<String> summary = Files.readAllLines(detections.resolve("summary.csv"));
        assertEquals(2, summary.size(), summary::toString);
        assertTrue(summary.get(1).startsWith("site03-night01.wav,180.000,"), summary.get(1));
        assertTrue(summary.get(1).contains(",done,"), summary.get(1));
        List<WindowScore> windows = DetectionFiles.readWindows(detections.resolve("site03-night01.bull.windows.csv"));
        assertEquals(34, windows.size()); // 180 s: 15 s windows every 5 s, the last one padded

        // and is evaluated on the test site: JSON, PR plot, one timeline
        out.getBuffer().setLength(0);
        Path report = dir.resolve("report");
        assertEquals(0, run("evaluate", "--model", model.toString(), "--data", corpus.toString(),
                "--out", report.toString(), "--threads", "1"), () -> out + "\n" + err);
        String eval = out.toString();
        assertTrue(eval.contains("site03-night01.wav"), eval);
        assertTrue(eval.contains("overall"), eval);
        String json = Files.readString(report.resolve("evaluation.json"));
        assertTrue(json.contains("\"averageRecall\""), json);
        assertTrue(json.contains("\"backbone\""), json);
        assertTrue(Files.size(report.resolve("pr.png")) > 1000);
        assertTrue(Files.isRegularFile(report.resolve("timeline-site03_site03-night01.png")),
                () -> String.join(",", report.toFile().list()));
        assertEquals(2, run("evaluate", "--model", model.toString(), "--data", corpus.toString(),
                "--split", "nonsense"));
        err.getBuffer().setLength(0);
        assertEquals(2, run("evaluate", "--model", model.toString(), "--data", corpus.toString(),
                "--sites", "site03,Site9"));
        assertTrue(err.toString().contains("--sites: no site Site9"), err.toString());

        // a test recording at another rate than the model's fails alone: named, listed, the others reported
        Path slow = dir.resolve("slow");
        assertEquals(0, run("synth", "--hours", "0.05", "--sites", "1", "--recording-minutes", "3",
                "--sample-rate", "8000", "--bulls-per-hour", "300", "--seed", "3", "--threads", "1",
                "--out", slow.toString()), err::toString);
        Files.copy(slow.resolve("site01/site01-night01.wav"), corpus.resolve("site03/slow.wav"));
        Files.copy(slow.resolve("site01/site01-night01.txt"), corpus.resolve("site03/slow.txt"));
        String row = Files.readAllLines(slow.resolve("manifest.csv")).get(1)
                .replace("site01/site01-night01.wav,site01,", "site03/slow.wav,site03,").replaceFirst(",train,", ",test,");
        Files.writeString(corpus.resolve("manifest.csv"), row + "\n", java.nio.file.StandardOpenOption.APPEND);
        err.getBuffer().setLength(0);
        out.getBuffer().setLength(0);
        Path report2 = dir.resolve("report2");
        assertEquals(1, run("evaluate", "--model", model.toString(), "--data", corpus.toString(),
                "--out", report2.toString(), "--threads", "1"), () -> out + "\n" + err);
        assertTrue(err.toString().contains("slow.wav: failed, left out of the report: slow.wav is sampled at 8000 Hz"),
                err.toString());
        assertTrue(out.toString().contains("site03-night01.wav") && out.toString().contains("1 recording(s) failed"),
                out.toString());
        Map<?, ?> runJson = (Map<?, ?>) CliJson.readObject(report2.resolve("evaluation.json"),
                Files.readString(report2.resolve("evaluation.json"))).get("run");
        assertEquals("site03/slow.wav", ((Map<?, ?>) ((List<?>) runJson.get("failed")).get(0)).get("recording"));
        // into the first report's folder, on site01 only: the report is replaced whole, no site03 timeline left
        assertTrue(Files.isRegularFile(report.resolve("timeline-site03_site03-night01.png")));
        assertEquals(0, run("evaluate", "--model", model.toString(), "--data", corpus.toString(), "--split", "all",
                "--sites", "site01", "--out", report.toString(), "--threads", "1"), () -> out + "\n" + err);
        try (java.util.stream.Stream<Path> files = Files.list(report)) {
            List<String> timelines = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("timeline-"))
                    .sorted().toList();
            assertTrue(!timelines.isEmpty() && timelines.stream().allMatch(n -> n.startsWith("timeline-site01_")),
                    timelines::toString);
        }
    }

    @Test
    void defaultsToTheSmoothedRuleAndTakesAverageAndSchedule() throws Exception {
        Path corpus = tinyCorpus();
        Path model = dir.resolve("model");
        assertEquals(0, run("train", "--data", corpus.toString(), "--out", model.toString(),
                "--width", "0.25", "--mels", "16", "--hop", "2048", "--epochs", "1", "--epoch-windows", "64",
                "--average", "0.9", "--schedule", "stable-decay", "--n-fft", "2048", "--site-alignment", "0.5",
                "--threads", "1"),
                () -> out + "\n" + err);
        ModelBundle bundle = ModelBundle.read(model);
        assertEquals(2048, bundle.mel().nFft());
        assertEquals(2048, bundle.mel().winLength());
        assertEquals(2048, bundle.mel().hop());
        assertEquals("smooth:avg-recall", bundle.thresholdRule());
        String config = String.valueOf(bundle.training().get("config"));
        assertTrue(config.contains("averaging=0.9") && config.contains("schedule=STABLE_DECAY")
                && config.contains("siteAlignment=0.5"), config);
        // options added after cross-validation folds were kept appear in the recipe (and the
        // configuration's text, both parts of the folds' keys) only when set
        TrainCommand plain = new TrainCommand();
        new picocli.CommandLine(plain).parseArgs("--data", corpus.toString(), "--out", model.toString());
        assertFalse(plain.recipe.describe().contains("site-alignment"), plain.recipe.describe());
        // the hop by default: 46.4 ms at the corpus's rate (the fold keys say so, not a number of samples)
        assertTrue(plain.recipe.describe().contains(" --hop auto "), plain.recipe.describe());
        assertEquals(1024, plain.recipe.hop(22050));
        assertEquals(2048, plain.recipe.hop(44100));
        assertEquals(2229, plain.recipe.hop(48000));
        assertEquals(372, plain.recipe.hop(8000));
        TrainCommand explicit = new TrainCommand();
        new picocli.CommandLine(explicit).parseArgs("--data", corpus.toString(), "--out", model.toString(), "--hop",
                "2048");
        assertEquals(2048, explicit.recipe.hop(22050));
        assertTrue(explicit.recipe.describe().contains(" --hop 2048 "), explicit.recipe.describe());
        assertFalse(io.bullwatch.models.train.TrainerConfig.builder().build().toString().contains("siteAlignment"));
        TrainCommand aligned = new TrainCommand();
        new picocli.CommandLine(aligned).parseArgs("--data", corpus.toString(), "--out", model.toString(),
                "--site-alignment", "0.5");
        assertTrue(aligned.recipe.describe().endsWith(" --site-alignment 0.5"), aligned.recipe.describe());
        assertTrue(Files.isRegularFile(TrainingFiles.checkpointFiles(
                model.resolve("checkpoints")).resolve("average.params")));
        assertTrue(out.toString().contains("smooth:recall:0.95"), out.toString());
        assertEquals(2, run("train", "--data", corpus.toString(), "--out", dir.resolve("bad").toString(),
                "--schedule", "sometimes"));
        assertEquals(2, run("train", "--data", corpus.toString(), "--out", dir.resolve("bad").toString(),
                "--hop", "2048", "--n-fft", "1024"), "a frame shorter than the hop (2048)");
        assertTrue(err.toString().contains("--n-fft must be a whole number from 2048"), err.toString());
    }

    @Test
    void startsFromAParentBundleAndRefusesOneThatDoesNotFit() throws Exception {
        Path corpus = tinyCorpus();
        List<String> base = List.of("train", "--data", corpus.toString(), "--width", "0.25", "--mels", "16",
                "--hop", "2048", "--epochs", "1", "--epoch-windows", "64", "--threads", "1");
        Path parent = dir.resolve("parent");
        Path fresh = dir.resolve("fresh");
        Path child = dir.resolve("child");
        assertEquals(0, run(with(base, "--out", parent.toString(), "--seed", "5")), () -> out + "\n" + err);
        assertEquals(0, run(with(base, "--out", fresh.toString())), () -> out + "\n" + err);
        assertEquals(0, run(with(base, "--out", child.toString(), "--parent", parent.toString())),
                () -> out + "\n" + err);
        ModelBundle bundle = ModelBundle.read(child);
        assertEquals(parent.toString(), bundle.training().get("parent"));
        // the recipe (crossval's fold keys and records) names the parent and its parameters' hash
        TrainCommand parsed = new TrainCommand();
        new picocli.CommandLine(parsed).parseArgs("--data", corpus.toString(), "--out", child.toString(), "--parent",
                parent.toString());
        assertTrue(parsed.recipe.describe().endsWith(" --parent " + parent + " (parameters "
                + io.bullwatch.core.io.Sha256.hex(parent.resolve(ModelBundle.PARAMETERS)) + ")"),
                parsed.recipe.describe());
        byte[] childParameters = Files.readAllBytes(child.resolve(ModelBundle.PARAMETERS));
        assertFalse(java.util.Arrays.equals(childParameters, Files.readAllBytes(fresh.resolve(ModelBundle.PARAMETERS))),
                "the same seed and data from the parent's parameters train other parameters than from scratch");

        err.getBuffer().setLength(0);
        Path widerCache = dir.resolve("wider-cache");
        assertEquals(2, run(with(base, "--out", dir.resolve("wider").toString(), "--width", "0.5", "--parent",
                parent.toString(), "--cache", widerCache.toString())));
        assertTrue(err.toString().contains("fine-tuning needs the same network and features"), err.toString());
        assertFalse(Files.exists(dir.resolve("wider")), "a refused run leaves nothing behind");
        try (java.util.stream.Stream<Path> cached = Files.exists(widerCache) ? Files.walk(widerCache)
                : java.util.stream.Stream.empty()) {
            assertFalse(cached.anyMatch(Files::isRegularFile), "refused before any feature was computed");
        }
        err.getBuffer().setLength(0);
        assertEquals(2, run(with(base, "--out", dir.resolve("none").toString(), "--parent",
                dir.resolve("missing").toString())));
        assertTrue(err.toString().contains("--parent " + dir.resolve("missing")), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run(with(base, "--out", dir.resolve("both").toString(), "--parent", parent.toString(),
                "--init", dir.resolve("w.npz").toString())));
        assertTrue(err.toString().contains("start from --parent or from --init, not both"), err.toString());
    }

    private static String[] with(List<String> base, String... more) {
        List<String> args = new java.util.ArrayList<>(base);
        args.addAll(List.of(more));
        // picocli refuses a single-value option given twice: a second --width replaces the base's
        int w = args.indexOf("--width");
        if (w >= 0 && args.lastIndexOf("--width") != w) {
            args.remove(w);
            args.remove(w);
        }
        return args.toArray(new String[0]);
    }

    @Test
    void takesATrainingHopAndHardNegatives() throws Exception {
        Path corpus = tinyCorpus();
        Path model = dir.resolve("model");
        assertEquals(0, run("train", "--data", corpus.toString(), "--out", model.toString(),
                "--width", "0.25", "--mels", "16", "--hop", "2048", "--epochs", "2", "--imbalance", "balanced",
                "--epoch-windows", "64", "--train-hop", "1", "--hard-negatives", "0.5:16", "--threads", "1"),
                () -> out + "\n" + err);
        ModelBundle bundle = ModelBundle.read(model);
        assertEquals(1.0, ((Number) bundle.training().get("trainHopSeconds")).doubleValue());
        // one site of 3 minutes trains: (180 - 15) / 1 + 1 = 166 windows less the ambiguous ones,
        // against at most 34 on the windows' own 5 s grid
        int trainWindows = ((Number) bundle.training().get("trainWindows")).intValue();
        assertTrue(trainWindows > 34 && trainWindows <= 166, "train windows " + trainWindows);
        String hard = String.valueOf(bundle.training().get("hardNegatives"));
        assertTrue(hard.contains("0.50 of no-bull draws") && hard.contains("of 16 scored"), hard);
        assertTrue(out.toString().contains("hard negatives: 0.50"), out.toString());
        assertEquals(2, run("train", "--data", corpus.toString(), "--out", dir.resolve("bad").toString(),
                "--imbalance", "seed", "--hard-negatives", "0.5"), () -> out + "\n" + err); // needs the balanced sampler
        assertTrue(err.toString().contains("balanced sampler"), err.toString());
        assertEquals(2, run("train", "--data", corpus.toString(), "--out", dir.resolve("bad2").toString(),
                "--train-hop", "20"));
        assertTrue(err.toString().contains("hop"), err.toString());
    }

    @Test
    void trainsACompactSedModelOnFrameTargetsAndDetectsWithIt() throws Exception {
        Path corpus = tinyCorpus();
        Path model = dir.resolve("model");
        assertEquals(0, run("train", "--data", corpus.toString(), "--out", model.toString(),
                "--backbone", "compact-sed", "--frame-loss", "0.5", "--width", "0.25", "--mels", "16",
                "--hop", "2048", "--epochs", "1", "--imbalance", "balanced", "--epoch-windows", "64",
                "--threads", "1"), () -> out + "\n" + err);
        ModelBundle bundle = ModelBundle.read(model);
        assertEquals(io.bullwatch.models.backbone.Backbone.COMPACT_SED, bundle.backbone());
        assertEquals(0.5, ((Number) bundle.training().get("frameLossWeight")).doubleValue());
        out.getBuffer().setLength(0);
        Path detections = dir.resolve("detections");
        assertEquals(0, run("detect", "--model", model.toString(), "--out", detections.toString(),
                "--threads", "1", corpus.resolve("site03").toString()), () -> out + "\n" + err);
        assertTrue(out.toString().contains("model: compact-sed, width 0.25"), out.toString());
        assertEquals(34, DetectionFiles.readWindows(detections.resolve("site03-night01.bull.windows.csv")).size());
        // the frame loss needs a network with frame outputs, and a weight >= 0
        assertEquals(2, run("train", "--data", corpus.toString(), "--out", dir.resolve("bad").toString(),
                "--backbone", "compact", "--frame-loss", "0.5"));
        assertTrue(err.toString().contains("compact-sed"), err.toString());
        assertTrue(err.toString().contains("(--backbone compact-sed or compact-sed-bands), got compact"), err.toString());
        assertEquals(2, run("train", "--data", corpus.toString(), "--out", dir.resolve("bad2").toString(),
                "--backbone", "compact-sed", "--frame-loss", "-1"));
        assertEquals(2, run("train", "--data", corpus.toString(), "--out", dir.resolve("bad3").toString(),
                "--backbone", "resnet"));
        assertTrue(err.toString().contains("unknown backbone 'resnet'; expected one of alexnet, vgg16, compact, compact-sed"),
                err.toString());
    }

    @Test
    void trainsWithBullsMixedIntoOtherSitesBackgroundsInThePowerDomain() throws Exception {
        Path corpus = tinyCorpus();
        Path model = dir.resolve("model");
        assertEquals(0, run("train", "--data", corpus.toString(), "--out", model.toString(), "--width", "0.25",
                "--mels", "16", "--epochs", "1", "--epoch-windows", "64", "--threads", "1",
                "--augment", "mix=0.5,bg=1,bgdb=-6:0"), () -> out + "\n" + err);
        assertTrue(out.toString().contains("windows into other sites' backgrounds p=1.00 at -6.0 to 0.0 dB"), out.toString());
        assertTrue(String.valueOf(ModelBundle.read(model).training().get("augmentation")).contains("power domain"));
    }

    @Test
    void trainsOnPcenInputWithItsTimeConstantAndDetectsWithIt() throws Exception {
        Path corpus = tinyCorpus();
        Path model = dir.resolve("model");
        assertEquals(0, run("train", "--data", corpus.toString(), "--out", model.toString(),
                "--normalisation", "pcen-per-recording", "--pcen-time-constant", "1.5", "--width", "0.25",
                "--mels", "16", "--epochs", "1", "--epoch-windows", "64", "--threads", "1"),
                () -> out + "\n" + err);
        ModelBundle bundle = ModelBundle.read(model);
        assertEquals(InputNormalisation.PCEN_PER_RECORDING, bundle.normalisation());
        assertEquals(1.5, bundle.pipeline().pcen().timeConstantSeconds());
        assertTrue(out.toString().contains("augmentation: recording mix p=0.50"), out.toString());
        Path detections = dir.resolve("detections");
        assertEquals(0, run("detect", "--model", model.toString(), "--out", detections.toString(),
                "--threads", "1", corpus.resolve("site03").toString()), () -> out + "\n" + err);
        assertEquals(34, DetectionFiles.readWindows(detections.resolve("site03-night01.bull.windows.csv")).size());
        // the bundle carries the counting calibration, and bull count uses it where there are no verdicts
        io.bullwatch.core.review.ScoreCalibration cal = io.bullwatch.cli.review.BundleCalibration.read(model).orElseThrow();
        assertTrue(cal.bullWindowsPerBull() >= 1 && cal.bullWindowsPerBull() < 6, "" + cal.bullWindowsPerBull());
        assertTrue(cal.bins().stream().mapToLong(b -> b.bullWindows()).sum() > 0);
        out.getBuffer().setLength(0);
        assertEquals(0, run("count", detections.toString(), "--model", model.toString()), () -> out + "\n" + err);
        java.util.List<String> counts = Files.readAllLines(detections.resolve("counts.csv"));
        assertEquals(CountCommand.HEADER, counts.get(0));
        assertTrue(counts.get(1).startsWith("night,site03,site03-night01,") && counts.get(1).contains("calibration"),
                counts.get(1));
        assertTrue(counts.get(2).startsWith("site,site03,,"), counts.get(2));
        assertTrue(Files.size(detections.resolve("season.png")) > 0);
        assertEquals(0, run("review", detections.toString(), "--export"), () -> out + "\n" + err);
        assertTrue(Files.exists(detections.resolve("site03-night01.bull.reviewed.selections.txt")));
        assertTrue(Files.readString(detections.resolve("review-export/index.html")).contains("site03-night01"));
        // the time constant belongs to PCEN input only
        assertEquals(2, run("train", "--data", corpus.toString(), "--out", dir.resolve("bad").toString(),
                "--normalisation", "log-per-recording", "--pcen-time-constant", "1.5"));
        assertTrue(err.toString().contains("--pcen-time-constant needs --normalisation pcen"), err.toString());
        assertEquals(2, run("train", "--data", corpus.toString(), "--out", dir.resolve("bad").toString(),
                "--normalisation", "log-per-recording", "--pcen-bias", "10"));
        assertTrue(err.toString().contains("--pcen-gain, --pcen-bias and --pcen-power need --normalisation pcen"),
                err.toString());
    }

    @Test
    void trainsOnMultiRatePcenWithOneChannelPerTimeConstantAndDetectsWithIt() throws Exception {
        Path corpus = tinyCorpus();
        Path model = dir.resolve("model");
        assertEquals(0, run("train", "--data", corpus.toString(), "--out", model.toString(),
                "--pcen-time-constant", "0.4,6", "--width", "0.25", "--mels", "16", "--epochs", "1",
                "--epoch-windows", "64", "--threads", "1", "--augment", "mix=0.5,time=2x4,freq=2x3,bg=0.5",
                "--pcen-bias", "10", "--pcen-power", "0.25"), () -> out + "\n" + err);
        ModelBundle bundle = ModelBundle.read(model);
        assertEquals(2, bundle.pipeline().channels());
        // every channel has the time constant it was given and the bias and power given for all, the default gain
        assertEquals(java.util.List.of(new io.bullwatch.features.mel.Pcen(0.4, 0.98, 10, 0.25, 1e-6),
                new io.bullwatch.features.mel.Pcen(6, 0.98, 10, 0.25, 1e-6)), bundle.pipeline().pcenChannels());
        assertEquals(2, bundle.input().channels());
        assertEquals(16, bundle.input().height());
        Path detections = dir.resolve("detections");
        assertEquals(0, run("detect", "--model", model.toString(), "--out", detections.toString(),
                "--threads", "1", corpus.resolve("site03").toString()), () -> out + "\n" + err);
        assertEquals(34, DetectionFiles.readWindows(detections.resolve("site03-night01.bull.windows.csv")).size());
        assertEquals(2, run("train", "--data", corpus.toString(), "--out", dir.resolve("bad").toString(),
                "--pcen-time-constant", "6,6"));
        assertTrue(err.toString().contains("gives 6.0 s twice"), err.toString());
    }
}
