package io.bullwatch.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class DelimitedTextTest {

    @Test
    void splitsPlainFieldsKeepingEmptyOnes() {
        assertEquals(List.of("a", "", "b", ""), DelimitedText.split("a,,b,", ','));
        assertEquals(List.of(""), DelimitedText.split("", ','));
        assertEquals(List.of("1,5", "2"), DelimitedText.split("1,5;2", ';'));
    }

    @Test
    void handlesQuotes() {
        assertEquals(List.of("1", "bull, loud", "say \"hi\""),
                DelimitedText.split("1,\"bull, loud\",\"say \"\"hi\"\"\"", ','));
        assertEquals(List.of("x", "y"), DelimitedText.split(" \"x\" ,y", ','));
    }

    @Test
    void rejectsBrokenQuotes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DelimitedText.split("1,\"open", ','));
        assertEquals("field 2 opens a quote that is not closed", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DelimitedText.split("\"a\"b,c", ','));
    }

    @Test
    void quotesOnlyWhenNeeded() {
        assertEquals("bull", DelimitedText.quote("bull", ','));
        assertEquals("\"a,b\"", DelimitedText.quote("a,b", ','));
        assertEquals("\"say \"\"hi\"\"\"", DelimitedText.quote("say \"hi\"", ','));
        assertEquals("a,b", DelimitedText.quote("a,b", ';'));
        assertThrows(IllegalArgumentException.class, () -> DelimitedText.quote("a\nb", ','));
        String tricky = " x, \"y\" ";
        assertEquals(List.of("1", tricky), DelimitedText.split("1," + DelimitedText.quote(tricky, ','), ','));
    }
}
