package io.bullwatch.spark;

import io.bullwatch.models.bundle.InvalidBundleException;
import picocli.CommandLine;

/** The command lines of the {@code spark-submit} mains: a failure is one line, not a stack trace. */
final class SparkCli {

    private SparkCli() {
    }

    /**
     * A command line whose failures print {@code bullwatch spark: MESSAGE} on standard error, with
     * exit code 2 for bad arguments and unusable model bundles and 1 otherwise, as {@code bull}'s.
     *
     * @param command the picocli command
     * @return the command line
     */
    static CommandLine of(Object command) {
        return new CommandLine(command).setExecutionExceptionHandler((e, cl, parsed) -> {
            String m = e.getMessage();
            cl.getErr().println("bullwatch spark: " + (m == null || m.isBlank() ? e.toString() : m));
            cl.getErr().flush();
            return e instanceof IllegalArgumentException || e instanceof InvalidBundleException ? 2 : 1;
        });
    }
}
