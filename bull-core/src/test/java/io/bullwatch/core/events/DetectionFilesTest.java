package io.bullwatch.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.InputFormatException;
import io.bullwatch.core.annotation.AnnotationTable;
import io.bullwatch.core.annotation.AudacityLabels;
import io.bullwatch.core.annotation.FrequencyBand;
import io.bullwatch.core.annotation.RavenSelectionTable;
import io.bullwatch.core.annotation.Selection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectionFilesTest {

    @TempDir
    Path dir;

    private static RecordingDetection detection() {
        List<WindowScore> w = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            float s = (i >= 4 && i <= 6) || i == 20 || (i >= 30 && i <= 33) ? 0.9f + i / 1000f : 0.1f / (i + 3);
            w.add(new WindowScore(i * 5.0 / 3.0, i * 5.0 / 3.0 + 15.0 / 3.0, s));
        }
        return RecordingDetection.of("night.wav", 70, w, EventRule.of(0.5));
    }

    @Test
    void ravenAndAudacityFilesReadBackAsTheSameEvents() throws Exception {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            RecordingDetection d = detection();
            assertTrue(d.events().size() >= 2, "fixture should give several events: " + d.events());
            DetectionFiles.Outputs out = DetectionFiles.write(dir.resolve("sub"), "night", d,
                    DetectionFiles.nyquistBand(16000));
            assertEquals(dir.resolve("sub/night.bull.selections.txt"), out.selections());

            List<String> lines = Files.readAllLines(out.selections());
            assertEquals(DetectionFiles.RAVEN_HEADER_TEXT, lines.get(0));
            assertTrue(lines.get(1).startsWith("1\tSpectrogram 1\t1\t"), lines.get(1));
            assertTrue(lines.get(1).endsWith("\t0.000000\t8000.000000\t" + String.format(Locale.ROOT, "%.4f",
                    d.events().get(0).score())), lines.get(1));

            AnnotationTable raven = RavenSelectionTable.read(out.selections());
            AnnotationTable labels = AudacityLabels.read(out.labels());
            assertEquals(d.events().size(), raven.selections().size());
            assertEquals(d.events().size(), labels.selections().size());
            for (int i = 0; i < d.events().size(); i++) {
                DetectedEvent e = d.events().get(i);
                Selection r = raven.selections().get(i);
                Selection l = labels.selections().get(i);
                assertEquals(e.start(), r.annotation().start(), 1e-4);
                assertEquals(e.end(), r.annotation().end(), 1e-4);
                assertEquals(e.start(), l.annotation().start(), 1e-4);
                assertEquals(e.end(), l.annotation().end(), 1e-4);
                assertEquals(e.score(), Double.parseDouble(r.extras().get("Score")), 1e-4);
                assertEquals(new FrequencyBand(0, 8000), r.band().orElseThrow());
                assertEquals(String.format(Locale.ROOT, "bull %.4f", e.score()), l.annotation().label());
            }
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void emptyDetectionWritesTheRavenHeaderAndEmptyLabels() throws Exception {
        RecordingDetection d = RecordingDetection.of("quiet.wav", 30,
                List.of(new WindowScore(0, 15, 0.1f), new WindowScore(5, 20, 0.2f)), EventRule.of(0.5));
        DetectionFiles.Outputs out = DetectionFiles.write(dir, "quiet", d, DetectionFiles.nyquistBand(8000));
        assertEquals(DetectionFiles.RAVEN_HEADER_TEXT + "\n", Files.readString(out.selections()));
        assertEquals("", Files.readString(out.labels()));
        assertEquals(0, RavenSelectionTable.read(out.selections()).selections().size());
        assertEquals("start,end,score,detected\n0.0,15.0,0.1,0\n5.0,20.0,0.2,0\n", Files.readString(out.windows()));
    }

    @Test
    void windowsRoundTripExactly() throws Exception {
        Random r = new Random(7);
        List<WindowScore> w = new ArrayList<>();
        float[] odd = {1e-7f, 3.4e38f, -2.5e-12f, 0.1f, 1f / 3, Float.MIN_VALUE, 123456.79f};
        for (int i = 0; i < 500; i++) {
            double start = i * (5.0 / 3.0) + (i % 7 == 0 ? 1e-9 : 0);
            float s = i < odd.length ? odd[i] : (float) r.nextGaussian() * 10;
            w.add(new WindowScore(start, start + Math.PI, s));
        }
        Path file = dir.resolve("x.bull.windows.csv");
        DetectionFiles.writeWindows(file, w, 0.5);
        String text = Files.readString(file);
        String body = text.substring(text.indexOf('\n'));
        assertTrue(!body.contains("E") && !body.contains("e"), "no exponents");
        assertEquals(w, DetectionFiles.readWindows(file));
        assertTrue(text.startsWith("start,end,score,detected\n0.000000001,3.141592654589793,0.0000001,0\n"
                + "1.6666666666666667,4.80825932025646,340000000000000000000000000000000000000,1\n"), text.substring(0, 200));
    }

    @Test
    void readWindowsRejectsBadRowsNamingFileAndLine() throws Exception {
        Path file = dir.resolve("bad.csv");
        String[] bad = {"start,end,score\n", "start,end,score,detected\n0,15,0.5,1\n5,20,x,0\n",
            "start,end,score,detected\n0,15,0.5,1\n20,5,0.5,0\n", "start,end,score,detected\n0,15,0.5,yes\n",
            "start,end,score,detected\n0,15,0.5\n", "start,end,score,detected\n0,15,NaN,0\n",
            "start,end,score,detected\n0,15,1e40,0\n", ""};
        String[] where = {"line 1", "line 3", "line 3", "line 2", "line 2", "line 2", "line 2", "line 1"};
        for (int i = 0; i < bad.length; i++) {
            Files.write(file, bad[i].getBytes(StandardCharsets.UTF_8));
            InputFormatException e = assertThrows(InputFormatException.class, () -> DetectionFiles.readWindows(file));
            assertTrue(e.getMessage().contains("bad.csv") && e.getMessage().contains(where[i]),
                    bad[i] + " -> " + e.getMessage());
        }
    }
}
