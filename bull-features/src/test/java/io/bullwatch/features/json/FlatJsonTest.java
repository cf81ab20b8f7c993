package io.bullwatch.features.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlatJsonTest {

    @Test
    void readsScalarsAndNumberArraysInOrder() {
        Map<String, Object> m = FlatJson.parse("{ \"a\": \"x\\ty\", \"b\": 1.5e-3, \"c\": [1, -2.5], \"d\": true }");
        assertEquals(List.of("a", "b", "c", "d"), List.copyOf(m.keySet()));
        assertEquals("x\ty", m.get("a"));
        assertEquals("1.5e-3", m.get("b"));
        assertEquals(List.of("1", "-2.5"), m.get("c"));
        assertEquals("true", m.get("d"));
    }

    @Test
    void scalarFormRefusesArrays() {
        assertEquals(Map.of("a", "1"), FlatJson.parseScalars("{\"a\": 1}"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FlatJson.parseScalars("{\"a\": [1]}"));
        assertTrue(e.getMessage().contains("field 'a' holds an array"), e.getMessage());
    }

    @Test
    void refusesDuplicatesTrailingTextAndBadArrays() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FlatJson.parse("{\"a\": 1, \"a\": 2}"))
                .getMessage().contains("duplicate key 'a'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FlatJson.parse("{} x"))
                .getMessage().contains("unexpected text after the object"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FlatJson.parse("{\"a\": [true]}"))
                .getMessage().contains("arrays hold numbers only"));
    }
}
