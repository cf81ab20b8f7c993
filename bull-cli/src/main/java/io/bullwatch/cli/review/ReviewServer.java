package io.bullwatch.cli.review;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.bullwatch.core.review.BullCount;
import io.bullwatch.core.review.CountUnit;
import io.bullwatch.core.review.ReviewEntry;
import io.bullwatch.core.review.UnitKind;
import io.bullwatch.core.review.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The review page's server: plain HTTP on one address (the loopback address unless told
 * otherwise), every request checked against a random per-run token, a fixed set of routes and no
 * route that maps a request path or parameter to a file: nights are looked up by name in the
 * {@link ReviewSession}, and the page's files are resources of the jar. Only {@code POST
 * /api/verdict} writes, and only the night's verdict file.
 *
 * <p>Routes (all take {@code token}, as a query parameter or an {@code X-Bull-Token} header):
 * {@code GET /} the page, {@code /review.js}, {@code /review.css}; {@code GET /api/nights} the
 * index with counts; {@code GET /api/night?name=N} a night's events, judged cells, counting sample
 * and count; {@code GET /api/clip?name=N&start=S&end=E} and {@code /api/spectrogram?...} a
 * stretch's audio and image; {@code GET /api/season.png} the season plot; {@code POST
 * /api/verdict} with a JSON body {@code {name, kind, start, end, verdict, reviewer}}.
 */
