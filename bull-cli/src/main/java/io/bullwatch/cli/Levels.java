package io.bullwatch.cli;

import io.bullwatch.core.audio.AudioSource;
import io.bullwatch.core.audio.ChannelPolicy;
import io.bullwatch.core.audio.WavFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Level statistics of a whole recording, computed block by block in one pass. */
final class Levels {

    private static final int BLOCK = 1 << 16;

    private Levels() {
    }

    /**
     * Decodes every frame of every channel once and measures the level.
     *
     * @return peak (max |x| over channels), rmsDbfs of the mono downmix (the channel mean), and
     *     clippedSamples (|x| at full scale in any channel)
     */
    static Map<String, Object> scan(Path file) throws IOException {
        int channels = WavFile.info(file).channels();
        List<AudioSource> sources = new ArrayList<>(channels);
        double peak = 0;
        double sumSquares = 0;
        long clipped = 0;
        long frames;
        try {
            for (int c = 0; c < channels; c++) {
                sources.add(WavFile.open(file, channels == 1 ? ChannelPolicy.downmix() : ChannelPolicy.channel(c)));
            }
            frames = sources.get(0).frames();
            float[] block = new float[BLOCK];
            double[] mix = new double[BLOCK];
            for (long f = 0; f < frames; f += BLOCK) {
                int n = 0;
                for (AudioSource one : sources) {
                    n = one.read(f, block, 0, BLOCK);
                    for (int i = 0; i < n; i++) {
                        double a = Math.abs(block[i]);
                        peak = Math.max(peak, a);
                        if (a >= 32767.0 / 32768.0) {
                            clipped++;
                        }
                        mix[i] += block[i];
                    }
                }
                for (int i = 0; i < n; i++) {
                    double m = mix[i] / channels;
                    sumSquares += m * m;
                    mix[i] = 0;
                }
            }
        } finally {
            for (AudioSource s : sources) {
                s.close();
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("peak", peak);
        out.put("rmsDbfs", frames == 0 || sumSquares == 0 ? null : 10 * Math.log10(sumSquares / frames));
        out.put("clippedSamples", clipped);
        return out;
    }
}
