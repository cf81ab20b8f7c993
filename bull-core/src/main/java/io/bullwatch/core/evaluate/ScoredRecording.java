package io.bullwatch.core.evaluate;

import io.bullwatch.core.annotation.Annotation;
import io.bullwatch.core.corpus.CorpusRecording;
import io.bullwatch.core.events.RecordingDetection;
import io.bullwatch.core.events.RecordingDetector;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * One recording to evaluate: what a detector found in it, the true bulls, and its site.
 *
 * @param site the recording site, the group of the per-site metrics
 * @param detection the detector's window scores and events (its rule holds the threshold)
 * @param truth the annotated bulls, in any order; every annotation counts, whatever its label
 */
public record ScoredRecording(String site, RecordingDetection detection, List<Annotation> truth) {

    /** Checks and copies. */
    public ScoredRecording {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(detection, "detection");
        truth = List.copyOf(Objects.requireNonNull(truth, "truth"));
    }

    /**
     * Runs a detector on one corpus recording.
     *
     * @param detector any detector
     * @param recording the recording, with its events and site
     * @param progress told how far the detection has come
     * @return the recording with the detector's result; the detection is renamed to the
     *     recording's manifest name
     * @throws IOException if the detector cannot read the recording
     */
    public static ScoredRecording detect(RecordingDetector detector, CorpusRecording recording,
            RecordingDetector.Progress progress) throws IOException {
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(recording, "recording");
        RecordingDetection d = detector.detect(recording.recording(), progress);
        RecordingDetection named = new RecordingDetection(recording.name(), d.seconds(), d.windows(),
                d.events(), d.rule());
        return new ScoredRecording(recording.site(), named, recording.events());
    }

    /** @return the recording's name, from its detection */
    public String name() {
        return detection.name();
    }
}
