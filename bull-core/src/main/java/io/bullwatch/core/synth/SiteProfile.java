package io.bullwatch.core.synth;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The acoustic character of one recording site: its background mixture, its microphone and the
 * mix of distractors heard there. Drawn at random from a seed, so every site of a corpus differs.
 *
 * @param name the site name written to the manifest
 * @param levelDbfs RMS level of the background in dBFS when every modulation is at its mean
 * @param flowShare share of the background power from river flow (the rest: wind, hum, mic noise)
 * @param flowLowHz corner of the low, rumbling band of the flow noise
 * @param flowBandHz centre of the mid band ("hiss" of moving water) of the flow noise
 * @param flowBrightness mean share of flow power in the mid band, in {@code [0, 1]}
 * @param flowSwingDb peak swing of the flow level over the night (slow modulation), in dB
 * @param babblePerSecond rate of the small bubble pops in the flow (gurgling)
 * @param babbleHz mean resonance of those bubbles
 * @param windShare share of background power from wind when no gust blows
 * @param gustsPerHour mean number of wind gusts per hour
 * @param rainSpellsPerHour mean number of rain spells (minutes long) per hour
 * @param humShare share of background power from distant road or rail hum
 * @param humHz fundamental of the hum
 * @param micHighPassHz corner of the microphone's high-pass (handling and wind rumble filter)
 * @param micPeakHz centre of the microphone's presence peak or dip
 * @param micPeakDb gain of that peak (negative: a dip)
 * @param micShelfDb gain of the high shelf above 6 kHz (windscreen, capsule roll-off)
 * @param distractorWeights relative rate of each distractor kind at this site (mean 1)
 */
public record SiteProfile(String name, double levelDbfs, double flowShare, double flowLowHz,
        double flowBandHz, double flowBrightness, double flowSwingDb, double babblePerSecond,
        double babbleHz, double windShare, double gustsPerHour, double rainSpellsPerHour,
        double humShare, double humHz, double micHighPassHz, double micPeakHz, double micPeakDb,
        double micShelfDb, Map<EventKind, Double> distractorWeights) {

    /** Validates and copies the weights. */
    public SiteProfile {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("site name must not be blank");
        }
        for (double share : new double[] {flowShare, windShare, humShare, flowBrightness}) {
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("shares must be in [0, 1], got " + share);
            }
        }
        distractorWeights = Map.copyOf(new EnumMap<>(Objects.requireNonNull(distractorWeights, "weights")));
    }

    /**
     * A random site.
     *
     * @param name the site's name
     * @param seed the site's seed; the same seed gives the same site
     * @return the profile
     */
    public static SiteProfile random(String name, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double flow = 0.45 + 0.4 * r.nextDouble();
        double wind = (1 - flow) * (0.2 + 0.6 * r.nextDouble());
        double hum = (1 - flow - wind) * r.nextDouble();
        Map<EventKind, Double> weights = new EnumMap<>(EventKind.class);
        for (EventKind k : EventKind.distractors()) {
            weights.put(k, Math.exp(0.6 * r.nextGaussian()));
        }
        return new SiteProfile(name,
                -48 + 16 * r.nextDouble(),
                flow,
                80 + 300 * r.nextDouble(),
                500 + 2500 * r.nextDouble(),
                0.2 + 0.6 * r.nextDouble(),
                3 + 5 * r.nextDouble(),
                3 + 40 * r.nextDouble(),
                400 + 1600 * r.nextDouble(),
                wind,
                4 + 30 * r.nextDouble(),
                r.nextDouble() < 0.3 ? 0 : 0.2 + 1.0 * r.nextDouble(),
                hum,
                35 + 90 * r.nextDouble(),
                30 + 170 * r.nextDouble(),
                800 + 5000 * r.nextDouble(),
                -6 + 14 * r.nextDouble(),
                -14 + 16 * r.nextDouble(),
                weights);
    }

    /**
     * The relative rate of a distractor kind here.
     *
     * @param kind a distractor kind
     * @return its weight, 0 for {@link EventKind#BULL}
     */
    public double weight(EventKind kind) {
        return distractorWeights.getOrDefault(kind, 0.0);
    }
}
