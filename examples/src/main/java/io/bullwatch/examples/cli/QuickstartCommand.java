package io.bullwatch.examples.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code bull quickstart}: the end-to-end demonstration on built-in synthetic data. */
@Command(name = "quickstart",
        description = "Runs BullWatch end to end on built-in synthetic river nights (not available yet).")
final class QuickstartCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("bull quickstart is not available yet. When it is, it will:");
        err.println("  1. generate a small synthetic corpus of river nights on a few sites (bull synth),");
        err.println("  2. train the compact CPU model on the training sites (bull train),");
        err.println("  3. evaluate it on a held-out site (bull evaluate),");
        err.println("  4. detect bulls on a held-out night and write Raven/Audacity files (bull detect),");
        err.println("  5. print a summary and where to find every output.");
        err.println("Available now: bull info FILE... (see bull --help).");
        err.flush();
        return 3;
    }
}
