package io.bullwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordWrapHelpTest {

    private static List<String> wrap(String text, int first, int others) {
        return WordWrapHelp.WordWrapTable.lines(text, first, others).stream()
                .map(l -> text.substring(l[0], l[1])).toList();
    }

    @Test
    void breaksBetweenWordsAndFillsEachLineToTheLastColumn() {
        assertEquals(List.of("aaa bbb", "ccc", "dd"), wrap("aaa bbb ccc dd", 7, 5));
        assertEquals(List.of("see", "docs/training.md."), wrap("see docs/training.md.", 10, 10));
        assertEquals(List.of("one"), wrap("one", 3, 3));
    }

    @Test
    void keepsLeadingSpacesAndPutsAWordTooLongForTheColumnOnALineOfItsOwn() {
        assertEquals(List.of("  1. a", "bb"), wrap("  1. a bb", 6, 6));
        assertEquals(List.of("a", "abcdefghij", "b"), wrap("a abcdefghij b", 5, 5));
        assertEquals(List.of("a", "b"), wrap("a   b  ", 2, 2));
    }
}
