package io.bullwatch.core.audio;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point for reading WAV recordings.
 *
 * <p>Reads RIFF and RF64/BW64 WAVE files with PCM (unsigned 8, signed 16/24/32 bit) or IEEE float
 * (32/64 bit) samples, plain or WAVE_FORMAT_EXTENSIBLE, any number of channels, and any chunks
 * before or after the audio. Files from recorders that lost power (a {@code data} size of 0,
 * 0xFFFFFFFF or larger than the file, a partial last frame) are read as far as they hold audio,
 * with a warning in {@link AudioInfo#warnings()}. Files that cannot be read are refused with an
 * {@link io.bullwatch.core.InputFormatException} (or its subtype {@link UnsupportedAudioException})
 * that names the file, the byte position and what was expected.
 *
 * <pre>{@code
 * try (AudioSource audio = WavFile.open(Path.of("night.wav"))) {
 *     float[] block = new float[44_100];
 *     for (long f = 0; f < audio.frames(); f += block.length) {
 *         int n = audio.read(f, block, 0, block.length);
 *         // ... use block[0..n)
 *     }
 * }
 * }</pre>
 */
public final class WavFile {

    private static final Logger LOG = LoggerFactory.getLogger(WavFile.class);

    private WavFile() {
    }

    /**
     * Reads a file's header only.
     *
     * @param file the WAV file
     * @return what the file holds, with repair warnings
     * @throws io.bullwatch.core.InputFormatException if the file is not a readable WAV file
     * @throws IOException if the file cannot be read
     */
    public static AudioInfo info(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return WavHeader.parse(file, ch).info();
        }
    }

    /**
     * Opens a file for reading, averaging its channels to mono.
     *
     * @param file the WAV file
     * @return the source; close it when done
     * @throws io.bullwatch.core.InputFormatException if the file is not a readable WAV file
     * @throws IOException if the file cannot be read
     */
    public static AudioSource open(Path file) throws IOException {
        return open(file, ChannelPolicy.downmix());
    }

    /**
     * Opens a file for reading.
     *
     * @param file the WAV file
     * @param policy how to reduce several channels to mono
     * @return the source; close it when done
     * @throws io.bullwatch.core.InputFormatException if the file is not a readable WAV file
     * @throws IllegalArgumentException if the policy picks a channel the file does not have
     * @throws IOException if the file cannot be read
     */
    public static AudioSource open(Path file, ChannelPolicy policy) throws IOException {
        Objects.requireNonNull(policy, "policy");
        return open(file, FileChannel.open(file, StandardOpenOption.READ), policy);
    }

    /**
     * Opens a recording through any seekable channel: a file on another file system (a Hadoop
     * stream, an object store), a byte array. The channel is read with a seek before each block,
     * by one thread at a time, and closed with the source (or here, when the header is refused).
     *
     * @param name how messages and {@link AudioInfo#file()} name the recording
     * @param channel the recording's bytes; {@link SeekableByteChannel#size()} is its length
     * @param policy how to reduce several channels to mono
     * @return the source; close it when done
     * @throws io.bullwatch.core.InputFormatException if the bytes are not a readable WAV file
     * @throws IllegalArgumentException if the policy picks a channel the file does not have
     * @throws IOException if the channel cannot be read
     */
    public static AudioSource open(Path name, SeekableByteChannel channel, ChannelPolicy policy)
            throws IOException {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(policy, "policy");
        try {
            WavHeader header = WavHeader.parse(name, channel);
            AudioInfo info = header.info();
            if (!policy.isDownmix() && policy.channel() >= info.channels()) {
                throw new IllegalArgumentException(name + ": channel " + policy.channel()
                        + " requested but the file has " + info.channels() + " channel(s) (0 to "
                        + (info.channels() - 1) + ")");
            }
            for (String w : info.warnings()) {
                LOG.warn("{}: {}", name, w);
            }
            return new WavAudioSource(channel, header, policy);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }
}
