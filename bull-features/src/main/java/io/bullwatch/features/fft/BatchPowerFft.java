package io.bullwatch.features.fft;

/**
 * Windowed power spectra of several real frames of one signal at once, the frames interleaved in
 * the output ({@code power[k * batch() + f]} for bin {@code k} of frame {@code f}). The interface
 * that isolates the Vector API implementation ({@link FftPath#VECTOR}): callers never name the
 * class that uses {@code jdk.incubator.vector}, so this library loads and runs without that
 * module. Get one from {@link FftPath#batchFft(float[])}.
 *
 * <p>Every frame's result depends only on its own samples (not on its lane, the other frames or
 * {@code count}), so results are the same whatever the threads or chunking. Instances own scratch
 * buffers and are not thread-safe: use one per thread.
 */
public interface BatchPowerFft {

    /**
     * The transform length.
     *
     * @return samples per frame, a power of two
     */
    int size();

    /**
     * The number of one-sided bins.
     *
     * @return {@code size() / 2 + 1}
     */
    int bins();

    /**
     * The most frames per call (the vector's lanes).
     *
     * @return frames per batch, {@code >= 1}
     */
    int batch();

    /**
     * Power spectra {@code |X[k]|^2}, in {@code double}, of {@code count} windowed frames: frame
     * {@code f} is {@code signal[offset + f * step .. + size())}.
     *
     * @param signal the samples, read only
     * @param offset first sample of frame 0
     * @param step samples between consecutive frames' starts
     * @param count frames, {@code 1 .. batch()}
     * @param power receives {@code power[k * batch() + f]} for {@code k < bins()}, {@code f <
     *     count}; length at least {@code bins() * batch()}
     * @throws IndexOutOfBoundsException if a frame does not lie inside {@code signal}
     * @throws IllegalArgumentException if {@code count} is out of range or {@code power} is short
     */
    void powerSpectra(float[] signal, int offset, int step, int count, double[] power);

    /**
     * Sets the filter bank {@link #filteredSpectra} applies: filter {@code m} weighs bins {@code
     * first[m] .. first[m] + weights[m].length - 1}.
     *
     * @param first each filter's first bin
     * @param weights each filter's weights (not copied: do not change them afterwards)
     * @param magnitude whether filters apply to magnitudes {@code |X[k]|} (else to power)
     * @throws IllegalArgumentException if a filter reaches past {@link #bins()} or the arrays differ
     *     in length
     */
    void setFilters(int[] first, double[][] weights, boolean magnitude);

    /**
     * Filter-bank outputs of {@code count} windowed frames (see {@link #powerSpectra}), each
     * accumulated in {@code double} across the vector's lanes and rounded once to float: frame
     * {@code f}, filter {@code m} goes to {@code out[outOffset + f * outStride + m]}.
     *
     * @param signal the samples, read only
     * @param offset first sample of frame 0
     * @param step samples between consecutive frames' starts
     * @param count frames, {@code 1 .. batch()}
     * @param out receives the values
     * @param outOffset index of frame 0's first value
     * @param outStride distance between consecutive frames' values
     * @throws IllegalStateException if {@link #setFilters} was not called
     */
    void filteredSpectra(float[] signal, int offset, int step, int count, float[] out, int outOffset,
            int outStride);
}
