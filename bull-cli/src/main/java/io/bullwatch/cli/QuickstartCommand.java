package io.bullwatch.cli;

import io.bullwatch.core.corpus.Corpus;
import io.bullwatch.core.corpus.CorpusRecording;
import io.bullwatch.core.corpus.Split;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bull quickstart}: the end-to-end demonstration on built-in synthetic data. It runs the
 * same commands a user runs, in order, each printing its own report: {@code synth}, {@code train},
 * {@code evaluate} (on the held-out test site), {@code detect} (on one held-out night).
 */
@Command(name = "quickstart",
        description = {"Runs BullWatch end to end on built-in synthetic river nights.",
            "",
            "1. Generates a labelled corpus of several sites (bull synth).",
            "2. Trains the compact CPU model (compact-sed) with bull train's default recipe on the training"
                + " sites and calibrates the threshold on the validation site (bull train).",
            "3. Evaluates it on the test site, never seen in training or calibration (bull evaluate).",
            "4. Detects bulls on one test-site night and writes Raven and Audacity tables (bull detect).",
            "5. Prints where every output is.",
            "",
            "Everything goes under --out; a rerun reuses the corpus and resumes training. See README.md."})
final class QuickstartCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", defaultValue = "bullwatch-quickstart", paramLabel = "DIR",
            description = "Folder for everything the quickstart writes (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--hours", paramLabel = "HOURS", defaultValue = "16", description = "Hours of synthetic audio (default: ${DEFAULT-VALUE}).")
    double hours;

    @Option(names = "--sites", paramLabel = "N", defaultValue = "8", description = "Sites; the last is held out for testing,"
            + " the one before for validation (default: ${DEFAULT-VALUE}).")
    int sites;

    @Option(names = "--recording-minutes", paramLabel = "MINUTES", defaultValue = "60",
            description = "Length of each synthetic night in minutes (default: ${DEFAULT-VALUE}).")
    double recordingMinutes;

    @Option(names = "--bulls-per-hour", paramLabel = "N", defaultValue = "8",
            description = "Mean bulls per hour in the synthetic nights (default: ${DEFAULT-VALUE}).")
    double bullsPerHour;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "20", description = "Maximum training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--backbone", paramLabel = "NAME", defaultValue = "compact-sed",
            description = "Network: compact-sed (scores every time step, trained on the bulls' start and end),"
                    + " compact-sed-bands (the same, its per-step classifier seeing each frequency band)"
                    + " or compact (default: ${DEFAULT-VALUE}).")
    String backbone;

    @Option(names = "--epoch-windows", paramLabel = "N", defaultValue = "2048",
            description = "Training windows drawn per epoch (default: ${DEFAULT-VALUE}).")
    int epochWindows;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the corpus and the training (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2", description = "Threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        long started = System.nanoTime();
        // everything the synth and train steps would refuse, refused before the corpus is made
        Ranges.positive(spec, "--hours", hours);
        Ranges.between(spec, "--hours", hours, 0, 10_000);
        Ranges.whole(spec, "--sites", sites, 3, 1000);
        Ranges.between(spec, "--recording-minutes", recordingMinutes, 1, 1e6);
        Ranges.between(spec, "--bulls-per-hour", bullsPerHour, 0, 600);
        try {
            io.bullwatch.models.backbone.Backbone.parse(backbone);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--backbone: " + e.getMessage());
        }
        Ranges.whole(spec, "--epochs", epochs, 1, 100_000);
        Ranges.whole(spec, "--epoch-windows", epochWindows, 0, Integer.MAX_VALUE);
        Ranges.whole(spec, "--seed", seed, 0, Long.MAX_VALUE);
        Ranges.whole(spec, "--threads", threads, 1, 1024);
        Files.createDirectories(out);
        Path corpus = out.resolve("corpus");
        Path model = out.resolve("model");
        Path evaluation = out.resolve("evaluation");
        Path detections = out.resolve("detections");
        String t = Integer.toString(threads);

        step(stdout, 1, "synthetic corpus", started);
        if (Files.isRegularFile(corpus.resolve("manifest.csv"))) {
            stdout.println("reusing " + corpus + " (delete it to generate a new one)");
        } else {
            check(run("synth", "--hours", num(hours), "--sites", Integer.toString(sites),
                    "--recording-minutes", num(recordingMinutes), "--bulls-per-hour", num(bullsPerHour),
                    "--seed", Long.toString(seed),
                    "--threads", t, "--out", corpus.toString()), "synth");
        }

        step(stdout, 2, "training the " + backbone + " model", started);
        if (Files.isRegularFile(model.resolve("model.json"))) {
            stdout.println("reusing the model in " + model + " (delete it to train again)");
        } else {
            check(run("train", "--data", corpus.toString(), "--out", model.toString(),
                    // bull train's own recipe (its defaults); these three only when changed here
                    "--backbone", backbone, "--epoch-windows", Integer.toString(epochWindows),
                    "--epochs", Integer.toString(epochs),
                    // all epochs run and the best is kept: one validation site's metric is too
                    // noisy to stop on within a run this short
                    "--patience", Integer.toString(epochs),
                    "--seed", Long.toString(seed), "--threads", t), "train");
        }

        step(stdout, 3, "evaluating on the held-out test site", started);
        check(run("evaluate", "--model", model.toString(), "--data", corpus.toString(),
                "--out", evaluation.toString(), "--split", "test", "--threads", t), "evaluate");

        step(stdout, 4, "detecting on a held-out night", started);
        Path night = heldOutNight(corpus);
        int detect = run("detect", "--model", model.toString(), "--out", detections.toString(),
                "--threads", t, night.toString());
        check(detect, "detect");

        double minutes = (System.nanoTime() - started) / 60e9;
        stdout.println();
        stdout.printf(Locale.ROOT, "bull quickstart: done in %.1f min. Where to look:%n", minutes);
        String name = night.getFileName().toString().replaceFirst("(?i)\\.wav$", "");
        List<String> where = new ArrayList<>();
        where.add("  corpus (WAV + Audacity labels + manifest)  " + corpus);
        where.add("  model bundle (model.json, metrics.csv)      " + model);
        where.add("  evaluation (evaluation.json, pr.png,        " + evaluation);
        where.add("    timeline-*.png per test night)");
        where.add("  Raven table of the detected bulls           " + detections.resolve(name + ".bull.selections.txt"));
        where.add("  Audacity labels                             " + detections.resolve(name + ".bull.labels.txt"));
        where.add("  every window's score                        " + detections.resolve(name + ".bull.windows.csv"));
        where.add("  the night itself, to open with them         " + night);
        where.forEach(stdout::println);
        stdout.println("Next: review the detections in a browser (y bull, n not a bull, space plays):");
        stdout.println("  ./bull review " + detections + " --model " + model);
        stdout.println("then count the bulls with 95 % intervals:  ./bull count " + detections + " --model " + model);
        stdout.println("and run on your own nights:  ./bull detect --model " + model + " --out OUT YOUR_RECORDINGS/"
                + " (see docs/cli.md).");
        stdout.flush();
        return 0;
    }

    private static Path heldOutNight(Path corpus) throws IOException {
        Corpus c = Corpus.load(corpus.resolve("manifest.csv"));
        CorpusRecording chosen = null;
        for (CorpusRecording r : c.recordings()) {
            if (r.entry().split().orElse(null) == Split.TEST
                    && (chosen == null || r.events().size() > chosen.events().size())) {
                chosen = r;
            }
        }
        if (chosen == null) {
            chosen = c.recordings().get(c.recordings().size() - 1);
        }
        return chosen.recording();
    }

    private int run(String... args) {
        CommandLine cl = BullCli.commandLine();
        cl.setOut(spec.commandLine().getOut());
        cl.setErr(spec.commandLine().getErr());
        return cl.execute(args);
    }

    private static void check(int code, String command) {
        if (code != 0) {
            throw new IllegalStateException("the " + command + " step failed (exit code "
                    + code + "); see the messages above");
        }
    }

    private static void step(PrintWriter out, int n, String what, long started) {
        out.println();
        out.printf(Locale.ROOT, "== %d/4 %s (%.1f min) ==%n", n, what, (System.nanoTime() - started) / 60e9);
        out.flush();
    }

    private static String num(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
