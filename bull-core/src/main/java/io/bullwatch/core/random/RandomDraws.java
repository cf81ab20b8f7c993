package io.bullwatch.core.random;

import java.util.SplittableRandom;

/**
 * Gamma, Beta, normal and binomial draws from a seeded {@link SplittableRandom}, so that every
 * use (mixup's mixing weights, the bull count's Monte Carlo) is reproducible from its seed.
 */
public final class RandomDraws {

    private RandomDraws() {
    }

    /**
     * A Gamma(shape, 1) draw (Marsaglia and Tsang 2000; a shape below 1 by the boost
     * {@code u^(1/shape)}).
     *
     * @param r the generator
     * @param shape the shape, {@code > 0}
     * @return the draw
     */
    public static double gamma(SplittableRandom r, double shape) {
        if (shape < 1) {
            double u = r.nextDouble();
            return gamma(r, shape + 1) * Math.pow(u, 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x;
            double v;
            do {
                x = normal(r);
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = r.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }

    /**
     * A Beta(a, b) draw, as {@code X / (X + Y)} with {@code X ~ Gamma(a)}, {@code Y ~ Gamma(b)}
     * (the mean {@code a / (a + b)} in the rare case that both are 0 in floating point).
     *
     * @param r the generator
     * @param a the first shape, {@code > 0}
     * @param b the second shape, {@code > 0}
     * @return the draw in [0, 1]
     */
    public static double beta(SplittableRandom r, double a, double b) {
        double x = gamma(r, a);
        double y = gamma(r, b);
        return x + y > 0 ? x / (x + y) : a / (a + b);
    }

    /**
     * A standard normal draw (Marsaglia's polar method, one of the pair).
     *
     * @param r the generator
     * @return the draw
     */
    public static double normal(SplittableRandom r) {
        double u;
        double v;
        double s;
        do {
            u = 2 * r.nextDouble() - 1;
            v = 2 * r.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }

    /**
     * A Binomial(n, p) draw: by inversion where the mean of the rarer outcome is at most 50, else
     * from the normal approximation with continuity correction, clamped to [0, n].
     *
     * @param r the generator
     * @param n trials, {@code >= 0}
     * @param p the chance of each, in [0, 1]
     * @return the number of successes
     */
    public static int binomial(SplittableRandom r, int n, double p) {
        if (n <= 0 || p <= 0) {
            return 0;
        }
        if (p >= 1) {
            return n;
        }
        if (p > 0.5) {
            return n - binomial(r, n, 1 - p);
        }
        if (n * p > 50) {
            double x = Math.floor(n * p + Math.sqrt(n * p * (1 - p)) * normal(r) + 0.5);
            return (int) Math.max(0, Math.min(n, x));
        }
        double q = 1 - p;
        double ratio = p / q;
        double f = Math.exp(n * Math.log1p(-p));
        double u = r.nextDouble();
        int x = 0;
        while (u > f && x < n) {
            u -= f;
            x++;
            f *= ratio * (n - x + 1) / x;
        }
        return x;
    }
}
