package io.bullwatch.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
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
}
