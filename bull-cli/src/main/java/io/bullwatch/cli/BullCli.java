package io.bullwatch.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code bull} command-line tool: finds shad spawning splashes in river recordings.
 *
 * <p>Exit codes: 0 success, 1 some input failed (the others were still processed), 2 bad usage.
 *
 * <p>Every command takes {@code --help}; its usage help fits the terminal's width (80 columns when
 * it is unknown), with descriptions wrapped between words ({@link WordWrapHelp}).
 */
@Command(name = "bull",
        // the help options, the version, the width and the headings below hold for every subcommand
        scope = CommandLine.ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = BullCli.Version.class,
        usageHelpAutoWidth = true,
        parameterListHeading = "%nArguments:%n",
        optionListHeading = "%nOptions:%n",
        commandListHeading = "%nCommands:%n",
        description = "BullWatch: finds shad spawning splashes (\"bulls\") in long river recordings.",
        subcommands = {InfoCommand.class, DetectCommand.class, EvaluateCommand.class, SynthCommand.class, FeaturesCommand.class, ModelsCommand.class, ComposeCommand.class, TrainCommand.class, CrossvalCommand.class, AdaptCommand.class, ReviewCommand.class, CountCommand.class,
            QuickstartCommand.class, CommandLine.HelpCommand.class})
public final class BullCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Runs the tool.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        int code;
        try {
            code = commandLine().execute(args);
        } catch (OutOfMemoryError e) {
            // outside any one recording (a batch fails only the recording that ran out)
            System.err.println("bull: " + CliErrors.describe(e));
            code = 1;
        }
        System.exit(code);
    }

    /**
     * The configured picocli command line (used by {@link #main} and by tests).
     *
     * @return a new command line
     */
    public static CommandLine commandLine() {
        return new CommandLine(new BullCli()).setCaseInsensitiveEnumValuesAllowed(true)
                .setHelpFactory(WordWrapHelp.factory())
                .setExecutionExceptionHandler(CliErrors.handler());
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required; see 'bull --help'");
    }

    /** Reads the version written into the jar at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = BullCli.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"BullWatch " + p.getProperty("version", "unknown")};
        }
    }
}
