package io.bullwatch.cli.review;

import io.bullwatch.core.annotation.FrequencyBand;
import io.bullwatch.core.audio.SampleEncoding;
import io.bullwatch.core.audio.WavWriter;
import io.bullwatch.core.events.DetectedEvent;
import io.bullwatch.core.events.DetectionFiles;
import io.bullwatch.core.events.WindowScore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A {@code bull detect} output folder written the way {@code bull detect} writes it (its own file
 * writers), over a real WAV recording: quiet noise with a loud burst in every other 5 s cell, each
 * burst a detected event; 15 s windows on a 5 s hop scored low except around the bursts.
 */
final class ReviewFixture {

    static final int RATE = 4000;

    private ReviewFixture() {
    }

    /**
     * Writes a night.
     *
     * @param out the output folder
     * @param recordings where the recording goes (its folder name is the site)
     * @param name the night's name
     * @param events detected events (the night lasts 10 s per event plus 10 s)
     * @return the recording
     */
    static Path night(Path out, Path recordings, String name, int events) throws IOException {
        Files.createDirectories(out.resolve(".bull"));
        Files.createDirectories(recordings);
        int cells = 2 * events + 2;
        Path wav = recordings.resolve(name + ".wav");
        SplittableRandom r = new SplittableRandom(name.hashCode());
        float[] block = new float[5 * RATE];
        try (WavWriter w = WavWriter.create(wav, RATE, 1, SampleEncoding.PCM_SIGNED_16)) {
            for (int c = 0; c < cells; c++) {
                boolean burst = c % 2 == 1 && c < 2 * events;
                for (int i = 0; i < block.length; i++) {
                    double noise = 0.01 * (r.nextDouble() - 0.5);
                    double t = i / (double) RATE;
                    double splash = burst && t > 1 && t < 3 ? 0.6 * (r.nextDouble() - 0.5) * Math.exp(-(t - 1) * 2) : 0;
                    block[i] = (float) (noise + splash);
                }
                w.write(block, 0, block.length);
            }
        }
        List<DetectedEvent> detected = new ArrayList<>();
        for (int k = 0; k < events; k++) {
            double start = 5.0 * (2 * k + 1);
            detected.add(new DetectedEvent(start, start + 5, 0.3 + 0.7 * ((k * 37) % 100) / 100.0, 3));
        }
        List<WindowScore> windows = new ArrayList<>();
        for (int j = 0; j + 3 <= cells; j++) {
            boolean hasBurst = false;
            for (int c = j; c < j + 3; c++) {
                hasBurst |= c % 2 == 1 && c < 2 * events;
            }
            windows.add(new WindowScore(5.0 * j, 5.0 * j + 15, (float) (hasBurst ? 0.6 : 0.01 + 0.1 * r.nextDouble())));
        }
        DetectionFiles.writeSelections(out.resolve(name + DetectionFiles.SELECTIONS_SUFFIX), detected,
                new FrequencyBand(0, RATE / 2.0));
        DetectionFiles.writeWindows(out.resolve(name + DetectionFiles.WINDOWS_SUFFIX), windows, 0.3);
        Files.writeString(out.resolve(".bull").resolve(name + ".json"),
                "{\n  \"input\": \"" + wav.toAbsolutePath().toString().replace("\\", "\\\\") + "\"\n}\n",
                StandardCharsets.UTF_8);
        return wav;
    }
}
