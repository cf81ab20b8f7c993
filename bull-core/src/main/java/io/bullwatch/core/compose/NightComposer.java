package io.bullwatch.core.compose;

import io.bullwatch.core.annotation.Annotation;
import io.bullwatch.core.annotation.AudacityLabels;
import io.bullwatch.core.audio.AudioSource;
import io.bullwatch.core.audio.SampleEncoding;
import io.bullwatch.core.audio.WavWriter;
import io.bullwatch.core.text.TextFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Plans and renders one composed night: a bed of a site's own background recordings, cut at random
 * places (never into their annotated bulls) and crossfaded, with bull clips and distractor clips
 * mixed in at random times, each at a random signal-to-noise ratio against the bed where it lands.
 *
 * <p><b>Bed.</b> Segments of {@code [minSegment, maxSegment]} seconds (shorter when a recording is),
 * each from a recording drawn at random, at a random offset whose stretch (with half a second
 * either side) holds none of the recording's annotated bulls, each brought to the bed's level
 * ({@link SiteBackground}); consecutive segments overlap by the crossfade, with equal-power fades
 * ({@code sin} in, {@code cos} out).
 *
 * <p><b>Events.</b> Bulls arrive as a Poisson process of {@code bullsPerHour}, one after another
 * (a bull's clip never overlaps the previous bull's), each clip drawn at random; distractors as
 * their own Poisson process, free to overlap anything. An event's gain makes the RMS of its event
 * stretch {@code snr} dB above the RMS of the bed under it, the SNR drawn uniformly from the range.
 * A clip cut out of a recording with margins of context (a bull from an annotated corpus) carries
 * that recording's background under its event: its event's own power is the stretch's power less
 * the margins' (the quieter margin's, of at least 0.1 s; at least a tenth of the stretch's power),
 * so that a bull recorded 0 dB above its river lands at the SNR asked for, not 3 dB below it.
 * Only bulls are labelled: their annotated stretch, moved to where the clip lands.
 *
 * <p><b>Determinism and memory.</b> The plan depends only on its inputs and seed; rendering is block
 * by block with positional reads, so memory does not grow with the night's length.
 */
public final class NightComposer {

    /** Samples rendered per block. */
    static final int BLOCK = 1 << 16;
    /** Seconds kept clear of a background recording's annotated bulls on either side of a cut. */
    static final double AVOID_MARGIN = 0.5;
    /** Floor of the bed's RMS under an event, so that a digitally silent bed does not silence it. */
    static final double BED_FLOOR = 1e-5;
    /** The shortest margin of a cut clip taken as the noise its event was recorded in, seconds. */
    static final double MIN_MARGIN = 0.1;
    /** The least share of an event stretch's power counted as the event's own (at most +10 dB of gain). */
    static final double EVENT_POWER_FLOOR = 0.1;

