package io.bullwatch.core.window;

/**
 * Window length and hop, in seconds.
 *
 * <p>Windows of {@code lengthSeconds} start every {@code hopSeconds}; consecutive windows overlap
 * by {@code lengthSeconds - hopSeconds}. The hop may not exceed the length, so that every second of
 * a recording lies inside at least one window.
 *
 * @param lengthSeconds window length in seconds, finite and {@code > 0}
 * @param hopSeconds distance between the starts of consecutive windows in seconds, finite,
 *     {@code > 0} and {@code <= lengthSeconds}
 */
public record WindowSpec(double lengthSeconds, double hopSeconds) {

    /** The seed's windows: 15 s every 5 s (10 s overlap). */
    public static final WindowSpec SEED = new WindowSpec(15.0, 5.0);

    /** Validates length and hop. */
    public WindowSpec {
        if (!Double.isFinite(lengthSeconds) || lengthSeconds <= 0) {
            throw new IllegalArgumentException(
                    "window length must be a finite number of seconds > 0, got " + lengthSeconds);
        }
        if (!Double.isFinite(hopSeconds) || hopSeconds <= 0) {
            throw new IllegalArgumentException(
                    "window hop must be a finite number of seconds > 0, got " + hopSeconds);
        }
        if (hopSeconds > lengthSeconds) {
            throw new IllegalArgumentException("window hop (" + hopSeconds
                    + " s) must not exceed the window length (" + lengthSeconds
                    + " s): a larger hop leaves stretches of the recording in no window");
        }
    }

    /**
     * The seed's windows, 15 s every 5 s.
     *
     * @return {@link #SEED}
     */
    public static WindowSpec defaults() {
        return SEED;
    }

    /**
     * Windows of a given length and hop.
     *
     * @param lengthSeconds window length in seconds
     * @param hopSeconds hop in seconds
     * @return the spec
     */
    public static WindowSpec of(double lengthSeconds, double hopSeconds) {
        return new WindowSpec(lengthSeconds, hopSeconds);
    }

    /**
     * Overlap of consecutive windows.
     *
     * @return {@code lengthSeconds - hopSeconds}, in seconds
     */
    public double overlapSeconds() {
        return lengthSeconds - hopSeconds;
    }
}
