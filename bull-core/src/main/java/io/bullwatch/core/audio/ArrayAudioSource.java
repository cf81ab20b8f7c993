package io.bullwatch.core.audio;

import java.util.List;
import java.util.Objects;

/** An {@link AudioSource} over a float array held in memory. */
final class ArrayAudioSource implements AudioSource {

    private final float[] samples;
    private final AudioInfo info;

    ArrayAudioSource(float[] samples, int sampleRate) {
        this.samples = Objects.requireNonNull(samples, "samples");
        this.info = new AudioInfo(null, "memory", sampleRate, 1, 32, SampleEncoding.FLOAT_32,
                samples.length, List.of());
    }

    @Override
    public AudioInfo info() {
        return info;
    }

    @Override
    public int read(long frame, float[] dst, int offset, int count) {
        AudioSources.checkRead(frame, dst, offset, count);
        if (frame >= samples.length) {
            return 0;
        }
        int n = (int) Math.min(count, samples.length - frame);
        System.arraycopy(samples, (int) frame, dst, offset, n);
        return n;
    }

    @Override
    public void close() {
        // nothing to release
    }
}
