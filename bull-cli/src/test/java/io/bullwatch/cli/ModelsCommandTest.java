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
    }
}
