package io.bullwatch.spark;

import io.bullwatch.core.corpus.Corpus;
import io.bullwatch.core.corpus.CorpusManifest;
import io.bullwatch.core.corpus.RecordingProbe;
import io.bullwatch.features.mel.MelConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The {@code spark-submit} command line of {@link SparkFeatureCache}. */
@Command(name = "io.bullwatch.spark.SparkFeatureCache", mixinStandardHelpOptions = true,
        description = {"Computes a training corpus's mel frames into a feature cache on Apache Spark, one task per"
            + " recording, for bull train --cache DIR and bull crossval --cache DIR.",
            "The corpus and the cache folder are local paths every executor sees at the same place (a shared"
                + " file system). The features options must be bull train's (the same defaults). Exit code 1"
                + " if any recording failed. See docs/scale-out.md."})
final class SparkFeatureCacheCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Corpus folder with manifest.csv.")
    Path data;

    @Option(names = "--cache", required = true, paramLabel = "DIR", description = "Feature cache folder (created).")
    Path cache;

    @Option(names = "--mels", defaultValue = "64", paramLabel = "N", description = "As bull train's (default:"
            + " ${DEFAULT-VALUE}).")
    int mels;

    @Option(names = "--hop", paramLabel = "SAMPLES", description = "As bull train's"
            + " (default: 46.4 ms at the corpus's rate, 1024 samples at 22.05 kHz, 2048 at 44.1 kHz).")
    Integer hop;

    @Option(names = "--n-fft", defaultValue = "4096", paramLabel = "SAMPLES", description = "As bull train's"
            + " (default: ${DEFAULT-VALUE}).")
    int nFft;

    @Option(names = "--f-min", defaultValue = "0", paramLabel = "HZ", description = "As bull train's (default:"
            + " ${DEFAULT-VALUE}).")
    double fMin;

    @Option(names = "--f-max", defaultValue = "0", paramLabel = "HZ", description = "As bull train's (default:"
            + " ${DEFAULT-VALUE}: half the sample rate).")
    double fMax;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        Path manifest = data.resolve("manifest.csv");
        if (!Files.isRegularFile(manifest)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--data " + data + ": no manifest.csv");
        }
        Corpus corpus = Corpus.load(CorpusManifest.read(manifest), RecordingProbe.wav());
        MelConfig mel;
        try {
            // bull train's features, at the corpus's first recording's rate as bull train takes it
            int rate = corpus.recordings().get(0).audio().sampleRate();
            mel = MelConfig.training(rate, mels, nFft, hop != null ? hop : MelConfig.trainingHop(rate, nFft), fMin, fMax);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        SparkFeatureCache job = SparkFeatureCache.builder().setCache(cache).setConfig(mel).addCorpus(corpus).build();
        SparkSession spark = SparkSession.builder().appName("bullwatch-features").getOrCreate();
        try {
            List<SparkFeatureCache.Outcome> outcomes = job.run(spark);
            List<String> failed = new ArrayList<>();
            long computed = 0;
            for (SparkFeatureCache.Outcome o : outcomes) {
                if (o.failed()) {
                    failed.add(o.error());
                    spec.commandLine().getErr().println("failed: " + o.error());
                } else if (o.status().equals("computed")) {
                    computed++;
                }
            }
            stdout.println(String.format(Locale.ROOT, "bullwatch spark features: %d computed, %d cached before,"
                    + " %d failed; cache %s", computed, outcomes.size() - computed - failed.size(), failed.size(),
                    cache.toAbsolutePath()));
            stdout.flush();
            return failed.isEmpty() ? 0 : 1;
        } finally {
            spark.stop();
        }
    }
}
