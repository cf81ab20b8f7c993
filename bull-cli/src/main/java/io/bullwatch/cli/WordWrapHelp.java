package io.bullwatch.cli;

import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Picocli's usage help with descriptions wrapped at spaces only.
 *
 * <p>Picocli wraps text where {@link java.text.BreakIterator} allows, which includes after a dot,
 * a comma or a colon inside a word: a narrow column would print {@code docs/training.} and
 * {@code md} on two lines, or {@code energy:} and {@code T}. This help lays out the same sections
 * with the same columns, but breaks the description, option, parameter and command-list cells
 * between words; a single word longer than its column is still broken by picocli. The wrapped
 * lines of a list item in a description ({@code "1. "}, {@code "- "}) hang under its text.
 */
final class WordWrapHelp extends CommandLine.Help {

    /** The marker of an item of a list, with the spaces around it. */
    private static final Pattern LIST_ITEM = Pattern.compile("\\s*(\\d+\\.|-|\\*)\\s+");

    private WordWrapHelp(CommandSpec spec, ColorScheme colorScheme) {
        super(spec, colorScheme);
    }

    /**
     * The factory to install with {@link CommandLine#setHelpFactory}.
     *
     * @return a factory of this help
     */
    static CommandLine.IHelpFactory factory() {
        return WordWrapHelp::new;
    }

    @Override
    public String description(Object... params) {
        return join(commandSpec().usageMessage().description(), params);
    }

    @Override
    public String header(Object... params) {
        return join(commandSpec().usageMessage().header(), params);
    }

    @Override
    public String footer(Object... params) {
        return join(commandSpec().usageMessage().footer(), params);
    }

    @Override
    public Layout createDefaultLayout(List<OptionSpec> options, List<PositionalParamSpec> positionals,
            ColorScheme scheme) {
        TextTable columns = TextTable.forDefaultColumns(scheme,
                calcLongOptionColumnWidth(options, positionals, scheme), width());
        return new Layout(scheme, table(scheme, columns.columns()), createDefaultOptionRenderer(),
                createDefaultParameterRenderer());
    }

    /** As picocli's command list: each subcommand's name with its header or first description line. */
    @Override
    public String commandList(Map<String, CommandLine.Help> subcommands) {
        if (subcommands.isEmpty()) {
            return "";
        }
        int nameWidth = Math.min(subcommands.keySet().stream().mapToInt(String::length).max().orElse(0),
                width() / 2);
        TextTable table = table(colorScheme(), new Column(nameWidth + 2, 2, Column.Overflow.SPAN),
                new Column(width() - (nameWidth + 2), 2, Column.Overflow.WRAP));
        for (CommandLine.Help help : subcommands.values()) {
            UsageMessageSpec usage = help.commandSpec().usageMessage();
            String summary = usage.header().length > 0 ? usage.header()[0]
                    : usage.description().length > 0 ? usage.description()[0] : "";
            Text[] lines = colorScheme().text(format(summary)).splitLines();
            for (int i = 0; i < lines.length; i++) {
                table.addRowValues(i == 0 ? help.commandNamesText(", ") : colorScheme().text(""), lines[i]);
            }
        }
        return table.toString();
    }

    /** Paragraphs, one a row; an item of a list ("1. ", "- ") hangs its wrapped lines under its text. */
    private String join(String[] values, Object... params) {
        TextTable table = table(colorScheme(), new Column(width(), 0, Column.Overflow.WRAP));
        for (String value : values) {
            Matcher item = LIST_ITEM.matcher(value);
            table.indentWrappedLines = item.lookingAt() ? item.end() : 0;
            table.addRowValues(format(value, params));
        }
        return table.toString();
    }

    private int width() {
        return commandSpec().usageMessage().width();
    }

    private TextTable table(ColorScheme scheme, Column... columns) {
        TextTable table = new WordWrapTable(scheme, columns);
        table.setAdjustLineBreaksForWideCJKCharacters(
                commandSpec().usageMessage().adjustLineBreaksForWideCJKCharacters());
        return table;
    }

    /** As picocli: the text formatted with the parameters, or as it is when it is no format. */
    private static String format(String text, Object... params) {
        try {
            return text == null ? "" : String.format(Locale.ROOT, text, params);
        } catch (IllegalFormatException e) {
            return text;
        }
    }

    /** A text table that breaks the text of its wrapping columns between words. */
    static final class WordWrapTable extends TextTable {

        private final ColorScheme scheme;

        WordWrapTable(ColorScheme scheme, Column... columns) {
            super(scheme, columns);
            this.scheme = scheme;
        }

        @Override
        public Cell putValue(int row, int col, Text value) {
            Column column = columns()[col];
            String plain = value == null ? "" : value.plainString();
            if (column.overflow != Column.Overflow.WRAP || plain.indexOf(' ') < 0 || plain.indexOf('\n') >= 0
                    || plain.indexOf('\r') >= 0) {
                return super.putValue(row, col, value);
            }
            int first = column.width - column.indent;
            List<int[]> lines = lines(plain, first, first - indentWrappedLines);
            String hanging = " ".repeat(indentWrappedLines);
            Cell cell = null;
            int at = row;
            for (int k = 0; k < lines.size(); k++) {
                while (rowCount() <= at) {
                    addEmptyRow();
                }
                Text line = value.substring(lines.get(k)[0], lines.get(k)[1]);
                // a line of one word too long for the column is wrapped by picocli, over more rows
                cell = super.putValue(at, col, k == 0 ? line : scheme.text(hanging).concat(line));
                at = cell.row + 1;
            }
            return cell;
        }

        /**
         * Where the lines of a text start and end when it is wrapped at spaces: greedily, the first
         * line at most {@code first} wide, the others at most {@code others}. Spaces at a break are
         * dropped; those leading the text are kept.
         */
        static List<int[]> lines(String text, int first, int others) {
            List<int[]> lines = new ArrayList<>();
            int start = 0;
            int end = -1; // end of the last word that fits on the current line
            int i = 0;
            while (i < text.length()) {
                int wordStart = i;
                while (wordStart < text.length() && text.charAt(wordStart) == ' ') {
                    wordStart++;
                }
                if (wordStart == text.length()) {
                    break;
                }
                int wordEnd = text.indexOf(' ', wordStart);
                wordEnd = wordEnd < 0 ? text.length() : wordEnd;
                int room = lines.isEmpty() ? first : others;
                if (end >= 0 && wordEnd - start > room) {
                    lines.add(new int[] {start, end});
                    start = wordStart;
                }
                end = wordEnd;
                i = wordEnd;
            }
            lines.add(new int[] {start, Math.max(end, start)});
            return lines;
        }
    }
}
