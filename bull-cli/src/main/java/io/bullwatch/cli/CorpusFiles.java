package io.bullwatch.cli;

import io.bullwatch.core.corpus.Corpus;
import io.bullwatch.core.corpus.CorpusManifest;
import io.bullwatch.core.corpus.RecordingProbe;
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
        Corpus corpus = Corpus.load(CorpusManifest.read(data.resolve("manifest.csv")), RecordingProbe.wav(),
                annotations);
        for (String w : corpus.warnings()) {
            err.println("bull " + command + ": " + w);
        }
        err.flush();
        return corpus;
    }
}
