package io.bullwatch.core.review;

import io.bullwatch.core.InputFormatException;
import io.bullwatch.core.annotation.AnnotationTable;
import io.bullwatch.core.annotation.RavenSelectionTable;
import io.bullwatch.core.annotation.Selection;
import io.bullwatch.core.events.DetectionFiles;
import io.bullwatch.core.events.WindowScore;
import io.bullwatch.core.text.Decimals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One night of a {@code bull detect} output folder, as {@link ReviewFolder} finds it.
 *
 * @param name the night's name: its path in the folder without the suffix, with {@code /} between
 *     folders (unique in the folder)
 * @param site the site: the name of the folder the recording lies in, or {@code -} when unknown
 * @param windows its window scores, {@code NAME.bull.windows.csv}
 * @param selections its Raven table, {@code NAME.bull.selections.txt}
 * @param review its verdict file, {@code NAME.bull.review.csv} (need not exist)
 * @param recording the recording the detector read, when the output folder records it
 */
public record ReviewNight(String name, String site, Path windows, Path selections, Path review,
        Optional<Path> recording) {

    /** Validates. */
    public ReviewNight {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(windows, "windows");
        Objects.requireNonNull(selections, "selections");
        Objects.requireNonNull(review, "review");
        Objects.requireNonNull(recording, "recording");
    }

    /**
     * The detected events, from the Raven table.
     *
     * <p>A row without a score (a table edited in Raven, or written by another tool, without a
     * {@code Score} column or with the cell empty) is scored as {@code bull detect} scores an
     * event: the highest score of the night's windows that overlap it.
     *
     * @return {@code {start, end, score}} per event, in table order
     * @throws InputFormatException naming the file and the row for malformed content, and for a
     *     row without a score that no window of the night overlaps
     * @throws IOException if the table cannot be read
     */
    public List<double[]> events() throws IOException {
        return events(null);
    }

    /** The events; {@code windowScores} are the night's when the caller has read them, else null. */
    private List<double[]> events(List<WindowScore> windowScores) throws IOException {
        if (!Files.exists(selections)) {
            return List.of();
        }
        AnnotationTable table = RavenSelectionTable.read(selections);
        List<double[]> out = new ArrayList<>();
        int row = 0;
        for (Selection s : table.selections()) {
            row++;
            double start = s.annotation().start();
            double end = s.annotation().end();
            String score = s.extras().getOrDefault(DetectionFiles.SCORE, "").strip();
            if (score.isEmpty()) {
                if (windowScores == null) {
                    windowScores = windowScores();
                }
                double best = Double.NEGATIVE_INFINITY;
                for (WindowScore w : windowScores) {
                    if (w.start() < end && w.end() > start) {
                        best = Math.max(best, w.score());
                    }
                }
                if (best == Double.NEGATIVE_INFINITY) {
                    throw new InputFormatException(selections, "selection " + row, "no Score, and no window of "
                            + windows.getFileName() + " overlaps " + Decimals.format(start, 3) + "-"
                            + Decimals.format(end, 3) + " s to score it by");
                }
                out.add(new double[] {start, end, best});
                continue;
            }
            if (!Decimals.isNumber(score)) {
                // the table's row, counted among its selections (a table may hold blank or several header lines)
                throw new InputFormatException(selections, "selection " + row, "Score: expected a number, found '"
                        + score + "'");
            }
            out.add(new double[] {start, end, Decimals.parse(score)});
        }
        return out;
    }

    /**
     * The window scores.
     *
     * @return every window, in file order
     * @throws IOException as {@link DetectionFiles#readWindows(Path)}
     */
    public List<WindowScore> windowScores() throws IOException {
        return DetectionFiles.readWindows(windows);
    }

    /**
     * The stretches an expert judges for counting ({@link CountUnits}).
     *
     * @return the events, then the cells between them
     * @throws IOException if the window scores or the Raven table cannot be read
     */
    public List<CountUnit> units() throws IOException {
        List<WindowScore> w = windowScores();
        if (w.isEmpty()) {
            throw InputFormatException.of(windows, "no window scores: the recording was too short to score");
        }
        List<double[]> events = events(w);
        try {
            return CountUnits.of(w, events);
        } catch (IllegalArgumentException e) {
            throw InputFormatException.of(windows, e.getMessage());
        }
    }
}
