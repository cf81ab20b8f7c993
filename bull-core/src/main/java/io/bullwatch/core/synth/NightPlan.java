package io.bullwatch.core.synth;

import io.bullwatch.core.annotation.Annotation;
import io.bullwatch.core.corpus.Split;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Everything that happens in one synthetic night, decided before any sample is made: the site,
 * the length, and every bull and distractor with its time, duration and loudness. Rendering it
 * ({@link NightRenderer}) is a pure function of the plan.
 *
 * @param name the recording's path in the corpus without extension, such as
 *     {@code site01/site01-night01}
 * @param site the site profile
 * @param split the split of the site
 * @param frames length in frames
 * @param sampleRate sample rate in Hz
 * @param seed the night's seed (background and events derive their streams from it)
 * @param events every event, sorted by start
 */
public record NightPlan(String name, SiteProfile site, Split split, long frames, int sampleRate, long seed,
        List<SynthEvent> events) {

    /** Label written for bulls in the annotation files. */
    public static final String BULL_LABEL = "bull";

    /** Base shares of the distractor kinds before the site's weights. */
    private static final double[] BASE_SHARE = {0.35, 0.12, 0.10, 0.07, 0.12, 0.12, 0.12};

    /** Validates and copies. */
    public NightPlan {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(split, "split");
        events = List.copyOf(events);
        if (frames <= 0 || sampleRate <= 0) {
            throw new IllegalArgumentException("frames and sample rate must be > 0");
        }
    }

    /**
     * The site names of a corpus: {@code site01}, {@code site02}, ...
     *
     * @param index zero-based site index
     * @return the name
     */
    public static String siteName(int index) {
        return String.format(Locale.ROOT, "site%02d", index + 1);
    }

    /**
     * The split of a site: with 3 or more sites the last is test, the one before it validation and
     * the rest train; with 2 sites the second is test; a single site is train.
     *
     * @param index zero-based site index
     * @param sites number of sites
     * @return the split
     */
    public static Split splitOf(int index, int sites) {
        if (sites >= 2 && index == sites - 1) {
            return Split.TEST;
        }
        if (sites >= 3 && index == sites - 2) {
            return Split.VALIDATION;
        }
        return Split.TRAIN;
    }

    /**
     * The profile of one site of a corpus.
     *
     * @param config the corpus configuration (its seed)
     * @param siteIndex zero-based site index
     * @return the profile, the same for the same seed and index
     */
    public static SiteProfile site(SynthConfig config, int siteIndex) {
        return SiteProfile.random(siteName(siteIndex), Seeds.derive(config.seed(), Seeds.SITE, siteIndex));
    }

    /**
     * Plans recording {@code index} of a corpus.
     *
     * @param config the corpus configuration
     * @param index zero-based recording index, below {@link SynthConfig#recordings()}
     * @return the plan
     */
    public static NightPlan of(SynthConfig config, int index) {
        if (index < 0 || index >= config.recordings()) {
            throw new IllegalArgumentException("recording index must be 0 to " + (config.recordings() - 1)
                    + ", got " + index);
        }
        int siteIndex = index % config.sites();
        int night = index / config.sites();
        SiteProfile site = site(config, siteIndex);
        String name = String.format(Locale.ROOT, "%s/%s-night%02d", site.name(), site.name(), night + 1);
        long seed = Seeds.derive(config.seed(), Seeds.NIGHT, siteIndex, night);
        return of(config, site, splitOf(siteIndex, config.sites()), name, config.recordingFrames(), seed);
    }

    /**
     * Plans a night at a given site (for tests and pictures).
     *
     * @param config rates and loudness ranges
     * @param site the site
     * @param split the split written to the manifest
     * @param name the recording's name without extension
     * @param frames length in frames
     * @param seed the night's seed
     * @return the plan
     */
    public static NightPlan of(SynthConfig config, SiteProfile site, Split split, String name, long frames, long seed) {
        double rate = config.sampleRate();
        double seconds = frames / rate;
        SplittableRandom r = new SplittableRandom(Seeds.derive(seed, Seeds.PLAN));
        List<SynthEvent> events = new ArrayList<>();
        planBulls(config, seconds, r, events);
        planDistractors(config, site, seconds, r, events);
        events.sort(Comparator.comparingDouble(SynthEvent::start).thenComparing(SynthEvent::kind));
        List<SynthEvent> seeded = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            SynthEvent e = events.get(i);
            seeded.add(new SynthEvent(e.kind(), e.start(), e.duration(), e.snrDb(), Seeds.derive(seed, Seeds.EVENT, i)));
        }
        return new NightPlan(name, site, split, frames, config.sampleRate(), seed, seeded);
    }

    /**
     * Bulls: the night alternates quiet periods (mean 30 min, a tenth of the mean rate) and active
     * periods (mean 15 min, the rest of the rate); bulls never overlap; durations are normal with
     * mean 4.5 s and sd 2.2 s, clipped to 1-10 s.
     */
    private static void planBulls(SynthConfig config, double seconds, SplittableRandom r, List<SynthEvent> out) {
        if (config.bullsPerHour() <= 0) {
            return;
        }
        double quietMean = 1800;
        double activeMean = 900;
        double activeShare = activeMean / (quietMean + activeMean);
        double quietRate = 0.1 * config.bullsPerHour() / 3600;
        double activeRate = (config.bullsPerHour() / 3600 - (1 - activeShare) * quietRate) / activeShare;
        boolean active = r.nextDouble() < activeShare;
        double periodEnd = exp(r, active ? activeMean : quietMean) * r.nextDouble();
        double t = 0;
        double lastEnd = -1;
        while (t < seconds) {
            double rateNow = active ? activeRate : quietRate;
            double next = t + exp(r, 1 / rateNow);
            if (next >= periodEnd) {
                t = periodEnd;
                active = !active;
                periodEnd = t + exp(r, active ? activeMean : quietMean);
                continue;
            }
            t = next;
            double d = Math.min(10, Math.max(1, 4.5 + 2.2 * r.nextGaussian()));
            double snr = Sounds.uniform(r, config.bullSnrMinDb(), config.bullSnrMaxDb());
            double start = Math.max(t, lastEnd + 1.0);
            if (start + d > seconds - 0.05) {
                break;
            }
            out.add(new SynthEvent(EventKind.BULL, start, d, snr, 0));
            lastEnd = start + d;
            t = lastEnd;
        }
    }

    private static void planDistractors(SynthConfig config, SiteProfile site, double seconds, SplittableRandom r,
            List<SynthEvent> out) {
        EventKind[] kinds = EventKind.distractors();
        double norm = 0;
        for (int k = 0; k < kinds.length; k++) {
            norm += BASE_SHARE[k] * site.weight(kinds[k]);
        }
        for (int k = 0; k < kinds.length; k++) {
            double perHour = config.distractorsPerHour() * BASE_SHARE[k] * site.weight(kinds[k]) / norm;
            if (!(perHour > 0)) {
                continue;
            }
            double t = 0;
            while (true) {
                t += exp(r, 3600 / perHour);
                if (t >= seconds) {
                    break;
                }
                double d = Sounds.distractorDuration(kinds[k], r);
                double snr = Sounds.uniform(r, config.distractorSnrMinDb(), config.distractorSnrMaxDb());
                if (t + d <= seconds - 0.05) {
                    out.add(new SynthEvent(kinds[k], t, d, snr, 0));
                }
            }
        }
    }

    private static double exp(SplittableRandom r, double mean) {
        return -Math.log(1 - r.nextDouble()) * mean;
    }

    /**
     * The recording's length.
     *
     * @return frames divided by the sample rate, in seconds
     */
    public double seconds() {
        return frames / (double) sampleRate;
    }

    /**
     * The bulls of the night as annotations, labelled {@value #BULL_LABEL}.
     *
     * @return one annotation per bull, sorted by start
     */
    public List<Annotation> bullLabels() {
        List<Annotation> out = new ArrayList<>();
        for (SynthEvent e : events) {
            if (e.kind().isBull()) {
                out.add(new Annotation(e.start(), e.end(), BULL_LABEL));
            }
        }
        return out;
    }
}
