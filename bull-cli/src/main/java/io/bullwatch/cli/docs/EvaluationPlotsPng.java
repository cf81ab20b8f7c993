package io.bullwatch.cli.docs;

import io.bullwatch.core.annotation.Annotation;
import io.bullwatch.core.events.EventRule;
import io.bullwatch.core.events.RecordingDetection;
import io.bullwatch.core.events.WindowScore;
import io.bullwatch.core.evaluate.DetectionEvaluation;
import io.bullwatch.core.evaluate.EvaluationReport;
import io.bullwatch.core.evaluate.ScoredRecording;
import io.bullwatch.cli.plot.PrecisionRecallPlot;
import io.bullwatch.cli.plot.TimelinePlot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Renders the example plots of {@code docs/evaluation.md} from made-up window scores (no model):
 * two sites, two 2 h nights each, 15 s windows every 5 s, bulls of 2-8 s; bull windows score high
 * with noise, one bull in six is faint, and the second site's background is noisier. Fixed seed.
 *
 * <p>Run: {@code java -cp bull-cli/target/bull.jar io.bullwatch.cli.docs.EvaluationPlotsPng docs/img}
 */
public final class EvaluationPlotsPng {

    private EvaluationPlotsPng() {
    }

    /**
     * Writes {@code evaluation-pr.png} and {@code evaluation-timeline.png}.
     *
     * @param args the output folder (default {@code docs/img})
     * @throws IOException if a picture cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "docs/img");
        Files.createDirectories(dir);
        Random random = new Random(7);
        List<ScoredRecording> recordings = new ArrayList<>();
        String[] sites = {"Ceze", "Loire"};
        for (int s = 0; s < sites.length; s++) {
            for (int night = 1; night <= 2; night++) {
                recordings.add(night(sites[s] + "-night" + night + ".wav", sites[s], 0.08 + 0.08 * s, random));
            }
        }
        EvaluationReport report = DetectionEvaluation.training().evaluate(recordings);
        PrecisionRecallPlot.write(dir.resolve("evaluation-pr.png"),
                "Precision-recall by window (made-up scores)", PrecisionRecallPlot.curves(report));
        TimelinePlot.write(dir.resolve("evaluation-timeline.png"), recordings.get(0).detection(),
                recordings.get(0).truth());
    }

    private static ScoredRecording night(String name, String site, double noise, Random random) {
        double seconds = 7200;
        List<Annotation> bulls = new ArrayList<>();
        List<Double> strength = new ArrayList<>();
        for (double t = 60 + 400 * random.nextDouble(); t < seconds - 30; t += 120 + 500 * random.nextDouble()) {
            bulls.add(Annotation.of(t, t + 2 + 6 * random.nextDouble()));
            strength.add(random.nextInt(6) == 0 ? 0.25 : 0.75);
        }
        List<WindowScore> windows = new ArrayList<>();
        for (double start = 0; start + 15 <= seconds; start += 5) {
            double level = 0.05 + noise * Math.abs(random.nextGaussian());
            for (int b = 0; b < bulls.size(); b++) {
                double overlap = Math.min(bulls.get(b).end(), start + 15) - Math.max(bulls.get(b).start(), start);
                if (overlap > 0) {
                    level = Math.max(level, strength.get(b) * Math.min(1, overlap / 2) + 0.1 * random.nextGaussian());
                }
            }
            windows.add(new WindowScore(start, start + 15, (float) Math.max(0, Math.min(1, level))));
        }
        return new ScoredRecording(site, RecordingDetection.of(name, seconds, windows, EventRule.of(0.4)), bulls);
    }
}
