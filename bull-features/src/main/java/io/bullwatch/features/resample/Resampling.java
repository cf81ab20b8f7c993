package io.bullwatch.features.resample;

import io.bullwatch.core.audio.AudioSource;
import io.bullwatch.core.audio.ChannelPolicy;
import io.bullwatch.core.audio.WavFile;
import io.bullwatch.features.mel.MelConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
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
     * @return {@code source} itself when the rates agree, else a resampling source over it (closing
     *     it closes {@code source})
     * @throws IllegalArgumentException if the rates differ and the policy is {@link RatePolicy#REFUSE}
     *     ({@code source} is closed then, as it is on any other failure, so that {@code
     *     forConfig(WavFile.open(p), ...)} leaks nothing)
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
     * @return {@code source} itself when the rates agree, else a resampling source over it (closing
     *     it closes {@code source})
     * @throws IllegalArgumentException if the rates differ and the policy is {@link RatePolicy#REFUSE}
     *     ({@code source} is closed then, as it is on any other failure, so that {@code
     *     forConfig(WavFile.open(p), ...)} leaks nothing)
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
        try {
            if (policy == RatePolicy.REFUSE) {
                throw new IllegalArgumentException(what + " is at " + in + " Hz but the mel configuration expects "
                        + want + " Hz; resample it (RatePolicy.RESAMPLE) or use a configuration for " + in + " Hz");
            }
            LOG.info("resampling {} from {} Hz to {} Hz with {}", what, in, want, filter.tag());
            return ResampledAudioSource.of(source, want, filter);
        } catch (RuntimeException e) {
            // the returned source would have closed it; nothing is returned, so it is closed here
            try {
                source.close();
            } catch (java.io.IOException | RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /**
     * Opens a WAV file mixed down to mono and at a given rate, resampled with {@link
     * ResamplerConfig#kaiserBest()} when its own rate differs: how {@code bull compose}, {@code
     * bull adapt} and cross-site training nights read the recordings they mix.
     *
     * @param file the WAV file
     * @param rate the rate wanted, Hz
     * @param opened every source opened is added here (the file, and the resampler over it when
     *     there is one); the caller closes them
     * @return the mono source at {@code rate}
     * @throws IOException if the file cannot be opened as WAV
     */
    public static AudioSource openMono(Path file, int rate, List<AudioSource> opened) throws IOException {
        AudioSource a = WavFile.open(file, ChannelPolicy.downmix());
        opened.add(a);
        if (a.sampleRate() == rate) {
            return a;
        }
        AudioSource r = ResampledAudioSource.of(a, rate, ResamplerConfig.kaiserBest());
        opened.add(r);
        return r;
    }
}
