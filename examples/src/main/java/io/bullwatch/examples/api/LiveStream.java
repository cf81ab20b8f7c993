package io.bullwatch.examples.api;

import io.bullwatch.core.audio.AudioSource;
import io.bullwatch.core.audio.WavFile;
import io.bullwatch.core.events.DetectedEvent;
import io.bullwatch.core.events.RecordingDetection;
import io.bullwatch.models.detect.Detector;
import io.bullwatch.models.detect.DetectorOptions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Detection on audio as it arrives, as on a recorder left on the bank: a producer thread delivers
 * blocks of samples (here read from a WAV file at {@code SPEED} times real time; a sound card
 * through {@code javax.sound.sampled.TargetDataLine} would deliver the same float blocks), and the
 * consumer scores every {@code CHUNK} seconds of new audio together with the last window's worth
 * of context, reporting each event once with its time since the stream started.
 *
 * <p>Each chunk is an {@link AudioSource#of(float[], int) in-memory AudioSource}; with a
 * per-recording or PCEN model, a chunk's normalisation comes from the chunk itself (a few minutes:
 * its band statistics, and PCEN's smoother starting at the chunk's first frame), not from the whole
 * night, so scores differ slightly from a run on the finished file.
 *
 * <pre>java -cp examples/target/bull-examples.jar io.bullwatch.examples.api.LiveStream MODEL_DIR night.wav [SPEED=60] [CHUNK=120]</pre>
 */
public final class LiveStream {

    private static final float[] END = new float[0];

    private LiveStream() {
    }

    /**
     * Entry point.
     *
     * @param args the model bundle folder, the WAV file standing in for the live input, optionally
     *     the speed-up over real time and the chunk length in seconds
     * @throws Exception if the model or the audio cannot be read
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: LiveStream MODEL_DIR FILE.wav [SPEED=60] [CHUNK_SECONDS=120]");
            System.exit(2);
        }
        double speed = args.length > 2 ? Double.parseDouble(args[2]) : 60;
        double chunkSeconds = args.length > 3 ? Double.parseDouble(args[3]) : 120;
        BlockingQueue<float[]> blocks = new ArrayBlockingQueue<>(64);
        try (Detector detector = Detector.load(Path.of(args[0]), DetectorOptions.defaults());
                AudioSource input = WavFile.open(Path.of(args[1]))) {
            int rate = input.sampleRate();
            Thread recorder = new Thread(() -> play(input, blocks, speed), "recorder");
            recorder.setDaemon(true);
            recorder.start();
            int context = (int) Math.round(detector.bundle().window().lengthSeconds() * rate);
            int chunk = (int) Math.round(chunkSeconds * rate);
            float[] buffer = new float[0];
            long bufferStart = 0;          // stream frame of buffer[0]
            long scoredUpTo = 0;           // stream frame up to which audio has been scored
            double reportedUpTo = -1;      // stream second up to which events were reported
            boolean ended = false;
            while (!ended) {
                float[] b = blocks.take();
                ended = b == END;
                buffer = Arrays.copyOf(buffer, buffer.length + b.length);
                System.arraycopy(b, 0, buffer, buffer.length - b.length, b.length);
                long bufferEnd = bufferStart + buffer.length;
                if (bufferEnd - scoredUpTo < chunk && !ended || bufferEnd == scoredUpTo) {
                    continue; // a chunk not yet full, or the end of a stream whose last chunk was scored
                }
                RecordingDetection d = detector.detect(AudioSource.of(buffer, rate), "live", (x, y) -> { });
                double offset = bufferStart / (double) rate;
                for (DetectedEvent e : d.events()) {
                    if (offset + e.start() >= reportedUpTo) {
                        System.out.printf(Locale.ROOT, "bull? %s - %s  score %.3f%n", clock(offset + e.start()),
                                clock(offset + e.end()), e.score());
                        reportedUpTo = offset + e.end();
                    }
                }
                scoredUpTo = bufferEnd;
                int keep = (int) Math.min(buffer.length, context);   // the next chunk starts with a window of context
                buffer = Arrays.copyOfRange(buffer, buffer.length - keep, buffer.length);
                bufferStart = bufferEnd - keep;
                System.out.printf(Locale.ROOT, "[scored up to %s]%n", clock(bufferEnd / (double) rate));
            }
        }
    }

    /** Reads the file block by block at the given speed, as a recorder would deliver it. */
    private static void play(AudioSource input, BlockingQueue<float[]> out, double speed) {
        int block = input.sampleRate() / 10;
        try {
            long t0 = System.nanoTime();
            for (long frame = 0; frame < input.frames(); frame += block) {
                float[] b = new float[(int) Math.min(block, input.frames() - frame)];
                input.read(frame, b, 0, b.length);
                long due = t0 + (long) ((frame + b.length) / (double) input.sampleRate() / speed * 1e9);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                out.put(b);
            }
            out.put(END);
        } catch (Exception e) {
            System.err.println("recorder stopped: " + e.getMessage());
            try {
                out.put(END); // waits for room: a dropped END would leave the reader waiting for ever
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String clock(double seconds) {
        long s = (long) Math.floor(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d.%d", s / 3600, s / 60 % 60, s % 60,
                (long) Math.floor((seconds - s) * 10));
    }
}
