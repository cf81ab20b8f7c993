package io.bullwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Every command's usage help reads well at 80 and 120 columns: no line is too long, and each
 * paragraph is wrapped by the help itself ({@link WordWrapHelp}), so no line of a wrapped paragraph
 * ends early (as a paragraph broken by hand into several description strings does) and no word is
 * split across lines.
 */
class HelpTextTest extends CliTestBase {

    /**
     * The first line of a row of the option, parameter or command list: its name starts within
     * the first columns (descriptions and wrapped synopses are indented further).
     */
    private static final Pattern ROW = Pattern.compile("^ {1,6}\\S.*");
    /** A section heading such as "Commands:". */
    private static final Pattern HEADING = Pattern.compile("^[A-Z][a-z]*( [a-z]+)?:$");
    /** Text that ends with the end of a sentence (or a colon before a list). */
    private static final Pattern SENTENCE_END = Pattern.compile(".*[.:!?]$");
    /** An item of a list: "1. ..." or "- ...". */
    private static final Pattern LIST_ITEM = Pattern.compile("^\\s*(\\d+\\.|-|\\*)\\s.*");

    @ParameterizedTest
    @ValueSource(ints = {80, 120})
    void everyCommandsHelpFitsTheWidthAndFillsItsLines(int width) {
        CommandLine root = BullCli.commandLine();
        Map<String, CommandLine> commands = commands(root);
        assertTrue(commands.size() > 5, commands::toString);
        Set<String> paragraphs = new LinkedHashSet<>();
        Set<String> words = new HashSet<>();
        commands.values().forEach(c -> paragraphs.addAll(paragraphs(c.getCommandSpec())));
        commands.values().forEach(c -> words.addAll(words(c.getCommandSpec())));
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, CommandLine> e : commands.entrySet()) {
            UsageMessageSpec usage = e.getValue().getCommandSpec().usageMessage();
            usage.autoWidth(false); // a terminal running the tests must not change the width
            usage.width(width);
            assertEquals(width, usage.width());
            problems.addAll(problems(e.getKey(), e.getValue().getUsageMessage(CommandLine.Help.Ansi.OFF),
                    width, paragraphs, words));
        }
        assertTrue(problems.isEmpty(), () -> problems.size() + " problems:\n" + String.join("\n", problems));
    }

    @Test
    void everyCommandIsSummedUpInOneSentenceInTheCommandList() {
        for (Map.Entry<String, CommandLine> e : commands(BullCli.commandLine()).entrySet()) {
            UsageMessageSpec usage = e.getValue().getCommandSpec().usageMessage();
            // what picocli shows for a subcommand in its parent's list of commands
            String summary = usage.header().length > 0 ? usage.header()[0]
                    : usage.description().length > 0 ? usage.description()[0] : "";
            assertTrue(summary.endsWith("."), () -> e.getKey() + ": '" + summary + "'");
        }
    }

    @Test
    void everyCommandTakesTheTerminalsWidthAndHasHelp() {
        CommandLine root = BullCli.commandLine();
        for (Map.Entry<String, CommandLine> e : commands(root).entrySet()) {
            assertTrue(e.getValue().getCommandSpec().usageMessage().autoWidth(), e.getKey());
            if (e.getValue() == root || e.getKey().equals("bull help")) {
                continue;
            }
            out.getBuffer().setLength(0);
            String[] args = (e.getKey().substring("bull ".length()) + " --help").split(" ");
            assertEquals(0, run(args), () -> e.getKey() + " --help: " + err);
            assertTrue(out.toString().startsWith("Usage: " + e.getKey() + " "), out::toString);
        }
    }

    /**
     * Checks rendered usage text line by line: its length, and for each line that continues a
     * wrapped cell, that its first word would not have fit at the end of the line before, and that
     * the line break does not split a word of the text (picocli's own wrapping breaks after dots,
     * commas and colons too, as in "docs/cli." and "md."). In the synopsis, which picocli wraps
     * itself, an element followed by more text needs one more column: picocli keeps the space
     * after it on its line.
     */
    private static List<String> problems(String command, String usage, int width, Set<String> paragraphs,
            Set<String> words) {
        List<String> problems = new ArrayList<>();
        String[] lines = usage.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            lines[i] = lines[i].stripTrailing();
        }
        boolean synopsis = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String where = command + " (width " + width + ", line " + (i + 1) + ")";
            if (line.length() > width) {
                problems.add(where + ": " + line.length() + " columns: " + line);
            }
            synopsis = line.startsWith("Usage:") || synopsis && line.startsWith(" ");
            if (!continues(lines, i, paragraphs)) {
                continue;
            }
            String word = line.strip().split("\\s+")[0];
            // picocli wraps the synopsis itself, keeping the space after an element on its line
            boolean more = synopsis
                    && (line.strip().length() > word.length() || continues(lines, i + 1, paragraphs));
            if (lines[i - 1].length() + 1 + word.length() + (more ? 1 : 0) <= width) {
                problems.add(where + ": '" + word + "' would have fit after: " + lines[i - 1]);
            }
            String[] before = lines[i - 1].strip().split("\\s+");
            if (words.contains(before[before.length - 1] + word)) {
                problems.add(where + ": '" + before[before.length - 1] + word + "' is split after: "
                        + lines[i - 1]);
            }
        }
        return problems;
    }

    /** Whether line {@code i} continues the cell of the line before it. */
    private static boolean continues(String[] lines, int i, Set<String> paragraphs) {
        if (i == 0 || i >= lines.length || lines[i - 1].isBlank() || lines[i].isBlank()) {
            return false;
        }
        String line = lines[i];
        if (line.startsWith("Usage:") || ROW.matcher(line).matches() || HEADING.matcher(line).matches()) {
            return false;
        }
        String text = normalise(line);
        return paragraphs.stream().noneMatch(p -> p.startsWith(text));
    }

    /** The command and its subcommands, recursively, by full name ("bull train"). */
    private static Map<String, CommandLine> commands(CommandLine root) {
        Map<String, CommandLine> all = new LinkedHashMap<>();
        add(root, all);
        return all;
    }

    private static void add(CommandLine c, Map<String, CommandLine> all) {
        all.put(c.getCommandSpec().qualifiedName(), c);
        new LinkedHashSet<>(c.getSubcommands().values()).forEach(s -> add(s, all));
    }

    /** The texts picocli lays out for a command: header, description, footer, arguments. */
    private static List<String[]> texts(CommandSpec spec) {
        List<String[]> arrays = new ArrayList<>();
        UsageMessageSpec usage = spec.usageMessage();
        arrays.add(usage.header());
        arrays.add(usage.description());
        arrays.add(usage.footer());
        List<ArgSpec> args = new ArrayList<>(spec.options());
        args.addAll(spec.positionalParameters());
        args.forEach(a -> arrays.add(a.description()));
        return arrays;
    }

    /**
     * The texts that start a paragraph. A string of a text array starts one when it is the first,
     * when the string before it is empty (a blank line) or ends a sentence, or when it is an item
     * of a list; otherwise it continues the sentence of the string before, broken by hand, and its
     * first line is checked like any other continuation.
     */
    private static List<String> paragraphs(CommandSpec spec) {
        List<String> starts = new ArrayList<>();
        for (String[] texts : texts(spec)) {
            for (int k = 0; k < texts.length; k++) {
                String before = k == 0 ? "" : normalise(texts[k - 1]);
                if (before.isEmpty() || SENTENCE_END.matcher(before).matches()
                        || LIST_ITEM.matcher(texts[k]).matches()) {
                    starts.add(normalise(texts[k]));
                }
            }
        }
        return starts;
    }

    /** Every word of a command's texts. */
    private static Set<String> words(CommandSpec spec) {
        Set<String> words = new HashSet<>();
        texts(spec).forEach(t -> List.of(t).forEach(s -> words.addAll(List.of(normalise(s).split(" ")))));
        return words;
    }

    private static String normalise(String text) {
        return text.replace("%%", "%").replace("%n", " ").strip().replaceAll("\\s+", " ");
    }
}
