package io.bullwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ModelsCommandTest {

    @Test
    void listsTheBackbonesWithTorchvisionBodyCounts() {
        StringWriter out = new StringWriter();
        CommandLine cli = BullCli.commandLine();
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("models"));
        String text = out.toString();
        assertTrue(text.contains("window 1x128x646"), text);
        assertTrue(text.matches("(?s).*alexnet\\s+batch_norm\\s+[\\d,]+\\s+61,100,840.*"), text);
        assertTrue(text.matches("(?s).*vgg16\\s+group_norm\\s+[\\d,]+\\s+138,357,544.*"), text);
        assertTrue(text.contains("compact"), text);
        // every row's adapter column starts where the header's does, the longest name included
        String[] lines = text.split("\\R");
        int column = lines[1].indexOf("adapter");
        for (io.bullwatch.models.backbone.Backbone b : io.bullwatch.models.backbone.Backbone.values()) {
            String row = java.util.Arrays.stream(lines).filter(l -> l.startsWith(b.cliName() + " "))
                    .findFirst().orElseThrow(() -> new AssertionError(b.cliName() + " missing:\n" + text));
            assertEquals(column, row.indexOf(b.defaultOptions().adapter().name().toLowerCase(java.util.Locale.ROOT)),
                    row);
        }
    }
}
