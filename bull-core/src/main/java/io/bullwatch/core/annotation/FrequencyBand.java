package io.bullwatch.core.annotation;

/**
 * The frequency extent of a spectral selection, as Raven's {@code Low Freq (Hz)} /
 * {@code High Freq (Hz)} columns or Audacity's spectral-label lines hold it.
 *
 * @param lowHz lower bound in hertz, finite and {@code >= 0}
 * @param highHz upper bound in hertz, finite and {@code >= lowHz}
 */
public record FrequencyBand(double lowHz, double highHz) {

    /** Validates the bounds. */
    public FrequencyBand {
        if (!Double.isFinite(lowHz) || !Double.isFinite(highHz)) {
            throw new IllegalArgumentException(
                    "frequencies must be finite, got low=" + lowHz + " Hz, high=" + highHz + " Hz");
        }
        if (lowHz < 0) {
            throw new IllegalArgumentException("low frequency must be >= 0 Hz, got " + lowHz);
        }
        if (highHz < lowHz) {
            throw new IllegalArgumentException("high frequency (" + highHz
                    + " Hz) must not be below the low frequency (" + lowHz + " Hz)");
        }
    }
}
