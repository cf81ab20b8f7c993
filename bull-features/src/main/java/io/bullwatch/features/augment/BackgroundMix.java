package io.bullwatch.features.augment;

import io.bullwatch.features.mel.MelSpectrogram;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Mixes background from a {@link SpectrogramBank} into a window at a signal-to-noise ratio drawn
 * uniformly from {@code [minSnrDb, maxSnrDb]}, on linear features, where the powers of
 * independent sounds add: {@code x + g n} on power, {@code sqrt(x^2 + g n^2)} on magnitudes. The
 * gain {@code g} makes the ratio of mean powers {@code mean(x) / mean(g n)} equal the drawn SNR.
 * The background is a random entry of the bank, cropped at a random frame offset when longer than
 * the window and repeated when shorter. A silent window or silent background is left unchanged
 * (no SNR can be met). The label is kept (background holds no bulls: build the bank from windows
 * labelled no-bull).
 *
 * @param bank background spectrograms with the windows' mel bands
 * @param minSnrDb the lowest SNR in dB
 * @param maxSnrDb the highest SNR in dB, {@code >= minSnrDb}
 * @param domain {@link FeatureDomain#LINEAR_POWER} or {@link FeatureDomain#LINEAR_AMPLITUDE}
 */
public record BackgroundMix(SpectrogramBank bank, double minSnrDb, double maxSnrDb, FeatureDomain domain)
        implements SpectrogramAugmentation {

    /** Validates the parameters. */
    public BackgroundMix {
        Objects.requireNonNull(bank, "bank");
        Objects.requireNonNull(domain, "domain");
        if (!domain.linear()) {
            throw new IllegalArgumentException("background mixing needs linear features (power or magnitude), got "
                    + domain + "; mix before the dB or log conversion (for example with linear cached features"
                    + " and the dB or log step after mixing)");
        }
        if (!Double.isFinite(minSnrDb) || !Double.isFinite(maxSnrDb) || minSnrDb > maxSnrDb) {
            throw new IllegalArgumentException("SNR range must be finite with min <= max, got [" + minSnrDb + ", "
                    + maxSnrDb + "] dB");
        }
        if (bank.size() < 1) {
            throw new IllegalArgumentException("the background bank is empty");
        }
    }

    @Override
    public TrainingSample apply(TrainingSample sample, AugmentContext context) {
        MelSpectrogram m = sample.mel();
        int frames = m.frames();
        SplittableRandom r = context.random();
        double snr = minSnrDb == maxSnrDb ? minSnrDb : minSnrDb + (maxSnrDb - minSnrDb) * r.nextDouble();
        MelSpectrogram noise = bank.get(r.nextInt(bank.size()));
        if (noise.mels() != m.mels()) {
            throw new IllegalArgumentException("background has " + noise.mels() + " mel bands, the window "
                    + m.mels());
        }
        if (frames == 0 || noise.frames() == 0) {
            return sample;
        }
        int offset = noise.frames() > frames ? r.nextInt(noise.frames() - frames + 1) : 0;
        boolean amp = domain == FeatureDomain.LINEAR_AMPLITUDE;
        float[] x = m.values();
        float[] nv = noise.values();
        float[] crop = new float[x.length];
        double px = 0;
        double pn = 0;
        for (int b = 0; b < m.mels(); b++) {
            for (int f = 0; f < frames; f++) {
                float n = nv[b * noise.frames() + (offset + f) % noise.frames()];
                crop[b * frames + f] = n;
                float xv = x[b * frames + f];
                px += amp ? (double) xv * xv : xv;
                pn += amp ? (double) n * n : n;
            }
        }
        if (!(px > 0) || !(pn > 0)) {
            return sample;
        }
        double g = px / (pn * Math.pow(10, snr / 10));
        float[] out = new float[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = amp ? (float) Math.sqrt((double) x[i] * x[i] + g * crop[i] * crop[i])
                    : (float) (x[i] + g * crop[i]);
        }
        return sample.withMel(new MelSpectrogram(m.mels(), frames, out));
    }
}
