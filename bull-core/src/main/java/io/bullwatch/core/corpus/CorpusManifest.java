package io.bullwatch.core.corpus;

import io.bullwatch.core.InputFormatException;
import io.bullwatch.core.text.Decimals;
import io.bullwatch.core.text.DelimitedText;
import io.bullwatch.core.text.TextFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A corpus manifest ({@code manifest.csv}): which recordings a training folder holds, where each
 * was recorded, and optionally its split and number of bulls.
 *
 * <p>The first non-blank line is a header naming the columns, in any order and ignoring case:
 * {@value #RECORDING} and {@value #SITE} are required, {@value #SPLIT} and {@value #BULLS} optional,
 * others ignored. The delimiter is a comma, a semicolon or a tab, whichever makes the header name
 * both required columns. Recordings are paths relative to the manifest's folder ({@code \} is read
 * as {@code /}); split values are {@code train}, {@code validation} (or {@code val}) and
 * {@code test}, ignoring case, or empty; {@value #BULLS} is a whole number {@code >= 0} or empty.
 * Blank lines and rows of empty fields are skipped; any line ending and a byte-order mark are
 * accepted.
 *
 * @param file the manifest file
 * @param columns the header's column names, without surrounding blanks
 * @param entries one entry per recording, in file order
 */
public record CorpusManifest(Path file, List<String> columns, List<ManifestEntry> entries) {

    /** Required column: the recording's relative path. */
    public static final String RECORDING = "recording";
    /** Required column: the recording site. */
    public static final String SITE = "site";
    /** Optional column: train, validation or test. */
    public static final String SPLIT = "split";
    /** Optional column: the number of bulls; {@code 0} allows a recording without annotations. */
    public static final String BULLS = "bulls";

    /** Validates and copies. */
    public CorpusManifest {
        Objects.requireNonNull(file, "file");
        columns = List.copyOf(columns);
        entries = List.copyOf(entries);
    }

    /**
     * Whether the header has a column, ignoring case.
     *
     * @param name the column name
     * @return {@code true} if present
     */
    public boolean hasColumn(String name) {
        return indexOf(columns, name) >= 0;
    }

    /**
     * The folder the recordings' paths are relative to.
     *
     * @return the manifest's folder
     */
    public Path folder() {
        return file.toAbsolutePath().normalize().getParent();
    }

    /** The manifest's name in a corpus folder. */
    public static final String FILE_NAME = "manifest.csv";

    /**
     * Reads and checks a manifest.
     *
     * @param file the manifest, or the corpus folder that holds it as {@value #FILE_NAME}
     * @return its entries
     * @throws InputFormatException naming the manifest and line when it is empty, a required
     *     column is missing, a row has a different number of fields than the header, a recording is
     *     empty, listed twice or not an existing file, a site is empty or spelled like another
     *     site but for case, a split value is unknown, or a bulls value is not a whole number
     *     {@code >= 0}
     * @throws IOException if the manifest cannot be read
     */
    public static CorpusManifest read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        if (Files.isDirectory(file)) {
            Path inside = file.resolve(FILE_NAME);
            if (!Files.isRegularFile(inside)) {
                throw InputFormatException.of(file, "a folder without " + FILE_NAME + "; expected a corpus folder"
                        + " (from bull synth or bull compose, or one written by hand as docs/formats.md shows) or"
                        + " its " + FILE_NAME);
            }
            file = inside;
        }
        List<String> lines = TextFiles.readLines(file);
        int h = 0;
        while (h < lines.size() && lines.get(h).isBlank()) {
            h++;
        }
        if (h == lines.size()) {
            throw InputFormatException.of(file, "the manifest is empty; expected a header line"
                    + " with the columns '" + RECORDING + "' and '" + SITE + "'");
        }
        int headerLine = h + 1;
        String headerText = lines.get(h);
        char delimiter = 0;
        List<String> header = null;
        List<String> widest = List.of(headerText.strip());
        for (char d : new char[] {',', ';', '\t'}) {
            List<String> cols;
            try {
                cols = DelimitedText.split(headerText, d).stream().map(String::strip).toList();
            } catch (IllegalArgumentException e) {
                throw InputFormatException.atLine(file, headerLine, e.getMessage());
            }
            if (indexOf(cols, RECORDING) >= 0 && indexOf(cols, SITE) >= 0) {
                delimiter = d;
                header = cols;
                break;
            }
            if (cols.size() > widest.size()) {
                widest = cols;
            }
        }
        if (header == null) {
            List<String> missing = new ArrayList<>();
            for (String c : List.of(RECORDING, SITE)) {
                if (indexOf(widest, c) < 0) {
                    missing.add("'" + c + "'");
                }
            }
            throw InputFormatException.atLine(file, headerLine, "missing required column"
                    + (missing.size() > 1 ? "s " : " ") + String.join(" and ", missing)
                    + "; found columns: " + quoted(widest));
        }
        int nColumns = header.size();
        while (nColumns > 1 && header.get(nColumns - 1).isEmpty()) {
            nColumns--;
        }
        header = header.subList(0, nColumns);
        int recording = indexOf(header, RECORDING);
        int site = indexOf(header, SITE);
        int split = indexOf(header, SPLIT);
        int bulls = indexOf(header, BULLS);

        Path folder = file.toAbsolutePath().normalize().getParent();
        List<ManifestEntry> entries = new ArrayList<>();
        Map<Path, Integer> seenRecordings = new HashMap<>();
        Map<String, ManifestEntry> sitesByKey = new HashMap<>();
        for (int i = h + 1; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            List<String> fields;
            try {
                fields = new ArrayList<>(DelimitedText.split(line, delimiter));
            } catch (IllegalArgumentException e) {
                throw InputFormatException.atLine(file, lineNo, e.getMessage());
            }
            if (fields.stream().allMatch(String::isBlank)) {
                continue;
            }
            while (fields.size() > nColumns && fields.get(fields.size() - 1).isBlank()) {
                fields.remove(fields.size() - 1);
            }
            if (fields.size() != nColumns) {
                throw InputFormatException.atLine(file, lineNo, "expected " + nColumns
                        + " fields as in the header (line " + headerLine + "), found "
                        + fields.size());
            }
            String name = fields.get(recording).strip().replace('\\', '/');
            if (name.isEmpty()) {
                throw InputFormatException.atLine(file, lineNo, RECORDING
                        + ": expected the recording's path relative to the manifest, found an"
                        + " empty field");
            }
            Path path;
            try {
                path = folder.resolve(name).normalize();
            } catch (InvalidPathException e) {
                throw InputFormatException.atLine(file, lineNo,
                        RECORDING + ": '" + name + "' is not a valid path: " + e.getReason());
            }
            Integer first = seenRecordings.putIfAbsent(path, lineNo);
            if (first != null) {
                throw InputFormatException.atLine(file, lineNo, "recording '" + name
                        + "' is listed twice (first at line " + first + "); expected each"
                        + " recording once");
            }
            if (!Files.isRegularFile(path)) {
                throw InputFormatException.atLine(file, lineNo, "recording '" + name
                        + "' not found: no file " + path);
            }
            String siteName = fields.get(site).strip();
            if (siteName.isEmpty()) {
                throw InputFormatException.atLine(file, lineNo,
                        SITE + ": expected the recording site, found an empty field");
            }
            ManifestEntry sameSite = sitesByKey.get(siteName.toLowerCase(Locale.ROOT));
            if (sameSite != null && !sameSite.site().equals(siteName)) {
                throw InputFormatException.atLine(file, lineNo, SITE + ": '" + siteName
                        + "' differs only in case from '" + sameSite.site() + "' (line "
                        + sameSite.line() + "); expected each site spelled one way");
            }
            Optional<Split> splitValue = Optional.empty();
            if (split >= 0 && !fields.get(split).isBlank()) {
                try {
                    splitValue = Optional.of(Split.parse(fields.get(split)));
                } catch (IllegalArgumentException e) {
                    throw InputFormatException.atLine(file, lineNo, SPLIT + ": " + e.getMessage());
                }
            }
            OptionalInt bullsValue = OptionalInt.empty();
            if (bulls >= 0 && !fields.get(bulls).isBlank()) {
                String text = fields.get(bulls).strip();
                long n;
                try {
                    n = Decimals.parseLong(text);
                } catch (IllegalArgumentException e) {
                    n = -1;
                }
                if (n < 0 || n > Integer.MAX_VALUE) {
                    throw InputFormatException.atLine(file, lineNo, BULLS
                            + ": expected a whole number >= 0, found '" + text + "'");
                }
                bullsValue = OptionalInt.of((int) n);
            }
            ManifestEntry entry =
                    new ManifestEntry(lineNo, name, path, siteName, splitValue, bullsValue);
            sitesByKey.putIfAbsent(siteName.toLowerCase(Locale.ROOT), entry);
            entries.add(entry);
        }
        return new CorpusManifest(file, header, entries);
    }

    private static int indexOf(List<String> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).strip().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    private static String quoted(List<String> columns) {
        List<String> q = new ArrayList<>();
        for (String c : columns) {
            q.add("'" + c + "'");
        }
        return String.join(", ", q);
    }
}
