package io.bullwatch.cli;

import io.bullwatch.core.corpus.Corpus;
import io.bullwatch.core.io.FileTrees;
import io.bullwatch.core.io.IoErrors;
import io.bullwatch.models.adapt.Adaptation;
import io.bullwatch.models.adapt.ReviewedNight;
import io.bullwatch.models.bundle.ModelBundle;
import io.bullwatch.models.train.EpochMetrics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bull adapt}: tunes a trained bundle to a new site from the site's unlabelled audio
 * ({@link Adaptation}).
 */
@Command(name = "adapt",
        description = {"Tunes a trained model to a new site from the site's own unlabelled audio.",
            "",
            "The parent model scores the new site's recordings and its top-scoring windows (where the site's"
                + " own bulls most likely are) are left out; nights are composed with the rest as background and"
                + " bulls cut from the training corpus mixed in at 0 to 15 dB; the parent is fine-tuned on two"
                + " thirds of them (beside the training corpus) and its threshold calibrated on the rest, which it"
                + " never trains on (an expert's verdicts, with --reviewed, are trained on and, by default, calibrated"
                + " on too). When the fine-tuned network ranks those worse than the parent, the parent's"
                + " network is kept with the new threshold. Writes OUT (a model bundle with its provenance) and"
                + " OUT/adaptation.json (what was used and decided, the parent's and the adapted model's figures,"
                + " the recall by SNR of the mixed-in bulls). See docs/cli.md and docs/training.md."})
