package io.bullwatch.features.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.audio.AudioSource;
import io.bullwatch.core.window.Window;
import io.bullwatch.core.window.WindowSpec;
import io.bullwatch.features.mel.MelConfig;
import io.bullwatch.features.mel.MelSpectrogramExtractor;
import io.bullwatch.features.mel.Pcen;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The PCEN inputs through {@link FeaturePipeline}: the recording's frames in order, then windows. */
class PcenPipelineTest {

    private static final int RATE = 8000;
    private static final MelConfig MEL = MelConfig.builder().optSampleRate(RATE).optNFft(512).optHop(256)
            .optNMels(16).build();
    private static final WindowSpec WINDOWS = WindowSpec.of(2.048, 1.024); // 64 and 32 frames

    private static float[] night(int n) {
        Random r = new Random(7);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double level = i < n / 2 ? 0.01 : 0.3; // the background jumps half-way
            x[i] = (float) (level * r.nextGaussian());
        }
        for (int i = 20000; i < 21000; i++) {
            x[i] += (float) (0.8 * r.nextGaussian()); // a splash
        }
        return x;
    }

    /** Every frame of the recording, frame-major, through one PCEN stream. */
    private static float[] pcenFrames(float[] x) throws IOException {
        long frames = MEL.frames(x.length);
        float[] all = new float[Math.toIntExact(frames * MEL.nMels())];
        try (MelSpectrogramExtractor e = MelSpectrogramExtractor.create(MEL)) {
            e.streamFrames(AudioSource.of(x, RATE), (first, count, block) ->
                    System.arraycopy(block, 0, all, Math.toIntExact(first * MEL.nMels()), count * MEL.nMels()));
        }
        Pcen.DEFAULT.stream(MEL.nMels(), (double) RATE / MEL.hop()).apply(all, 0, all.length);
        return all;
    }

    @Test
    void windowsAreSlicesOfTheRecordingsPcenFramesThenStandardised() throws IOException {
        float[] x = night(80000);
        float[] reference = pcenFrames(x);
        FeaturePipeline pcen = FeaturePipeline.of(MEL, WINDOWS, InputNormalisation.PCEN);
        FeaturePipeline standardised = FeaturePipeline.of(MEL, WINDOWS, InputNormalisation.PCEN_PER_RECORDING);
        assertFalse(pcen.streams());
        assertFalse(standardised.streams());
        int mels = MEL.nMels();
        try (MelSpectrogramExtractor e = pcen.extractor(2);
                RecordingInput in = pcen.prepare(e, AudioSource.of(x, RATE), 1 << 20, null, null);
                RecordingInput std = standardised.prepare(e, AudioSource.of(x, RATE), 0, null, null)) {
            List<Window> windows = pcen.scoredWindows(RATE, x.length);
            double[] sum = new double[mels];
            long n = 0;
            for (Window w : windows.subList(0, windows.size() - 1)) { // the full windows of the grid
                float[] got = in.read(w);
                int frames = in.windowFrames(w);
                int first = Math.toIntExact(w.startFrame() / MEL.hop());
                assertEquals(w.startFrame(), (long) first * MEL.hop(), "windows on the frame grid");
                for (int m = 0; m < mels; m++) {
                    for (int j = 0; j < frames; j++) {
                        assertEquals(reference[(first + j) * mels + m], got[m * frames + j], 0f,
                                "window " + w.index() + " band " + m + " frame " + j);
                    }
                }
                float[] s = std.read(w);
                for (int m = 0; m < mels; m++) {
                    for (int j = 0; j < frames; j++) {
                        sum[m] += s[m * frames + j];
                    }
                }
                n += frames;
            }
            for (int m = 0; m < mels; m++) {
                assertEquals(0, sum[m] / n, 1e-4, "band " + m + " is centred over the recording");
            }
        }
    }

    @Test
    void pcenNeedsTheWholeRecordingAndLinearPower() {
        assertThrows(UnsupportedOperationException.class,
                () -> InputNormalisation.PCEN.apply(new java.util.ArrayList<>(List.of(new float[16])), 16));
        MelConfig db = MEL.toBuilder().optScale(MelConfig.OutputScale.DB).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FeaturePipeline.of(db, WINDOWS, InputNormalisation.PCEN_PER_RECORDING));
        assertTrue(e.getMessage().contains("linear mel power"), e.getMessage());
        FeaturePipeline stream = FeaturePipeline.of(MEL, WINDOWS, InputNormalisation.PCEN);
        assertThrows(IllegalStateException.class, () -> stream.normaliseStreamed(new float[16]));
        assertTrue(InputNormalisation.PCEN_PER_RECORDING.perRecording());
        assertFalse(InputNormalisation.PCEN.perRecording());
        assertEquals(InputNormalisation.PCEN_PER_RECORDING, InputNormalisation.parse("pcen-per-recording"));
    }

    @Test
    void severalTimeConstantsAreOneChannelEachExactlyAsTheirOwnPipelines() throws IOException {
        float[] x = night(80000);
        Pcen fast = Pcen.LIBROSA;
        Pcen slow = Pcen.DEFAULT;
        FeaturePipeline both = FeaturePipeline.of(MEL, WINDOWS, InputNormalisation.PCEN_PER_RECORDING,
                List.of(fast, slow));
        FeaturePipeline onlyFast = FeaturePipeline.of(MEL, WINDOWS, InputNormalisation.PCEN_PER_RECORDING, fast);
        FeaturePipeline onlySlow = FeaturePipeline.of(MEL, WINDOWS, InputNormalisation.PCEN_PER_RECORDING, slow);
        assertEquals(2, both.channels());
        assertEquals(2 * MEL.nMels(), both.rows());
        assertEquals(both.rows() * both.windowFrames(), both.windowValues());
        assertEquals(slow, onlySlow.pcen());
        assertEquals(1, onlySlow.channels());
        int mels = MEL.nMels();
        try (MelSpectrogramExtractor e = both.extractor(2);
                // 0 bytes of heap: every frame spilled to the temporary file, rows of 2 x 16 values
                RecordingInput in = both.prepare(e, AudioSource.of(x, RATE), 0, null, null);
                RecordingInput a = onlyFast.prepare(e, AudioSource.of(x, RATE), 1 << 20, null, null);
                RecordingInput b = onlySlow.prepare(e, AudioSource.of(x, RATE), 1 << 20, null, null)) {
            assertTrue(in.spilledFrames() > 0);
            assertEquals(2 * mels, in.bandStatistics().orElseThrow().mean().length);
            for (Window w : both.scoredWindows(RATE, x.length)) {
                float[] got = in.read(w);
                float[] ga = a.read(w);
                float[] gb = b.read(w);
                assertEquals(ga.length + gb.length, got.length);
                for (int i = 0; i < ga.length; i++) {
                    assertEquals(ga[i], got[i], 0f, "window " + w.index() + " fast channel value " + i);
                    assertEquals(gb[i], got[ga.length + i], 0f, "window " + w.index() + " slow channel value " + i);
                }
            }
        }
    }

    @Test
    void channelsMustDifferAndBeForPcenInput() {
        assertThrows(IllegalArgumentException.class, () -> FeaturePipeline.of(MEL, WINDOWS,
                InputNormalisation.PCEN_PER_RECORDING, List.of(Pcen.DEFAULT, Pcen.DEFAULT)));
        assertThrows(IllegalArgumentException.class, () -> FeaturePipeline.of(MEL, WINDOWS,
                InputNormalisation.PCEN_PER_RECORDING, List.of()));
        assertThrows(IllegalArgumentException.class, () -> FeaturePipeline.of(MEL, WINDOWS,
                InputNormalisation.LOG_PER_RECORDING, List.of(Pcen.DEFAULT, Pcen.LIBROSA)));
        assertEquals(1, FeaturePipeline.of(MEL, WINDOWS, InputNormalisation.LOG_PER_RECORDING).channels());
    }

    @Test
    void aOneChannelPipelineIsDescribedAsBeforeChannelsSoResumableFoldsStillMatch() {
        FeaturePipeline one = FeaturePipeline.of(MEL, WINDOWS, InputNormalisation.PCEN_PER_RECORDING);
        // the text the record gave when its last component was "Pcen pcen"
        assertEquals("FeaturePipeline[mel=" + MEL + ", window=" + WINDOWS + ", normalisation=PCEN_PER_RECORDING,"
                + " pcen=Pcen[timeConstantSeconds=6.0, gain=0.98, bias=2.0, power=0.5, epsilon=1.0E-6]]", one.toString());
        FeaturePipeline two = FeaturePipeline.of(MEL, WINDOWS, InputNormalisation.PCEN_PER_RECORDING,
                List.of(Pcen.LIBROSA, Pcen.DEFAULT));
        assertTrue(two.toString().contains("pcen=[Pcen[timeConstantSeconds=0.4"), two.toString());
    }
}