    /**
     * What a night is made of.
     *
     * @param sampleRate the night's sample rate (every source must be at it)
     * @param seconds the night's length
     * @param bullsPerHour mean bulls per hour
     * @param distractorsPerHour mean distractors per hour
     * @param snrLowDb the lowest SNR of an event against its bed
     * @param snrHighDb the highest
     * @param crossfadeSeconds the overlap of consecutive bed segments
     * @param minSegmentSeconds the shortest bed segment (unless a recording is shorter)
     * @param maxSegmentSeconds the longest bed segment
     */
    public record Settings(int sampleRate, double seconds, double bullsPerHour, double distractorsPerHour,
            double snrLowDb, double snrHighDb, double crossfadeSeconds, double minSegmentSeconds,
            double maxSegmentSeconds) {

        /** Validates. */
        public Settings {
            if (sampleRate < 1000 || !(seconds > 0) || !(bullsPerHour >= 0) || !(distractorsPerHour >= 0)
                    || !(snrLowDb <= snrHighDb) || !Double.isFinite(snrLowDb) || !Double.isFinite(snrHighDb)
                    || !(crossfadeSeconds >= 0) || !(minSegmentSeconds > 2 * crossfadeSeconds)
                    || !(maxSegmentSeconds >= minSegmentSeconds)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "need a rate >= 1000 Hz, a length"
                        + " > 0, rates >= 0, a finite SNR range low <= high, a crossfade >= 0 and segments longer"
                        + " than two crossfades; got %d Hz, %s s, %s and %s per hour, SNR %s..%s dB, crossfade %s s,"
                        + " segments %s..%s s", sampleRate, seconds, bullsPerHour, distractorsPerHour, snrLowDb,
                        snrHighDb, crossfadeSeconds, minSegmentSeconds, maxSegmentSeconds));
            }
        }

        /** @return the night's length in samples */
        public long frames() {
            return Math.round(seconds * sampleRate);
        }
    }

    /**
     * One line of {@code NAME.events.tsv}: a bed segment or a mixed-in clip.
     *
     * @param kind {@code background}, {@code bull} or {@code distractor}
     * @param start where it starts in the night, seconds (for a bull: its annotated stretch)
     * @param end where it ends
     * @param source the recording it comes from
     * @param sourceOffset where in that recording, seconds
     * @param gain the gain applied to it
     * @param snrDb its SNR against the bed (NaN for a bed segment)
     */
    public record Event(String kind, double start, double end, String source, double sourceOffset,
            double gain, double snrDb) {
    }

    private record Segment(int source, long start, long length, long offset, double gain) {
    }

    private record Placed(String kind, Clip clip, long start, double gain, double snrDb) {
    }

    private final Settings settings;
    private final SiteBackground background;
    private final List<Segment> bed;
    private final List<Placed> placed;
    private final long crossfade;

    private NightComposer(Settings settings, SiteBackground background, List<Segment> bed, List<Placed> placed) {
        this.settings = settings;
        this.background = background;
        this.bed = bed;
        this.placed = placed;
        this.crossfade = Math.round(settings.crossfadeSeconds() * settings.sampleRate());
    }

    /**
     * Plans a night.
     *
     * @param settings what it is made of
     * @param background the site's background recordings
     * @param bulls the bull clips, at least one when {@code bullsPerHour > 0}
     * @param distractors the distractor clips, at least one when {@code distractorsPerHour > 0}
     * @param seed the seed of every random choice
     * @return the plan, ready to render
     * @throws IOException if a recording cannot be read
     * @throws IllegalArgumentException if a source has another sample rate, or no background
     *     recording has a stretch free of annotated bulls long enough for a segment
     */
    public static NightComposer plan(Settings settings, SiteBackground background, List<Clip> bulls,
            List<Clip> distractors, long seed) throws IOException {
        Objects.requireNonNull(settings, "settings");
        for (ComposeSource s : background.sources()) {
            checkRate(settings, s.name(), s.audio());
        }
        for (Clip c : concat(bulls, distractors)) {
            checkRate(settings, c.name(), c.audio());
        }
        if (settings.bullsPerHour() > 0 && bulls.isEmpty() || settings.distractorsPerHour() > 0 && distractors.isEmpty()) {
            throw new IllegalArgumentException("bulls or distractors are asked for, but there is no clip of them");
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<Segment> bed = bed(settings, background, random.split());
        NightComposer plan = new NightComposer(settings, background, bed, new ArrayList<>());
        plan.place("bull", bulls, settings.bullsPerHour(), true, random.split());
        plan.place("distractor", distractors, settings.distractorsPerHour(), false, random.split());
        plan.placed.sort((a, b) -> Long.compare(a.start(), b.start()));
        return plan;
    }

    private static void checkRate(Settings settings, String name, AudioSource a) {
        if (a.sampleRate() != settings.sampleRate()) {
            throw new IllegalArgumentException(name + " is at " + a.sampleRate() + " Hz, the night at "
                    + settings.sampleRate() + " Hz (resample it first)");
        }
    }

    private static List<Clip> concat(List<Clip> a, List<Clip> b) {
        List<Clip> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static List<Segment> bed(Settings s, SiteBackground bg, SplittableRandom r) {
        int rate = s.sampleRate();
        long total = s.frames();
        long fade = Math.round(s.crossfadeSeconds() * rate);
        long minLength = Math.round(s.minSegmentSeconds() * rate);
        List<Segment> out = new ArrayList<>();
        long t = 0;
        while (t < total) {
            Segment seg = null;
            long wanted = Math.round((s.minSegmentSeconds()
                    + r.nextDouble() * (s.maxSegmentSeconds() - s.minSegmentSeconds())) * rate);
            int first = r.nextInt(bg.size());
            // where no stretch that long is clear (a background with many stretches to avoid), shorter
            // ones, halving down to the shortest segment, before giving up
            for (long tried = wanted; seg == null; tried = Math.max(minLength, tried / 2)) {
                for (int i = 0; i < bg.size() && seg == null; i++) {
                    int k = (first + i) % bg.size();
                    long frames = bg.sources().get(k).audio().frames();
                    long length = Math.min(tried, frames);
                    if (length <= 2 * fade || length < Math.min(minLength, frames)) {
                        continue;
                    }
                    for (int attempt = 0; attempt < 64; attempt++) {
                        long offset = frames == length ? 0 : r.nextLong(frames - length + 1);
                        if (bg.clear(k, offset, offset + length, AVOID_MARGIN)) {
                            seg = new Segment(k, t, length, offset, bg.gain(k));
                            break;
                        }
                    }
                }
                if (tried <= minLength) {
                    break;
                }
            }
            if (seg == null) {
                throw new IllegalArgumentException("site " + bg.site() + ": no background recording has "
                        + String.format(Locale.ROOT, "%.1f", Math.min(wanted, minLength) / (double) rate)
                        + " s free of annotated bulls (and longer than two crossfades)");
            }
            out.add(seg);
            t += seg.length() - fade;
        }
        return out;
    }

    private void place(String kind, List<Clip> clips, double perHour, boolean noOverlap, SplittableRandom r)
            throws IOException {
        if (perHour <= 0) {
            return;
        }
        int rate = settings.sampleRate();
        double meanGap = 3600 / perHour;
        double t = -meanGap * Math.log(1 - r.nextDouble());
        // each clip's own RMS, measured the first time it is drawn
        double[] ownRms = new double[clips.size()];
        Arrays.fill(ownRms, Double.NaN);
        while (true) {
            int k = r.nextInt(clips.size());
            Clip c = clips.get(k);
            double snr = settings.snrLowDb() + r.nextDouble() * (settings.snrHighDb() - settings.snrLowDb());
            long start = Math.round(t * rate);
            if (start + c.length() > settings.frames()) {
                break;
            }
            long eventFrom = start + Math.round(c.eventStart() * rate);
            long eventTo = start + Math.round(c.eventEnd() * rate);
            double bedRms = Math.max(BED_FLOOR, rms(bedSamples(eventFrom, (int) (eventTo - eventFrom))));
            if (Double.isNaN(ownRms[k])) {
                ownRms[k] = eventRms(c);
            }
            double eventRms = ownRms[k];
            if (eventRms > 0) {
                double gain = bedRms / eventRms * Math.pow(10, snr / 20);
                placed.add(new Placed(kind, c, start, gain, snr));
            }
            t += (noOverlap ? c.length() / (double) rate : 0) - meanGap * Math.log(1 - r.nextDouble());
        }
    }

    /**
     * The RMS of a clip's event without the background it was recorded in: the event stretch's mean
     * power less the noise power of its margins (the quieter margin where it has two of at least
     * {@link #MIN_MARGIN} s, so that another sound in one margin does not count as noise), floored at
     * {@link #EVENT_POWER_FLOOR} of the stretch's power; a clip without such a margin (a whole
     * recording) is taken as it is.
     */
    private double eventRms(Clip c) throws IOException {
        int rate = settings.sampleRate();
        int eventFrom = (int) Math.round(c.eventStart() * rate);
        int eventTo = (int) Math.round(c.eventEnd() * rate);
        double stretch = rms(c.audio().readFrames(c.from() + eventFrom, eventTo - eventFrom));
        int minMargin = (int) Math.round(MIN_MARGIN * rate);
        double noise = Double.POSITIVE_INFINITY;
        if (eventFrom >= minMargin) {
            noise = rms(c.audio().readFrames(c.from(), eventFrom));
        }
        if (c.length() - eventTo >= minMargin) {
            noise = Math.min(noise, rms(c.audio().readFrames(c.from() + eventTo, c.length() - eventTo)));
        }
        if (Double.isInfinite(noise)) {
            return stretch;
        }
        double power = stretch * stretch;
        return Math.sqrt(Math.max(power - noise * noise, EVENT_POWER_FLOOR * power));
    }

    private static double rms(float[] x) {
        double sum = 0;
        for (float v : x) {
            sum += (double) v * v;
        }
        return x.length == 0 ? 0 : Math.sqrt(sum / x.length);
    }

    /** The bed's samples {@code [from, from + count)}. */
    private float[] bedSamples(long from, int count) throws IOException {
        float[] out = new float[count];
        long to = from + count;
        for (int i = 0; i < bed.size(); i++) {
            Segment s = bed.get(i);
            long a = Math.max(from, s.start());
            long b = Math.min(to, s.start() + s.length());
            if (a >= b) {
                continue;
            }
            float[] x = background.sources().get(s.source()).audio().readFrames(s.offset() + (a - s.start()), (int) (b - a));
            boolean fadeIn = i > 0;
            boolean fadeOut = i < bed.size() - 1;
            for (int j = 0; j < x.length; j++) {
                long p = a + j - s.start();
                double g = s.gain();
                if (fadeIn && p < crossfade) {
                    g *= Math.sin(Math.PI / 2 * (p + 0.5) / crossfade);
                }
                long fromEnd = s.length() - 1 - p;
                if (fadeOut && fromEnd < crossfade) {
                    g *= Math.sin(Math.PI / 2 * (fromEnd + 0.5) / crossfade);
                }
                out[(int) (a - from) + j] += (float) (g * x[j]);
            }
        }
        return out;
    }

    /**
     * Renders the night's samples {@code [from, from + count)}: the bed plus every clip over it.
     * Values may exceed full scale where loud events pile up; a 16-bit writer clips them.
     *
     * @param from the first sample
     * @param count how many
     * @return the samples
     * @throws IOException if a recording cannot be read
     */
    public float[] render(long from, int count) throws IOException {
        float[] out = bedSamples(from, count);
        long to = from + count;
        for (Placed p : placed) {
            long a = Math.max(from, p.start());
            long b = Math.min(to, p.start() + p.clip().length());
            if (a >= b) {
                continue;
            }
            float[] x = p.clip().audio().readFrames(p.clip().from() + (a - p.start()), (int) (b - a));
            for (int j = 0; j < x.length; j++) {
                out[(int) (a - from) + j] += (float) (p.gain() * x[j]);
            }
        }
        return out;
    }

    /** @return the night's settings */
    public Settings settings() {
        return settings;
    }

    /** @return the bulls' annotated stretches in the night, in order */
    public List<Annotation> bulls() {
        List<Annotation> out = new ArrayList<>();
        for (Placed p : placed) {
            if (p.kind().equals("bull")) {
                double s = p.start() / (double) settings.sampleRate();
                out.add(new Annotation(s + p.clip().eventStart(), s + p.clip().eventEnd(), "bull"));
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** @return every bed segment and clip with its source, offset, gain and SNR, in order of start */
    public List<Event> events() {
        double rate = settings.sampleRate();
        List<Event> out = new ArrayList<>();
        for (Segment s : bed) {
            out.add(new Event("background", s.start() / rate, Math.min(settings.seconds(),
                    (s.start() + s.length()) / rate), background.sources().get(s.source()).name(),
                    s.offset() / rate, s.gain(), Double.NaN));
        }
        for (Placed p : placed) {
            double s = p.start() / rate;
            boolean bull = p.kind().equals("bull");
            out.add(new Event(p.kind(), s + (bull ? p.clip().eventStart() : 0),
                    s + (bull ? p.clip().eventEnd() : p.clip().length() / rate), p.clip().name(),
                    p.clip().from() / rate + (bull ? p.clip().eventStart() : 0), p.gain(), p.snrDb()));
        }
        out.sort((a, b) -> Double.compare(a.start(), b.start()));
        return Collections.unmodifiableList(out);
    }

    /**
     * Writes the night in {@code bull synth}'s layout: {@code BASE.wav} (16-bit mono, rendered
     * block by block), {@code BASE.txt} (its bulls as Audacity labels) and {@code BASE.events.tsv}
     * (every bed segment and clip: kind, start, end, source, source offset, gain, SNR).
     *
     * @param base the path without extension (its folder is created)
     * @throws IOException if a source cannot be read or a file cannot be written
     */
    public void write(Path base) throws IOException {
        Path parent = base.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path wav = base.resolveSibling(base.getFileName() + ".wav");
        long frames = settings.frames();
        try (WavWriter w = WavWriter.create(wav, settings.sampleRate(), 1, SampleEncoding.PCM_SIGNED_16)) {
            for (long at = 0; at < frames; at += BLOCK) {
                int n = (int) Math.min(BLOCK, frames - at);
                w.write(render(at, n), 0, n);
            }
        }
        AudacityLabels.write(base.resolveSibling(base.getFileName() + ".txt"), bulls());
        TextFiles.writeAtomically(base.resolveSibling(base.getFileName() + ".events.tsv"), out -> {
            out.write("kind\tstart\tend\tsource\tsource_offset\tgain\tsnr_db\n");
            for (Event e : events()) {
                out.write(String.format(Locale.ROOT, "%s\t%.6f\t%.6f\t%s\t%.6f\t%.6f\t%s%n", e.kind(), e.start(),
                        e.end(), e.source(), e.sourceOffset(), e.gain(),
                        Double.isNaN(e.snrDb()) ? "" : String.format(Locale.ROOT, "%.2f", e.snrDb())));
            }
        });
    }
}
