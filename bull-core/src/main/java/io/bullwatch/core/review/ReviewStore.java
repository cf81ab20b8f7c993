package io.bullwatch.core.review;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Keeps one night's verdict file up to date: each verdict replaces the earlier one for the same
 * stretch and the whole file is rewritten atomically before {@link #put} returns, so a verdict
 * acknowledged to the expert survives a {@code kill -9} of the process, and writers from several
 * threads (two browser tabs on one night) are serialised and never interleave. One store per file
 * and process.
 */
public final class ReviewStore {

    private final Path file;
    private final Map<String, ReviewEntry> entries = new LinkedHashMap<>();
    private long version;

    private ReviewStore(Path file, List<ReviewEntry> existing) {
        this.file = file;
        for (ReviewEntry e : existing) {
            entries.put(e.key(), e);
        }
    }

    /**
     * Opens a night's verdict file, reading the verdicts it holds.
     *
     * @param file the verdict file (need not exist)
     * @return the store
     * @throws IOException if the file exists and cannot be read or is malformed (the message names
     *     the file and the line)
     */
    public static ReviewStore open(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        return new ReviewStore(file, ReviewFile.readIfExists(file));
    }

    /** @return the verdict file */
    public Path file() {
        return file;
    }

    /**
     * Records a verdict and rewrites the file; returns once the file is on the disk.
     *
     * @param entry the verdict
     * @return every verdict of the night after this one
     * @throws IOException if the file cannot be written; the verdict is then not kept in memory
     *     either, and the file is unchanged
     */
    public synchronized List<ReviewEntry> put(ReviewEntry entry) throws IOException {
        Objects.requireNonNull(entry, "entry");
        ReviewEntry before = entries.put(entry.key(), entry);
        try {
            ReviewFile.write(file, entries.values());
        } catch (IOException | RuntimeException e) {
            if (before == null) {
                entries.remove(entry.key());
            } else {
                entries.put(entry.key(), before);
            }
            throw e;
        }
        version++;
        return new ArrayList<>(entries.values());
    }

    /** @return how many verdicts this store has written, so that what depends on them can be cached */
    public synchronized long version() {
        return version;
    }

    /** @return every verdict of the night, in the order they were first given */
    public synchronized List<ReviewEntry> entries() {
        return new ArrayList<>(entries.values());
    }

    /** @return the verdicts by stretch key ({@link CountUnit#key()}) */
    public synchronized Map<String, ReviewEntry> byKey() {
        return new LinkedHashMap<>(entries);
    }
}
