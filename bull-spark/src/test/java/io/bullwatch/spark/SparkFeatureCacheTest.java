package io.bullwatch.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.features.cache.FeatureCache;
import io.bullwatch.features.mel.MelConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@link SparkFeatureCache}: the entries a Spark job writes are the ones a local {@link
 * FeatureCache} writes (same names, same bytes), a bad recording fails alone, a rerun computes
 * nothing; and its command line caches a corpus with {@code bull train}'s default features.
 */
class SparkFeatureCacheTest {
    private static final int RATE = 8000;
    private static final MelConfig MEL = MelConfig.builder().optSampleRate(RATE).optNFft(1024)
            .optHop(512).optNMels(32).optFMax(4000).build();

    @TempDir
    Path dir;

    private static SparkSession session(int threads) {
        return SparkSession.builder().master("local[" + threads + "]").appName("bullwatch-test")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
    }

    @Test
    void entriesAreALocalCachesAndABadRecordingFailsAlone() throws IOException {
        Path a = dir.resolve("rec/a.wav");
        Path b = dir.resolve("rec/sub/b.wav");
        Path bad = dir.resolve("rec/bad.wav");
        Random rnd = new Random(11);
        SparkDetectTest.wav(a, 40, rnd);
        SparkDetectTest.wav(b, 25, rnd);
        Files.writeString(bad, "RIFF and no more", StandardCharsets.US_ASCII);
        Path cache = dir.resolve("cache");
        SparkFeatureCache job = SparkFeatureCache.builder().setCache(cache).setConfig(MEL).addRecording(a)
                .addRecording(b).addRecording(bad).addRecording(a).build();
        SparkSession spark = session(2);
        List<SparkFeatureCache.Outcome> first;
        List<SparkFeatureCache.Outcome> again;
        try {
            first = job.run(spark);
            again = job.run(spark);
        } finally {
            spark.stop();
        }
        assertEquals(3, first.size(), "a recording given twice is cached once");
        assertEquals(List.of("computed", "computed", "failed"), first.stream().map(SparkFeatureCache.Outcome::status)
                .toList());
        assertTrue(first.get(2).error().contains("bad.wav"), first.get(2).error());
        assertEquals(List.of("cached", "cached", "failed"), again.stream().map(SparkFeatureCache.Outcome::status)
                .toList(), "a rerun computes nothing");
        assertEquals(first.get(0).frames(), again.get(0).frames());

        // a local cache of the same recordings: the same files, byte for byte
        FeatureCache local = FeatureCache.builder().setDirectory(dir.resolve("local")).setConfig(MEL).build();
        for (Path r : List.of(a, b)) {
            Path mine = local.fileFor(r);
            long frames = local.open(r).frames();
            assertEquals(frames, first.get(r == a ? 0 : 1).frames());
            Path theirs = cache.resolve(mine.getFileName());
            assertTrue(Files.isRegularFile(theirs), theirs + " written by the job");
            assertArrayEquals(Files.readAllBytes(mine), Files.readAllBytes(theirs), r.toString());
        }
        try (Stream<Path> files = Files.list(cache)) {
            assertEquals(2, files.count(), "no temporary file left");
        }
    }

    @Test
    void commandLineCachesACorpusWithBullTrainsFeatures() throws IOException {
        Path corpus = dir.resolve("corpus");
        Random rnd = new Random(12);
        SparkDetectTest.wav(corpus.resolve("s1/n1.wav"), 30, rnd);
        SparkDetectTest.wav(corpus.resolve("s2/n1.wav"), 20, rnd);
        Files.writeString(corpus.resolve("manifest.csv"), "recording,site,split,seconds,bulls\n"
                + "s1/n1.wav,s1,train,30.000000,0\ns2/n1.wav,s2,validation,20.000000,0\n", StandardCharsets.UTF_8);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new SparkFeatureCacheCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        assertEquals(2, cl.execute("--data", dir.resolve("none").toString(), "--cache", dir.resolve("c").toString()));
        assertTrue(err.toString().contains("no manifest.csv"), err.toString());
        Map<String, String> conf = Map.of("spark.master", "local[1]", "spark.ui.enabled", "false",
                "spark.driver.host", "127.0.0.1", "spark.driver.bindAddress", "127.0.0.1");
        conf.forEach(System::setProperty);
        try {
            assertEquals(0, cl.execute("--data", corpus.toString(), "--cache", dir.resolve("c").toString()),
                    err::toString);
        } finally {
            conf.keySet().forEach(System::clearProperty);
        }
        assertTrue(out.toString().contains("2 computed, 0 cached before, 0 failed"), out.toString());
        // bull train's features with its defaults (64 mels, n-fft 4096, a hop of 46.4 ms) find both entries
        MelConfig train = MelConfig.seed().toBuilder().optSampleRate(RATE).optNMels(64).optNFft(4096)
                .optWinLength(4096).optHop(MelConfig.trainingHop(RATE, 4096)).build();
        FeatureCache c = FeatureCache.builder().setDirectory(dir.resolve("c")).setConfig(train).build();
        assertTrue(c.isCached(corpus.resolve("s1/n1.wav")));
        assertTrue(c.isCached(corpus.resolve("s2/n1.wav")));
    }
}
