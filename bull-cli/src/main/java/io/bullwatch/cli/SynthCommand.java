package io.bullwatch.cli;

import io.bullwatch.core.corpus.Corpus;
import io.bullwatch.core.corpus.Split;
import io.bullwatch.core.events.EnergyScores;
import io.bullwatch.core.synth.EnergyBaseline;
import io.bullwatch.core.synth.SynthConfig;
import io.bullwatch.core.synth.SynthRecording;
import io.bullwatch.core.synth.SyntheticCorpus;
import io.bullwatch.core.window.LabelRule;
import io.bullwatch.core.window.WindowSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bull synth}: writes a labelled synthetic corpus of river nights. */
@Command(name = "synth",
        description = {"Writes a labelled synthetic corpus of river nights.",
            "",
            "The nights hold shad bulls, site-specific backgrounds and distractors that are not bulls."
                + " Per recording it writes a WAV file (mono, 16-bit), its Audacity labels (NAME.txt)"
                + " and every event (NAME.events.tsv); for the corpus, manifest.csv with the columns"
                + " recording, site, split, seconds and bulls.",
            "",
            "Splits by site: the last site is test, the one before it validation, the others train."
                + " The same options and seed give the same bytes. See docs/synthetic-data.md."})
final class SynthCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Corpus folder (created if missing).")
    Path out;

    @Option(names = "--hours", paramLabel = "HOURS", defaultValue = "2", description = "Total hours of audio (default: ${DEFAULT-VALUE}).")
    double hours;

    @Option(names = "--sites", paramLabel = "N", defaultValue = "3", description = "Number of sites (default: ${DEFAULT-VALUE}).")
    int sites;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--recording-minutes", paramLabel = "MINUTES", defaultValue = "60",
            description = "Longest recording in minutes; the hours are split into recordings of equal length,"
                    + " at least one per site (default: ${DEFAULT-VALUE}).")
    double recordingMinutes;

    @Option(names = "--sample-rate", paramLabel = "HZ", defaultValue = "44100", description = "Sample rate in Hz (default: ${DEFAULT-VALUE}).")
    int sampleRate;

    @Option(names = "--bulls-per-hour", paramLabel = "N", defaultValue = "8", description = "Mean bulls per hour (default: ${DEFAULT-VALUE}).")
    double bullsPerHour;

    @Option(names = "--bull-snr", defaultValue = "-5:15", paramLabel = "MIN:MAX",
            description = "Bull SNR range in dB against the local background (default: ${DEFAULT-VALUE}).")
    String bullSnr;

    @Option(names = "--distractors-per-hour", paramLabel = "N", defaultValue = "100",
            description = "Mean distractor events per hour, all kinds (default: ${DEFAULT-VALUE}).")
    double distractorsPerHour;

    @Option(names = "--distractor-snr", defaultValue = "-5:20", paramLabel = "MIN:MAX",
            description = "Distractor SNR range in dB (default: ${DEFAULT-VALUE}).")
    String distractorSnr;

    @Option(names = "--threads", paramLabel = "N", description = "Recordings rendered at once (default: the number of cores).")
    Integer threads;

    @Option(names = "--baseline",
            description = "Then run the energy baseline: threshold tuned on the first site, scored on the test site.")
    boolean baseline;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Ranges.positive(spec, "--hours", hours);
        Ranges.between(spec, "--hours", hours, 0, 10_000);
        Ranges.whole(spec, "--sites", sites, 1, 1000);
        Ranges.whole(spec, "--seed", seed, 0, Long.MAX_VALUE);
        Ranges.between(spec, "--recording-minutes", recordingMinutes, 1, 1e6);
        Ranges.whole(spec, "--sample-rate", sampleRate, 8000, 192_000);
        Ranges.between(spec, "--bulls-per-hour", bullsPerHour, 0, 600);
        Ranges.between(spec, "--distractors-per-hour", distractorsPerHour, 0, 3600);
        if (Files.exists(out.resolve("manifest.csv"))) {
            // it may be a corpus the user annotated or composed: never replaced
            throw new ParameterException(spec.commandLine(), "--out " + out + " already holds a corpus (manifest.csv);"
                    + " give another folder, or delete it to synthesise again");
        }
        if (threads != null) {
            Ranges.whole(spec, "--threads", threads, 1, 1024);
        }
        SynthConfig config;
        try {
            double[] b = range(bullSnr, "--bull-snr");
            double[] d = range(distractorSnr, "--distractor-snr");
            config = SynthConfig.builder().optSeed(seed).optSites(sites).optHours(hours)
                    .optMaxRecordingSeconds(recordingMinutes * 60).optSampleRate(sampleRate)
                    .optBullsPerHour(bullsPerHour).optBullSnrDb(b[0], b[1])
                    .optDistractorsPerHour(distractorsPerHour).optDistractorSnrDb(d[0], d[1]).build();
        } catch (IllegalArgumentException e) {
            err.println("bull synth: " + e.getMessage());
            return 2;
        }
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) {
            err.println("bull synth: --threads must be >= 1, got " + n);
            return 2;
        }
        try {
            long t0 = System.nanoTime();
            List<SynthRecording> written = SyntheticCorpus.write(config, out, n);
            double secs = (System.nanoTime() - t0) / 1e9;
            double audio = written.stream().mapToDouble(SynthRecording::seconds).sum();
            int bulls = written.stream().mapToInt(SynthRecording::bulls).sum();
            for (SynthRecording r : written) {
                o.println(String.format(Locale.ROOT, "%s\t%s\t%s\t%.1f s\t%d bulls\t%d events", r.recording(), r.site(),
                        r.split().label(), r.seconds(), r.bulls(), r.events()));
            }
            o.println(String.format(Locale.ROOT,
                    "wrote %d recordings (%.2f h, %d bulls) to %s in %.1f s: %.0fx real time on %d thread(s)",
                    written.size(), audio / 3600, bulls, out, secs, audio / secs, n));
            o.flush();
            if (baseline) {
                runBaseline(o, written);
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("bull synth: " + CliErrors.describe(e));
            return 1;
        }
    }

    private void runBaseline(PrintWriter o, List<SynthRecording> written) throws IOException {
        Corpus corpus = Corpus.load(out.resolve("manifest.csv"));
        o.println(String.format(Locale.ROOT, "corpus loaded: %d recordings, %d warnings%s", corpus.recordings().size(),
                corpus.warnings().size(), corpus.warnings().isEmpty() ? "" : ": " + corpus.warnings()));
        corpus.explicitSplits().statistics(WindowSpec.SEED, LabelRule.anyOverlap()).forEach(s ->
                o.println("  " + s));
        String tune = written.get(0).site();
        String test = written.stream().filter(r -> r.split() == Split.TEST).map(SynthRecording::site)
                .findFirst().orElse(written.get(written.size() - 1).site());
        if (tune.equals(test)) {
            o.println("baseline: needs two sites");
            return;
        }
        for (EnergyScores.Score score : EnergyScores.Score.values()) {
            EnergyBaseline.Result r = EnergyBaseline.evaluate(corpus, tune, test, score);
            o.println(String.format(Locale.ROOT,
                    "baseline %s: threshold %.2f dB tuned on %s (average recall %.3f); on %s: average recall %.3f"
                            + " (bull recall %.3f, no-bull recall %.3f, flagged %.1f %%), best threshold there %.3f;"
                            + " bull windows %.1f %%",
                    score, r.threshold(), tune, r.tune().averageRecall(), test, r.test().averageRecall(),
                    r.test().bullRecall(), r.test().noBullRecall(), 100 * r.test().flaggedFraction(),
                    r.testOracleAverageRecall(), 100 * r.testPositiveShare()));
        }
    }

    private static double[] range(String text, String option) {
        int colon = text.indexOf(':', 1);
        if (colon < 0) {
            throw new IllegalArgumentException(option + ": expected MIN:MAX in dB, found '" + text + "'");
        }
        try {
            double lo = Double.parseDouble(text.substring(0, colon).trim());
            double hi = Double.parseDouble(text.substring(colon + 1).trim());
            return new double[] {lo, hi};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": expected MIN:MAX in dB, found '" + text + "'");
        }
    }
}
