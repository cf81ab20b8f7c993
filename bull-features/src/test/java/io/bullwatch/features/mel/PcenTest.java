package io.bullwatch.features.mel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** PCEN against the independent NumPy/SciPy golden files of {@code scripts/pcen-golden.py}. */
class PcenTest {

    private record Case(Pcen pcen, int mels, int frames, double frameRate, float[] input, float[] output) {
        static Case read(String name) throws IOException {
            JsonObject o = JsonParser.parseString(Golden.text("pcen_" + name + ".json")).getAsJsonObject();
            Pcen p = new Pcen(o.get("timeConstant").getAsDouble(), o.get("gain").getAsDouble(),
                    o.get("bias").getAsDouble(), o.get("power").getAsDouble(), o.get("epsilon").getAsDouble());
            return new Case(p, o.get("mels").getAsInt(), o.get("frames").getAsInt(),
                    o.get("frameRate").getAsDouble(), Golden.floats("pcen_" + name + ".input.f32"),
                    Golden.floats("pcen_" + name + ".output.f32"));
        }
    }

    private static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            double tol = 1e-6 + 2e-5 * Math.abs(expected[i]);
            assertEquals(expected[i], actual[i], tol, "value " + i);
        }
    }

    @Test
    void matchesTheNumpyScipyReferenceInOneBlock() throws IOException {
        for (String name : new String[] {"river", "silence"}) {
            Case c = Case.read(name);
            float[] v = c.input().clone();
            c.pcen().stream(c.mels(), c.frameRate()).apply(v, 0, v.length);
            assertClose(c.output(), v);
        }
    }

    @Test
    void blocksOfAnySizeGiveTheSameValuesAsOne() throws IOException {
        Case c = Case.read("river");
        float[] whole = c.input().clone();
        c.pcen().stream(c.mels(), c.frameRate()).apply(whole, 0, whole.length);
        float[] parts = c.input().clone();
        Pcen.Stream s = c.pcen().stream(c.mels(), c.frameRate());
        int[] sizes = {1, 7, 2, 64, 1};
        int at = 0;
        for (int k = 0; at < c.frames(); k++) {
            int n = Math.min(sizes[k % sizes.length], c.frames() - at);
            s.apply(parts, at * c.mels(), (at + n) * c.mels());
            at += n;
        }
        assertArrayEquals(whole, parts);
        assertThrows(IllegalArgumentException.class, () -> s.apply(new float[5], 0, 5));
    }

    @Test
    void smoothingCoefficientByHand() {
        // T = 0.4 s at 10 frames/s = 4 frames: s = (sqrt(1 + 64) - 1) / 32
        assertEquals((Math.sqrt(65) - 1) / 32, Pcen.LIBROSA.smoothing(10), 1e-15);
        // one frame: s = (sqrt(5) - 1) / 2
        assertEquals((Math.sqrt(5) - 1) / 2, new Pcen(1, 0.98, 2, 0.5, 1e-6).smoothing(1), 1e-15);
        // half a frame: s = 2 / (1 + sqrt(2)), the same value as (sqrt(2) - 1) / 0.5
        assertEquals(2 / (1 + Math.sqrt(2)), new Pcen(0.05, 0.98, 2, 0.5, 1e-6).smoothing(10), 1e-15);
        // a memory far shorter than a frame follows the frame (s = 1 - t^2 + 2 t^4 - ...), never freezes (s = 0)
        assertEquals(1.0, new Pcen(1e-12, 0.98, 2, 0.5, 1e-6).smoothing(21.5), 1e-15);
        assertEquals(1 - 1e-6 + 2e-12, new Pcen(1e-3, 0.98, 2, 0.5, 1e-6).smoothing(1), 1e-15); // 1 - t^2 + 2 t^4
    }

    @Test
    void aSteadyBackgroundFlattensWhateverItsLevelAndATransientStandsOut() {
        // full gain control (alpha = 1): a steady band's value is independent of its level
        Pcen p = new Pcen(0.4, 1.0, 2, 0.5, 1e-12);
        float[] quiet = new float[40];
        float[] loud = new float[40];
        Arrays.fill(quiet, 1e-4f);
        Arrays.fill(loud, 1e2f);
        quiet[30] = 1e-2f; // 20 dB above the quiet background
        p.stream(1, 10).apply(quiet, 0, quiet.length);
        p.stream(1, 10).apply(loud, 0, loud.length);
        double steady = Math.sqrt(1 + 2) - Math.sqrt(2); // E / M = 1
        assertEquals(steady, loud[20], 1e-6);
        assertEquals(steady, quiet[20], 1e-6);
        // the transient's own frame enters the smoother: M = (1 - s) 1e-4 + s 1e-2
        double s = p.smoothing(10);
        double m = (1 - s) * 1e-4 + s * 1e-2;
        assertEquals(Math.sqrt(2 + 1e-2 / m) - Math.sqrt(2), quiet[30], 1e-5);
        assertTrue(quiet[30] > 3 * steady, "the transient stands out: " + quiet[30]);
    }

    @Test
    void rejectsParametersOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new Pcen(0, 0.98, 2, 0.5, 1e-6));
        assertThrows(IllegalArgumentException.class, () -> new Pcen(0.4, 1.5, 2, 0.5, 1e-6));
        assertThrows(IllegalArgumentException.class, () -> new Pcen(0.4, 0.98, 0, 0.5, 1e-6));
        assertThrows(IllegalArgumentException.class, () -> new Pcen(0.4, 0.98, 2, 0, 1e-6));
        assertThrows(IllegalArgumentException.class, () -> new Pcen(0.4, 0.98, 2, 0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> Pcen.DEFAULT.smoothing(0));
        assertEquals("T=0.40s alpha=0.98 delta=2 r=0.5 eps=1.0E-6", Pcen.LIBROSA.describe());
        assertEquals(new Pcen(6, 0.98, 2, 0.5, 1e-6), Pcen.DEFAULT);
    }

    @Test
    void channelsHoldTheNumpyReferenceAndEachOtherSetSideBySideInAnyBlocks() throws IOException {
        Case c = Case.read("river");
        Pcen other = new Pcen(c.pcen().timeConstantSeconds() * 10, c.pcen().gain(), c.pcen().bias(),
                c.pcen().power(), c.pcen().epsilon());
        float[] second = c.input().clone();
        other.stream(c.mels(), c.frameRate()).apply(second, 0, second.length);
        Pcen.Channels ch = Pcen.channels(java.util.List.of(c.pcen(), other), c.mels(), c.frameRate());
        assertEquals(2, ch.channels());
        int rows = 2 * c.mels();
        float[] out = new float[c.frames() * rows];
        int[] sizes = {3, 1, 64, 5};
        int at = 0;
        for (int k = 0; at < c.frames(); k++) {
            int n = Math.min(sizes[k % sizes.length], c.frames() - at);
            float[] in = Arrays.copyOfRange(c.input(), at * c.mels(), (at + n) * c.mels());
            float[] block = new float[n * rows];
            ch.expand(in, n, c.mels(), block);
            assertArrayEquals(Arrays.copyOfRange(c.input(), at * c.mels(), (at + n) * c.mels()), in,
                    "the input is left as it was");
            System.arraycopy(block, 0, out, at * rows, block.length);
            at += n;
        }
        float[] first = new float[c.frames() * c.mels()];
        float[] otherOut = new float[c.frames() * c.mels()];
        for (int j = 0; j < c.frames(); j++) {
            System.arraycopy(out, j * rows, first, j * c.mels(), c.mels());
            System.arraycopy(out, j * rows + c.mels(), otherOut, j * c.mels(), c.mels());
        }
        assertClose(c.output(), first);
        assertArrayEquals(second, otherOut);
        assertThrows(UnsupportedOperationException.class, () -> ch.apply(new float[rows], 0, rows));
        assertThrows(IllegalArgumentException.class, () -> Pcen.channels(java.util.List.of(c.pcen()), 4, 10));
        assertThrows(IllegalArgumentException.class, () -> ch.expand(new float[8], 1, 8, new float[16]));
    }
}
