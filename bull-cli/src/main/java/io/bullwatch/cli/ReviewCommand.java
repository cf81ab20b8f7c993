package io.bullwatch.cli;

import io.bullwatch.cli.review.BundleCalibration;
import io.bullwatch.cli.review.ReviewExport;
import io.bullwatch.cli.review.ReviewServer;
import io.bullwatch.cli.review.ReviewSession;
import io.bullwatch.core.review.CountingSample;
import io.bullwatch.core.review.ReviewEntry;
import io.bullwatch.core.review.ScoreCalibration;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bull review OUT}: the expert's review page over a {@code bull detect} output folder. */
@Command(name = "review",
        description = {"Serves a review page over a bull detect output folder.",
            "",
            "Prints the page's address (with a random token that every request needs) and serves until"
                + " stopped with Ctrl-C; it opens nothing by itself. The page lists the nights with their"
                + " detections, reviewed share, confirmed and estimated bulls; for each detection it shows a"
                + " spectrogram and plays the audio with a few seconds of context. Judge with the keyboard: y"
                + " bull, n not a bull, u unsure, space plays, arrows move. Each verdict is written at once,"
                + " atomically, to NAME.bull.review.csv beside the night's detection files. The counting sample"
                + " offers stretches drawn at random per score band (below the threshold too) so that"
                + " bull count can estimate the night's bulls without bias.",
            "",
            "The server binds 127.0.0.1 unless --host says otherwise; any other address needs"
                + " --allow-remote. --export writes NAME.bull.reviewed.selections.txt (Raven, with a Verdict"
                + " column) for each night and a static copy of the review in OUT/review-export/, then exits."
                + " See docs/cli.md."})
final class ReviewCommand implements Callable<Integer> {

    /** The lock file a serving {@code bull review} holds in {@code OUT/.bull/}. */
    static final String LOCK = "review.lock";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OUT", description = "A bull detect output folder.")
    Path out;

    @Option(names = "--port", defaultValue = "0", paramLabel = "N",
            description = "Port (default: any free port).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to bind (default: ${DEFAULT-VALUE}, this machine only).")
    String host;

    @Option(names = "--allow-remote",
            description = "Allow an address other than the loopback one: anyone who can reach it and has the"
                    + " token can read the recordings' clips and write verdicts.")
    boolean allowRemote;

    @Option(names = "--reviewer", defaultValue = "", paramLabel = "NAME",
            description = "Reviewer name written with each verdict (the page can change it).")
    String reviewer;

    @Option(names = "--model", paramLabel = "M",
            description = "The model bundle that made the detections: its calibration data stand in for score"
                    + " bands without verdicts in the counts.")
    Path model;

    @Option(names = "--budget", defaultValue = "" + CountingSample.DEFAULT_BUDGET, paramLabel = "N",
            description = "Verdicts per night the counting sample aims at, those already given included"
                    + " (default: ${DEFAULT-VALUE}).")
    int budget;

    @Option(names = "--export", description = "Write the reviewed Raven tables and the static copy, then exit.")
    boolean export;

    @Override
    public Integer call() throws Exception {
        Ranges.whole(spec, "--port", port, 0, 65535);
        Ranges.whole(spec, "--budget", budget, 0, 100_000);
        if (!ReviewEntry.isReviewerName(reviewer)) {
            // checked now: every verdict carrying it would be refused
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--reviewer '" + reviewer + "': a"
                    + " reviewer name holds at most 64 letters, digits, spaces and . _ - @");
        }
        PrintWriter outWriter = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<ScoreCalibration> calibration = model == null ? Optional.empty() : BundleCalibration.read(model);
        ReviewSession session = ReviewSession.open(out, calibration, budget);
        if (session.nights().isEmpty()) {
            err.println("bull review: " + out + ": no NAME.bull.windows.csv found; expected a bull detect output folder");
            return 1;
        }
        session.nights().values().stream().filter(n -> n.error().isPresent())
                .forEach(n -> err.println("bull review: " + n.files().name() + ": " + n.error().get()));
        boolean failed = session.nights().values().stream().anyMatch(n -> n.error().isPresent());
        if (export) {
            List<String> failures = new java.util.ArrayList<>();
            List<String> kept = new java.util.ArrayList<>();
            List<Path> files = ReviewExport.write(session, failures, kept);
            failures.forEach(f -> err.println("bull review: " + f + " (not exported)"));
            kept.forEach(k -> err.println("bull review: " + k + " (the reviewed table as it was, changed since the"
                    + " last export; kept under this name)"));
            files.forEach(f -> outWriter.println(f));
            outWriter.flush();
            // the nights that could be read are exported; those that could not are named
            return failed || !failures.isEmpty() ? 1 : 0;
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (java.net.UnknownHostException e) {
            err.println("bull review: --host " + host + ": not an address of this machine");
            return 2;
        }
        if (!address.isLoopbackAddress()) {
            if (!allowRemote) {
                err.println("bull review: --host " + host + " is not a loopback address; add --allow-remote to serve"
                        + " the page to other machines");
                return 2;
            }
            err.println("bull review: WARNING: serving on " + host + ": anyone who can reach this address and has"
                    + " the token can listen to the recordings and write verdicts");
        }
        // one server per folder: each keeps the verdict files in memory and rewrites them whole, so a
        // second one would drop the first one's verdicts
        Path lockFile = out.resolve(".bull").resolve(LOCK);
        Files.createDirectories(lockFile.getParent());
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = tryLock(channel)) {
            if (lock == null) {
                err.println("bull review: " + out + ": another bull review is serving this folder (it holds "
                        + lockFile + "); use its page, or stop it first");
                return 1;
            }
            try (ReviewServer server = ReviewServer.start(session, address, port, reviewer)) {
                outWriter.println(server.url());
                outWriter.println("Open the address above in a browser; stop with Ctrl-C. Verdicts are saved as you go.");
                outWriter.flush();
                new CountDownLatch(1).await();
            }
        }
        return 0;
    }

    /** The lock, or null when another process (or this one) holds it. */
    private static FileLock tryLock(FileChannel channel) throws java.io.IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }
}
