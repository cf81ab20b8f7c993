package io.bullwatch.features.augment;

import io.bullwatch.features.mel.MelConfig;
import java.util.Objects;

/**
 * What a spectrogram's values are, so that gain and mixing do the right arithmetic: a gain of
 * {@code g} dB multiplies linear power by {@code 10^(g/10)} and amplitude by {@code 10^(g/20)},
 * adds {@code g} to dB values and {@code g ln(10) / 10} ({@code / 20}) to natural logs of power
 * (amplitude).
 */
public enum FeatureDomain {
    /** Linear power ({@code power = 2}, linear scale): the seed's features. */
    LINEAR_POWER,
    /** Linear magnitude ({@code power = 1}, linear scale). */
    LINEAR_AMPLITUDE,
    /** Decibels ({@code 10 log10} of power or {@code 20 log10} of magnitude). */
    DB,
    /** {@code ln(power + epsilon)}. */
    LOG_POWER,
    /** {@code ln(magnitude + epsilon)}. */
    LOG_AMPLITUDE;

    /**
     * The domain of the features a configuration produces.
     *
     * @param config the mel configuration
     * @return its domain
     */
    public static FeatureDomain of(MelConfig config) {
        Objects.requireNonNull(config, "config");
        boolean power = config.power() == 2;
        return switch (config.scale()) {
            case LINEAR -> power ? LINEAR_POWER : LINEAR_AMPLITUDE;
            case DB -> DB;
            case LOG -> power ? LOG_POWER : LOG_AMPLITUDE;
        };
    }

    /**
     * Whether values are linear (power or magnitude), where energies add.
     *
     * @return {@code true} for the linear domains
     */
    public boolean linear() {
        return this == LINEAR_POWER || this == LINEAR_AMPLITUDE;
    }
}
