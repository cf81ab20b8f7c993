package io.bullwatch.cli.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.review.ReviewEntry;
import io.bullwatch.core.review.ReviewFile;
import io.bullwatch.core.review.UnitKind;
import io.bullwatch.core.review.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The review server over a real output folder on the loopback address: token, paths, writes. */
class ReviewServerTest {

    @TempDir
    Path tmp;

    private Path out;
    private ReviewServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        out = tmp.resolve("out");
        ReviewFixture.night(out, tmp.resolve("rec/siteA"), "night1", 6);
        server = ReviewServer.start(ReviewSession.open(out, Optional.empty(), 20), InetAddress.getLoopbackAddress(), 0, "t");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<byte[]> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<String> post(String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/verdict?token="
                + server.token())).POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A raw request line, as a browser or curl would never send it (no normalisation of dots). */
    private String raw(String target) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            OutputStream o = s.getOutputStream();
            o.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            o.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void bindsTheLoopbackAddressAndEveryRequestNeedsTheToken() throws Exception {
        assertTrue(server.url().startsWith("http://127.0.0.1:"), server.url());
        assertEquals(403, get("/").statusCode());
        assertEquals(403, get("/review.js").statusCode());
        assertEquals(403, get("/api/nights?token=wrong").statusCode());
        assertEquals(403, get("/api/nights?token=" + server.token().substring(1)).statusCode());
        assertEquals(200, get("/api/nights?token=" + server.token()).statusCode());
        String page = new String(get("/?token=" + server.token()).body(), StandardCharsets.UTF_8);
        assertTrue(page.contains("review.js?token=" + server.token()), "the page's assets carry the token");
        assertEquals(200, get("/review.js?token=" + server.token()).statusCode());
    }

    @Test
    void noPathOutsideTheFolderCanBeRead() throws Exception {
        Files.writeString(tmp.resolve("secret.txt"), "secret");
        String t = "token=" + server.token();
        for (String target : List.of("/../secret.txt?" + t, "/%2e%2e/secret.txt?" + t, "/..%2fsecret.txt?" + t,
                "/%2e%2e%2f%2e%2e%2fetc%2fpasswd?" + t, "/review.js/../../secret.txt?" + t, "/out/night1.bull.windows.csv?" + t,
                "/api/clip?name=../secret.txt&kind=event&start=5&end=10&" + t,
                "/api/clip?name=%2e%2e%2fsecret.txt&kind=event&start=5&end=10&" + t,
                "/api/night?name=..%2F..%2Fsecret&" + t, "/api/spectrogram?name=night1&kind=event&start=0&end=9999&" + t)) {
            String response = raw(target);
            assertTrue(response.startsWith("HTTP/1.1 404") || response.startsWith("HTTP/1.1 400"), target + " -> " + response);
            assertFalse(response.contains("secret\n") || response.endsWith("secret"), target);
        }
        // a real stretch of a real night is served
        HttpResponse<byte[]> clip = get("/api/clip?name=night1&kind=event&start=5.0&end=10.0&" + t);
        assertEquals(200, clip.statusCode());
        assertEquals("RIFF", new String(clip.body(), 0, 4, StandardCharsets.US_ASCII));
        // 5 s with 3 s of context on each side, 16-bit mono
        assertEquals(44 + 2 * 11 * ReviewFixture.RATE, clip.body().length);
        HttpResponse<byte[]> png = get("/api/spectrogram?name=night1&kind=event&start=5.0&end=10.0&" + t);
        assertEquals(200, png.statusCode());
        assertEquals((byte) 0x89, png.body()[0]);
    }

    @Test
    void nightsWhoseFilesAreLinksOutOfTheFolderAreNotServed() throws Exception {
        Path other = tmp.resolve("elsewhere");
        ReviewFixture.night(other, tmp.resolve("rec/siteB"), "night2", 2);
        Files.createSymbolicLink(out.resolve("night2.bull.windows.csv"), other.resolve("night2.bull.windows.csv"));
        Files.createSymbolicLink(out.resolve("linked"), other);
        ReviewSession s = ReviewSession.open(out, Optional.empty(), 20);
        assertEquals(List.of("night1"), List.copyOf(s.nights().keySet()));
    }

    @Test
    void onlyTheVerdictEndpointWritesAndOnlyStretchesTheNightHas() throws Exception {
        assertEquals(405, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/api/nights?token=" + server.token())).method("DELETE", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(404, post("{\"name\":\"night1\",\"kind\":\"event\",\"start\":\"6\",\"end\":\"10\",\"verdict\":\"bull\"}").statusCode());
        assertEquals(404, post("{\"name\":\"../x\",\"kind\":\"event\",\"start\":\"5\",\"end\":\"10\",\"verdict\":\"bull\"}").statusCode());
        assertEquals(400, post("{\"name\":\"night1\",\"kind\":\"event\",\"start\":\"5\",\"end\":\"10\",\"verdict\":\"maybe\"}").statusCode());
        assertEquals(400, post("not json").statusCode());
        assertFalse(Files.exists(out.resolve("night1" + ReviewFile.SUFFIX)), "refused verdicts write nothing");
        HttpResponse<String> ok = post("{\"name\":\"night1\",\"kind\":\"event\",\"start\":\"5\",\"end\":\"10\",\"verdict\":\"bull\",\"reviewer\":\"ana\"}");
        assertEquals(200, ok.statusCode(), ok.body());
        List<ReviewEntry> saved = ReviewFile.read(out.resolve("night1" + ReviewFile.SUFFIX));
        assertEquals(1, saved.size());
        assertEquals(Verdict.BULL, saved.get(0).verdict());
        assertEquals("ana", saved.get(0).reviewer());
        assertEquals(UnitKind.EVENT, saved.get(0).kind());
    }

    @Test
    void aNightWithAMalformedVerdictFileFailsAloneInTheCount() throws Exception {
        ReviewFixture.night(out, tmp.resolve("rec/siteB"), "night2", 3);
        Files.writeString(out.resolve("night2" + ReviewFile.SUFFIX), ReviewFile.HEADER + "\n5,10,0.5,maybe,,"
                + "2026-05-12T23:41:07Z,event\n");
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cli = new picocli.CommandLine(new io.bullwatch.cli.BullCli());
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setOut(new java.io.PrintWriter(new java.io.StringWriter(), true));
        assertEquals(1, cli.execute("count", out.toString()));
        assertTrue(err.toString().contains("night2.bull.review.csv") && err.toString().contains("line 2"), err.toString());
        List<String> rows = Files.readAllLines(out.resolve("counts.csv"));
        assertEquals(4, rows.size(), "header, night1, night2 failed, and night1's site: " + rows);
        assertTrue(rows.get(1).startsWith("night,siteA,night1,6,0,0,"), rows.get(1));
        assertEquals("night,siteB,night2,,,,,,,failed", rows.get(2));
        assertTrue(rows.get(3).startsWith("site,siteA,"), rows.get(3));

        // --model must be a model bundle: any other file is refused (exit 2), naming it
        Path notABundle = Files.writeString(tmp.resolve("other.json"), "{\"training\": {}}");
        err.getBuffer().setLength(0);
        picocli.CommandLine bull = io.bullwatch.cli.BullCli.commandLine(); // with the CLI's exit codes
        bull.setErr(new java.io.PrintWriter(err, true));
        bull.setOut(new java.io.PrintWriter(new java.io.StringWriter(), true));
        assertEquals(2, bull.execute("count", out.toString(), "--model", notABundle.toString()));
        assertTrue(err.toString().contains("not a model bundle"), err.toString());
    }

    @Test
    void aScoreThatIsNoNumberIsNamedByItsSelection() throws Exception {
        ReviewFixture.night(out, tmp.resolve("rec/siteC"), "night3", 3);
        Path table = out.resolve("night3" + io.bullwatch.core.events.DetectionFiles.SELECTIONS_SUFFIX);
        List<String> rows = new ArrayList<>(Files.readAllLines(table));
        int score = java.util.Arrays.asList(rows.get(0).split("\t")).indexOf("Score");
        String[] second = rows.get(2).split("\t", -1);
        second[score] = "high";
        rows.set(2, String.join("\t", second));
        Files.write(table, rows);
        io.bullwatch.core.review.ReviewNight night = io.bullwatch.core.review.ReviewFolder.scan(out).stream()
                .filter(n -> n.name().equals("night3")).findFirst().orElseThrow();
        io.bullwatch.core.InputFormatException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.bullwatch.core.InputFormatException.class, night::events);
        assertEquals(table, e.file());
        assertEquals("selection 2", e.position());
        assertTrue(e.getMessage().contains("Score: expected a number, found 'high'"), e.getMessage());
    }

    @Test
    void aTableWithoutScoresIsScoredByItsWindowsAsDetectionScoresEvents() throws Exception {
        ReviewFixture.night(out, tmp.resolve("rec/siteC"), "night3", 3);
        Path table = out.resolve("night3" + io.bullwatch.core.events.DetectionFiles.SELECTIONS_SUFFIX);
        Path windowsCsv = out.resolve("night3" + io.bullwatch.core.events.DetectionFiles.WINDOWS_SUFFIX);
        List<io.bullwatch.core.events.WindowScore> windows = io.bullwatch.core.events.DetectionFiles.readWindows(windowsCsv);
        // Raven saved the table without its Score column, and a second row was added by hand
        List<String> rows = new ArrayList<>(Files.readAllLines(table));
        int score = java.util.Arrays.asList(rows.get(0).split("\t")).indexOf("Score");
        List<String> stripped = new ArrayList<>();
        for (String r : rows) {
            List<String> cells = new ArrayList<>(java.util.Arrays.asList(r.split("\t", -1)));
            cells.remove(score);
            stripped.add(String.join("\t", cells));
        }
        Files.write(table, stripped);
        io.bullwatch.core.review.ReviewNight night = io.bullwatch.core.review.ReviewFolder.scan(out).stream()
                .filter(n -> n.name().equals("night3")).findFirst().orElseThrow();
        List<double[]> events = night.events();
        assertEquals(3, events.size());
        for (double[] ev : events) {
            double expected = windows.stream().filter(w -> w.start() < ev[1] && w.end() > ev[0])
                    .mapToDouble(io.bullwatch.core.events.WindowScore::score).max().orElseThrow();
            assertEquals(expected, ev[2], 0.0, "the highest overlapping window's score");
            assertTrue(ev[2] > 0.5, "each event overlaps a window holding its burst: " + ev[2]);
        }
        // a row beyond every scored window cannot be scored: named
        List<String> header = java.util.Arrays.asList(stripped.get(0).split("\t"));
        String[] far = stripped.get(1).split("\t", -1);
        far[header.indexOf("Begin Time (s)")] = "9000.0";
        far[header.indexOf("End Time (s)")] = "9005.0";
        far[header.indexOf("Selection")] = "2";
        Files.writeString(table, stripped.get(0) + "\n" + stripped.get(1) + "\n" + String.join("\t", far) + "\n");
        io.bullwatch.core.InputFormatException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.bullwatch.core.InputFormatException.class, night::events);
        assertEquals(table, e.file());
        assertEquals("selection 2", e.position(), e.getMessage());
        assertTrue(e.getMessage().contains("no Score, and no window of night3.bull.windows.csv overlaps"), e.getMessage());
    }

    @Test
    void theCommandRefusesWhatWouldLoseVerdictsOrFailLater() throws Exception {
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine bull = io.bullwatch.cli.BullCli.commandLine();
        bull.setErr(new java.io.PrintWriter(err, true));
        bull.setOut(new java.io.PrintWriter(new java.io.StringWriter(), true));
        // a reviewer name no verdict could carry: refused at once, not on every verdict
        assertEquals(2, bull.execute("review", out.toString(), "--reviewer", "Smith, J"));
        assertTrue(err.toString().contains("--reviewer 'Smith, J'"), err.toString());
        // a second server on the same folder would drop the first one's verdicts: refused
        java.nio.file.Path lock = out.resolve(".bull").resolve("review.lock");
        Files.createDirectories(lock.getParent());
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(lock,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
                java.nio.channels.FileLock held = ch.lock()) {
            err.getBuffer().setLength(0);
            assertEquals(1, bull.execute("review", out.toString(), "--port", "0"));
            assertTrue(err.toString().contains("another bull review is serving this folder"), err.toString());
        }
        // a port in use (this test's server's): named, with what to do
        int taken = URI.create(server.url()).getPort();
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> ReviewServer.start(
                ReviewSession.open(out, Optional.empty(), 20), java.net.InetAddress.getLoopbackAddress(), taken, ""));
        assertTrue(e.getMessage().startsWith("127.0.0.1:" + taken + ": ") && e.getMessage().contains("choose another"
                + " --port"), e.getMessage());
    }

    @Test
    void exportExitsOneWhenANightFailed() throws Exception {
        ReviewFixture.night(out, tmp.resolve("rec/siteB"), "night2", 3);
        Files.writeString(out.resolve("night2" + ReviewFile.SUFFIX), ReviewFile.HEADER + "\n5,10,0.5,maybe,,"
                + "2026-05-12T23:41:07Z,event\n");
        picocli.CommandLine bull = io.bullwatch.cli.BullCli.commandLine();
        java.io.StringWriter err = new java.io.StringWriter();
        bull.setErr(new java.io.PrintWriter(err, true));
        bull.setOut(new java.io.PrintWriter(new java.io.StringWriter(), true));
        // and a night whose recording was damaged since detection: named, the page still written
        ReviewFixture.night(out, tmp.resolve("rec/siteC"), "night3", 3);
        Files.writeString(tmp.resolve("rec/siteC/night3.wav"), "RIFF....WAVEdamaged");
        assertEquals(1, bull.execute("review", out.toString(), "--export"));
        assertTrue(err.toString().contains("night2"), err.toString());
        assertTrue(err.toString().contains("night3: ") && err.toString().contains("(not exported)"), err.toString());
        assertTrue(Files.isRegularFile(out.resolve("night1.bull.reviewed.selections.txt")), "the other night exported");
        String page = Files.readString(out.resolve(ReviewExport.FOLDER).resolve("index.html"));
        assertTrue(page.contains("night1 (siteA)") && page.contains("night3</h2><p>Not exported: "), page);
    }

    @Test
    void exportKeepsAReviewedTableEditedSinceTheLastExport() throws Exception {
        picocli.CommandLine bull = io.bullwatch.cli.BullCli.commandLine();
        java.io.StringWriter err = new java.io.StringWriter();
        bull.setErr(new java.io.PrintWriter(err, true));
        bull.setOut(new java.io.PrintWriter(new java.io.StringWriter(), true));
        java.nio.file.Path table = out.resolve("night1" + ReviewExport.REVIEWED_SUFFIX);
        java.nio.file.Path aside = out.resolve("night1.bull.reviewed.selections.edited.txt");
        assertEquals(0, bull.execute("review", out.toString(), "--export"));
        String first = Files.readString(table);
        // a new verdict and an export again: the table is the export's own, replaced without a copy
        assertEquals(200, post("{\"name\":\"night1\",\"kind\":\"event\",\"start\":\"5.0\",\"end\":\"10.0\","
                + "\"verdict\":\"bull\"}").statusCode());
        assertEquals(0, bull.execute("review", out.toString(), "--export"));
        String second = Files.readString(table);
        assertTrue(!second.equals(first) && second.contains("\tbull\t"), second);
        assertFalse(Files.exists(aside), "an unedited table is not copied");
        // the expert edits the table in Raven (a note in a row), then judges one more and exports
        String edited = second.replace("\tbull\t", "\tbull (loud, two fish)\t");
        Files.writeString(table, edited);
        assertEquals(200, post("{\"name\":\"night1\",\"kind\":\"event\",\"start\":\"15.0\",\"end\":\"20.0\","
                + "\"verdict\":\"not-bull\"}").statusCode());
        err.getBuffer().setLength(0);
        assertEquals(0, bull.execute("review", out.toString(), "--export"));
        assertEquals(edited, Files.readString(aside), "the edited table is kept as it was");
        assertTrue(Files.readString(table).contains("\tnot-bull\t"), "the new export holds the new verdict");
        assertTrue(err.toString().contains("night1: " + aside) && err.toString().contains("kept under this name"),
                err.toString());
        // edited again: kept beside the first copy, never over it
        Files.writeString(table, edited + "# another edit\n");
        assertEquals(0, bull.execute("review", out.toString(), "--export"));
        assertEquals(edited, Files.readString(aside));
        assertEquals(edited + "# another edit\n",
                Files.readString(out.resolve("night1.bull.reviewed.selections.edited-2.txt")));
    }

    @Test
    void concurrentVerdictsFromTwoTabsAreAllKept() throws Exception {
        ExecutorService tabs = Executors.newFixedThreadPool(2);
        List<Future<Integer>> done = new ArrayList<>();
        for (int tab = 0; tab < 2; tab++) {
            int first = tab;
            done.add(tabs.submit(() -> {
                int okCount = 0;
                // tab 0 judges events 0, 2, 4; tab 1 events 1, 3, 5, each three times over
                for (int round = 0; round < 3; round++) {
                    for (int k = first; k < 6; k += 2) {
                        double start = 5.0 * (2 * k + 1);
                        okCount += post("{\"name\":\"night1\",\"kind\":\"event\",\"start\":\"" + start + "\",\"end\":\""
                                + (start + 5) + "\",\"verdict\":\"" + (round == 2 ? "not-bull" : "bull") + "\"}").statusCode() == 200 ? 1 : 0;
                    }
                }
                return okCount;
            }));
        }
        for (Future<Integer> d : done) {
            assertEquals(9, d.get());
        }
        tabs.shutdown();
        List<ReviewEntry> saved = ReviewFile.read(out.resolve("night1" + ReviewFile.SUFFIX));
        assertEquals(6, saved.size());
        assertTrue(saved.stream().allMatch(e -> e.verdict() == Verdict.NOT_BULL));
    }
}
