package io.bullwatch.cli.review;

import io.bullwatch.core.batch.BatchDetection;
import io.bullwatch.core.events.DetectionFiles;
import io.bullwatch.core.io.AtomicFiles;
import io.bullwatch.core.io.IoErrors;
import io.bullwatch.core.review.BullCount;
import io.bullwatch.core.review.CountUnit;
import io.bullwatch.core.review.ReviewEntry;
import io.bullwatch.core.review.UnitKind;
import io.bullwatch.core.text.Decimals;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bull review OUT --export}: each night's verdicts as a Raven table with a {@code Verdict}
 * column ({@code NAME.bull.reviewed.selections.txt} beside its detection files), and a
 * self-contained static copy of the review ({@code OUT/review-export/index.html} with its images
 * and clips in {@code media/}) that opens from the disk or any web server, for sharing.
 */
public final class ReviewExport {

    /** File name suffix of the reviewed Raven table. */
    public static final String REVIEWED_SUFFIX = ".bull.reviewed.selections.txt";
    /** The static copy's folder in the output folder. */
    public static final String FOLDER = "review-export";
    /** Suffix, in the night's {@code .bull} folder, of the SHA-256 of the table the last export wrote. */
    static final String DIGEST_SUFFIX = ".reviewed.sha256";

    private ReviewExport() {
    }

    /**
     * Writes both.
     *
     * @param session the review session
     * @return the files written, the static page last
     * @throws IOException if a file cannot be written (the message names it)
     */
    public static List<Path> write(ReviewSession session) throws IOException {
        return write(session, new ArrayList<>());
    }

    /**
     * Writes both; a night that cannot be exported is named in the page and in {@code failures},
     * and the others are still exported.
     *
     * @param session the review session
     * @param failures gets {@code NIGHT: REASON} for each night that could not be exported
     * @return the files written, the static page last
     * @throws IOException if the page or the season plot cannot be written (the message names it)
     */
    public static List<Path> write(ReviewSession session, List<String> failures) throws IOException {
        return write(session, failures, new ArrayList<>());
    }

    /**
     * Writes both, keeping a reviewed table that was changed since the export that wrote it.
     *
     * <p>A table that is not the one the last export wrote (edited in Raven, say; its SHA-256 is
     * kept in {@code .bull/NAME.reviewed.sha256} beside the night's other state) is never
     * replaced: it is first renamed to {@code NAME.bull.reviewed.selections.edited.txt} (or
     * {@code .edited-2.txt} and so on, never over an earlier one), and {@code kept} is told.
     *
     * @param session the review session
     * @param failures gets {@code NIGHT: REASON} for each night that could not be exported
     * @param kept gets {@code NIGHT: FILE} for each edited table kept under another name
     * @return the files written, the static page last
     * @throws IOException if the page or the season plot cannot be written (the message names it)
     */
    public static List<Path> write(ReviewSession session, List<String> failures, List<String> kept)
            throws IOException {
        List<Path> written = new ArrayList<>();
        Path dir = session.out().resolve(FOLDER);
        Path media = dir.resolve("media");
        Files.createDirectories(media);
        StringBuilder html = new StringBuilder();
        html.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>BullWatch review: ")
                .append(escape(String.valueOf(session.out().getFileName()))).append("</title>\n<style>")
                .append("body{font:14px/1.4 system-ui,sans-serif;margin:1em;}table{border-collapse:collapse}")
                .append("td,th{padding:.3em .6em;border-bottom:1px solid #ddd;text-align:left}img{width:360px}")
                .append(".bull{color:#1d6b2c;font-weight:bold}.not-bull{color:#a01d12}.unsure{color:#8a6a00}")
                .append("</style></head><body>\n<h1>BullWatch review</h1>\n");
        Map<String, BullCount.Night> counts = new LinkedHashMap<>();
        int clip = 0;
        for (ReviewSession.Night n : session.nights().values()) {
            if (n.error().isPresent()) {
                html.append("<h2>").append(escape(n.files().name())).append("</h2><p>Not reviewable: ")
                        .append(escape(n.error().get())).append("</p>\n");
                continue;
            }
            // one night that cannot be exported (its recording unreadable, say) is named in the page and
            // told to the caller; the others are still exported
            StringBuilder part = new StringBuilder();
            try {
                Map<String, ReviewEntry> verdicts = n.verdicts();
                Path table = raven(n, verdicts, kept);
                written.add(table);
                BullCount.Night c = session.count(n);
                counts.put(n.files().name(), c);
                part.append("<h2>").append(escape(n.files().name())).append(" (").append(escape(n.files().site()))
                        .append(")</h2>\n<p>").append(c.events()).append(" detections, ").append(c.reviewed())
                        .append(" reviewed, ").append(c.confirmed()).append(" confirmed; estimated bulls ")
                        .append(Decimals.format(c.estimate().estimate(), 1)).append(" (95 % interval ")
                        .append(Decimals.format(c.estimate().lower(), 0)).append("-")
                        .append(Decimals.format(c.estimate().upper(), 0)).append(", from ")
                        .append(escape(c.estimate().method())).append(")</p>\n<table><tr><th>Start</th><th>End</th>")
                        .append("<th>Score</th><th>Kind</th><th>Verdict</th><th>Spectrogram</th><th>Audio</th></tr>\n");
                for (CountUnit u : n.units()) {
                    ReviewEntry v = verdicts.get(u.key());
                    if (u.kind() == UnitKind.CELL && v == null) {
                        continue;
                    }
                    String verdict = v == null ? "" : v.verdict().text();
                    part.append("<tr><td>").append(Decimals.format(u.start(), 1)).append("</td><td>")
                            .append(Decimals.format(u.end(), 1)).append("</td><td>").append(Decimals.format(u.score(), 3))
                            .append("</td><td>").append(u.kind().text()).append("</td><td class=\"").append(verdict)
                            .append("\">").append(verdict).append("</td>");
                    if (n.files().recording().isPresent() && Files.isRegularFile(n.files().recording().get())) {
                        clip++;
                        String stem = "clip" + clip;
                        Path png = media.resolve(stem + ".png");
                        Path wav = media.resolve(stem + ".wav");
                        AtomicFiles.write(png, ReviewMedia.spectrogram(n.files().recording().get(), u.start(), u.end()));
                        AtomicFiles.write(wav, ReviewMedia.clip(n.files().recording().get(), u.start(), u.end()));
                        part.append("<td><img loading=\"lazy\" src=\"media/").append(stem).append(".png\" alt=\"spectrogram\"></td>")
                                .append("<td><audio controls preload=\"none\" src=\"media/").append(stem).append(".wav\"></audio></td>");
                    } else {
                        part.append("<td colspan=\"2\">recording not found</td>");
                    }
                    part.append("</tr>\n");
                }
                part.append("</table>\n");
            } catch (IOException | RuntimeException e) {
                String reason = e instanceof IOException io ? IoErrors.reason(io) : String.valueOf(e.getMessage());
                html.append("<h2>").append(escape(n.files().name())).append("</h2><p>Not exported: ")
                        .append(escape(reason)).append("</p>\n");
                failures.add(n.files().name() + ": " + reason);
                continue;
            }
            html.append(part);
        }
        AtomicFiles.write(media.resolve("season.png"), SeasonPlot.png(session, counts));
        html.append("<h2>Season</h2><img style=\"width:auto;max-width:100%\" src=\"media/season.png\" alt=\"bulls per night\">\n")
                .append("</body></html>\n");
        Path index = dir.resolve("index.html");
        AtomicFiles.write(index, html.toString().getBytes(StandardCharsets.UTF_8));
        written.add(index);
        return written;
    }

