package io.bullwatch.cli;

import io.bullwatch.cli.plot.SeasonPlot;
import io.bullwatch.cli.review.BundleCalibration;
import io.bullwatch.cli.review.ReviewSession;
import io.bullwatch.core.io.AtomicFiles;
import io.bullwatch.core.review.BullCount;
import io.bullwatch.core.review.CountingSample;
import io.bullwatch.core.review.ScoreCalibration;
import io.bullwatch.core.text.Decimals;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bull count OUT}: bulls per night and per site with 95 % intervals. */
@Command(name = "count",
        description = {"Estimates the bulls of each night and site of a reviewed bull detect output folder.",
            "",
            "Writes OUT/counts.csv (" + CountCommand.HEADER + ") and OUT/season.png: per night and per site, the"
                + " detected events, how many were reviewed, the bulls confirmed, and the estimated number of"
                + " bulls with a 95 % interval that accounts for unreviewed detections and for bulls the"
                + " detector missed, from the verdicts in each score band (the review page's counting sample"
                + " gives unbiased ones below the threshold too). Bands without verdicts use the model's"
                + " calibration data (--model) or, failing that, the night's other verdicts or a uniform"
                + " prior; the method column says which. See docs/evaluation.md."})
final class CountCommand implements Callable<Integer> {

    /** The header of {@code counts.csv}. */
    static final String HEADER = "level,site,night,events,reviewed,confirmed,estimate,lower,upper,method";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OUT", description = "A bull detect output folder with verdicts.")
    Path out;

    @Option(names = "--model", paramLabel = "M", description = "The model bundle that made the detections.")
    Path model;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<ScoreCalibration> calibration = model == null ? Optional.empty() : BundleCalibration.read(model);
        ReviewSession session = ReviewSession.open(out, calibration, CountingSample.DEFAULT_BUDGET);
        if (session.nights().isEmpty()) {
            err.println("bull count: " + out + ": no NAME.bull.windows.csv found; expected a bull detect output folder");
            return 1;
        }
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        Map<String, BullCount.Night> counts = new LinkedHashMap<>();
        Map<String, int[]> siteTotals = new LinkedHashMap<>();
        List<SeasonPlot.Point> points = new ArrayList<>();
        int failed = 0;
        for (ReviewSession.Night n : session.nights().values()) {
            if (n.error().isPresent()) {
                failed++;
                err.println("bull count: " + n.files().name() + ": " + n.error().get());
                // in the table too: its site's row counts the other nights only
                csv.append("night,").append(csvCell(n.files().site())).append(',').append(csvCell(n.files().name()))
                        .append(",,,,,,,failed\n");
                continue;
            }
            BullCount.Night c = session.count(n);
            counts.put(n.files().name(), c);
            int[] t = siteTotals.computeIfAbsent(n.files().site(), s -> new int[3]);
            t[0] += c.events();
            t[1] += c.reviewed();
            t[2] += c.confirmed();
            row(csv, "night", n.files().site(), n.files().name(), c.events(), c.reviewed(), c.confirmed(), c.estimate());
            points.add(new SeasonPlot.Point(n.files().site(), n.files().name(), c.estimate().estimate(),
                    c.estimate().lower(), c.estimate().upper(), c.confirmed()));
        }
        session.sites(counts).forEach((site, e) -> {
            int[] t = siteTotals.get(site);
            row(csv, "site", site, "", t[0], t[1], t[2], e);
        });
        Path file = out.resolve("counts.csv");
        AtomicFiles.write(file, csv.toString().getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(out.resolve("season.png"), SeasonPlot.png(points));
        stdout.print(csv);
        stdout.println("wrote " + file + " and " + out.resolve("season.png"));
        stdout.flush();
        return failed == 0 ? 0 : 1;
    }

    private static void row(StringBuilder csv, String level, String site, String night, int events, int reviewed,
            int confirmed, BullCount.Estimate e) {
        csv.append(level).append(',').append(csvCell(site)).append(',').append(csvCell(night)).append(',')
                .append(events).append(',').append(reviewed).append(',').append(confirmed).append(',')
                .append(Decimals.format(e.estimate(), 1)).append(',').append(Decimals.format(e.lower(), 0)).append(',')
                .append(Decimals.format(e.upper(), 0)).append(',').append(e.method()).append('\n');
    }

    private static String csvCell(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
