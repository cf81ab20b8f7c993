package io.bullwatch.cli.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.cli.BullCli;
import io.bullwatch.core.review.ReviewEntry;
import io.bullwatch.core.review.ReviewFile;
import io.bullwatch.core.review.Verdict;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bull review} as its own process, killed with SIGKILL ({@code kill -9}) right after the
 * verdicts were acknowledged: every acknowledged verdict is on the disk, and a new server shows
 * them. Also: a non-loopback address is refused without {@code --allow-remote}.
 */
class ReviewKillTest {

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newHttpClient();

    private Process start(Path out, String... more) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                BullCli.class.getName(), "review", out.toString()));
        command.addAll(List.of(more));
        return new ProcessBuilder(command).redirectError(tmp.resolve("stderr.txt").toFile()).start();
    }

    private static String url(Process p) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        assertTrue(line != null && line.startsWith("http://127.0.0.1:"), "first line: " + line);
        return line;
    }

    private HttpResponse<String> verdict(String url, double start, String verdict) throws Exception {
        String base = url.substring(0, url.indexOf("/?token="));
        String token = url.substring(url.indexOf("token=") + 6);
        String body = "{\"name\":\"night1\",\"kind\":\"event\",\"start\":\"" + start + "\",\"end\":\"" + (start + 5)
                + "\",\"verdict\":\"" + verdict + "\",\"reviewer\":\"k9\"}";
        return http.send(HttpRequest.newBuilder(URI.create(base + "/api/verdict?token=" + token))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void verdictsAcknowledgedBeforeAKillNineSurviveIt() throws Exception {
        Path out = tmp.resolve("out");
        ReviewFixture.night(out, tmp.resolve("rec/site"), "night1", 8);
        Process p = start(out);
        try {
            String url = url(p);
            for (int k = 0; k < 8; k++) {
                assertEquals(200, verdict(url, 5.0 * (2 * k + 1), k % 2 == 0 ? "bull" : "not-bull").statusCode());
            }
        } finally {
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(137, p.exitValue(), "killed by SIGKILL");
        List<ReviewEntry> saved = ReviewFile.read(out.resolve("night1" + ReviewFile.SUFFIX));
        assertEquals(8, saved.size());
        assertEquals(4, saved.stream().filter(e -> e.verdict() == Verdict.BULL).count());
        try (var files = Files.list(out)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
        Process again = start(out);
        try {
            String url = url(again);
            String base = url.substring(0, url.indexOf("/?token="));
            String night = http.send(HttpRequest.newBuilder(URI.create(base + "/api/night?name=night1&token="
                    + url.substring(url.indexOf("token=") + 6))).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertEquals(8, night.split("\"verdict\":").length - 1, night);
            assertTrue(night.contains("\"confirmed\":4"), night);
        } finally {
            again.destroyForcibly();
            again.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void anAddressOtherThanLoopbackNeedsAllowRemote() throws Exception {
        Path out = tmp.resolve("out");
        ReviewFixture.night(out, tmp.resolve("rec/site"), "night1", 2);
        Process p = start(out, "--host", "0.0.0.0");
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        assertTrue(Files.readString(tmp.resolve("stderr.txt")).contains("--allow-remote"));
    }
}