final class AdaptCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL_DIR", description = "The trained bundle to adapt.")
    Path model;

    @Option(names = "--audio", required = true, arity = "1..*", paramLabel = "FILE_OR_DIR",
            description = "The new site's recordings: WAV files, or folders searched for them (any rate and channel"
                + " count).")
    List<Path> audio;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "The adapted bundle's folder (created).")
    Path out;

    @Option(names = "--data", paramLabel = "CORPUS",
            description = "The annotated corpus the bulls are cut from and the fine-tuning keeps training on"
                + " (default: the corpus the parent was trained on, as its model.json names it).")
    Path data;

    @Option(names = "--reviewed", paramLabel = "OUT",
            description = "A bull detect output folder with an expert's verdicts (NAME.bull.review.csv, from bull"
                + " review) on the new site's detections: confirmed ones are trained on as bulls, rejected ones as"
                + " windows without a bull, unsure and unjudged ones left out (repeatable).")
    List<Path> reviewed;

    @Option(names = "--verdicts-calibrate", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "With --reviewed: the verdicts also set the threshold, beside the composed calibration"
                + " nights (--no-verdicts-calibrate: they are fine-tuned on only) (default: ${DEFAULT-VALUE}).")
    boolean verdictsCalibrate;

    @Option(names = "--hours", defaultValue = "1.5", paramLabel = "H",
            description = "Hours of composed nights, the last third of them (at least one) to calibrate on"
                + " (default: ${DEFAULT-VALUE}).")
    double hours;

    @Option(names = "--night-minutes", defaultValue = "30", paramLabel = "M",
            description = "Length of each composed night (default: ${DEFAULT-VALUE}).")
    double nightMinutes;

    @Option(names = "--bulls-per-hour", defaultValue = "60", paramLabel = "N",
            description = "Training bulls mixed into each hour (default: ${DEFAULT-VALUE}).")
    double bullsPerHour;

    @Option(names = "--snr", defaultValue = "0:15", paramLabel = "LOW:HIGH",
            description = "SNR range of the mixed-in bulls against the new site's audio, dB (default: ${DEFAULT-VALUE}).")
    String snr;

    @Option(names = "--exclude-top", defaultValue = "0.05", paramLabel = "SHARE",
            description = "Share of the new site's windows, highest parent score first, left out of the composed"
                + " nights (default: ${DEFAULT-VALUE}).")
    double excludeTop;

    @Option(names = "--exclude-flagged", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "Also leave out every window the parent flags at its own threshold (at most half the"
                + " windows): for busy nights, when the site's own bulls fill more than the top share (default:"
                + " ${DEFAULT-VALUE}).")
    boolean excludeFlagged;

    @Option(names = "--epochs", defaultValue = "20", paramLabel = "N",
            description = "Fine-tuning epochs; the best on the calibration nights is kept; 0 recalibrates only"
                + " (the parent's network, a threshold from the new site; not with --reviewed) (default:"
                + " ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--lr", defaultValue = "1e-3", paramLabel = "RATE",
            description = "Fine-tuning learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--epoch-windows", defaultValue = "2048", paramLabel = "N",
            description = "Windows per epoch (default: ${DEFAULT-VALUE}).")
    int epochWindows;

    @Option(names = "--average", defaultValue = "0", paramLabel = "DECAY",
            description = "Decay of a moving average of the parameters over the fine-tuning's steps,"
                    + " judged and saved instead of the last step's; 0 for none (default: ${DEFAULT-VALUE}).")
    double average;

    @Option(names = "--cache", paramLabel = "DIR", description = "Feature cache folder for the training corpus.")
    Path cache;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", defaultValue = "2", paramLabel = "N", description = "Threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        long started = System.nanoTime();
        double[] snrRange = Ranges.pair(spec, "--snr", snr);
        Ranges.whole(spec, "--epochs", epochs, 0, 10_000);
        if (epochs == 0 && reviewed != null && !reviewed.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--epochs 0 recalibrates the parent's threshold only;"
                    + " --reviewed verdicts are used by fine-tuning: give --epochs 1 or more with them");
        }
        Ranges.whole(spec, "--epoch-windows", epochWindows, 0, Integer.MAX_VALUE);
        Ranges.whole(spec, "--threads", threads, 1, 1024);
        Ranges.whole(spec, "--seed", seed, 0, Long.MAX_VALUE);
        Ranges.positive(spec, "--lr", lr);
        Ranges.between(spec, "--hours", hours, 1e-3, 100);
        Ranges.between(spec, "--night-minutes", nightMinutes, 1.0 / 3, 1440);
        Ranges.between(spec, "--bulls-per-hour", bullsPerHour, 1e-3, 3600);
        Ranges.between(spec, "--exclude-top", excludeTop, 0, 0.499);
        Ranges.between(spec, "--average", average, 0, 0.9999);
        if (Files.exists(out.resolve(ModelBundle.MODEL_JSON))) {
            throw new ParameterException(spec.commandLine(), "--out " + out + " already holds a model bundle;"
                    + " give another folder");
        }
        ModelBundle parent = ModelBundle.read(model);
        Path corpusDir = data != null ? data : parentCorpus(parent);
        Corpus corpus = Corpus.load(corpusDir.resolve("manifest.csv"));
        List<Path> files = wavs(audio);
        Adaptation adaptation;
        try {
            adaptation = Adaptation.builder(model, corpus.recordings()).optHours(hours)
                    .optNightSeconds(60 * nightMinutes).optBullsPerHour(bullsPerHour).optSnr(snrRange[0], snrRange[1])
                    .optExcludeTop(excludeTop).optExcludeFlagged(excludeFlagged).optEpochs(epochs).optLearningRate(lr)
                    .optEpochWindows(epochWindows).optAveraging(average).optSeed(seed).optThreads(threads)
                    .optVerdictsCalibrate(verdictsCalibrate)
                    .optFeatureCache(cache).build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        List<ReviewedNight> verdicts = new ArrayList<>();
        List<Path> folders = reviewed == null ? List.of() : reviewed;
        if (folders.isEmpty() && spec.commandLine().getParseResult().hasMatchedOption("--verdicts-calibrate")) {
            throw new ParameterException(spec.commandLine(), "--[no-]verdicts-calibrate says what an expert's"
                    + " verdicts do; it needs --reviewed");
        }
        Map<Path, Path> folderOf = new java.util.HashMap<>();
        for (Path r : folders) {
            List<ReviewedNight> found = ReviewedNight.scan(r, (file, why) -> spec.commandLine().getErr().println(
                    "bull adapt: " + file + ": verdicts not used: " + why));
            for (ReviewedNight n : found) {
                Path was = folderOf.put(FileTrees.identity(n.recording()), r);
                if (was != null) {
                    throw new ParameterException(spec.commandLine(), "--reviewed " + was + " and --reviewed " + r
                            + " both hold verdicts on " + n.recording() + " (a folder given twice, one inside the"
                            + " other, or the same night detected twice): give each night's verdicts once");
                }
            }
            if (found.stream().mapToInt(n -> n.decided() + n.unsure()).sum() == 0) {
                // refused below when no folder has any; one folder without them does not stop the others
                spec.commandLine().getErr().println("bull adapt: --reviewed " + r + ": no usable verdict");
            }
            verdicts.addAll(found);
        }
        if (!folders.isEmpty() && verdicts.stream().mapToInt(n -> n.decided() + n.unsure()).sum() == 0) {
            throw new ParameterException(spec.commandLine(), "--reviewed " + String.join(", ",
                    folders.stream().map(Path::toString).toList()) + ": no verdict file (NAME.bull.review.csv)"
                    + " with a verdict on a recording it names; judge detections with bull review first");
        }
        stdout.printf(Locale.ROOT, "adapting %s to %d recordings, bulls from %s%n", model, files.size(), corpusDir);
        stdout.flush();
        boolean existed = Files.exists(out);
        Path work = out.resolve(".adapt-work");
        Adaptation.Adapted adapted;
        try {
            adapted = adaptation.adapt(files, verdicts, List.of(), out, work, new Lines(stdout, "", "  epoch "));
        } catch (IOException | RuntimeException | Error e) {
            if (!existed) {
                FileTrees.delete(out);
            }
            throw e;
        } finally {
            FileTrees.delete(work);
        }
        Map<String, Object> report = adapted.report();
        if (report.get("calibrationNight") instanceof Map<?, ?> cal) {
            boolean withVerdicts = report.get("verdicts") instanceof Map<?, ?> v
                    && Boolean.TRUE.equals(v.get("calibrate"));
            stdout.println("calibration nights (the new site's audio with training bulls mixed in"
                    + (withVerdicts ? ", and the reviewed nights' judged windows, which were trained on too" : "")
                    + "):");
            stdout.println("  parent:  " + line(cal.get("parent")));
            stdout.println("  adapted: " + line(cal.get("adapted")));
        }
        if (report.get("recallBySnr") instanceof List<?> bins) {
            StringBuilder b = new StringBuilder("estimated bull recall by SNR at the threshold:");
            for (Object o : bins) {
                if (o instanceof Map<?, ?> m) {
                    b.append(String.format(Locale.ROOT, " %s..%s dB %s/%s;", num(m.get("snrLowDb")),
                            num(m.get("snrHighDb")), m.get("found"), m.get("bulls")));
                }
            }
            stdout.println(b);
        }
        stdout.printf(Locale.ROOT, "%s; threshold %.4f%nwrote %s (report: %s) in %.0f s%n", report.get("decision"),
                adapted.bundle().threshold(), out.toAbsolutePath(), out.resolve("adaptation.json"),
                (System.nanoTime() - started) / 1e9);
        stdout.flush();
        return 0;
    }

    private Path parentCorpus(ModelBundle parent) {
        if (parent.training().get("corpus") instanceof String s && Files.isRegularFile(Path.of(s).resolve("manifest.csv"))) {
            return Path.of(s);
        }
        throw new ParameterException(spec.commandLine(), "--data: " + model + " does not name a training corpus"
                + " that is here (model.json training.corpus: " + parent.training().get("corpus") + "); give the"
                + " annotated corpus the bulls are cut from with --data CORPUS");
    }

    private List<Path> wavs(List<Path> inputs) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                List<Path> found = new ArrayList<>();
                Files.walkFileTree(p, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                        if (f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".wav")
                                && Files.isRegularFile(f)) { // a link to a WAV file counts
                            found.add(f);
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path f, IOException e) {
                        // an unreadable folder costs its own files, not the run
                        spec.commandLine().getErr().println("bull adapt: " + f + ": left out (" + IoErrors.reason(e) + ")");
                        return FileVisitResult.CONTINUE;
                    }
                });
                found.sort(null);
                out.addAll(found);
            } else {
                out.add(p);
            }
        }
        if (out.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--audio " + inputs + ": no WAV file");
        }
        return out;
    }

    private static String line(Object o) {
        if (!(o instanceof Map<?, ?> m)) {
            return "";
        }
        return String.format(Locale.ROOT, "average recall %.3f, bull recall %.3f, flagged %.1f %%, AP %.3f, threshold %.4f",
                d(m.get("average_recall")), d(m.get("bull_recall")), 100 * d(m.get("flagged")), d(m.get("ap")),
                d(m.get("threshold")));
    }

    private static double d(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static String num(Object o) {
        return String.format(Locale.ROOT, "%.0f", d(o));
    }

    /**
     * One line per adaptation step and per epoch, each after its prefix ({@code bull crossval} marks
     * its folds' adaptations).
     */
    static final class Lines implements Adaptation.Listener {
        private final PrintWriter out;
        private final String prefix;
        private final String epochPrefix;

        Lines(PrintWriter out, String prefix, String epochPrefix) {
            this.out = out;
            this.prefix = prefix;
            this.epochPrefix = epochPrefix;
        }

        @Override
        public void onStep(String message) {
            out.println(prefix + message);
            out.flush();
        }

        @Override
        public void onEpoch(EpochMetrics m, boolean best) {
            out.printf(Locale.ROOT, "%s%d: calibration nights avg recall %.3f (best threshold), AP %.3f, %.0f s%s%n",
                    epochPrefix, m.epoch(), m.bestAverageRecall(), m.averagePrecision(), m.seconds(), best ? " *" : "");
            out.flush();
        }
    }
}
