package io.bullwatch.cli;

import io.bullwatch.core.calibrate.Calibration;
import io.bullwatch.core.calibrate.ThresholdRule;
import io.bullwatch.core.corpus.Corpus;
import io.bullwatch.core.corpus.CorpusSplits;
import io.bullwatch.core.corpus.Split;
import io.bullwatch.core.io.AtomicFiles;
import io.bullwatch.core.io.FileTrees;
import io.bullwatch.core.io.Sha256;
import io.bullwatch.core.metrics.Confusion;
import io.bullwatch.core.metrics.ThresholdSweep;
import io.bullwatch.features.pipeline.InputNormalisation;
import io.bullwatch.features.windows.WindowSet;
import io.bullwatch.models.train.DetectorTraining;
import io.bullwatch.models.train.EpochMetrics;
import io.bullwatch.models.train.SplitScores;
import io.bullwatch.models.train.TrainedDetector;
import io.bullwatch.models.train.TrainerConfig;
import io.bullwatch.models.train.TrainingFiles;
import io.bullwatch.models.train.TrainingListener;
import io.bullwatch.models.train.TrainingReport;
import io.bullwatch.models.weights.ImportReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bull train}: trains a detector on a corpus and writes a model bundle. A run that refuses
 * its data or options leaves nothing behind (see {@link OutputFolder}).
 */
@Command(name = "train",
        description = {"Trains a detector on a corpus and writes a model bundle.",
            "",
            "Reads the corpus of DIR/manifest.csv and writes MODEL_DIR/model.json (backbone, features,"
                + " windows, normalisation, threshold, metrics) and MODEL_DIR/parameters.params;"
                + " MODEL_DIR/metrics.csv has one row per epoch and MODEL_DIR/checkpoints lets a rerun"
                + " with the same --out resume. A run that refuses its data or options leaves nothing"
                + " behind.",
            "",
            "Splits: the manifest's split column, or --val-sites and --test-sites (all other sites"
                + " train). The threshold is calibrated on validation; test is scored once at the end."
                + " See docs/training.md."})
final class TrainCommand implements Callable<Integer> {

    /** What a MODEL_DIR's checkpoints were trained with, a digest ({@link #key}). */
    static final String TRAIN_KEY = "train.key";

    @Spec
    CommandSpec spec;

    @Mixin
    CorpusFiles corpusFiles;

    @Option(names = "--out", required = true, paramLabel = "MODEL_DIR", description = "Bundle folder (created).")
    Path out;

    @Option(names = "--val-sites", split = ",", paramLabel = "SITES", hideParamSyntax = true,
            description = "Validation sites, comma-separated (with --test-sites; overrides the split column).")
    List<String> valSites;

    @Option(names = "--test-sites", split = ",", paramLabel = "SITES", hideParamSyntax = true,
            description = "Test sites, comma-separated.")
    List<String> testSites;

    @Mixin
    TrainingRecipe recipe;

