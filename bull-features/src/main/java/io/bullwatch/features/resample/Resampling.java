package io.bullwatch.features.resample;

import io.bullwatch.core.audio.AudioSource;
import io.bullwatch.features.mel.MelConfig;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What to do with a recording whose sample rate differs from a {@link MelConfig}'s: refuse it
 * with a message (the default everywhere) or resample it.
 *
 * <p>With a feature cache, resample in the opener and tag the cache so resampled features are
 * kept apart: {@code FeatureCache.builder()...optOpener(p -> Resampling.forConfig(WavFile.open(p),
 * config, RatePolicy.RESAMPLE, filter)).optSourceTag(filter.tag())}.
 */
public final class Resampling {

    private static final Logger LOG = LoggerFactory.getLogger(Resampling.class);

    /** What to do on a rate mismatch. */
    public enum RatePolicy {
        /** Refuse with an {@link IllegalArgumentException} that names both rates. */
        REFUSE,
        /** Resample to the configuration's rate. */
        RESAMPLE
    }

    private Resampling() {
    }

    /**
     * The recording at the configuration's rate, refusing or resampling by the policy, with
     * {@link ResamplerConfig#kaiserBest()}.
     *
     * @param source the recording
     * @param config the features it will feed
     * @param policy refuse or resample
     * @return {@code source} itself when the rates agree, else a resampling source over it
     * @throws IllegalArgumentException if the rates differ and the policy is {@link RatePolicy#REFUSE}
     */
    public static AudioSource forConfig(AudioSource source, MelConfig config, RatePolicy policy) {
        return forConfig(source, config, policy, ResamplerConfig.kaiserBest());
    }

    /**
     * The recording at the configuration's rate, refusing or resampling by the policy.
     *
     * @param source the recording
     * @param config the features it will feed
     * @param policy refuse or resample
     * @param filter the resampling filter
     * @return {@code source} itself when the rates agree, else a resampling source over it
     * @throws IllegalArgumentException if the rates differ and the policy is {@link RatePolicy#REFUSE}
     */
    public static AudioSource forConfig(AudioSource source, MelConfig config, RatePolicy policy,
            ResamplerConfig filter) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(filter, "filter");
        int in = source.sampleRate();
        int want = config.sampleRate();
        if (in == want) {
            return source;
        }
        String what = source.info().file() != null ? "recording " + source.info().file() : "the recording";
        if (policy == RatePolicy.REFUSE) {
            throw new IllegalArgumentException(what + " is at " + in + " Hz but the mel configuration expects "
                    + want + " Hz; resample it (RatePolicy.RESAMPLE) or use a configuration for " + in + " Hz");
        }
        LOG.info("resampling {} from {} Hz to {} Hz with {}", what, in, want, filter.tag());
        return ResampledAudioSource.of(source, want, filter);
    }
}
