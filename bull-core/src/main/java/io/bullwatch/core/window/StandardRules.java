package io.bullwatch.core.window;

import io.bullwatch.core.annotation.Annotation;
import java.util.Locale;
import java.util.Objects;

/** The rules behind {@link LabelRule}'s factories; values, so equal settings compare equal. */
final class StandardRules {

    private StandardRules() {
    }

    /** Whether a zero-length event lies inside the closed window. */
    static boolean pointInside(double ws, double we, Annotation event) {
        return ws <= event.start() && event.start() <= we;
    }

    static WindowLabel bullIf(boolean positive) {
        return positive ? WindowLabel.BULL : WindowLabel.NO_BULL;
    }

    /** The seed's rule: start or end inside the closed window. */
    enum SeedTouches implements LabelRule {
        INSTANCE;

        @Override
        public WindowLabel label(double ws, double we, Annotation event) {
            boolean startInside = ws <= event.start() && event.start() <= we;
            boolean endInside = ws <= event.end() && event.end() <= we;
            return bullIf(startInside || endInside);
        }

        @Override
        public String toString() {
            return "seedTouches()";
        }
    }

    /** Any overlap of positive length. */
    enum AnyOverlap implements LabelRule {
        INSTANCE;

        @Override
        public WindowLabel label(double ws, double we, Annotation event) {
            if (event.duration() == 0) {
                return bullIf(pointInside(ws, we, event));
            }
            return bullIf(event.overlapSeconds(ws, we) > 0);
        }

        @Override
        public String toString() {
            return "anyOverlap()";
        }
    }

    /** At least {@code seconds} of overlap, or the whole event when shorter. */
    record MinOverlap(double seconds) implements LabelRule {
        MinOverlap {
            if (!Double.isFinite(seconds) || seconds <= 0) {
                throw new IllegalArgumentException(
                        "minimum overlap must be a finite number of seconds > 0, got " + seconds);
            }
        }

        @Override
        public WindowLabel label(double ws, double we, Annotation event) {
            if (event.duration() == 0) {
                return bullIf(pointInside(ws, we, event));
            }
            double overlap = event.overlapSeconds(ws, we);
            return bullIf(overlap > 0 && overlap >= Math.min(seconds, event.duration()));
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "minOverlapSeconds(%s)", seconds);
        }
    }

    /** At least {@code fraction} of the event inside the window. */
    record MinFraction(double fraction) implements LabelRule {
        MinFraction {
            if (!(fraction > 0 && fraction <= 1)) {
                throw new IllegalArgumentException(
                        "minimum event fraction must be in (0, 1], got " + fraction);
            }
        }

        @Override
        public WindowLabel label(double ws, double we, Annotation event) {
            if (event.duration() == 0) {
                return bullIf(pointInside(ws, we, event));
            }
            return bullIf(event.overlapSeconds(ws, we) / event.duration() >= fraction);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "minEventFraction(%s)", fraction);
        }
    }

    /** A base rule whose negatives with more than {@code seconds} of overlap become ambiguous. */
    record AmbiguousOverlap(LabelRule base, double seconds) implements LabelRule {
        AmbiguousOverlap {
            Objects.requireNonNull(base, "base");
            if (!Double.isFinite(seconds) || seconds < 0) {
                throw new IllegalArgumentException(
                        "ambiguous band lower bound must be a finite number of seconds >= 0, got "
                                + seconds);
            }
        }

        @Override
        public WindowLabel label(double ws, double we, Annotation event) {
            WindowLabel label = base.label(ws, we, event);
            if (label == WindowLabel.NO_BULL && event.overlapSeconds(ws, we) > seconds) {
                return WindowLabel.AMBIGUOUS;
            }
            return label;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s.withAmbiguousOverlapAbove(%s)", base, seconds);
        }
    }

    /** A base rule whose negatives holding more than {@code fraction} of the event become ambiguous. */
    record AmbiguousFraction(LabelRule base, double fraction) implements LabelRule {
        AmbiguousFraction {
            Objects.requireNonNull(base, "base");
            if (!(fraction >= 0 && fraction < 1)) {
                throw new IllegalArgumentException(
                        "ambiguous band lower bound must be a fraction in [0, 1), got " + fraction);
            }
        }

        @Override
        public WindowLabel label(double ws, double we, Annotation event) {
            WindowLabel label = base.label(ws, we, event);
            if (label == WindowLabel.NO_BULL && event.duration() > 0
                    && event.overlapSeconds(ws, we) / event.duration() > fraction) {
                return WindowLabel.AMBIGUOUS;
            }
            return label;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s.withAmbiguousFractionAbove(%s)", base, fraction);
        }
    }
}
