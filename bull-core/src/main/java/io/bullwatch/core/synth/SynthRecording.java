package io.bullwatch.core.synth;

import io.bullwatch.core.corpus.Split;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One recording written by {@link SyntheticCorpus}.
 *
 * @param recording the path relative to the corpus folder, as in the manifest ({@code site01/site01-night01.wav})
 * @param site the site name
 * @param split the site's split
 * @param seconds the duration
 * @param bulls the number of bulls (labels) in it
 * @param events the number of events of every kind in it
 * @param wav the WAV file written
 */
public record SynthRecording(String recording, String site, Split split, double seconds, int bulls, int events,
        Path wav) {

    /** Validates. */
    public SynthRecording {
        Objects.requireNonNull(recording, "recording");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(wav, "wav");
    }
}
