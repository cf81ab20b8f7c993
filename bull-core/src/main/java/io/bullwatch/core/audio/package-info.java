/**
 * Field recordings: streaming WAV reading and writing.
 *
 * <p>{@link io.bullwatch.core.audio.WavFile} opens RIFF/RF64 WAV files of any common PCM or float
 * encoding as an {@link io.bullwatch.core.audio.AudioSource}: mono float samples read in blocks
 * from any frame offset, never the whole file in memory. Files damaged the way field recorders
 * damage them (power loss before the header is finalised, truncated copies, files past 4 GiB) are
 * read as far as they hold audio, with warnings in {@link io.bullwatch.core.audio.AudioInfo};
 * files that cannot be read are refused with an {@link io.bullwatch.core.InputFormatException}
 * that names the file, the byte position and what was expected.
 * {@link io.bullwatch.core.audio.WavWriter} writes 16-bit PCM or 32-bit float files, switching to
 * RF64 past 4 GiB, under a temporary name until complete.
 */
package io.bullwatch.core.audio;
