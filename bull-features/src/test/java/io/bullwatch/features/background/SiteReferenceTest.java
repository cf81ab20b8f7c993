package io.bullwatch.features.background;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.events.SiteDistance;
import io.bullwatch.features.pipeline.InputNormalisation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link SiteReference} and {@link BackgroundProfile}: distances worked out by hand. */
class SiteReferenceTest {

    /** A one-band profile whose vector is {@code (mean, logStd)}. */
    private static BackgroundProfile profile(double mean, double logStd) {
        return new BackgroundProfile(new double[] {mean},
                new double[] {Math.exp(logStd) - BackgroundProfile.STD_FLOOR});
    }

    private static SiteReference threeSites() {
        return SiteReference.of(List.of(new SiteReference.Recording("a", "a1.wav", profile(0, 0)),
                new SiteReference.Recording("b", "b1.wav", profile(2, 0)),
                new SiteReference.Recording("c", "c1.wav", profile(4, 2))));
    }

    @Test
    void distancesAndTheTypicalOneByHand() {
        SiteReference r = threeSites();
        // vectors (0, 0), (2, 0), (4, 2); spreads sqrt(8/3) and sqrt(8/9): squared scaled steps of
        // 2 in the mean are 1.5, of 2 in the log deviation 4.5
        assertEquals(Math.sqrt(0.75), r.distance(profile(0, 0), profile(2, 0)), 1e-5);
        assertEquals(Math.sqrt(3), r.distance(profile(2, 0), profile(4, 2)), 1e-5);
        assertEquals(Math.sqrt(5.25), r.distance(profile(0, 0), profile(4, 2)), 1e-5);
        // leave-one-site-out: a and b are sqrt(0.75) from their nearest other site, c sqrt(3)
        assertEquals(Math.sqrt(3), r.typical(), 1e-5);
        SiteDistance between = r.assess(profile(1, 0));
        assertEquals(Math.sqrt(0.1875), between.distance(), 1e-5);
        assertEquals("a", between.nearestSite(), "a tie goes to the first recording");
        assertFalse(between.far());
        SiteDistance beyond = r.assess(profile(8, 6));
        assertEquals(Math.sqrt(12), beyond.distance(), 1e-5);
        assertEquals(2.0, beyond.ratio(), 1e-5);
        assertEquals("c", beyond.nearestSite());
        assertTrue(beyond.far());
    }

    @Test
    void aDimensionThatHardlyVariesIsFlooredAtATenthOfTheMedianSpread() {
        // two bands: the means vary by 2 and 4, the log deviations not at all (spread 0, floored)
        SiteReference r = SiteReference.of(List.of(
                new SiteReference.Recording("a", "a", new BackgroundProfile(new double[] {0, 0},
                        new double[] {1, 1})),
                new SiteReference.Recording("b", "b", new BackgroundProfile(new double[] {2, 4},
                        new double[] {1, 1}))));
        // spreads: 1, 2, 0, 0; median 0.5, floor 0.05
        BackgroundProfile x = new BackgroundProfile(new double[] {0, 0},
                new double[] {Math.exp(Math.log(1 + BackgroundProfile.STD_FLOOR) + 0.05) - BackgroundProfile.STD_FLOOR, 1});
        assertEquals(Math.sqrt(1.0 / 4), r.distance(r.recordings().get(0).profile(), x), 1e-4);
        // a to b: scaled steps of 2 in both means, none in the deviations: sqrt((4 + 4) / 4)
        assertEquals(Math.sqrt(2), r.typical(), 1e-9);
    }

    @Test
    void oneSiteHasNoYardstick() {
        SiteReference r = SiteReference.of(List.of(new SiteReference.Recording("a", "a1", profile(0, 0)),
                new SiteReference.Recording("a", "a2", profile(1, 0))));
        assertTrue(Double.isNaN(r.typical()));
        SiteDistance d = r.assess(profile(50, 0));
        assertFalse(d.far());
        assertTrue(d.distance() > 10);
    }

