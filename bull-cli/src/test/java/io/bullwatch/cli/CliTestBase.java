package io.bullwatch.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import picocli.CommandLine;

/** Runs the {@code bull} command line in-process and captures what it prints. */
abstract class CliTestBase {

    /** What the command printed on standard output. */
    protected final StringWriter out = new StringWriter();
    /** What the command printed on standard error. */
    protected final StringWriter err = new StringWriter();

    /** Runs {@code bull ARGS...} and returns its exit code. */
    protected int run(String... args) {
        CommandLine cli = BullCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    /** A copy of a folder, hidden files included (a corpus, a detection output); returns {@code to}. */
    protected static Path copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }
}
