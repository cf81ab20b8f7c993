package io.bullwatch.core.compose;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.annotation.Annotation;
import io.bullwatch.core.audio.AudioSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link NightComposer}: every event at its SNR against the bed under it (measured on the rendered
 * night against the same night rendered without events), beds at their level through the
 * crossfades, annotated stretches never in a bed, determinism.
 */
class NightComposerTest {

    private static final int RATE = 8000;

    private static float[] noise(int seconds, double rms, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[seconds * RATE];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rms * r.nextGaussian());
        }
        return x;
    }

    /** A 1 s decaying 900 Hz burst. */
    private static float[] burst(double amplitude) {
        float[] x = new float[RATE];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (amplitude * Math.exp(-3.0 * i / RATE) * Math.sin(2 * Math.PI * 900 * i / RATE));
        }
        return x;
    }

    private static SiteBackground background() throws IOException {
        return SiteBackground.of("s", List.of(
                new ComposeSource("quiet.wav", AudioSource.of(noise(60, 0.003, 1), RATE), List.of()),
                new ComposeSource("loud.wav", AudioSource.of(noise(45, 0.2, 2), RATE),
                        List.of(new Annotation(10, 20, "bull")))), -30);
    }

    private static NightComposer.Settings settings(double bullsPerHour, double distractorsPerHour) {
        return new NightComposer.Settings(RATE, 300, bullsPerHour, distractorsPerHour, -3, 12, 1, 8, 20);
    }

    private static double rms(float[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += (double) x[i] * x[i];
        }
        return Math.sqrt(s / (to - from));
    }

    @Test
    void eachBullIsAtItsSnrAgainstTheBedUnderIt() throws IOException {
        SiteBackground bg = background();
        List<Clip> bulls = List.of(Clip.whole("a.wav", AudioSource.of(burst(0.5), RATE)),
                Clip.whole("b.wav", AudioSource.of(burst(0.01), RATE)));
        NightComposer night = NightComposer.plan(settings(120, 0), bg, bulls, List.of(), 7);
        // the bed is planned first from its own random stream: without events it is the same bed
        NightComposer bedOnly = NightComposer.plan(settings(0, 0), bg, List.of(), List.of(), 7);
        float[] with = night.render(0, 300 * RATE);
        float[] without = bedOnly.render(0, 300 * RATE);
        List<NightComposer.Event> events = night.events().stream().filter(e -> e.kind().equals("bull")).toList();
        assertTrue(events.size() >= 4, "about 10 bulls in 5 minutes: " + events.size());
        assertEquals(events.size(), night.bulls().size());
        double previousEnd = -1;
        for (NightComposer.Event e : events) {
            int a = (int) Math.round(e.start() * RATE);
            int b = (int) Math.round(e.end() * RATE);
            float[] bull = new float[b - a];
            for (int i = a; i < b; i++) {
                bull[i - a] = with[i] - without[i];
            }
            double measured = 20 * Math.log10(rms(bull, 0, bull.length) / rms(without, a, b));
            assertEquals(e.snrDb(), measured, 0.01, "bull at " + e.start());
            assertTrue(e.snrDb() >= -3 && e.snrDb() <= 12);
            assertTrue(e.start() >= previousEnd, "bulls do not overlap");
            previousEnd = e.end();
        }
    }

    /**
     * A bull cut out of a recording with half a second of its river either side, recorded 0 dB above
     * that river: its own sound (the burst, known here) lands at the SNR asked for against the new bed,
     * and the river it brings along is not counted as bull (which would put it 3 dB lower).
     */
    @Test
    void aCutBullsOwnSoundIsAtItsSnrNotTheRiverItWasRecordedIn() throws IOException {
        float[] burst = burst(0.2);
        double burstRms = rms(burst, 0, burst.length);
        float[] river = noise(2, burstRms, 5);
        float[] recorded = river.clone();
        for (int i = 0; i < burst.length; i++) {
            recorded[RATE / 2 + i] += burst[i];
        }
        Clip cut = new Clip("annotated.wav@0.500", AudioSource.of(recorded, RATE), 0, 2 * RATE, 0.5, 1.5);
        NightComposer night = NightComposer.plan(settings(120, 0), background(), List.of(cut), List.of(), 7);
        NightComposer bedOnly = NightComposer.plan(settings(0, 0), background(), List.of(), List.of(), 7);
        float[] without = bedOnly.render(0, 300 * RATE);
        List<NightComposer.Event> events = night.events().stream().filter(e -> e.kind().equals("bull")).toList();
        assertTrue(events.size() >= 4, "about 10 bulls in 5 minutes: " + events.size());
        for (NightComposer.Event e : events) {
            int a = (int) Math.round(e.start() * RATE);
            int b = (int) Math.round(e.end() * RATE);
            double own = 20 * Math.log10(e.gain() * burstRms / rms(without, a, b));
            assertEquals(e.snrDb(), own, 0.3, "the burst's own SNR, bull at " + e.start());
            double withRiver = 20 * Math.log10(e.gain() * rms(recorded, RATE / 2, 3 * RATE / 2) / rms(without, a, b));
            assertEquals(e.snrDb() + 3, withRiver, 0.3, "the cut stretch, river and all, is 3 dB louder");
        }
        // margins louder than the event (another sound there): at most 10 dB more gain than the stretch's RMS
        float[] loudMargins = noise(2, 0.5, 6);
        for (int i = 0; i < burst.length; i++) {
            loudMargins[RATE / 2 + i] = burst[i];
        }
        Clip odd = new Clip("odd.wav@0.500", AudioSource.of(loudMargins, RATE), 0, 2 * RATE, 0.5, 1.5);
        NightComposer floored = NightComposer.plan(settings(120, 0), background(), List.of(odd), List.of(), 7);
        for (NightComposer.Event e : floored.events().stream().filter(e -> e.kind().equals("bull")).toList()) {
            int a = (int) Math.round(e.start() * RATE);
            int b = (int) Math.round(e.end() * RATE);
            double stretch = 20 * Math.log10(e.gain() * burstRms / rms(without, a, b));
            assertEquals(e.snrDb() + 10, stretch, 0.01, "floored at a tenth of the stretch's power");
        }
    }

    /**
     * The margin taken as the river is the quieter one (a loud splash just after the bull is not
     * noise to subtract), and margins shorter than 0.1 s are not measured at all.
     */
    @Test
    void aLoudSoundInOneMarginIsNotTheRiverAndTooShortMarginsAreNotMeasured() throws IOException {
        float[] burst = burst(0.2);
        double burstRms = rms(burst, 0, burst.length);
        float[] recorded = noise(2, burstRms, 5);
        for (int i = 0; i < burst.length; i++) {
            recorded[RATE / 2 + i] += burst[i];
        }
        float[] loud = noise(1, 0.5, 8);
        for (int i = 0; i < RATE / 2; i++) {
            recorded[3 * RATE / 2 + i] += loud[i];
        }
        Clip cut = new Clip("annotated.wav@0.500", AudioSource.of(recorded, RATE), 0, 2 * RATE, 0.5, 1.5);
        // the same stretch with 0.05 s either side: too short to measure, so the stretch counts whole
        Clip tight = new Clip("tight.wav@0.500", AudioSource.of(recorded, RATE), RATE / 2 - 400, 3 * RATE / 2 + 400,
                0.05, 1.05);
        NightComposer bedOnly = NightComposer.plan(settings(0, 0), background(), List.of(), List.of(), 7);
        float[] without = bedOnly.render(0, 300 * RATE);
        double stretchRms = rms(recorded, RATE / 2, 3 * RATE / 2);
        for (Clip c : List.of(cut, tight)) {
            NightComposer night = NightComposer.plan(settings(120, 0), background(), List.of(c), List.of(), 7);
            List<NightComposer.Event> events = night.events().stream().filter(e -> e.kind().equals("bull")).toList();
            assertTrue(events.size() >= 4, c.name() + ": " + events.size() + " bulls");
            for (NightComposer.Event e : events) {
                int a = (int) Math.round(e.start() * RATE);
                int b = (int) Math.round(e.end() * RATE);
                double level = rms(without, a, b);
                if (c == cut) {
                    assertEquals(e.snrDb(), 20 * Math.log10(e.gain() * burstRms / level), 0.3, "own SNR at " + e.start());
                } else {
                    assertEquals(e.snrDb(), 20 * Math.log10(e.gain() * stretchRms / level), 0.01, "stretch at " + e.start());
                }
            }
        }
    }

    @Test
    void theBedKeepsItsLevelThroughCutsAndCrossfadesAndAvoidsAnnotatedStretches() throws IOException {
        NightComposer night = NightComposer.plan(settings(0, 0), background(), List.of(), List.of(), 3);
        float[] x = night.render(0, 300 * RATE);
        double target = Math.pow(10, -30 / 20.0);
        for (int second = 0; second + 1 <= 300; second++) {
            double level = rms(x, second * RATE, (second + 1) * RATE);
            assertEquals(0, 20 * Math.log10(level / target), 1.0, "second " + second);
        }
        List<NightComposer.Event> bed = night.events();
        assertTrue(bed.stream().anyMatch(e -> e.source().equals("loud.wav")), "both recordings are used");
        assertEquals(300, bed.get(bed.size() - 1).end(), 1e-9);
        for (NightComposer.Event e : bed) {
            assertEquals("background", e.kind());
            if (e.source().equals("loud.wav")) {
                double to = e.sourceOffset() + (e.end() - e.start());
                assertFalse(e.sourceOffset() < 20.5 && to > 9.5, "cut into the annotated bull: " + e);
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameNightInAnyBlocks() throws IOException {
        List<Clip> bulls = List.of(Clip.whole("a.wav", AudioSource.of(burst(0.5), RATE)));
        List<Clip> distractors = List.of(Clip.whole("d.wav", AudioSource.of(noise(1, 0.05, 9), RATE)));
        NightComposer one = NightComposer.plan(settings(60, 60), background(), bulls, distractors, 11);
        NightComposer two = NightComposer.plan(settings(60, 60), background(), bulls, distractors, 11);
        assertEquals(one.events(), two.events());
        float[] whole = one.render(0, 300 * RATE);
        float[] pieces = new float[whole.length];
        for (int at = 0; at < whole.length; at += 12_345) {
            int n = Math.min(12_345, whole.length - at);
            System.arraycopy(two.render(at, n), 0, pieces, at, n);
        }
        assertArrayEquals(whole, pieces);
        assertTrue(one.events().stream().anyMatch(e -> e.kind().equals("distractor")));
        assertFalse(one.events().equals(NightComposer.plan(settings(60, 60), background(), bulls, distractors, 12)
                .events()));
    }

    @Test
    void aNightThatComposedBeforeTheShorterSegmentsIsUnchanged() throws IOException {
        // the plan of this night as the composer made it before it learnt to cut shorter segments
        // (commit afd5e71): every event's kind, source, start, end and source offset, hashed
        List<Clip> bulls = List.of(Clip.whole("a.wav", AudioSource.of(burst(0.5), RATE)));
        List<Clip> distractors = List.of(Clip.whole("d.wav", AudioSource.of(noise(1, 0.05, 9), RATE)));
        NightComposer night = NightComposer.plan(settings(60, 60), background(), bulls, distractors, 11);
        StringBuilder text = new StringBuilder();
        for (NightComposer.Event e : night.events()) {
            text.append(e.kind()).append(' ').append(e.source()).append(' ').append(String.format(
                    java.util.Locale.ROOT, "%.6f %.6f %.6f", e.start(), e.end(), e.sourceOffset())).append('\n');
        }
        assertEquals(37, night.events().size());
        assertEquals("2a659b17ee8103ac5b8a8212f074610d57cc85945eb0c39fa365fa8a343d9f3c",
                io.bullwatch.core.io.Sha256.hex(text.toString()));
    }

    @Test
    void cutsShorterSegmentsWhereLongOnesAreNotClear() throws IOException {
        // a bull every 20 s: the clear stretches last 15 s less the margins, under most segment
        // lengths asked for (8 to 20 s here, 8 to 60 s in bull adapt's beds)
        List<Annotation> busy = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            busy.add(new Annotation(20 * k, 20 * k + 5, "bull"));
        }
        SiteBackground bg = SiteBackground.of("busy", List.of(new ComposeSource("busy.wav",
                AudioSource.of(noise(120, 0.1, 5), RATE), busy)), -30);
        NightComposer night = NightComposer.plan(new NightComposer.Settings(RATE, 300, 0, 0, 0, 0, 1, 8, 60), bg,
                List.of(), List.of(), 7);
        List<NightComposer.Event> beds = night.events().stream().filter(e -> e.kind().equals("background")).toList();
        assertFalse(beds.isEmpty());
        double covered = 0;
        for (NightComposer.Event e : beds) {
            double from = e.sourceOffset();
            double to = from + (e.end() - e.start());
            for (Annotation a : busy) {
                assertTrue(to <= a.start() - NightComposer.AVOID_MARGIN || from >= a.end() + NightComposer.AVOID_MARGIN,
                        () -> e + " overlaps " + a);
            }
            covered = Math.max(covered, e.end());
        }
        assertEquals(300, covered, 1e-9, "the whole night is bedded");
    }

    @Test
    void refusesWhatCannotBeComposed() throws IOException {
        SiteBackground bg = background();
        IllegalArgumentException rate = assertThrows(IllegalArgumentException.class, () -> NightComposer.plan(
                settings(60, 0), bg, List.of(Clip.whole("x.wav", AudioSource.of(burst(1), 16000))), List.of(), 1));
        assertTrue(rate.getMessage().contains("x.wav is at 16000 Hz"), rate.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NightComposer.plan(settings(60, 0), bg, List.of(),
                List.of(), 1));
        SiteBackground onlyBull = SiteBackground.of("t", List.of(new ComposeSource("b.wav",
                AudioSource.of(noise(30, 0.1, 3), RATE), List.of(new Annotation(1, 29, "bull")))), -30);
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> NightComposer.plan(settings(0, 0), onlyBull, List.of(), List.of(), 1));
        assertTrue(none.getMessage().contains("free of annotated bulls"), none.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SiteBackground.of("u", List.of(
                new ComposeSource("silent.wav", AudioSource.of(new float[RATE], RATE), List.of())), -30));
    }
}
