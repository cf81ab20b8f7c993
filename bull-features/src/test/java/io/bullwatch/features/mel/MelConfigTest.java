package io.bullwatch.features.mel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.features.mel.MelConfig.FilterNorm;
import io.bullwatch.features.mel.MelConfig.MelScale;
import io.bullwatch.features.mel.MelConfig.OutputScale;
import io.bullwatch.features.mel.MelConfig.PadMode;
import io.bullwatch.features.mel.MelConfig.WindowType;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MelConfigTest {

    @Test
    void seedIsTheSeedProjectsFeatures() {
        MelConfig c = MelConfig.seed();
        assertEquals(44100, c.sampleRate());
        assertEquals(4096, c.nFft());
        assertEquals(4096, c.winLength());
        assertEquals(1024, c.hop());
        assertEquals(WindowType.HANN, c.window());
        assertTrue(c.center());
        assertEquals(PadMode.REFLECT, c.padMode());
        assertEquals(128, c.nMels());
        assertEquals(0.0, c.fMin());
        assertEquals(22050.0, c.fMax());
        assertEquals(2, c.power());
        assertEquals(MelScale.HTK, c.melScale());
        assertEquals(FilterNorm.NONE, c.norm());
        assertEquals(OutputScale.LINEAR, c.scale());
        // a 15 s window: 661500 samples, 1 + 661500 / 1024 = 646 frames, as the seed's 128 x 646
        assertEquals(646, c.frames(661500));
        assertEquals(2049, c.bins());
    }

    @Test
    void builderDefaultsFollowNFftAndSampleRate() {
        MelConfig c = MelConfig.builder().optSampleRate(16000).optNFft(512).optHop(160).optNMels(40)
                .build();
        assertEquals(512, c.winLength());
        assertEquals(8000.0, c.fMax());
        assertEquals(c, c.toBuilder().build());
        assertEquals(200, c.toBuilder().optWinLength(200).build().winLength());
    }

    @Test
    void toBuilderKeepsDerivedDefaultsDerived() {
        // the seed: 44.1 kHz, nFft = winLength = 4096, fMax 22050 (the Nyquist frequency)
        MelConfig at16k = MelConfig.seed().toBuilder().optSampleRate(16000).build();
        assertEquals(8000.0, at16k.fMax(), "fMax follows the new rate");
        MelConfig shorter = MelConfig.seed().toBuilder().optNFft(1024).build();
        assertEquals(1024, shorter.winLength(), "winLength follows the new nFft");
        assertEquals(22050.0, shorter.fMax());
        // what callers wrote by hand before gives the same configuration
        assertEquals(MelConfig.seed().toBuilder().optSampleRate(16000).optFMax(8000).build(), at16k);
        // values set on purpose are kept
        MelConfig narrow = MelConfig.seed().toBuilder().optFMax(11025).optWinLength(2048).build();
        MelConfig moved = narrow.toBuilder().optSampleRate(48000).optNFft(8192).build();
        assertEquals(11025.0, moved.fMax());
        assertEquals(2048, moved.winLength());
        // 44.1 kHz rounds down to 22050 Hz; a 22,051 Hz rate's Nyquist frequency is 11,025
        assertEquals(11025.0, MelConfig.seed().toBuilder().optSampleRate(22051).build().fMax());
    }

    @Test
    void jsonRoundTripsExactlyInAnyLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            MelConfig c = MelConfig.builder().optSampleRate(22050).optNFft(1024).optWinLength(1000)
                    .optHop(256).optWindow(WindowType.HAMMING).optPadMode(PadMode.CONSTANT)
                    .optNMels(64).optFMin(20.5).optFMax(11025).optPower(1)
                    .optMelScale(MelScale.SLANEY).optNorm(FilterNorm.SLANEY)
                    .optScale(OutputScale.DB).optTopDb(80).optEpsilon(1.0 / 3e7).build();
            String json = c.toJson();
            assertTrue(json.contains("\"fMin\": 20.5"), json);
            assertTrue(json.contains("\"melScale\": \"slaney\""), json);
            assertEquals(c, MelConfig.fromJson(json));
            assertEquals(MelConfig.seed(), MelConfig.fromJson(MelConfig.seed().toJson()));
            assertTrue(MelConfig.seed().toJson().contains("\"topDb\": \"none\""));
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void readsJsonWrittenByPython() {
        String python = "{\"version\": 1, \"sampleRate\": 16000, \"nFft\": 256, \"winLength\": 200,"
                + " \"hop\": 64, \"window\": \"hann\", \"center\": true, \"padMode\": \"reflect\","
                + " \"nMels\": 40, \"fMin\": 50.0, \"fMax\": 7000.0, \"power\": 1,"
                + " \"melScale\": \"htk\", \"norm\": \"none\", \"scale\": \"db\", \"topDb\": 80.0,"
                + " \"epsilon\": 1e-10}";
        MelConfig c = MelConfig.fromJson(python);
        assertEquals(200, c.winLength());
        assertEquals(80.0, c.topDb());
        assertEquals(1e-10, c.epsilon());
    }

    @Test
    void loadingIsStrict() {
        Map<String, String> m = new LinkedHashMap<>(MelConfig.seed().toMap());
        m.remove("hop");
        assertMessage("'hop' is missing", () -> MelConfig.fromMap(m));
        Map<String, String> extra = new LinkedHashMap<>(MelConfig.seed().toMap());
        extra.put("nfft", "4096");
        assertMessage("unknown mel config field 'nfft'", () -> MelConfig.fromMap(extra));
        Map<String, String> badEnum = new LinkedHashMap<>(MelConfig.seed().toMap());
        badEnum.put("melScale", "bark");
        assertMessage("must be one of htk, slaney", () -> MelConfig.fromMap(badEnum));
        Map<String, String> version = new LinkedHashMap<>(MelConfig.seed().toMap());
        version.put("version", "2");
        assertMessage("version 2 is not supported", () -> MelConfig.fromMap(version));
        assertMessage("malformed JSON", () -> MelConfig.fromJson("{\"hop\": 1024,}"));
        assertMessage("malformed JSON", () -> MelConfig.fromJson("[]"));
        String seed = MelConfig.seed().toJson();
        assertMessage("'hop' appears twice", () -> MelConfig.fromJson(seed.replace("\"nFft\"", "\"hop\"")));
        assertMessage("field 'hop' holds begin object",
                () -> MelConfig.fromJson(seed.replace("\"hop\": 1024", "\"hop\": {}")));
        assertMessage("text after the object", () -> MelConfig.fromJson(seed + "{}"));
        assertMessage("malformed JSON", () -> MelConfig.fromJson(seed.replace("\"hop\"", "hop")));
        assertMessage("malformed JSON", () -> MelConfig.fromJson(seed.substring(0, 40)));
    }

    /** The text bundles and batch-run keys hold: it must not change between versions. */
    @Test
    void jsonTextIsStable() {
        assertEquals("{\n  \"version\": 1,\n  \"sampleRate\": 44100,\n  \"nFft\": 4096,\n"
                + "  \"winLength\": 4096,\n  \"hop\": 1024,\n  \"window\": \"hann\",\n  \"center\": true,\n"
                + "  \"padMode\": \"reflect\",\n  \"nMels\": 128,\n  \"fMin\": 0.0,\n  \"fMax\": 22050.0,\n"
                + "  \"power\": 2,\n  \"melScale\": \"htk\",\n  \"norm\": \"none\",\n  \"scale\": \"linear\",\n"
                + "  \"topDb\": \"none\",\n  \"epsilon\": 1.0E-10\n}\n", MelConfig.seed().toJson());
    }

    @Test
    void theTrainingHopIs46MillisecondsInWholeSamplesAndNeverMoreThanTheFrame() {
        // 1024 / 22050 s = 46.44 ms: 22050 -> 1024, 44100 -> 2048, 48000 -> 2229.1 -> 2229, 16000 -> 743.0 -> 743
        assertEquals(1024, MelConfig.trainingHop(22050, 4096));
        assertEquals(2048, MelConfig.trainingHop(44100, 4096));
        assertEquals(2229, MelConfig.trainingHop(48000, 4096));
        assertEquals(743, MelConfig.trainingHop(16000, 4096));
        assertEquals(4096, MelConfig.trainingHop(192000, 4096), "not beyond the frame");
        assertEquals(1, MelConfig.trainingHop(1, 4096), "at least one sample");
        assertThrows(IllegalArgumentException.class, () -> MelConfig.trainingHop(0, 4096));
    }

    @Test
    void validationSaysWhatIsAllowed() {
        assertMessage("nFft must be a power of two",
                () -> MelConfig.builder().optNFft(4000).build());
        assertMessage("winLength must be from 1 to nFft",
                () -> MelConfig.builder().optNFft(1024).optWinLength(2048).build());
        assertMessage("fMax must be above fMin", () -> MelConfig.builder().optFMax(30000).build());
        assertMessage("fMin (--f-min) 12000.0 Hz is at or above the Nyquist frequency of 22050 Hz audio",
                () -> MelConfig.builder().optSampleRate(22050).optFMin(12000).build());
        assertMessage("power must be 1 (magnitude) or 2",
                () -> MelConfig.builder().optPower(3).build());
        assertMessage("hop must be >= 1", () -> MelConfig.builder().optHop(0).build());
        assertMessage("topDb must be > 0", () -> MelConfig.builder().optTopDb(-5).build());
        assertMessage("epsilon must be finite and > 0",
                () -> MelConfig.builder().optEpsilon(0).build());
        assertMessage("sampleRate must be > 0", () -> MelConfig.builder().optSampleRate(0).build());
    }

    @Test
    void frameCountsFollowTorchStft() {
        MelConfig centred = MelConfig.builder().optSampleRate(16000).optNFft(512).optHop(256).build();
        assertEquals(1, centred.frames(0));
        assertEquals(16, centred.frames(4000)); // 1 + 4000 // 256
        MelConfig plain = centred.toBuilder().optCenter(false).build();
        assertEquals(14, plain.frames(4000)); // 1 + (4000 - 512) // 256
        assertEquals(0, plain.frames(511));
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().contains(part), "message '" + x.getMessage() + "' lacks '" + part + "'");
    }
}
