package io.bullwatch.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.annotation.Annotation;
import io.bullwatch.core.annotation.AnnotationSet;
import io.bullwatch.core.calibrate.ThresholdRule;
import io.bullwatch.core.corpus.CorpusRecording;
import io.bullwatch.core.corpus.CorpusSplits;
import io.bullwatch.core.corpus.Split;
import io.bullwatch.core.window.LabelRule;
import io.bullwatch.core.window.WindowSpec;
import io.bullwatch.features.mel.MelConfig;
import io.bullwatch.features.pipeline.FeaturePipeline;
import io.bullwatch.features.pipeline.InputNormalisation;
import io.bullwatch.features.windows.TestRecordings;
import io.bullwatch.features.windows.WindowSet;
import io.bullwatch.models.backbone.Backbone;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CrossSiteNights}: each training site's nights hold its own background and only the other
 * sites' bulls, the beds never hold an annotated bull, the same inputs give the same bytes, and
 * {@link DetectorTraining} trains on them beside the corpus.
 */
class CrossSiteNightsTest {

    private static final int RATE = 8000;

    /**
     * 240 s of a site's noise (its own tone) with a 2 s burst every 100 s from {@code first} (the
     * beds' segments last 10 to 60 s and must fit between bulls).
     */
    private static CorpusRecording night(Path dir, String site, double first, double tone) throws IOException {
        SplittableRandom r = new SplittableRandom(site.hashCode());
        float[] x = new float[240 * RATE];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.01 * r.nextGaussian() + 0.005 * Math.sin(2 * Math.PI * tone * i / RATE));
        }
        List<Annotation> bulls = new ArrayList<>();
        for (double t = first; t + 2 < 240; t += 100) {
            for (int i = (int) (t * RATE); i < (int) ((t + 2) * RATE); i++) {
                x[i] += (float) (0.3 * Math.sin(2 * Math.PI * 1500 * i / RATE) * (0.5 + 0.5 * r.nextDouble()));
            }
            bulls.add(Annotation.of(t, t + 2));
        }
        Path d = dir.resolve(site);
        Files.createDirectories(d);
        return TestRecordings.write(d.resolve(site + ".wav"), x, RATE, site, AnnotationSet.of(site, bulls));
    }

    private static List<String[]> events(CorpusRecording night) throws IOException {
        Path tsv = night.recording().resolveSibling(night.recording().getFileName().toString()
                .replaceAll("\\.wav$", ".events.tsv"));
        List<String[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(tsv).subList(1, Files.readAllLines(tsv).size())) {
            out.add(line.split("\t"));
        }
        return out;
    }

    @Test
    void eachSiteHearsTheOtherSitesBullsOverItsOwnBackground(@TempDir Path dir) throws IOException {
        List<CorpusRecording> training = List.of(night(dir, "a", 3, 200), night(dir, "b", 11, 300),
                night(dir, "c", 7, 400));
        CrossSiteNights settings = new CrossSiteNights(0.05, 60, 120, 0, 15, 7);
        List<CorpusRecording> nights = settings.compose(training, RATE, dir.resolve("x1"));
        // 180 s per site in 60 s nights
        assertEquals(9, nights.size());
        for (CorpusRecording n : nights) {
            assertEquals(Split.TRAIN, n.entry().split().orElseThrow());
            assertEquals(60, n.durationSeconds(), 1e-9);
            assertFalse(n.events().isEmpty(), n.name() + " holds bulls");
            int bulls = 0;
            for (String[] e : events(n)) {
                String source = e[3];
                if (e[0].equals("background")) {
                    // its own site's recording, and nowhere near an annotated bull of it
                    assertEquals(n.site() + "/" + n.site() + ".wav", source);
                    double from = Double.parseDouble(e[4]);
                    double to = from + Double.parseDouble(e[2]) - Double.parseDouble(e[1]);
                    CorpusRecording src = training.stream().filter(r -> r.site().equals(n.site())).findFirst()
                            .orElseThrow();
                    for (Annotation a : src.events()) {
                        assertTrue(to <= a.start() || from >= a.end(), "bed " + from + ".." + to + " of "
                                + source + " overlaps its bull " + a);
                    }
                } else {
                    assertEquals("bull", e[0]);
                    assertFalse(source.startsWith(n.site() + "/"), n.name() + " mixes its own site's bull " + source);
                    bulls++;
                }
            }
            assertEquals(n.events().size(), bulls);
        }
        // the same inputs and seed give the same bytes
        List<CorpusRecording> again = settings.compose(training, RATE, dir.resolve("x2"));
        for (int i = 0; i < nights.size(); i++) {
            assertArrayEquals(Files.readAllBytes(nights.get(i).recording()), Files.readAllBytes(again.get(i).recording()));
        }
    }

    @Test
    void refusesFewerThanTwoSitesWithBullsAndBadSettings(@TempDir Path dir) throws IOException {
        CrossSiteNights settings = new CrossSiteNights(0.05, 60, 120, 0, 15, 7);
        List<CorpusRecording> one = List.of(night(dir, "a", 3, 200));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings.compose(one, RATE, dir.resolve("x")));
        assertTrue(e.getMessage().contains("at 1 of 1 sites"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CrossSiteNights.of(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new CrossSiteNights(1, 1800, 60, 15, 0, 1));
    }

    @Test
    void trainingLoadsTheNightsBesideTheCorpusAndRecordsThem(@TempDir Path dir) throws IOException {
        MelConfig mel = MelConfig.builder().optSampleRate(RATE).optNFft(512).optHop(512).optNMels(16)
                .optFMax(4000).build();
        FeaturePipeline pipeline = FeaturePipeline.of(mel, WindowSpec.SEED, InputNormalisation.LOG_PER_RECORDING);
        CorpusSplits splits = new CorpusSplits(Map.of(
                Split.TRAIN, List.of(night(dir, "a", 3, 200), night(dir, "b", 11, 300)),
                Split.VALIDATION, List.of(night(dir, "val", 6, 250)),
                Split.TEST, List.of()));
        TrainerConfig config = TrainerConfig.builder().optMicroBatch(8).optAccumulation(1).optEpochs(1).optSeed(3)
                .optWindowsPerEpoch(16).build();
        DetectorTraining.Builder builder = DetectorTraining.builder(pipeline)
                .optBackbone(Backbone.COMPACT, Backbone.COMPACT.defaultOptions().withWidth(0.25))
                .optTrainHopSeconds(5).optThresholdRule(ThresholdRule.averageRecall()).optConfig(config).optThreads(1);
        int[] plain = new int[1];
        int[] crossed = new int[1];
        List<String> told = new ArrayList<>();
        try (TrainedDetector t = builder.build().train(splits, TrainingFiles.NONE, new TrainingListener() {
            @Override
            public void onWindows(WindowSet train, WindowSet validation, WindowSet test, double seconds) {
                plain[0] = train.size();
            }
        })) {
            assertFalse(t.bundle().training().containsKey("crossSiteNights"));
        }
        // without a checkpoint folder the nights go to a temporary folder, deleted afterwards
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> before = temporaryNights(tmp);
        try (TrainedDetector t = builder.optCrossSiteNights(new CrossSiteNights(0.05, 90, 60, 0, 15, 3)).build()
                .train(splits, TrainingFiles.NONE, TrainingListener.NONE)) {
            assertTrue(t.bundle().training().containsKey("crossSiteNights"));
        }
        assertEquals(before, temporaryNights(tmp));
        Path model = dir.resolve("model");
        try (TrainedDetector t = builder.optCrossSiteNights(new CrossSiteNights(0.05, 90, 60, 0, 15, 3)).build()
                .train(splits, TrainingFiles.in(model), new TrainingListener() {
                    @Override
                    public void onCrossSiteNights(int nights, double hours, Path where) {
                        told.add(nights + " " + hours + " " + where.getFileName());
                    }

                    @Override
                    public void onWindows(WindowSet train, WindowSet validation, WindowSet test, double seconds) {
                        crossed[0] = train.size();
                    }
                })) {
            assertEquals(List.of("4 0.1 cross-site-nights"), told);
            // two nights of 90 s per site, their windows beside the corpus's (composed again here:
            // training deleted its nights' audio)
            List<CorpusRecording> again = new CrossSiteNights(0.05, 90, 60, 0, 15, 3)
                    .compose(splits.recordings(Split.TRAIN), RATE, dir.resolve("again"));
            try (WindowSet composed = WindowSet.load(again, pipeline,
                    LabelRule.minOverlapSeconds(1).withAmbiguousOverlapAbove(0), 1)) {
                assertTrue(composed.size() >= 4 * 10, "windows of 4 nights: " + composed.size());
                assertEquals(plain[0] + composed.size(), crossed[0]);
            }
            assertEquals(new CrossSiteNights(0.05, 90, 60, 0, 15, 3).describe(),
                    t.bundle().training().get("crossSiteNights"));
            assertEquals(List.of("a", "b"), t.bundle().training().get("trainSites"));
        }
        // what was composed stays on record, its audio does not
        assertTrue(Files.isRegularFile(model.resolve("cross-site-nights/manifest.csv")));
        assertTrue(Files.isRegularFile(model.resolve("cross-site-nights/a/cross-night01.events.tsv")));
        assertFalse(Files.exists(model.resolve("cross-site-nights/a/cross-night01.wav")));
    }

    private static List<Path> temporaryNights(Path tmp) throws IOException {
        try (var files = Files.list(tmp)) {
            return files.filter(p -> p.getFileName().toString().startsWith("bull-cross-site-nights")).sorted()
                    .toList();
        }
    }
}
