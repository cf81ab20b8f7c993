package io.bullwatch.features.mel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.features.mel.MelConfig.FilterNorm;
import io.bullwatch.features.mel.MelConfig.MelScale;
import java.io.IOException;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class MelFilterBankTest {

    @Test
    void slaneyLinearRegionHasHandComputedEdgesAndWeights() {
        // Slaney mels are hz / (200/3) below 1 kHz: 0..1000 Hz is 0..15 mel, so 3 bands have
        // edges at 0, 3.75, 7.5, 11.25, 15 mel = 0, 250, 500, 750, 1000 Hz. With sampleRate 2000
        // and 9 bins (nFft 16) the bins sit every 125 Hz.
        MelFilterBank fb = MelFilterBank.create(9, 0, 1000, 3, 2000, FilterNorm.NONE, MelScale.SLANEY);
        assertArrayEquals(new double[] {0, 250, 500, 750, 1000}, fb.edgesHz(), 1e-9);
        float[][] expected = {
            {0, 0.5f, 1, 0.5f, 0, 0, 0, 0, 0},
            {0, 0, 0, 0.5f, 1, 0.5f, 0, 0, 0},
            {0, 0, 0, 0, 0, 0.5f, 1, 0.5f, 0},
        };
        for (int m = 0; m < 3; m++) {
            for (int k = 0; k < 9; k++) {
                assertEquals(expected[m][k], fb.weight(m, k), 1e-7, "mel " + m + " bin " + k);
            }
        }
        // Slaney norm: each triangle times 2 / (f[m+2] - f[m]) = 2 / 500 Hz.
        MelFilterBank norm = MelFilterBank.create(9, 0, 1000, 3, 2000, FilterNorm.SLANEY,
                MelScale.SLANEY);
        assertEquals(0.004f, norm.weight(1, 4), 1e-9);
        assertEquals(0.002f, norm.weight(1, 3), 1e-9);
    }

    @Test
    void slaneyLogRegionStepsBy6point4Over27() {
        // Above 1 kHz, 27 Slaney mels span a factor 6.4: 1000 Hz is 15 mel and 6400 Hz is 42 mel,
        // so 26 bands from 1000 to 6400 Hz have edges 1000 * 6.4^(i/27).
        MelFilterBank fb = MelFilterBank.create(513, 1000, 6400, 26, 16000, FilterNorm.NONE,
                MelScale.SLANEY);
        double[] edges = fb.edgesHz();
        assertEquals(28, edges.length);
        for (int i = 0; i < edges.length; i++) {
            assertEquals(1000 * Math.pow(6.4, i / 27.0), edges[i], 1e-9 * edges[i], "edge " + i);
        }
        assertEquals(42.0, MelFilterBank.hzToMel(6400, MelScale.SLANEY), 1e-12);
    }

    @Test
    void htkEdgesAndWeightsByHand() {
        // One HTK band from 0 to 8000 Hz: m_max = 2595 log10(1 + 8000/700) = 2840.0230 mel; the
        // peak is at half of it, 700 (10^(1420.0113/2595) - 1) = 1767.79 Hz. Bins every 1 kHz.
        double mMax = 2595 * Math.log10(1 + 8000 / 700.0);
        assertEquals(2840.0230, mMax, 1e-4);
        double peak = 700 * (Math.pow(10, mMax / 2 / 2595) - 1);
        assertEquals(1767.79, peak, 0.01);
        MelFilterBank fb = MelFilterBank.create(9, 0, 8000, 1, 16000, FilterNorm.NONE, MelScale.HTK);
        assertArrayEquals(new double[] {0, peak, 8000}, fb.edgesHz(), 1e-6);
        assertEquals(0f, fb.weight(0, 0));
        assertEquals(1000 / peak, fb.weight(0, 1), 1e-6);
        assertEquals((8000 - 2000) / (8000 - peak), fb.weight(0, 2), 1e-6);
        assertEquals((8000 - 7000) / (8000 - peak), fb.weight(0, 7), 1e-6);
        assertEquals(0f, fb.weight(0, 8), 1e-9); // the top edge, up to rounding of mel -> Hz
        // the seed's lowest and highest HTK edges: 0 Hz and 22050 Hz
        double[] seed = MelFilterBank.of(MelConfig.seed()).edgesHz();
        assertEquals(130, seed.length);
        assertEquals(0, seed[0], 1e-9);
        assertEquals(22050, seed[129], 1e-6);
    }

    @Test
    void bandsNarrowerThanTheBinSpacingAreCountedAsEmpty() {
        // 9 bins 125 Hz apart (nFft 16 at 2 kHz), 3 Slaney bands of 250 Hz: every band holds a bin
        assertEquals(0, MelFilterBank.create(9, 0, 1000, 3, 2000, FilterNorm.NONE, MelScale.SLANEY).emptyBands());
        // 40 bands over 0-1000 Hz (Slaney is linear there: 42 edges 1000 / 41 Hz apart) on bins 125 Hz apart.
        // By hand: band m spans (1000 m / 41, 1000 (m + 2) / 41) Hz, open at both ends, so it holds bin 125 k
        // only if 5.125 k - 2 < m < 5.125 k: bins 1..7 give m = {4, 5}, {9, 10}, {14, 15}, {19, 20}, {24, 25},
        // {29, 30}, {34, 35}; bins 0 and 8 (0 and 1000 Hz) sit on the outer edges. 14 hold a bin, 26 none.
        MelFilterBank thin = MelFilterBank.create(9, 0, 1000, 40, 2000, FilterNorm.NONE, MelScale.SLANEY);
        assertEquals(26, thin.emptyBands());
    }

    @Test
    void matchesTorchaudioMelscaleFbanks() throws IOException {
        for (Golden.Case c : Golden.cases()) {
            if (!c.kind().startsWith("fbank:")) {
                continue;
            }
            String[] a = c.kind().split(":");
            MelFilterBank fb = MelFilterBank.create(Integer.parseInt(a[1]), Double.parseDouble(a[2]),
                    Double.parseDouble(a[3]), Integer.parseInt(a[4]), Integer.parseInt(a[5]),
                    FilterNorm.valueOf(a[6].toUpperCase(Locale.ROOT)),
                    MelScale.valueOf(a[7].toUpperCase(Locale.ROOT)));
            float[] ref = Golden.floats(c.name() + ".fbank.f32");
            float[] ours = fb.toMatrix();
            assertEquals(ref.length, ours.length);
            float max = 0;
            for (float v : ref) {
                max = Math.max(max, v);
            }
            double worstAbs = 0;
            for (int i = 0; i < ref.length; i++) {
                worstAbs = Math.max(worstAbs, Math.abs(ref[i] - ours[i]));
            }
            System.out.printf(Locale.ROOT, "fbank %s: max abs error %.2e of max weight %.3g%n",
                    c.name(), worstAbs, max);
            // torchaudio computes the edges in float32: weights agree to a few float roundings
            assertTrue(worstAbs <= 1e-5 * max, c.name() + ": " + worstAbs);
        }
    }

    @Test
    void applySumsTheTriangles() {
        MelFilterBank fb = MelFilterBank.create(9, 0, 1000, 3, 2000, FilterNorm.NONE, MelScale.SLANEY);
        float[] spectrum = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] out = new float[7];
        fb.apply(spectrum, out, 1, 2);
        assertEquals(0.5 * 2 + 3 + 0.5 * 4, out[1], 1e-6);
        assertEquals(0.5 * 4 + 5 + 0.5 * 6, out[3], 1e-6);
        assertEquals(0.5 * 6 + 7 + 0.5 * 8, out[5], 1e-6);
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class,
                () -> MelFilterBank.create(9, 500, 400, 3, 2000, FilterNorm.NONE, MelScale.HTK));
        assertThrows(IllegalArgumentException.class,
                () -> MelFilterBank.create(1, 0, 400, 3, 2000, FilterNorm.NONE, MelScale.HTK));
    }

    @Test
    void melScalesRoundTrip() {
        for (MelScale s : MelScale.values()) {
            for (double hz : new double[] {0, 10, 999.9, 1000, 1000.1, 4000, 22050}) {
                assertEquals(hz, MelFilterBank.melToHz(MelFilterBank.hzToMel(hz, s), s), 1e-9 * (1 + hz));
            }
        }
    }
}
