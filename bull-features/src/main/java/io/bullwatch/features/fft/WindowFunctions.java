package io.bullwatch.features.fft;

/**
 * Analysis windows as {@code float[]}, with the same definitions as PyTorch.
 *
 * <p>A <em>periodic</em> window of length {@code N} is the first {@code N} points of a symmetric
 * window of length {@code N + 1}: {@code w[n] = a - (1 - a) cos(2 pi n / N)}. This is the default
 * of {@code torch.hann_window} and {@code torch.hamming_window} (and so of {@code torch.stft} and
 * torchaudio), and the right choice for spectral analysis with overlapping frames. A
 * <em>symmetric</em> window uses {@code N - 1} in the denominator, so that {@code w[0] = w[N-1]};
 * it is the usual choice for filter design. As in PyTorch, a window of length 1 is {@code [1]} and
 * a window of length 0 is empty. Values are computed in {@code double} and rounded once.
 */
public final class WindowFunctions {

    private static final double HANN_A = 0.5;
    private static final double HAMMING_A = 0.54;

    private WindowFunctions() {}

    /**
     * The periodic Hann window, {@code w[n] = 0.5 - 0.5 cos(2 pi n / N)}, as {@code
     * torch.hann_window(N)} returns it.
     *
     * @param length the number of points {@code N >= 0}
     * @return a new array of {@code length} values in {@code [0, 1]}
     * @throws IllegalArgumentException if {@code length < 0}
     */
    public static float[] hann(int length) {
        return cosine(length, HANN_A, true);
    }

    /**
     * The symmetric Hann window, {@code w[n] = 0.5 - 0.5 cos(2 pi n / (N - 1))}, as {@code
     * torch.hann_window(N, periodic=False)} returns it.
     *
     * @param length the number of points {@code N >= 0}
     * @return a new array of {@code length} values in {@code [0, 1]}, zero at both ends when
     *     {@code N > 1}
     * @throws IllegalArgumentException if {@code length < 0}
     */
    public static float[] hannSymmetric(int length) {
        return cosine(length, HANN_A, false);
    }

    /**
     * The periodic Hamming window, {@code w[n] = 0.54 - 0.46 cos(2 pi n / N)}, as {@code
     * torch.hamming_window(N)} returns it.
     *
     * @param length the number of points {@code N >= 0}
     * @return a new array of {@code length} values in {@code [0.08, 1]}
     * @throws IllegalArgumentException if {@code length < 0}
     */
    public static float[] hamming(int length) {
        return cosine(length, HAMMING_A, true);
    }

    /**
     * The symmetric Hamming window, {@code w[n] = 0.54 - 0.46 cos(2 pi n / (N - 1))}, as {@code
     * torch.hamming_window(N, periodic=False)} returns it.
     *
     * @param length the number of points {@code N >= 0}
     * @return a new array of {@code length} values in {@code [0.08, 1]}
     * @throws IllegalArgumentException if {@code length < 0}
     */
    public static float[] hammingSymmetric(int length) {
        return cosine(length, HAMMING_A, false);
    }

    /** {@code a - (1 - a) cos(2 pi n / d)} with {@code d = N} (periodic) or {@code N - 1}. */
    private static float[] cosine(int length, double a, boolean periodic) {
        if (length < 0) {
            throw new IllegalArgumentException("window length must be >= 0, got " + length);
        }
        float[] w = new float[length];
        if (length == 1) {
            w[0] = 1f;
            return w;
        }
        double denominator = periodic ? length : length - 1;
        for (int n = 0; n < length; n++) {
            w[n] = (float) (a - (1.0 - a) * Math.cos(2.0 * Math.PI * n / denominator));
        }
        return w;
    }
}
