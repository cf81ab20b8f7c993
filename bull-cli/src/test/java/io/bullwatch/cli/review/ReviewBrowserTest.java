package io.bullwatch.cli.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.review.ReviewEntry;
import io.bullwatch.core.review.ReviewFile;
import io.bullwatch.core.review.UnitKind;
import io.bullwatch.core.review.Verdict;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The review page in a real browser: Debian's headless Chromium driven by Selenium through
 * chromium-driver, against the server on the loopback address over a night of 500 detections.
 * Skipped where the browser is not installed, except under CI ({@code CI=true}), where {@code
 * .ci/run} installs it and a missing browser fails. Screenshots of the index and of a card go to
 * {@code target/screenshots} (with {@code timing.txt}: how long the night of 500 took), and to the folder named by {@code -Dbull.screenshots=DIR} (the
 * README's come from {@code -Dbull.screenshots=docs/img}).
 */
class ReviewBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path tmp;

    private Path out;
    private ReviewServer server;
    private ChromeDriver browser;

    @BeforeEach
    void start() throws IOException {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI: " + CHROMIUM + " and " + DRIVER + " are needed (apt-get install chromium"
                    + " chromium-driver; .ci/run installs them)");
        }
        Assumptions.assumeTrue(present, "chromium and chromium-driver are not installed");
        out = tmp.resolve("out");
        ReviewFixture.night(out, tmp.resolve("recordings/site-a"), "big-night", 500);
        ReviewFixture.night(out, tmp.resolve("recordings/site-b"), "short-night", 4);
        server = ReviewServer.start(ReviewSession.open(out, Optional.empty(), 20), InetAddress.getLoopbackAddress(), 0,
                "tester");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,900", "--autoplay-policy=no-user-gesture-required", "--mute-audio",
                "--user-data-dir=" + tmp.resolve("profile"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    private void waitFor(String what, Supplier<Boolean> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(20)).withMessage(what).until(d -> condition.get());
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private List<WebElement> rows() {
        return browser.findElements(By.cssSelector("#list li"));
    }

    private void screenshot(String name) throws IOException {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Path target = Path.of("target", "screenshots");
        Files.createDirectories(target);
        Files.write(target.resolve(name), png);
        String docs = System.getProperty("bull.screenshots");
        if (docs != null && !docs.isBlank()) {
            Path dir = Path.of(docs);
            Files.createDirectories(dir);
            Files.write(dir.resolve(name), png);
        }
    }

    private void press(CharSequence key) {
        new Actions(browser).sendKeys(key).perform();
    }

    private List<ReviewEntry> saved(String night) throws IOException {
        Path f = out.resolve(night + ReviewFile.SUFFIX);
        return Files.exists(f) ? ReviewFile.read(f) : List.of();
    }

    @Test
    void anExpertJudgesDetectionsWithTheKeyboardAndEveryVerdictIsKept() throws Exception {
        // a night of 500 detections is usable within a second of opening: list and first card shown
        browser.get(server.url() + "#night=big-night");
        waitFor("500 detections listed", () -> rows().size() == 500
                && !browser.findElement(By.id("card-question")).getText().isEmpty());
        // the page marks the moment (performance.mark), measured from the start of navigation
        double ms = ((Number) js("return performance.getEntriesByName('bull-night-ready')[0].startTime;")).doubleValue();
        assertTrue(ms < 1000, "the night of 500 detections took " + ms + " ms to be usable");
        Files.createDirectories(Path.of("target", "screenshots"));
        Files.writeString(Path.of("target", "screenshots", "timing.txt"), String.format(java.util.Locale.ROOT,
                "a night of 500 detections usable %.0f ms after navigation began%n%s%n", ms, js(
                "return performance.getEntriesByType('resource').map(function (e) { return e.name.replace(/token=[0-9a-f]+/, '')"
                + " + ' ' + Math.round(e.startTime) + '+' + Math.round(e.duration); }).join('\\n');")));

        // the index: nights, counts, season plot
        browser.get(server.url());
        waitFor("two nights listed", () -> browser.findElements(By.cssSelector("tr.night")).size() == 2);
        waitFor("season plot", () -> Boolean.TRUE.equals(js(
                "var i = document.getElementById('season'); return i.complete && i.naturalWidth > 0;")));
        screenshot("review-index.png");
        browser.findElement(By.cssSelector("tr.night[data-name='short-night']")).click();
        waitFor("four detections listed", () -> rows().size() == 4);

        // space plays the current card's clip
        waitFor("clip loaded", () -> Boolean.TRUE.equals(js(
                "var a = document.getElementById('card-audio'); return !!a.src && a.readyState >= 2;")));
        press(" ");
        waitFor("clip playing", () -> Boolean.TRUE.equals(js(
                "var a = document.getElementById('card-audio'); return !a.paused && a.currentTime > 0;")));
        press(" ");

        // y, n, u judge the first three by score and move on; each verdict is on the disk
        String before = browser.findElement(By.id("count")).getText();
        List<String> keys = List.of(rows().get(0).getAttribute("data-key"), rows().get(1).getAttribute("data-key"),
                rows().get(2).getAttribute("data-key"));
        press("y");
        press("n");
        press("u");
        waitFor("three verdicts written", () -> {
            try {
                return saved("short-night").size() == 3;
            } catch (IOException e) {
                return false;
            }
        });
        List<ReviewEntry> entries = saved("short-night");
        assertEquals(List.of(Verdict.BULL, Verdict.NOT_BULL, Verdict.UNSURE), keys.stream()
                .map(k -> entries.stream().filter(e -> e.key().equals(k)).findFirst().orElseThrow().verdict()).toList());
        assertTrue(entries.stream().allMatch(e -> e.reviewer().equals("tester") && e.kind() == UnitKind.EVENT));
        waitFor("count updated", () -> browser.findElement(By.id("count")).getText().startsWith("confirmed 1"));
        assertTrue(!before.equals(browser.findElement(By.id("count")).getText()), before);

        // a reload shows the verdicts again
        browser.navigate().refresh();
        waitFor("list back after reload", () -> rows().size() == 4);
        waitFor("verdicts restored", () -> keys.equals(rows().stream().limit(3).map(r -> r.getAttribute("data-key")).toList())
                && List.of("bull", "not-bull", "unsure").equals(rows().stream().limit(3)
                        .map(r -> r.getAttribute("data-verdict")).toList()));

        // the counting sample asks for stretches between the detections too
        browser.findElement(By.id("mode-sample")).click();
        waitFor("counting sample listed", () -> !rows().isEmpty()
                && browser.findElement(By.id("card-question")).getText().contains("begin"));
        waitFor("card image", () -> Boolean.TRUE.equals(js(
                "var i = document.getElementById('card-img'); return i.complete && i.naturalWidth > 0;")));
        screenshot("review-card.png");
        press("n");
        waitFor("a cell verdict written", () -> {
            try {
                return saved("short-night").stream().anyMatch(e -> e.kind() == UnitKind.CELL && e.verdict() == Verdict.NOT_BULL);
            } catch (IOException e) {
                return false;
            }
        });
    }
}