    private static Path raven(ReviewSession.Night n, Map<String, ReviewEntry> verdicts, List<String> kept)
            throws IOException {
        String windows = n.files().windows().getFileName().toString();
        String stem = windows.substring(0, windows.length() - DetectionFiles.WINDOWS_SUFFIX.length());
        Path file = n.files().windows().resolveSibling(stem + REVIEWED_SUFFIX);
        StringBuilder sb = new StringBuilder(DetectionFiles.RAVEN_HEADER_TEXT).append("\tKind\tVerdict\tReviewer\n");
        double high = io.bullwatch.core.annotation.RavenSelectionTable.DEFAULT_BAND.highHz();
        if (n.files().recording().isPresent() && Files.isRegularFile(n.files().recording().get())) {
            high = DetectionFiles.nyquistBand(io.bullwatch.core.audio.WavFile.info(n.files().recording().get())
                    .sampleRate()).highHz();
        }
        int row = 0;
        List<CountUnit> units = new ArrayList<>(n.units());
        units.sort(java.util.Comparator.comparingDouble(CountUnit::start));
        for (CountUnit u : units) {
            ReviewEntry v = verdicts.get(u.key());
            if (u.kind() == UnitKind.CELL && v == null) {
                continue;
            }
            row++;
            sb.append(row).append("\tSpectrogram 1\t1\t").append(Decimals.format(u.start(), 6)).append('\t')
                    .append(Decimals.format(u.end(), 6)).append("\t0.000000\t").append(Decimals.format(high, 6)).append('\t')
                    .append(Decimals.format(u.score(), 4)).append('\t').append(u.kind().text()).append('\t')
                    .append(v == null ? "" : v.verdict().text()).append('\t').append(v == null ? "" : v.reviewer())
                    .append('\n');
        }
        byte[] table = sb.toString().getBytes(StandardCharsets.UTF_8);
        Path digest = n.files().windows().resolveSibling(BatchDetection.STATE_DIR).resolve(stem + DIGEST_SUFFIX);
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] before = Files.readAllBytes(file);
            boolean ours = Files.isRegularFile(digest)
                    && Files.readString(digest, StandardCharsets.UTF_8).strip().equals(sha256(before));
            if (!ours && !Arrays.equals(before, table)) {
                Path aside = aside(file, stem);
                Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
                kept.add(n.files().name() + ": " + aside);
            }
        }
        AtomicFiles.write(file, table);
        Files.createDirectories(digest.getParent());
        AtomicFiles.write(digest, (sha256(table) + "\n").getBytes(StandardCharsets.UTF_8));
        return file;
    }

    /** The first free {@code NAME.bull.reviewed.selections.edited[-K].txt} beside {@code file}. */
    private static Path aside(Path file, String stem) {
        String base = stem + REVIEWED_SUFFIX.substring(0, REVIEWED_SUFFIX.length() - ".txt".length()) + ".edited";
        Path candidate = file.resolveSibling(base + ".txt");
        for (int k = 2; Files.exists(candidate, LinkOption.NOFOLLOW_LINKS); k++) {
            candidate = file.resolveSibling(base + "-" + k + ".txt");
        }
        return candidate;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this Java runtime", e);
        }
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