    @Test
    void jsonRoundTripAndClearErrors() {
        SiteReference r = threeSites();
        Map<String, Object> json = r.toJson();
        assertEquals(SiteReference.DESCRIPTOR, json.get("descriptor"));
        SiteReference back = SiteReference.fromJson(json);
        assertEquals(r.recordings(), back.recordings());
        assertEquals(r.typical(), back.typical(), 0);
        // a bad number names its place
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> recs = new ArrayList<>((List<Map<String, Object>>) json.get("recordings"));
        Map<String, Object> bad = new LinkedHashMap<>(recs.get(1));
        bad.put("mean", List.of("x"));
        recs.set(1, bad);
        Map<String, Object> broken = new LinkedHashMap<>(json);
        broken.put("recordings", recs);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SiteReference.fromJson(broken));
        assertEquals("recordings[1].mean[0]: expected a number, found x", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SiteReference.fromJson(List.of()));
        assertThrows(IllegalArgumentException.class, () -> SiteReference.of(List.of()));
        IllegalArgumentException bands = assertThrows(IllegalArgumentException.class, () -> SiteReference.of(List.of(
                new SiteReference.Recording("a", "a1", profile(0, 0)),
                new SiteReference.Recording("b", "b1", new BackgroundProfile(new double[2], new double[2])))));
        assertTrue(bands.getMessage().startsWith("b1: 2 bands"), bands.getMessage());
    }

    @Test
    void anEmbeddingReferenceKeepsItsDescriptorAndAnOldOneReadsAsBands() {
        SiteReference r = SiteReference.of(SiteReference.EMBEDDING_DESCRIPTOR, threeSites().recordings());
        Map<String, Object> json = r.toJson();
        assertEquals(SiteReference.EMBEDDING_DESCRIPTOR, json.get("descriptor"));
        SiteReference back = SiteReference.fromJson(json);
        assertEquals(SiteReference.EMBEDDING_DESCRIPTOR, back.descriptor());
        assertEquals(r.recordings(), back.recordings());
        // the distances do not depend on what the profiles describe
        assertEquals(threeSites().typical(), back.typical(), 0);
        Map<String, Object> old = new LinkedHashMap<>(json);
        old.remove("descriptor");
        assertEquals(SiteReference.DESCRIPTOR, SiteReference.fromJson(old).descriptor());
        old.put("descriptor", 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SiteReference.fromJson(old));
        assertEquals("descriptor: expected a string, found 3", e.getMessage());
    }

    @Test
    void aProfileOfRowsByHand() {
        // dimension 0 holds 1, 2, 6 (mean 3, population variance (4 + 1 + 9) / 3); dimension 1 holds -1 three times
        BackgroundProfile p = BackgroundProfile.ofRows(List.of(new float[] {1, -1}, new float[] {2, -1},
                new float[] {6, -1}));
        assertEquals(3, p.mean()[0], 1e-12);
        assertEquals(-1, p.mean()[1], 1e-12);
        assertEquals(Math.sqrt(14.0 / 3), p.std()[0], 1e-12);
        assertEquals(0, p.std()[1], 1e-12);
        assertEquals("row 1 has 1 values, row 0 has 2", assertThrows(IllegalArgumentException.class,
                () -> BackgroundProfile.ofRows(List.of(new float[2], new float[1]))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> BackgroundProfile.ofRows(List.of()));
        assertThrows(IllegalArgumentException.class, () -> BackgroundProfile.ofRows(
                List.of(new float[] {Float.NaN})));
    }

    @Test
    void aProfileFromBandStatistics() {
        InputNormalisation.BandAccumulator acc = new InputNormalisation.BandAccumulator(2);
        // two bands of two frames: band 0 holds 1 and 3 (mean 2, deviation 1), band 1 holds 5 and 5
        acc.add(new float[] {1, 3, 5, 5});
        BackgroundProfile p = BackgroundProfile.of(acc.finish());
        assertEquals(2, p.mean()[0], 1e-6);
        assertEquals(5, p.mean()[1], 1e-6);
        assertEquals(1, p.std()[0], 1e-5);
        assertEquals(0, p.std()[1], 1e-5);
        assertEquals(Math.log(BackgroundProfile.STD_FLOOR + p.std()[1]), p.vector()[3], 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new BackgroundProfile(new double[] {Double.NaN},
                new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new BackgroundProfile(new double[] {0},
                new double[] {-1}));
    }
}
