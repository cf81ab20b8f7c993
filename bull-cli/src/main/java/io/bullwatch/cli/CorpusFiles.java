package io.bullwatch.cli;

import io.bullwatch.core.InputFormatException;
import io.bullwatch.core.annotation.Annotation;
import io.bullwatch.core.corpus.Corpus;
import io.bullwatch.core.corpus.CorpusManifest;
import io.bullwatch.core.corpus.CorpusRecording;
import io.bullwatch.core.corpus.RecordingProbe;
import io.bullwatch.core.io.Sha256;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The corpus options of {@code bull train} and {@code bull evaluate} (a picocli mixin): {@code
 * --data DIR} and {@code --annotations TABLE}, and the corpus they name.
 */
final class CorpusFiles {

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Corpus folder with manifest.csv.")
    Path data;

    @Option(names = "--annotations", paramLabel = "TABLE",
            description = "One selection table for the whole corpus (a Raven multi-file table with Begin File, or"
                + " a BirdNET-Analyzer combined table with Begin Path; both with File Offset (s)) instead of an"
                + " annotation file beside each recording. See docs/formats.md.")
    Path annotations;

    /**
     * Loads {@code DIR/manifest.csv} with the annotations beside each recording, or with the one
     * table, and prints the corpus's warnings (events clipped, bull counts that disagree, table
     * rows that name no recording of the manifest) on standard error.
     *
     * @param command the command, for messages
     * @param err where the warnings go
     * @return the corpus
     * @throws IOException if the manifest, a recording or an annotation file cannot be read or is
     *     malformed (the message names the file and line)
     */
    Corpus load(String command, PrintWriter err) throws IOException {
        Path manifest = data.resolve("manifest.csv");
        Corpus corpus = Corpus.load(CorpusManifest.read(manifest), RecordingProbe.wav(), annotations);
        for (String w : corpus.warnings()) {
            err.println("bull " + command + ": " + w);
        }
        err.flush();
        if (corpus.recordings().isEmpty()) {
            throw new InputFormatException(manifest, "line 2", "expected a row per recording after the header,"
                    + " found none");
        }
        return corpus;
    }

    /**
     * The corpus's one sample rate: a network trains on features of one rate.
     *
     * @param corpus the corpus {@link #load} gave
     * @return the rate of every recording
     * @throws InputFormatException naming the manifest's line of the first recording at another
     *     rate than the first one's
     */
    int oneSampleRate(Corpus corpus) throws InputFormatException {
        CorpusRecording first = corpus.recordings().get(0);
        int rate = first.audio().sampleRate();
        for (CorpusRecording r : corpus.recordings()) {
            if (r.audio().sampleRate() != rate) {
                throw new InputFormatException(data.resolve("manifest.csv"), "line " + r.entry().line(),
                        "recording " + r.name() + " is sampled at " + r.audio().sampleRate() + " Hz, but "
                        + first.name() + " (line " + first.entry().line() + ") at " + rate + " Hz; a corpus trains"
                        + " at one rate: resample the recordings to one");
            }
        }
        return rate;
    }

    /**
     * A digest of the corpus's labels: every recording's events (start, end, label), in manifest
     * order. The manifest can stay the same while an annotation file or the {@code --annotations}
     * table changes; this does not.
     *
     * @param corpus the corpus
     * @return the SHA-256, in hexadecimal
     */
    static String labelsDigest(Corpus corpus) {
        StringBuilder b = new StringBuilder();
        for (CorpusRecording r : corpus.recordings()) {
            b.append(r.name()).append('\n');
            for (Annotation a : r.events()) {
                b.append(a.start()).append(' ').append(a.end()).append(' ').append(a.label()).append('\n');
            }
        }
        return Sha256.hex(b.toString());
    }
}
