/**
 * Real-input FFT and analysis windows for spectrogram extraction.
 *
 * <p>{@link io.bullwatch.features.fft.RealFft} turns one frame of {@code float} samples into its
 * one-sided spectrum ({@code n/2 + 1} bins: complex values, power or magnitude) without allocating
 * on the hot path. {@link io.bullwatch.features.fft.WindowFunctions} builds the Hann and Hamming
 * windows in the periodic form that {@code torch.stft} uses by default, and in the symmetric form.
 *
 * <p>Conventions: the forward transform is {@code X[k] = sum_j x[j] exp(-2 pi i j k / n)},
 * unnormalised, as in NumPy and PyTorch, so a full-scale sine of amplitude {@code A} at a bin
 * centre has power {@code (A n / 2)^2}. Transform sizes are powers of two only. The FFTs run on
 * the calling thread: callers parallelise across frames with one {@code RealFft} per thread.
 *
 * <p>{@link io.bullwatch.features.fft.FftPath} chooses between {@code RealFft} (JTransforms) and
 * {@link io.bullwatch.features.fft.BatchPowerFft}, power spectra of several frames per call with
 * the Vector API (one frame per vector lane), which needs {@code --add-modules
 * jdk.incubator.vector}; its implementation is loaded only when that module is present.
 */
package io.bullwatch.features.fft;
