package io.bullwatch.features.augment;

import io.bullwatch.features.mel.MelSpectrogram;
import java.util.Objects;

/**
 * A level change of {@code g} dB, {@code g} drawn uniformly from {@code [minDb, maxDb]}, applied
 * as the values' {@link FeatureDomain} requires: linear power times {@code 10^(g/10)}, magnitude
 * times {@code 10^(g/20)}, dB plus {@code g}, log power plus {@code g ln(10)/10}, log magnitude
 * plus {@code g ln(10)/20}. On log features the offset is exact only where the value is well
 * above the log's epsilon; on dB features a {@code topDb} floor moves with the gain.
 *
 * @param minDb the lowest gain in dB
 * @param maxDb the highest gain in dB, {@code >= minDb}
 * @param domain what the values are
 */
public record Gain(double minDb, double maxDb, FeatureDomain domain) implements SpectrogramAugmentation {

    /** Validates the range. */
    public Gain {
        Objects.requireNonNull(domain, "domain");
        if (!Double.isFinite(minDb) || !Double.isFinite(maxDb) || minDb > maxDb) {
            throw new IllegalArgumentException("gain range must be finite with min <= max, got [" + minDb + ", "
                    + maxDb + "] dB");
        }
    }

    /**
     * The gain a context draws.
     *
     * @param context the source of randomness
     * @return the gain in dB, in {@code [minDb, maxDb]}
     */
    public double draw(AugmentContext context) {
        return minDb == maxDb ? minDb : minDb + (maxDb - minDb) * context.random().nextDouble();
    }

    @Override
    public TrainingSample apply(TrainingSample sample, AugmentContext context) {
        if (minDb == 0 && maxDb == 0) {
            return sample;
        }
        double g = draw(context);
        MelSpectrogram m = sample.mel();
        float[] v = m.values().clone();
        double ln10 = Math.log(10);
        switch (domain) {
            case LINEAR_POWER -> scale(v, Math.pow(10, g / 10));
            case LINEAR_AMPLITUDE -> scale(v, Math.pow(10, g / 20));
            case DB -> offset(v, g);
            case LOG_POWER -> offset(v, g * ln10 / 10);
            case LOG_AMPLITUDE -> offset(v, g * ln10 / 20);
            default -> throw new AssertionError(domain);
        }
        return sample.withMel(new MelSpectrogram(m.mels(), m.frames(), v));
    }

    private static void scale(float[] v, double factor) {
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (v[i] * factor);
        }
    }

    private static void offset(float[] v, double add) {
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (v[i] + add);
        }
    }
}
