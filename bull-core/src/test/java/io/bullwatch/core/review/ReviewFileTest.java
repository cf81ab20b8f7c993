package io.bullwatch.core.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.InputFormatException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReviewFileTest {

    private static final Instant T = Instant.parse("2026-05-12T23:41:07Z");

    @TempDir
    Path dir;

    @Test
    void writesTheDocumentedColumnsAndReadsThemBack() throws Exception {
        Path f = dir.resolve("n1" + ReviewFile.SUFFIX);
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            ReviewFile.write(f, List.of(
                    new ReviewEntry(UnitKind.CELL, 300, 305, 0.0125, Verdict.NOT_BULL, "", T),
                    new ReviewEntry(UnitKind.EVENT, 80, 85.5, 0.6649, Verdict.BULL, "ana b", T)));
        } finally {
            Locale.setDefault(before);
        }
        assertEquals("start,end,score,verdict,reviewer,time,kind\n"
                + "80.000,85.500,0.664900,bull,ana b,2026-05-12T23:41:07Z,event\n"
                + "300.000,305.000,0.012500,not-bull,,2026-05-12T23:41:07Z,cell\n",
                Files.readString(f, StandardCharsets.UTF_8));
        List<ReviewEntry> back = ReviewFile.read(f);
        assertEquals(2, back.size());
        assertEquals(new ReviewEntry(UnitKind.EVENT, 80, 85.5, 0.6649, Verdict.BULL, "ana b", T), back.get(0));
    }

    @Test
    void malformedRowsNameTheFileTheLineAndWhatWasExpected() throws Exception {
        Path f = dir.resolve("bad" + ReviewFile.SUFFIX);
        Files.writeString(f, ReviewFile.HEADER + "\n80,85,0.5,bull,,2026-05-12T23:41:07Z,event\n80,85,0.5,maybe,,"
                + "2026-05-12T23:41:07Z,event\n");
        InputFormatException e = assertThrows(InputFormatException.class, () -> ReviewFile.read(f));
        assertTrue(e.getMessage().contains("bad.bull.review.csv") && e.getMessage().contains("line 3")
                && e.getMessage().contains("bull, not-bull or unsure"), e.getMessage());
        Files.writeString(f, "start,end\n");
        e = assertThrows(InputFormatException.class, () -> ReviewFile.read(f));
        assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains(ReviewFile.HEADER), e.getMessage());
        Files.writeString(f, ReviewFile.HEADER + "\n80,85,0.5,bull,,yesterday,event\n");
        e = assertThrows(InputFormatException.class, () -> ReviewFile.read(f));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("ISO-8601"), e.getMessage());
    }

    @Test
    void aLaterVerdictReplacesTheEarlierOneAndConcurrentWritersNeverInterleave() throws Exception {
        Path f = dir.resolve("n2" + ReviewFile.SUFFIX);
        ReviewStore store = ReviewStore.open(f);
        store.put(new ReviewEntry(UnitKind.EVENT, 10, 15, 0.9, Verdict.UNSURE, "a", T));
        store.put(new ReviewEntry(UnitKind.EVENT, 10, 15, 0.9, Verdict.BULL, "a", T));
        assertEquals(List.of(Verdict.BULL), ReviewFile.read(f).stream().map(ReviewEntry::verdict).toList());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int tab = t;
            done.add(pool.submit(() -> {
                for (int i = 0; i < 25; i++) {
                    double start = 100 + 5 * (tab * 25 + i);
                    store.put(new ReviewEntry(UnitKind.CELL, start, start + 5, 0.1, Verdict.NOT_BULL, "tab" + tab, T));
                }
                return null;
            }));
        }
        for (Future<?> d : done) {
            d.get();
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(101, ReviewFile.read(f).size());
        assertEquals(101, ReviewStore.open(f).entries().size());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(f), files.filter(p -> p.getFileName().toString().contains("n2")).toList(),
                    "no temporary file left behind");
        }
    }

    @Test
    void reviewerNamesThatWouldBreakTheFileAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new ReviewEntry(UnitKind.EVENT, 1, 2, 0.5, Verdict.BULL, "a,b", T));
        assertThrows(IllegalArgumentException.class,
                () -> new ReviewEntry(UnitKind.EVENT, 1, 2, 0.5, Verdict.BULL, "a\nb", T));
    }
}
