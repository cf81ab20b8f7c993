package io.bullwatch.core.review;

import io.bullwatch.core.InputFormatException;
import io.bullwatch.core.io.AtomicFiles;
import io.bullwatch.core.text.Decimals;
import io.bullwatch.core.text.TextFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The verdict file of one night, {@code NAME.bull.review.csv} beside its detection files: a
 * header {@value #HEADER} and one row per judged stretch, sorted by start. {@code verdict} is
 * {@code bull}, {@code not-bull} or {@code unsure}; {@code time} an ISO-8601 instant; {@code kind}
 * {@code event} (a row of the night's Raven table) or {@code cell} (a stretch of the counting
 * sample). Times have 3 decimals, scores 6; a point is the decimal separator whatever the locale.
 * Written atomically ({@link AtomicFiles}): a reader or a {@code kill -9} never sees half a file.
 */
public final class ReviewFile {

    /** File name suffix of a verdict file. */
    public static final String SUFFIX = ".bull.review.csv";
    /** The header line. */
    public static final String HEADER = "start,end,score,verdict,reviewer,time,kind";

    private ReviewFile() {
    }

    /**
     * Reads a verdict file.
     *
     * @param file the file
     * @return its rows in file order
     * @throws InputFormatException naming the file, the line and what was expected
     * @throws IOException if it cannot be read
     */
    public static List<ReviewEntry> read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        List<String> lines = TextFiles.readLines(file);
        if (lines.isEmpty() || !lines.get(0).strip().equals(HEADER)) {
            throw InputFormatException.atLine(file, 1, "expected the header '" + HEADER + "', found "
                    + (lines.isEmpty() ? "an empty file" : "'" + lines.get(0).strip() + "'"));
        }
        List<ReviewEntry> out = new ArrayList<>(lines.size() - 1);
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != 7) {
                throw InputFormatException.atLine(file, i + 1, "expected 7 comma-separated fields (" + HEADER
                        + "), found " + f.length);
            }
            try {
                out.add(new ReviewEntry(UnitKind.parse(f[6]), number("start", f[0]), number("end", f[1]),
                        number("score", f[2]), Verdict.parse(f[3]), f[4].strip(), Instant.parse(f[5].strip())));
            } catch (DateTimeParseException e) {
                throw InputFormatException.atLine(file, i + 1, "time: expected an ISO-8601 instant such as"
                        + " 2026-05-12T23:41:07Z, found '" + f[5].strip() + "'");
            } catch (IllegalArgumentException e) {
                throw InputFormatException.atLine(file, i + 1, e.getMessage());
            }
        }
        return out;
    }

    /**
     * Reads a verdict file if it exists.
     *
     * @param file the file
     * @return its rows, or none when there is no such file
     * @throws IOException as {@link #read(Path)}
     */
    public static List<ReviewEntry> readIfExists(Path file) throws IOException {
        return Files.exists(file) ? read(file) : List.of();
    }

    private static double number(String column, String text) {
        String t = text.strip();
        if (!Decimals.isNumber(t)) {
            throw new IllegalArgumentException(column + ": expected a number, found '" + t + "'");
        }
        return Decimals.parse(t);
    }

    /**
     * Writes a verdict file atomically, rows sorted by start, end and kind.
     *
     * @param file the file
     * @param entries the rows
     * @throws IOException if it cannot be written (the message names the file)
     */
    public static void write(Path file, Collection<ReviewEntry> entries) throws IOException {
        List<ReviewEntry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingDouble(ReviewEntry::start).thenComparingDouble(ReviewEntry::end)
                .thenComparing(ReviewEntry::kind));
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (ReviewEntry e : sorted) {
            sb.append(Decimals.format(e.start(), 3)).append(',')
                    .append(Decimals.format(e.end(), 3)).append(',')
                    .append(Decimals.format(e.score(), 6)).append(',')
                    .append(e.verdict().text()).append(',')
                    .append(e.reviewer()).append(',')
                    .append(e.time()).append(',')
                    .append(e.kind().text()).append('\n');
        }
        AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
