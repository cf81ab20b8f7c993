package io.bullwatch.core.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.annotation.Annotation;
import io.bullwatch.core.corpus.Corpus;
import io.bullwatch.core.corpus.CorpusRecording;
import io.bullwatch.core.corpus.Split;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthCorpusTest {

    /** Two sites, two recordings of 2 minutes, many bulls so that short nights hold some. */
    private static SynthConfig small(long seed) {
        return SynthConfig.builder().optSeed(seed).optSites(2).optHours(4 / 60.0).optMaxRecordingSeconds(120)
                .optBullsPerHour(200).optDistractorsPerHour(300).build();
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void sameSeedGivesSameBytesWhateverTheThreads(@TempDir Path tmp) throws IOException {
        SyntheticCorpus.write(small(5), tmp.resolve("a"), 1);
        SyntheticCorpus.write(small(5), tmp.resolve("b"), 2);
        List<Path> a = files(tmp.resolve("a"));
        List<Path> b = files(tmp.resolve("b"));
        assertEquals(7, a.size()); // manifest + 2 x (wav, txt, events.tsv)
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(tmp.resolve("a").relativize(a.get(i)), tmp.resolve("b").relativize(b.get(i)));
            assertArrayEquals(Files.readAllBytes(a.get(i)), Files.readAllBytes(b.get(i)), a.get(i).toString());
        }
    }

    @Test
    void differentSeedsGiveDifferentNights() {
        NightPlan p1 = NightPlan.of(small(1), 0);
        NightPlan p2 = NightPlan.of(small(2), 0);
        assertFalse(p1.events().equals(p2.events()));
        assertFalse(p1.site().equals(p2.site()));
        float[] a = new float[44_100];
        float[] b = new float[44_100];
        NightRenderer.of(p1).next(a, null, 0, a.length);
        NightRenderer.of(p2).next(b, null, 0, b.length);
        assertFalse(Arrays.equals(a, b));
    }

    @Test
    void renderingDoesNotDependOnBlockSize() {
        NightPlan plan = NightPlan.of(small(3), 1);
        int n = (int) Math.min(plan.frames(), 30 * 44_100);
        float[] whole = new float[n];
        NightRenderer.of(plan).next(whole, null, 0, n);
        float[] pieces = new float[n];
        NightRenderer r = NightRenderer.of(plan);
        int at = 0;
        int[] sizes = {1, 7, 4096, 333, 100_000};
        for (int k = 0; at < n; k++) {
            at += r.next(pieces, null, at, Math.min(sizes[k % sizes.length], n - at));
        }
        assertArrayEquals(whole, pieces);
    }

    @Test
    void labelledStretchesCarryTheBullEnergyAtThePlannedSnr() {
        NightPlan plan = NightPlan.of(small(11), 0);
        List<Annotation> bulls = plan.bullLabels();
        assertTrue(bulls.size() >= 3, "expected some bulls in the test night, got " + bulls.size());
        int n = (int) plan.frames();
        float[] mix = new float[n];
        float[] bull = new float[n];
        NightRenderer.of(plan).next(mix, bull, 0, n);
        double rate = plan.sampleRate();
        boolean[] inLabel = new boolean[n];
        for (Annotation a : bulls) {
            for (int i = (int) Math.round(a.start() * rate); i < Math.min(n, Math.round(a.end() * rate)); i++) {
                inLabel[i] = true;
            }
        }
        double inside = 0;
        double outside = 0;
        for (int i = 0; i < n; i++) {
            double e = (double) bull[i] * bull[i];
            if (inLabel[i]) {
                inside += e;
            } else {
                outside += e;
            }
        }
        // the bull track is silent outside the labels but for the microphone filters' ringing
        assertTrue(outside < 0.01 * inside, "bull energy outside labels: " + outside / inside);
        // inside each label the added energy is at the planned SNR against the rest of the mix
        List<Double> errors = new ArrayList<>();
        for (SynthEvent e : plan.events()) {
            if (!e.kind().isBull()) {
                continue;
            }
            int from = (int) Math.round(e.start() * rate);
            int to = (int) Math.min(n, Math.round(e.end() * rate));
            double eb = 0;
            double er = 0;
            for (int i = from; i < to; i++) {
                eb += (double) bull[i] * bull[i];
                double rest = mix[i] - bull[i];
                er += rest * rest;
            }
            assertTrue(eb > 0, "no bull energy in " + e);
            errors.add(10 * Math.log10(eb / er) - e.snrDb());
        }
        errors.sort(Double::compare);
        double median = errors.get(errors.size() / 2);
        // the colouring and the distractors that overlap some bulls move the measured SNR a little
        assertTrue(Math.abs(median) < 4, "measured minus planned SNR, median " + median + " dB: " + errors);
    }

    @Test
    void bullDurationsFollowTheSeed() {
        SynthConfig c = SynthConfig.builder().optBullsPerHour(300).optHours(10).optSites(1).build();
        List<Double> d = new ArrayList<>();
        for (NightPlan p : List.of(NightPlan.of(c, 0), NightPlan.of(c, 1), NightPlan.of(c, 2))) {
            for (Annotation a : p.bullLabels()) {
                d.add(a.duration());
            }
        }
        double mean = d.stream().mapToDouble(x -> x).average().orElseThrow();
        double sd = Math.sqrt(d.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / (d.size() - 1));
        assertTrue(d.size() > 500, "bulls: " + d.size());
        assertTrue(d.stream().allMatch(x -> x >= 1 - 1e-9 && x <= 10 + 1e-9));
        // normal(4.5, 2.2) clipped to [1, 10] has mean ~4.56 and sd ~2.08
        assertEquals(4.56, mean, 0.2);
        assertEquals(2.08, sd, 0.2);
    }

    @Test
    void corpusLoadsWithoutWarningsAndSplitsBySite(@TempDir Path tmp) throws IOException {
        SynthConfig c = SynthConfig.builder().optSites(3).optHours(6 / 60.0).optMaxRecordingSeconds(60)
                .optBullsPerHour(120).build();
        List<SynthRecording> written = SyntheticCorpus.write(c, tmp, 2);
        assertEquals(6, written.size());
        Corpus corpus = Corpus.load(tmp.resolve("manifest.csv"));
        assertEquals(List.of(), corpus.warnings());
        assertEquals(6, corpus.recordings().size());
        for (int i = 0; i < written.size(); i++) {
            CorpusRecording r = corpus.recordings().get(i);
            assertEquals(written.get(i).bulls(), r.events().size());
            assertEquals(60.0, r.durationSeconds(), 1e-6);
            assertEquals(44_100, r.audio().sampleRate());
            assertEquals(16, r.audio().bitsPerSample());
        }
        assertEquals(List.of(Split.TRAIN, Split.VALIDATION, Split.TEST, Split.TRAIN, Split.VALIDATION, Split.TEST),
                written.stream().map(SynthRecording::split).toList());
        assertEquals(3, corpus.explicitSplits().statistics(io.bullwatch.core.window.WindowSpec.SEED,
                io.bullwatch.core.window.LabelRule.anyOverlap()).size());
        assertTrue(Files.readString(tmp.resolve("manifest.csv")).startsWith("recording,site,split,seconds,bulls\n"));
    }

    @Test
    void configValidatesAndCountsRecordings() {
        assertEquals(3, SynthConfig.defaults().recordings());
        assertEquals(2400L * 44_100, SynthConfig.defaults().recordingFrames());
        assertEquals(6, SynthConfig.builder().optHours(5).optSites(3).build().recordings());
        assertThrows(IllegalArgumentException.class, () -> SynthConfig.builder().optSites(0).build());
        assertThrows(IllegalArgumentException.class, () -> SynthConfig.builder().optBullSnrDb(5, -5).build());
        assertThrows(IllegalArgumentException.class, () -> SynthConfig.builder().optHours(0).build());
    }
}