public final class ReviewServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReviewServer.class);
    private static final Gson GSON = new Gson();
    private static final int MAX_BODY = 4096;
    private static final Map<String, String[]> PAGE = Map.of(
            "/", new String[] {"index.html", "text/html; charset=utf-8"},
            "/index.html", new String[] {"index.html", "text/html; charset=utf-8"},
            "/review.js", new String[] {"review.js", "text/javascript; charset=utf-8"},
            "/review.css", new String[] {"review.css", "text/css; charset=utf-8"});

    private final ReviewSession session;
    private final HttpServer server;
    private final ExecutorService executor;
    private final String token;
    private final String reviewer;

    private ReviewServer(ReviewSession session, HttpServer server, ExecutorService executor, String token,
            String reviewer) {
        this.session = session;
        this.server = server;
        this.executor = executor;
        this.token = token;
        this.reviewer = reviewer;
    }

    /**
     * Starts a server.
     *
     * @param session the nights to serve
     * @param address the address to bind
     * @param port the port, 0 for any free one
     * @param reviewer the reviewer name the page starts with (may be empty)
     * @return the running server
     * @throws IOException if the address cannot be bound
     */
    public static ReviewServer start(ReviewSession session, InetAddress address, int port, String reviewer)
            throws IOException {
        byte[] t = new byte[16];
        new SecureRandom().nextBytes(t);
        String token = HexFormat.of().formatHex(t);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address, port), 32);
        } catch (java.net.BindException e) {
            throw new IOException(address.getHostAddress() + ":" + port + ": " + (e.getMessage() == null ? "cannot bind"
                    : e.getMessage().toLowerCase(java.util.Locale.ROOT)) + "; choose another --port (0: any free one)", e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread th = new Thread(r, "bull-review");
            th.setDaemon(true);
            return th;
        });
        ReviewServer s = new ReviewServer(session, server, executor, token, reviewer);
        server.createContext("/", s::handle);
        server.setExecutor(executor);
        server.start();
        // the first page load should not wait for the counts' draws
        executor.submit(() -> session.nights().values().stream().filter(n -> n.error().isEmpty())
                .forEach(n -> {
                    session.count(n);
                    session.sample(n);
                }));
        return s;
    }

    /** @return the page's address with the token, for the user to open */
    public String url() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + a.getPort() + "/?token=" + token;
    }

    /** @return the port */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @return this run's token */
    public String token() {
        return token;
    }

    /** Stops the server; verdicts are already on the disk. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            URI uri = ex.getRequestURI();
            Map<String, String> q = query(uri.getRawQuery());
            String given = Optional.ofNullable(ex.getRequestHeaders().getFirst("X-Bull-Token")).orElse(q.get("token"));
            if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                    token.getBytes(StandardCharsets.UTF_8))) {
                send(ex, 403, "text/plain; charset=utf-8", "forbidden: this page needs the token printed by bull review\n");
                return;
            }
            String path = uri.getRawPath();
            String method = ex.getRequestMethod();
            if (method.equals("POST") && path.equals("/api/verdict")) {
                verdict(ex);
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                send(ex, 405, "text/plain; charset=utf-8", "method not allowed\n");
                return;
            }
            String[] page = PAGE.get(path);
            if (page != null) {
                try (InputStream in = ReviewServer.class.getResourceAsStream(page[0])) {
                    byte[] bytes = in.readAllBytes();
                    if (page[0].endsWith(".html")) {
                        // the page's own assets carry the token too (it is hex: nothing to escape)
                        bytes = new String(bytes, StandardCharsets.UTF_8).replace("@TOKEN@", token)
                                .getBytes(StandardCharsets.UTF_8);
                    }
                    send(ex, 200, page[1], bytes);
                }
                return;
            }
            switch (path) {
                case "/api/nights" -> json(ex, 200, nights());
                case "/api/night" -> night(ex, q);
                case "/api/clip" -> media(ex, q, true);
                case "/api/spectrogram" -> media(ex, q, false);
                case "/api/season.png" -> send(ex, 200, "image/png", SeasonPlot.png(session, counts()));
                default -> send(ex, 404, "text/plain; charset=utf-8", "not found\n");
            }
        } catch (IOException e) {
            // most often the browser went away mid-response (a prefetch cancelled by navigation)
            LOG.debug("{} {}: {}", ex.getRequestMethod(), ex.getRequestURI().getRawPath(), e.toString());
            try {
                send(ex, 500, "text/plain; charset=utf-8", "error: " + e.getMessage() + "\n");
            } catch (IOException | RuntimeException ignored) {
                // the response had begun or the client is gone: nothing more to say
            }
        } catch (RuntimeException e) {
            LOG.warn("{} {}: {}", ex.getRequestMethod(), ex.getRequestURI().getRawPath(), e.toString());
            try {
                send(ex, 500, "text/plain; charset=utf-8", "error: " + e.getMessage() + "\n");
            } catch (IOException | RuntimeException ignored) {
                // the response had begun: nothing more to say
            }
        }
    }

    private Map<String, BullCount.Night> counts() {
        Map<String, BullCount.Night> out = new LinkedHashMap<>();
        session.nights().forEach((name, n) -> {
            if (n.error().isEmpty()) {
                out.put(name, session.count(n));
            }
        });
        return out;
    }

    private Map<String, Object> nights() {
        List<Map<String, Object>> list = new ArrayList<>();
        Map<String, BullCount.Night> counts = counts();
        for (ReviewSession.Night n : session.nights().values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", n.files().name());
            m.put("site", n.files().site());
            m.put("audio", n.files().recording().map(p -> p.toFile().isFile()).orElse(false));
            n.error().ifPresent(e -> m.put("error", e));
            BullCount.Night c = counts.get(n.files().name());
            if (c != null) {
                m.putAll(countJson(c));
            }
            list.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("out", session.out().getFileName() == null ? "" : session.out().getFileName().toString());
        m.put("reviewer", reviewer);
        m.put("budget", session.budget());
        m.put("nights", list);
        List<Map<String, Object>> sites = new ArrayList<>();
        session.sites(counts).forEach((site, e) -> {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("site", site);
            s.putAll(estimateJson(e));
            sites.add(s);
        });
        m.put("sites", sites);
        return m;
    }

    private static Map<String, Object> countJson(BullCount.Night c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("events", c.events());
        m.put("reviewed", c.reviewed());
        m.put("confirmed", c.confirmed());
        m.putAll(estimateJson(c.estimate()));
        return m;
    }

    private static Map<String, Object> estimateJson(BullCount.Estimate e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("estimate", Math.round(e.estimate() * 10) / 10.0);
        m.put("lower", e.lower());
        m.put("upper", e.upper());
        m.put("method", e.method());
        return m;
    }

    private void night(HttpExchange ex, Map<String, String> q) throws IOException {
        Optional<ReviewSession.Night> found = session.night(q.get("name"));
        if (found.isEmpty()) {
            send(ex, 404, "text/plain; charset=utf-8", "no such night\n");
            return;
        }
        ReviewSession.Night n = found.get();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", n.files().name());
        m.put("site", n.files().site());
        m.put("recording", n.files().recording().map(p -> p.getFileName().toString()).orElse(""));
        m.put("reviewer", reviewer);
        if (n.error().isPresent()) {
            m.put("error", n.error().get());
            json(ex, 200, m);
            return;
        }
        Map<String, ReviewEntry> verdicts = n.verdicts();
        List<Map<String, Object>> events = new ArrayList<>();
        List<Map<String, Object>> cells = new ArrayList<>();
        for (CountUnit u : n.units()) {
            ReviewEntry v = verdicts.get(u.key());
            if (u.kind() == UnitKind.EVENT) {
                events.add(unitJson(u, v));
            } else if (v != null) {
                cells.add(unitJson(u, v));
            }
        }
        List<Map<String, Object>> sample = new ArrayList<>();
        for (CountUnit u : session.sample(n)) {
            sample.add(unitJson(u, null));
        }
        m.put("events", events);
        m.put("cells", cells);
        m.put("sample", sample);
        m.put("count", countJson(session.count(n)));
        json(ex, 200, m);
    }

    private static Map<String, Object> unitJson(CountUnit u, ReviewEntry v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", u.kind().text());
        m.put("start", u.start());
        m.put("end", u.end());
        m.put("score", u.score());
        m.put("key", u.key());
        if (v != null) {
            m.put("verdict", v.verdict().text());
            m.put("reviewer", v.reviewer());
            m.put("time", v.time().toString());
        }
        return m;
    }

    private void media(HttpExchange ex, Map<String, String> q, boolean audio) throws IOException {
        Optional<ReviewSession.Night> found = session.night(q.get("name"));
        Optional<CountUnit> unit = found.flatMap(n -> unit(n, q));
        if (unit.isEmpty()) {
            send(ex, 404, "text/plain; charset=utf-8", "no such stretch\n");
            return;
        }
        Optional<java.nio.file.Path> recording = found.get().files().recording();
        if (recording.isEmpty() || !recording.get().toFile().isFile()) {
            send(ex, 404, "text/plain; charset=utf-8", "the recording of this night is not where bull detect read it\n");
            return;
        }
        CountUnit u = unit.get();
        ex.getResponseHeaders().set("Cache-Control", "private, max-age=3600");
        if (audio) {
            send(ex, 200, "audio/wav", ReviewMedia.clip(recording.get(), u.start(), u.end()));
        } else {
            send(ex, 200, "image/png", ReviewMedia.spectrogram(recording.get(), u.start(), u.end()));
        }
    }

    private static Optional<CountUnit> unit(ReviewSession.Night n, Map<String, String> q) {
        try {
            UnitKind kind = UnitKind.parse(q.getOrDefault("kind", "event"));
            double start = Double.parseDouble(q.getOrDefault("start", "x"));
            double end = Double.parseDouble(q.getOrDefault("end", "x"));
            return n.unit(CountUnit.key(kind, start, end));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private void verdict(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            send(ex, 413, "text/plain; charset=utf-8", "a verdict is a small JSON object\n");
            return;
        }
        JsonObject o;
        try {
            o = JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            send(ex, 400, "text/plain; charset=utf-8", "expected a JSON object {name, kind, start, end, verdict, reviewer}\n");
            return;
        }
        Optional<ReviewSession.Night> found = session.night(string(o, "name"));
        if (found.isEmpty() || found.get().store().isEmpty()) {
            send(ex, 404, "text/plain; charset=utf-8", "no such night\n");
            return;
        }
        ReviewSession.Night n = found.get();
        Map<String, String> q = Map.of("kind", string(o, "kind"), "start", string(o, "start"), "end", string(o, "end"));
        Optional<CountUnit> unit = unit(n, q);
        if (unit.isEmpty()) {
            send(ex, 404, "text/plain; charset=utf-8", "no such stretch in this night\n");
            return;
        }
        ReviewEntry entry;
        try {
            CountUnit u = unit.get();
            entry = new ReviewEntry(u.kind(), u.start(), u.end(), u.score(), Verdict.parse(string(o, "verdict")),
                    string(o, "reviewer").strip(), Instant.now());
        } catch (IllegalArgumentException e) {
            send(ex, 400, "text/plain; charset=utf-8", e.getMessage() + "\n");
            return;
        }
        n.store().get().put(entry);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("saved", entry.key());
        m.put("count", countJson(session.count(n)));
        json(ex, 200, m);
    }

    private static String string(JsonObject o, String key) {
        return o.has(key) && o.get(key).isJsonPrimitive() ? o.get(key).getAsString() : "";
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            m.putIfAbsent(k, v);
        }
        return m;
    }

    private static void json(HttpExchange ex, int status, Object value) throws IOException {
        send(ex, status, "application/json; charset=utf-8", GSON.toJson(value));
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        send(ex, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("Content-Security-Policy", "default-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
