package io.bullwatch.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupedConfusionTest {

    @Test
    void perGroupFromScores() {
        // threshold 0.5:
        // loire:  0.9 bull -> tp, 0.4 no-bull -> tn, 0.6 bull -> tp  => (2, 0, 0, 1)
        // ceze:   0.2 bull -> fn, 0.7 no-bull -> fp                  => (0, 1, 1, 0)
        GroupedConfusion g = GroupedConfusion.of(
                new String[] {"loire", "ceze", "loire", "ceze", "loire"},
                new double[] {0.9, 0.2, 0.4, 0.7, 0.6},
                new boolean[] {true, true, false, false, true}, 0.5);
        assertEquals(List.of("ceze", "loire"), List.copyOf(g.groups().keySet())); // sorted
        assertEquals(new Confusion(2, 0, 0, 1), g.group("loire").orElseThrow());
        assertEquals(new Confusion(0, 1, 1, 0), g.group("ceze").orElseThrow());
        assertEquals(new Confusion(2, 1, 1, 1), g.overall());
        assertEquals(1.0, g.group("loire").orElseThrow().averageRecall()); // (1 + 1) / 2
        assertEquals(0.0, g.group("ceze").orElseThrow().averageRecall()); // (0 + 0) / 2
        // overall (2/3 + 1/2) / 2 = 7/12
        assertEquals(7.0 / 12, g.overall().averageRecall(), 1e-12);
        assertTrue(g.group("vidourle").isEmpty());
    }

    @Test
    void accumulatorAddsUp() {
        GroupedConfusion.Accumulator acc = GroupedConfusion.accumulator()
                .add("a", new Confusion(1, 2, 3, 4))
                .add("b", true, true)
                .add("a", new Confusion(10, 0, 0, 0));
        GroupedConfusion snapshot = acc.build();
        acc.add("b", false, false);
        assertEquals(new Confusion(11, 2, 3, 4), snapshot.group("a").orElseThrow());
        assertEquals(new Confusion(1, 0, 0, 0), snapshot.group("b").orElseThrow()); // unchanged
        assertEquals(new Confusion(1, 0, 0, 1), acc.build().group("b").orElseThrow());
        assertEquals(new Confusion(12, 2, 3, 5), acc.build().overall());
    }

    @Test
    void plusMergesGroupsByName() {
        GroupedConfusion x = GroupedConfusion.of(Map.of("a", new Confusion(1, 0, 0, 0)));
        GroupedConfusion y = GroupedConfusion.of(
                Map.of("a", new Confusion(0, 1, 0, 0), "b", new Confusion(0, 0, 1, 0)));
        GroupedConfusion sum = x.plus(y);
        assertEquals(GroupedConfusion.of(Map.of(
                "a", new Confusion(1, 1, 0, 0), "b", new Confusion(0, 0, 1, 0))), sum);
        assertEquals(new Confusion(1, 1, 1, 0), sum.overall());
    }

    @Test
    void emptyHasEmptyOverall() {
        GroupedConfusion g = GroupedConfusion.accumulator().build();
        assertTrue(g.groups().isEmpty());
        assertEquals(Confusion.EMPTY, g.overall());
        assertTrue(Double.isNaN(g.overall().averageRecall()));
    }

    @Test
    void rejectsMismatchedInput() {
        assertThrows(IllegalArgumentException.class, () -> GroupedConfusion.of(
                new String[] {"a"}, new double[] {0.1, 0.2}, new boolean[2], 0.5));
        assertThrows(NullPointerException.class,
                () -> GroupedConfusion.accumulator().add(null, true, true));
    }
}
