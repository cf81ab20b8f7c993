package io.bullwatch.core.review;

import java.util.SplittableRandom;

/** Gamma, Beta and binomial draws for the count's Monte Carlo, from a seeded generator. */
final class RandomDraws {

    private RandomDraws() {
    }

    /** A Gamma(shape, 1) draw (Marsaglia and Tsang 2000; shape below 1 by boosting). */
    static double gamma(SplittableRandom r, double shape) {
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

    /** A Beta(a, b) draw. */
    static double beta(SplittableRandom r, double a, double b) {
        double x = gamma(r, a);
        double y = gamma(r, b);
        return x + y > 0 ? x / (x + y) : (a >= b ? 1 : 0);
    }

    /** A standard normal draw (Marsaglia's polar method). */
    static double normal(SplittableRandom r) {
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
     */
    static int binomial(SplittableRandom r, int n, double p) {
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
