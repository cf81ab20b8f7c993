package io.bullwatch.examples.api;

import io.bullwatch.core.events.DetectedEvent;
import io.bullwatch.core.events.DetectionFiles;
import io.bullwatch.core.events.RecordingDetection;
import io.bullwatch.models.detect.Detector;
import io.bullwatch.models.detect.DetectorOptions;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Detects bulls in one recording with a model bundle and writes the Raven table, the Audacity
 * labels and the window scores beside it.
 *
 * <pre>java -cp examples/target/bull-examples.jar io.bullwatch.examples.api.DetectOneFile MODEL_DIR night.wav [OUT_DIR]</pre>
 */
public final class DetectOneFile {

    private DetectOneFile() {
    }

    /**
     * Entry point.
     *
     * @param args the model bundle folder, the WAV file, optionally the output folder
     * @throws Exception if the model or the recording cannot be read
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: DetectOneFile MODEL_DIR FILE.wav [OUT_DIR]");
            System.exit(2);
        }
        Path model = Path.of(args[0]);
        Path wav = Path.of(args[1]);
        Path out = args.length > 2 ? Path.of(args[2]) : wav.toAbsolutePath().getParent();
        try (Detector detector = Detector.load(model, DetectorOptions.defaults())) {
            RecordingDetection d = detector.detect(wav, (done, total) -> { });
            System.out.printf(Locale.ROOT, "%s: %.0f s, %d windows, %d events (threshold %.3f)%n",
                    d.name(), d.seconds(), d.windows().size(), d.events().size(), d.rule().threshold());
            for (DetectedEvent e : d.events()) {
                System.out.printf(Locale.ROOT, "  bull? %8.1f - %8.1f s  score %.3f%n", e.start(), e.end(), e.score());
            }
            String name = wav.getFileName().toString().replaceFirst("(?i)\\.wav$", "");
            DetectionFiles.Outputs files = DetectionFiles.write(out, name, d,
                    DetectionFiles.nyquistBand(detector.bundle().mel().sampleRate()));
            System.out.println("wrote " + files.all());
        }
    }
}
