package io.bullwatch.models.train;

import java.util.Locale;

/**
 * Hard-negative mining for the balanced sampler ({@link Imbalance#BALANCED_SAMPLER}): at the start
 * of every epoch after the first, {@code pool} no-bull training windows drawn at random are scored
 * with the network as it stands, and {@code share} of the epoch's no-bull draws come from the
 * highest-scoring quarter of them (the rest stay uniform over all no-bull windows).
 *
 * <p>Why: the balanced sampler shows each bull window many times but each no-bull window only a
 * few times per run, if at all, and the no-bull windows that matter are the few that sound like a bull (a
 * fish jump with a splash or two, a burst of handling noise). Drawing those more often spends the
 * training where the network is wrong, without a loss weight to tune. The pool is chosen from the
 * seed and the epoch and scored in inference mode, so a run stays reproducible and a resumed run
 * stays exact. Cost: {@code pool} forward passes per epoch.
 *
 * @param share the share of no-bull draws taken from the hard quarter of the pool, in [0, 1); 0
 *     for none
 * @param pool no-bull windows scored per epoch, {@code >= 4}
 */
public record HardNegatives(double share, int pool) {

    /** The pool used when only a share is given. */
    public static final int DEFAULT_POOL = 1024;

    /** Validates. */
    public HardNegatives {
        if (!(share >= 0 && share < 1)) {
            throw new IllegalArgumentException("the hard-negative share must be in [0, 1), got " + share);
        }
        if (pool < 4) {
            throw new IllegalArgumentException("the hard-negative pool must be >= 4 windows, got " + pool);
        }
    }

    /** @return no hard-negative mining */
    public static HardNegatives none() {
        return new HardNegatives(0, DEFAULT_POOL);
    }

    /**
     * A share with the default pool.
     *
     * @param share in [0, 1)
     * @return the setting
     */
    public static HardNegatives of(double share) {
        return new HardNegatives(share, DEFAULT_POOL);
    }

    /** @return whether mining is on */
    public boolean enabled() {
        return share > 0;
    }

    /** @return how many of the pool's windows count as hard: a quarter, at least 1 */
    public int hardCount() {
        return Math.max(1, pool / 4);
    }

    /**
     * Parses the command line's form {@code SHARE} or {@code SHARE:POOL}, e.g. {@code 0.5} or
     * {@code 0.5:2048}; {@code 0} or {@code none} for none.
     *
     * @param text the text
     * @return the setting
     * @throws IllegalArgumentException if malformed or out of range, saying what was expected
     */
    public static HardNegatives parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("none")) {
            return none();
        }
        String[] parts = t.split(":", -1);
        try {
            if (parts.length == 1) {
                return of(Double.parseDouble(parts[0]));
            }
            if (parts.length == 2) {
                return new HardNegatives(Double.parseDouble(parts[0]), Integer.parseInt(parts[1]));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hard negatives '" + text + "': " + (e instanceof NumberFormatException
                    ? "not a number" : e.getMessage()) + "; expected SHARE or SHARE:POOL, e.g. 0.5 or 0.5:2048");
        }
        throw new IllegalArgumentException("hard negatives '" + text
                + "': expected SHARE or SHARE:POOL, e.g. 0.5 or 0.5:2048");
    }

    /** @return a short description for logs and bundles */
    public String describe() {
        return enabled() ? String.format(Locale.ROOT,
                "%.2f of no-bull draws from the top quarter of %d scored per epoch", share, pool) : "none";
    }
}
