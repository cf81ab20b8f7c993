package io.bullwatch.cli;

import io.bullwatch.core.corpus.Corpus;
import io.bullwatch.core.corpus.CorpusManifest;
import io.bullwatch.core.corpus.RecordingProbe;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Loads the corpus of {@code --data} (and {@code --annotations}) for {@code bull train} and {@code bull evaluate}. */
final class CorpusFiles {

    private CorpusFiles() {
    }

    /**
     * Loads {@code DIR/manifest.csv} with the annotations beside each recording, or with one table
     * for the whole corpus; the table's rows that name recordings outside the manifest are printed
     * on standard error.
     *
     * @param data the corpus folder
     * @param table one selection table for every recording, or null
     * @param command the command, for messages
     * @param err where to report rows that were not used
     * @return the corpus
     * @throws IOException if the manifest, a recording or an annotation file cannot be read or is
     *     malformed (the message names the file and line)
     */
    static Corpus load(Path data, Path table, String command, PrintWriter err) throws IOException {
        Corpus corpus = Corpus.load(CorpusManifest.read(data.resolve("manifest.csv")), RecordingProbe.wav(), table);
        if (table != null) {
            for (String w : corpus.warnings()) {
                if (w.endsWith("; not used")) {
                    err.println("bull " + command + ": " + w);
                }
            }
            err.flush();
        }
        return corpus;
    }
}
