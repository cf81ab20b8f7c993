package io.bullwatch.cli;

import io.bullwatch.cli.plot.PrecisionRecallPlot;
import io.bullwatch.cli.plot.TimelinePlot;
import io.bullwatch.core.evaluate.EvaluationReport;
import io.bullwatch.core.evaluate.GroupEvaluation;
import io.bullwatch.core.evaluate.ScoredRecording;
import io.bullwatch.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The files and the table of an evaluation report: {@code evaluation.json}, {@code pr.png} and one
 * {@code timeline-NAME.png} per recording, for {@code bull evaluate}.
 */
final class EvaluationFiles {

    private EvaluationFiles() {
    }

    /**
     * Writes the report folder.
     *
     * @param dir the folder (created)
     * @param report the evaluation
     * @param recordings the evaluated recordings, for the timelines
     * @param run extra fields for the JSON's {@code run} object (detector parameters, data, split)
     * @return the files written, in order
     * @throws IOException if a file cannot be written
     */
    static List<Path> write(Path dir, EvaluationReport report, List<ScoredRecording> recordings,
            Map<String, Object> run) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("run", run);
        json.putAll(report.toMap());
        Path jsonFile = dir.resolve("evaluation.json");
        AtomicFiles.write(jsonFile, (CliJson.compact(json) + "\n").getBytes(StandardCharsets.UTF_8));
        written.add(jsonFile);
        Path pr = dir.resolve("pr.png");
        PrecisionRecallPlot.write(pr, "Precision-recall by window, " + report.recordings().size()
                + " recordings", PrecisionRecallPlot.curves(report));
        written.add(pr);
        Set<String> used = new HashSet<>();
        for (ScoredRecording r : recordings) {
            String base = "timeline-" + fileName(r.name());
            String name = base;
            for (int k = 2; !used.add(name); k++) {
                name = base + "-" + k;
            }
            Path file = dir.resolve(name + ".png");
            TimelinePlot.write(file, r.detection(), r.truth());
            written.add(file);
        }
        // the report replaces an earlier one in this folder as a whole: a timeline of a recording
        // it does not hold (an evaluation of other sites, say) would read as part of it
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String n = f.getFileName().toString();
                if (n.startsWith("timeline-") && n.endsWith(".png") && !written.contains(f)) {
                    Files.delete(f);
                }
            }
        }
        return written;
    }

    /** A recording name as a file name: no extension, characters other than letters, digits, {@code . _ -} as {@code _}. */
    static String fileName(String recording) {
        String s = recording.replaceFirst("(?i)\\.(wav|wave|rf64)$", "");
        s = s.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() ? "recording" : s;
    }

    /**
     * The summary table: one row per site, then overall.
     *
     * @param report the evaluation
     * @return lines, the first a header
     */
    static List<String> table(EvaluationReport report) {
        List<String> lines = new ArrayList<>();
        String format = "%-16s %5s %8s %8s %9s %8s %8s %9s %9s";
        lines.add(String.format(Locale.ROOT, format, "site", "recs", "avg rec", "bull rec", "precision",
                "event rec", "missed>2s", "min/hour", "reduction"));
        List<GroupEvaluation> rows = new ArrayList<>(report.sites());
        rows.add(report.overall());
        for (GroupEvaluation g : rows) {
            lines.add(String.format(Locale.ROOT, format, g.name(), g.recordings().size(),
                    n(g.windows().averageRecall(), 3), n(g.windows().bullRecall(), 3), n(g.windows().precision(), 3),
                    n(g.events().eventRecall(), 3), String.valueOf(g.events().missedLong().size()),
                    n(g.listening().minutesPerHour(), 1), n(g.listening().reductionFactor(), 1) + "x"));
        }
        return lines;
    }

    private static String n(double v, int decimals) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
