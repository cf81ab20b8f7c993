package io.bullwatch.core.compose;

import io.bullwatch.core.annotation.Annotation;
import io.bullwatch.core.audio.AudioSource;
import java.util.List;
import java.util.Objects;

/**
 * A background recording a composed night's bed is cut from.
 *
 * @param name the recording's name as {@code NAME.events.tsv} records it (for example its path
 *     below the site's folder)
 * @param audio its samples, mono at the night's sample rate; read positionally, not closed here
 * @param avoid stretches never cut into the bed (the recording's own annotated bulls), in seconds
 *     of this recording
 */
public record ComposeSource(String name, AudioSource audio, List<Annotation> avoid) {

    /** Validates and copies. */
    public ComposeSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(audio, "audio");
        avoid = List.copyOf(avoid);
    }
}
