package io.bullwatch.core.corpus;

import io.bullwatch.core.annotation.Annotation;
import io.bullwatch.core.annotation.AnnotationSet;
import io.bullwatch.core.audio.AudioInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A recording of a loaded corpus with its duration and cleaned annotations.
 *
 * @param entry the manifest row
 * @param annotationFile the annotation file beside the recording, empty when the manifest says it
 *     has no bulls and there is none
 * @param audio the recording's format and length (its duration is {@code > 0})
 * @param annotations the events, clipped to the recording, merged per label and sorted, with the
 *     warnings cleaning produced
 */
public record CorpusRecording(ManifestEntry entry, Optional<Path> annotationFile,
        AudioInfo audio, AnnotationSet annotations) {

    /** Validates. */
    public CorpusRecording {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(annotationFile, "annotationFile");
        Objects.requireNonNull(annotations, "annotations");
        Objects.requireNonNull(audio, "audio");
        if (audio.frames() <= 0) {
            throw new IllegalArgumentException("recording " + entry.name() + " has no audio frames");
        }
    }

    /**
     * The recording's duration.
     *
     * @return frames divided by the sample rate, in seconds
     */
    public double durationSeconds() {
        return audio.durationSeconds();
    }

    /**
     * The audio file.
     *
     * @return the recording's resolved path
     */
    public Path recording() {
        return entry.recording();
    }

    /**
     * The recording as the manifest names it.
     *
     * @return the relative path with {@code /}
     */
    public String name() {
        return entry.name();
    }

    /**
     * The recording site.
     *
     * @return the site name
     */
    public String site() {
        return entry.site();
    }

    /**
     * The events.
     *
     * @return the cleaned annotations, sorted by start
     */
    public List<Annotation> events() {
        return annotations.annotations();
    }
}
