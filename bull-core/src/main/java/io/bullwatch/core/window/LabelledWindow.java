package io.bullwatch.core.window;

import java.util.Objects;

/**
 * A window with its label.
 *
 * @param window the window
 * @param label its label
 * @param extra {@code true} for a window that is not on the regular grid but was added, centred on
 *     an event that no regular window labels positive (see
 *     {@link WindowLabeller#withExtraWindows(boolean)}); such windows are always {@link
 *     WindowLabel#BULL}
 */
public record LabelledWindow(Window window, WindowLabel label, boolean extra) {

    /** Checks that window and label are present. */
    public LabelledWindow {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(label, "label");
    }
}
