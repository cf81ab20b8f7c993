package io.bullwatch.examples.cli;

import io.bullwatch.core.audio.AudioSource;
import io.bullwatch.core.audio.ChannelPolicy;
import io.bullwatch.core.audio.WavFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Level statistics of a whole recording, computed block by block. */
final class Levels {

    private static final int BLOCK = 1 << 16;

    private Levels() {
    }

    /**
     * Decodes every frame of every channel and measures the level.
     *
     * @return peak (max |x| over channels), rmsDbfs of the downmix, and clippedSamples (|x| at
     *     full scale in any channel)
     */
    static Map<String, Object> scan(Path file) throws IOException {
        double peak = 0;
        double sumSquares = 0;
        long clipped = 0;
        long frames;
        float[] block = new float[BLOCK];
        try (AudioSource mix = WavFile.open(file)) {
            frames = mix.frames();
            for (long f = 0; f < frames; f += BLOCK) {
                int n = mix.read(f, block, 0, BLOCK);
                for (int i = 0; i < n; i++) {
                    sumSquares += (double) block[i] * block[i];
                }
            }
            int channels = mix.info().channels();
            for (int c = 0; c < channels; c++) {
                try (AudioSource one = WavFile.open(file, channels == 1 ? ChannelPolicy.downmix() : ChannelPolicy.channel(c))) {
                    for (long f = 0; f < frames; f += BLOCK) {
                        int n = one.read(f, block, 0, BLOCK);
                        for (int i = 0; i < n; i++) {
                            double a = Math.abs(block[i]);
                            peak = Math.max(peak, a);
                            if (a >= 32767.0 / 32768.0) {
                                clipped++;
                            }
                        }
                    }
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("peak", peak);
        out.put("rmsDbfs", frames == 0 || sumSquares == 0 ? null : 10 * Math.log10(sumSquares / frames));
        out.put("clippedSamples", clipped);
        return out;
    }
}
