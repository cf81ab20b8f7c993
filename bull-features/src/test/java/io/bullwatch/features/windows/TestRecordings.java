package io.bullwatch.features.windows;

import io.bullwatch.core.annotation.AnnotationSet;
import io.bullwatch.core.audio.AudioInfo;
import io.bullwatch.core.audio.AudioSource;
import io.bullwatch.core.audio.SampleEncoding;
import io.bullwatch.core.audio.WavFile;
import io.bullwatch.core.audio.WavWriter;
import io.bullwatch.core.corpus.CorpusRecording;
import io.bullwatch.core.corpus.ManifestEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Corpus recordings for tests, as a corpus holds them: a WAV file, its audio info, its annotations. */
public final class TestRecordings {

    private TestRecordings() {
    }

    /**
     * Writes samples as a float WAV and makes a recording of it.
     *
     * @param wav the file to write
     * @param samples mono samples
     * @param rate sample rate
     * @param site the recording's site
     * @param annotations its annotations
     * @return the recording
     * @throws IOException if the file cannot be written or read back
     */
    public static CorpusRecording write(Path wav, float[] samples, int rate, String site,
            AnnotationSet annotations) throws IOException {
        WavWriter.write(wav, samples, rate, SampleEncoding.FLOAT_32);
        return of(wav, site, annotations);
    }

    /**
     * A recording of an existing WAV file (manifest line 2, the test split).
     *
     * @param wav the file
     * @param site its site
     * @param annotations its annotations
     * @return the recording
     * @throws IOException if the file cannot be read
     */
    public static CorpusRecording of(Path wav, String site, AnnotationSet annotations) throws IOException {
        AudioInfo info;
        try (AudioSource s = WavFile.open(wav)) {
            info = s.info();
        }
        return new CorpusRecording(new ManifestEntry(2, wav.getFileName().toString(), wav, site,
                Optional.empty(), OptionalInt.of(0)), Optional.empty(), info, annotations);
    }

    /**
     * {@link #of} without annotations.
     *
     * @param wav the file
     * @param site its site
     * @return the recording
     * @throws IOException if the file cannot be read
     */
    public static CorpusRecording unlabelled(Path wav, String site) throws IOException {
        return of(wav, site, AnnotationSet.of("none", List.of()));
    }
}
