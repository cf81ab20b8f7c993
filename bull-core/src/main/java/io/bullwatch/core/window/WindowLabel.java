package io.bullwatch.core.window;

/**
 * The training label of one window.
 */
public enum WindowLabel {

    /** At least one counted event labels the window positive. */
    BULL,

    /** No counted event touches the window enough to matter. */
    NO_BULL,

    /**
     * An event overlaps the window too little to make it a bull window but too much to call it
     * clean background; training may skip such windows.
     */
    AMBIGUOUS;

    /**
     * Whether this is {@link #BULL}.
     *
     * @return {@code true} for {@link #BULL}
     */
    public boolean isBull() {
        return this == BULL;
    }

    /**
     * Whether a window with this label should be used for training.
     *
     * @return {@code false} for {@link #AMBIGUOUS}, {@code true} otherwise
     */
    public boolean isTrainable() {
        return this != AMBIGUOUS;
    }

    /**
     * The label of a window given this label from one event and another label from another event:
     * {@link #BULL} wins over {@link #AMBIGUOUS}, which wins over {@link #NO_BULL}.
     *
     * @param other the other label, not {@code null}
     * @return the stronger of the two labels
     */
    public WindowLabel combine(WindowLabel other) {
        if (this == BULL || other == BULL) {
            return BULL;
        }
        if (this == AMBIGUOUS || other == AMBIGUOUS) {
            return AMBIGUOUS;
        }
        return NO_BULL;
    }
}