    @Override
    public Integer call() throws Exception {
        OutputFolder folder = OutputFolder.before(out);
        try {
            return run();
        } catch (Exception | Error e) {
            try {
                folder.removeWhatThisRunMade(TrainingFiles.in(out).checkpointDir().orElseThrow());
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private int run() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long started = System.nanoTime();
        TrainingRecipe.Checked checked = recipe.check();
        Corpus corpus = corpusFiles.load(spec.name(), spec.commandLine().getErr());
        CorpusSplits splits = valSites != null || testSites != null
                ? corpus.leaveSitesOut(set(valSites), set(testSites)) : corpus.explicitSplits();
        TrainingRecipe.Plan plan = checked.plan(corpusFiles.oneSampleRate(corpus));
        DetectorTraining training = plan.training()
                .optProvenance("corpus", corpusFiles.data.toAbsolutePath().toString()).build();
        InputNormalisation norm = plan.pipeline().normalisation();
        TrainerConfig config = plan.config();
        ThresholdRule rule = plan.thresholdRule();
        resumesOnlyTheSameTraining(key(plan, splits, corpus));
        out.printf(Locale.ROOT, "train sites %s, validation %s, test %s; normalisation %s%n",
                splits.sites(Split.TRAIN), splits.sites(Split.VALIDATION), splits.sites(Split.TEST),
                norm.cliName());
        out.flush();
        try (TrainedDetector trained = training.train(splits, TrainingFiles.in(out()), new Progress(out, config))) {
            report(out, trained, rule);
            trained.save(out());
        }
        out.printf(Locale.ROOT, "wrote %s in %.0f s%n", out().toAbsolutePath(), (System.nanoTime() - started) / 1e9);
        out.flush();
        return 0;
    }

    /** Prints the training's outcome: best epoch, threshold, validation and test metrics. */
    private static void report(PrintWriter out, TrainedDetector trained, ThresholdRule rule) {
        TrainingReport report = trained.report();
        Calibration cal = trained.calibration();
        SplitScores val = trained.validation();
        out.printf(Locale.ROOT, "best epoch %d of %d%s, %.0f s training%n", report.bestEpoch(),
                report.epochs().size(), report.stoppedEarly() ? " (stopped early)" : "", report.seconds());
        out.printf(Locale.ROOT, "threshold %.4f (%s on validation)%n", cal.threshold(), rule);
        out.println("validation: " + cal.validation().summary());
        out.println("threshold rules on validation:");
        Calibration.compare(List.of(ThresholdRule.averageRecall().smooth(), ThresholdRule.averageRecall(),
                ThresholdRule.bullRecall(0.95).smooth(), ThresholdRule.bullRecall(0.95),
                ThresholdRule.f1(), ThresholdRule.budget(0.1)), val.scores(), val.bulls(), val.nightHours())
                .forEach(l -> out.println("  " + l));
        trained.test().ifPresent(test -> {
            Confusion c = test.confusion(cal.threshold());
            ThresholdSweep ts = test.sweep();
            out.println("test (" + String.join(",", test.sites()) + ", never seen in training or"
                    + " calibration): " + c.summary());
            out.printf(Locale.ROOT, "test: average precision %.3f, ROC AUC %.3f, listening %s%n",
                    ts.averagePrecision(), ts.rocAuc(),
                    Calibration.formatListening(Calibration.listeningMinutes(c, test.nightHours()),
                            test.nightHours()));
        });
    }

    private Path out() {
        return out;
    }

    /**
     * Writes what this training is ({@link #TRAIN_KEY}) before its first epoch; a MODEL_DIR whose
     * checkpoints belong to another training (recipe, corpus, labels or splits) is refused rather
     * than resumed, which would carry the other training's parameters under this one's name.
     * Checkpoints without the file (of earlier versions) resume as before.
     */
    private void resumesOnlyTheSameTraining(String key) throws IOException {
        Path file = out.resolve(TRAIN_KEY);
        boolean checkpointed = TrainingFiles.hasCheckpoint(TrainingFiles.in(out).checkpointDir().orElseThrow());
        if (checkpointed && Files.isRegularFile(file) && !key.equals(Files.readString(file).trim())) {
            throw new ParameterException(spec.commandLine(), "--out " + out + " holds the checkpoints of another"
                    + " training (other options, corpus, labels or splits); use another --out, or delete "
                    + out.resolve("checkpoints") + " to train afresh there");
        }
        Files.createDirectories(out);
        AtomicFiles.write(file, (key + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** What decides a training's result: the recipe, the splits, the manifest and the labels. */
    private String key(TrainingRecipe.Plan plan, CorpusSplits splits, Corpus corpus) throws IOException {
        return Sha256.hex(String.join("\n", plan.pipeline().toString(), plan.config().toString(),
                plan.thresholdRule().toString(), recipe.describe(), "train " + splits.sites(Split.TRAIN),
                "validation " + splits.sites(Split.VALIDATION), "test " + splits.sites(Split.TEST),
                Sha256.hex(corpusFiles.data.resolve("manifest.csv")), CorpusFiles.labelsDigest(corpus)));
    }

    /**
     * MODEL_DIR as this run found it, so that a run that refuses its data or options, or fails
     * before its first checkpoint, leaves nothing behind: the folders it made (MODEL_DIR, and each
     * missing folder above it while it is empty: a {@code --cache} folder or another run may have put
     * something there) or, in a folder that was already there, the entries it added. Nothing that
     * was there before is removed, and nothing at all once a checkpoint is committed (a rerun
     * resumes from it).
     *
     * @param made the topmost folder this run would create, or null when MODEL_DIR exists
     * @param dir MODEL_DIR
     * @param entries the names in MODEL_DIR before the run (empty when it is no folder)
     */
    private record OutputFolder(Path made, Path dir, Set<String> entries) {

        static OutputFolder before(Path dir) throws IOException {
            Path abs = dir.toAbsolutePath().normalize();
            Path made = null;
            for (Path p = abs; p != null && !Files.exists(p); p = p.getParent()) {
                made = p;
            }
            Set<String> entries = new LinkedHashSet<>();
            if (made == null && Files.isDirectory(abs)) {
                try (Stream<Path> list = Files.list(abs)) {
                    list.forEach(p -> entries.add(p.getFileName().toString()));
                }
            }
            return new OutputFolder(made, abs, entries);
        }

        void removeWhatThisRunMade(Path checkpoints) throws IOException {
            if (TrainingFiles.hasCheckpoint(checkpoints)) {
                return;
            }
            if (made != null) {
                // MODEL_DIR, then the folders above it this run made, each only while empty: another
                // run's output or a feature cache may have been put in them meanwhile
                FileTrees.delete(dir);
                for (Path p = dir.getParent(); p != null && p.startsWith(made); p = p.getParent()) {
                    try (Stream<Path> list = Files.list(p)) {
                        if (list.findAny().isPresent()) {
                            break;
                        }
                    } catch (java.nio.file.NoSuchFileException gone) {
                        continue;
                    }
                    Files.delete(p);
                }
            } else if (Files.isDirectory(dir)) {
                try (Stream<Path> list = Files.list(dir)) {
                    for (Path p : (Iterable<Path>) list::iterator) {
                        if (!entries.contains(p.getFileName().toString())) {
                            FileTrees.delete(p);
                        }
                    }
                }
            }
        }

    }

    private static Set<String> set(List<String> sites) {
        return sites == null ? Set.of() : new LinkedHashSet<>(sites);
    }

    /** @return the cross-site nights composed, in words */
    static String crossSiteLine(int nights, double hours, java.nio.file.Path dir) {
        return String.format(Locale.ROOT, "cross-site nights: %d (%.1f h) composed in %s", nights, hours, dir);
    }

    /**
     * The line that reports a training's windows, as {@code bull train} and {@code bull crossval}
     * print it.
     */
    static String windowsLine(WindowSet train, WindowSet val, WindowSet test, double seconds) {
        return String.format(Locale.ROOT, "windows: train %d (%d bull), validation %d (%d bull), test %d (%d bull);"
                + " features in %.0f s", train.size(), train.bullCount(), val.size(), val.bullCount(),
                test == null ? 0 : test.size(), test == null ? 0 : test.bullCount(), seconds);
    }

    /** Prints the windows, progress about every 10 s and one line per epoch. */
    private static final class Progress implements TrainingListener {
        private final PrintWriter out;
        private final TrainerConfig config;
        private long last = System.nanoTime();

        Progress(PrintWriter out, TrainerConfig config) {
            this.out = out;
            this.config = config;
        }

        @Override
        public void onWindows(WindowSet train, WindowSet val, WindowSet test, double seconds) {
            out.println(windowsLine(train, val, test, seconds));
            out.println("augmentation: " + config.augmentation().describe());
            if (config.hardNegatives().enabled()) {
                out.println("hard negatives: " + config.hardNegatives().describe());
            }
            out.flush();
        }

        @Override
        public void onCrossSiteNights(int nights, double hours, java.nio.file.Path dir) {
            out.println(crossSiteLine(nights, hours, dir));
            out.flush();
        }

        @Override
        public void onInitialWeights(ImportReport report) {
            out.println(report);
        }

        @Override
        public void onProgress(int epoch, int epochs, int done, int total, double speed, double eta) {
            long now = System.nanoTime();
            if (now - last > 10_000_000_000L) {
                last = now;
                out.printf(Locale.ROOT, "  epoch %d/%d: %d/%d windows, %.1f windows/s, epoch ETA %.0f s%n",
                        epoch, epochs, done, total, speed, eta);
                out.flush();
            }
        }

        @Override
        public void onEpoch(EpochMetrics m, boolean best) {
            out.printf(Locale.ROOT, "epoch %d: train loss %.4f, val loss %.4f, val avg recall %.3f at 0.5,"
                    + " %.3f best threshold, AP %.3f, %.1f windows/s, %.0f s%s%n", m.epoch(), m.trainLoss(),
                    m.validationLoss(), m.averageRecallAtHalf(), m.bestAverageRecall(), m.averagePrecision(),
                    m.windowsPerSecond(), m.seconds(), best ? " *" : "");
            out.flush();
        }
    }
}
