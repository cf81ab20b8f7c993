/**
 * Training-time augmentation of mel spectrograms, deterministic from a seed: SpecAugment time and
 * frequency masks, time shift, time stretch, gain, background mixing from a noise bank at a drawn SNR, and mixup
 * of two windows. What the seed's authors planned next; mixing in other sites' backgrounds is the
 * augmentation that matters most for transfer to a new river.
 *
 * <p>Every augmentation is a {@link io.bullwatch.features.augment.SpectrogramAugmentation}: it
 * takes a {@link io.bullwatch.features.augment.TrainingSample} (a spectrogram and its label) and
 * an {@link io.bullwatch.features.augment.AugmentContext} (seed, epoch, window index), draws its
 * randomness only from the context, and returns a new sample; inputs are never modified. The same
 * context always gives the same result, on any thread and in any order.
 */
package io.bullwatch.features.augment;
