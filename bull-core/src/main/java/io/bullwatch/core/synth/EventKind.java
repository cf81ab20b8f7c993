package io.bullwatch.core.synth;

/**
 * The kinds of sound event a synthetic night holds: bulls and the distractors that are not bulls.
 */
public enum EventKind {

    /** A shad bull: a burst of splash transients over 1 to 10 s. The only labelled kind. */
    BULL,
    /** A single short plop: a fish jumping or a stone falling in (one or two splash transients). */
    PLOP,
    /** A train of insect stridulation pulses (3 to 9 kHz). */
    INSECT,
    /** A series of frog croaks (pulsed, harmonic, 150 to 600 Hz fundamental). */
    FROG,
    /** Owl hoots (tonal, 280 to 600 Hz, with weak harmonics). */
    OWL,
    /** Bird call notes (frequency-modulated whistles, 2 to 7 kHz). */
    BIRD,
    /** A burst of heavy rain: dense broadband drop clicks for a few seconds. */
    RAIN_BURST,
    /** Handling noise: thumps and rubbing on the microphone or its stand. */
    HANDLING;

    /**
     * Whether this kind is a bull (labelled) rather than a distractor.
     *
     * @return {@code true} for {@link #BULL}
     */
    public boolean isBull() {
        return this == BULL;
    }

    /**
     * The kinds that are not bulls.
     *
     * @return every kind except {@link #BULL}, in declaration order
     */
    public static EventKind[] distractors() {
        EventKind[] all = values();
        EventKind[] out = new EventKind[all.length - 1];
        System.arraycopy(all, 1, out, 0, out.length);
        return out;
    }
}
