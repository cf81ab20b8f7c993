package io.bullwatch.cli;

import io.bullwatch.core.corpus.Corpus;
import io.bullwatch.core.corpus.CorpusRecording;
import io.bullwatch.core.corpus.Split;
import io.bullwatch.core.events.EventRule;
import io.bullwatch.core.events.RecordingDetector;
import io.bullwatch.core.evaluate.DetectionEvaluation;
import io.bullwatch.core.evaluate.EvaluationReport;
import io.bullwatch.core.evaluate.ScoredRecording;
import io.bullwatch.core.io.IoErrors;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bull evaluate}: scores a detector on labelled recordings of a corpus. */
@Command(name = "evaluate",
        description = {"Measures a detector on the labelled recordings of a corpus.",
            "",
            "Runs the detector over the recordings of DIR/manifest.csv and reports, per site and"
                + " overall: window metrics (the seed's average recall, bull recall, precision, AP),"
                + " events found and missed (bulls longer than 2 s missed), minutes to review per hour"
                + " and the listening reduction. Writes REPORT_DIR/evaluation.json, pr.png and"
                + " timeline-NAME.png per recording. See docs/evaluation.md."})
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR|energy:T",
            description = "A model bundle folder, or energy:T for the model-free energy detector.")
    String model;

    @Mixin
    CorpusFiles corpusFiles;

    @Option(names = "--out", paramLabel = "REPORT_DIR",
            description = "Report folder (default: DIR/evaluation-SPLIT).")
    Path out;

    @Option(names = "--split", defaultValue = "test", paramLabel = "test|validation|train|all",
            description = "Recordings to evaluate by the manifest's split column; test falls back to all"
                    + " when the manifest has no test split (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--sites", split = ",", paramLabel = "SITES", hideParamSyntax = true,
            description = "Only these sites, comma-separated (after --split).")
    List<String> sites;

    @Option(names = "--threshold", paramLabel = "T", description = "Decision threshold; overrides the model's.")
    Double threshold;

    @Option(names = "--threads", defaultValue = "2", paramLabel = "N", description = "Inference threads (default: ${DEFAULT-VALUE}).")
    int threads;

    /** Whether {@code --split test} found no test split and took every recording. */
    private boolean testFellBack;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        long started = System.nanoTime();
        Ranges.whole(spec, "--threads", threads, 1, 1024);
        DetectorSpec.checkThreshold(spec, model, threshold);
        Corpus corpus = corpusFiles.load(spec.name(), spec.commandLine().getErr());
        List<CorpusRecording> recordings = select(corpus);
        if (recordings.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no recordings in " + corpusFiles.data
                    + " match --split " + split + (sites == null ? "" : " --sites " + String.join(",", sites)));
        }
        RecordingDetector detector;
        try {
            detector = DetectorSpec.open(model, threshold, EventRule.of(0), threads);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        try {
            stdout.printf(Locale.ROOT, "bull evaluate: %d recordings (%s), %s%n", recordings.size(),
                    String.join(", ", new LinkedHashSet<>(recordings.stream().map(CorpusRecording::site).toList())),
                    DetectorSpec.describe(detector));
            stdout.flush();
            List<ScoredRecording> scored = new ArrayList<>();
            List<Map<String, Object>> failed = new ArrayList<>();
            for (CorpusRecording r : recordings) {
                long t0 = System.nanoTime();
                try {
                    scored.add(ScoredRecording.detect(detector, r, RecordingDetector.Progress.NONE));
                } catch (IOException | IllegalArgumentException e) {
                    // one bad recording costs its own numbers, not the others' (scored for minutes or hours)
                    String reason = e instanceof IOException io ? IoErrors.reason(io) : e.getMessage();
                    spec.commandLine().getErr().printf(Locale.ROOT, "bull evaluate: %s: failed, left out of the"
                            + " report: %s%n", r.recording(), reason);
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("recording", r.name());
                    f.put("reason", reason);
                    failed.add(f);
                    continue;
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                stdout.printf(Locale.ROOT, "  %s: %d windows, %d events, %.1f s (%.0fx real time)%n", r.name(),
                        scored.get(scored.size() - 1).detection().windows().size(),
                        scored.get(scored.size() - 1).detection().events().size(), secs,
                        r.durationSeconds() / Math.max(secs, 1e-9));
                stdout.flush();
            }
            if (scored.isEmpty()) {
                throw new IOException("bull evaluate: every recording failed (" + failed.size() + "); no report"
                        + " written");
            }
            EvaluationReport report = DetectionEvaluation.training().evaluate(scored);
            Path dir = out != null ? out : corpusFiles.data.resolve("evaluation-" + split);
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("model", model);
            run.put("data", corpusFiles.data.toAbsolutePath().toString());
            run.put("split", testFellBack ? "all (the manifest has no test split)" : split);
            run.put("sites", sites == null ? List.of() : sites);
            run.put("detector", detector.parameters());
            run.put("failed", failed);
            EvaluationFiles.write(dir, report, scored, run);
            EvaluationFiles.table(report).forEach(stdout::println);
            stdout.printf(Locale.ROOT, "report: %s (evaluation.json, pr.png, timeline-*.png) in %.0f s%s%n",
                    dir.toAbsolutePath(), (System.nanoTime() - started) / 1e9, failed.isEmpty() ? ""
                            : "; " + failed.size() + " recording(s) failed and are not in it");
            stdout.flush();
            return failed.isEmpty() ? 0 : 1;
        } finally {
            DetectorSpec.close(detector);
        }
    }

    private List<CorpusRecording> select(Corpus corpus) {
        List<CorpusRecording> all = corpus.recordings();
        List<CorpusRecording> chosen = switch (split.toLowerCase(Locale.ROOT)) {
            case "all" -> all;
            case "test" -> {
                List<CorpusRecording> t = ofSplit(all, Split.TEST);
                testFellBack = t.isEmpty();
                if (testFellBack) {
                    spec.commandLine().getErr().println("bull evaluate: the manifest has no test split;"
                            + " evaluating every recording, training ones included");
                }
                yield testFellBack ? all : t;
            }
            case "validation" -> ofSplit(all, Split.VALIDATION);
            case "train" -> ofSplit(all, Split.TRAIN);
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--split: test, validation, train or all, got " + split);
        };
        if (sites == null) {
            return chosen;
        }
        Set<String> wanted = new LinkedHashSet<>(sites);
        Set<String> unknown = new LinkedHashSet<>(wanted);
        all.forEach(r -> unknown.remove(r.site()));
        if (!unknown.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--sites: no site " + String.join(", ",
                    unknown) + " in " + corpusFiles.data.resolve("manifest.csv") + "; its sites: " + String.join(", ",
                    new LinkedHashSet<>(all.stream().map(CorpusRecording::site).toList())));
        }
        return chosen.stream().filter(r -> wanted.contains(r.site())).toList();
    }

    private static List<CorpusRecording> ofSplit(List<CorpusRecording> all, Split s) {
        return all.stream().filter(r -> r.entry().split().orElse(null) == s).toList();
    }
}
