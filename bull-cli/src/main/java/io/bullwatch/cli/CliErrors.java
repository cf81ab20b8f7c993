package io.bullwatch.cli;

import io.bullwatch.core.io.IoErrors;
import io.bullwatch.models.bundle.InvalidBundleException;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Turns exceptions into the one-line messages the command line shows (never a stack trace). */
final class CliErrors {

    private CliErrors() {
    }

    /**
     * A message that names the file and says what went wrong.
     *
     * @param e the failure
     * @return one line for the user
     */
    static String describe(Throwable e) {
        String named = e instanceof IOException io ? IoErrors.named(io) : null;
        if (named != null) {
            return named;
        }
        if (e instanceof OutOfMemoryError) {
            return "out of memory (Java heap limit " + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                    + " MiB); give Java more, e.g. BULL_JAVA_OPTS=-Xmx2g";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.toString() : m;
    }

    /**
     * The handler for exceptions that escape a command: one line on standard error, exit code 2 for
     * bad arguments ({@link IllegalArgumentException}) and unusable model bundles ({@link
     * InvalidBundleException}: {@code --model} names something that is not a working bundle), 1
     * otherwise.
     *
     * @return the handler
     */
    static CommandLine.IExecutionExceptionHandler handler() {
        return (e, cli, parsed) -> {
            PrintWriter err = cli.getErr();
            err.println("bull " + cli.getCommandName() + ": " + describe(e));
            err.flush();
            return exitCode(e);
        };
    }

    /**
     * @param e a failure that escaped a command
     * @return 2 for bad arguments and unusable model bundles, 1 otherwise
     */
    static int exitCode(Throwable e) {
        return e instanceof IllegalArgumentException || e instanceof InvalidBundleException ? 2 : 1;
    }
}
