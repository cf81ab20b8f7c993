/**
 * Band-limited sample-rate conversion of recordings, so that audio at another rate than a
 * {@link io.bullwatch.features.mel.MelConfig}'s can be used when asked (by default it is refused
 * with a message): a streaming, positional Kaiser-windowed sinc resampler with torchaudio's
 * {@code sinc_interp_kaiser} kernel.
 */
package io.bullwatch.features.resample;
