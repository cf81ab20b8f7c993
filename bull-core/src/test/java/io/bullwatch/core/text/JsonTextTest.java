package io.bullwatch.core.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTextTest {

    private static Map<String, Object> sample() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "a \"b\"\t\u0001");
        m.put("seconds", 60.0);
        m.put("small", 1.0e-5);
        m.put("score", 0.1f);
        m.put("count", 3);
        m.put("nan", Double.NaN);
        m.put("ok", true);
        m.put("list", List.of(1, "x"));
        m.put("empty", Map.of());
        m.put("none", null);
        return m;
    }

    @Test
    void compactIsOneLineWithPlainNumbersAndNullForNaN() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertEquals("{\"name\":\"a \\\"b\\\"\\t\\u0001\",\"seconds\":60.0,\"small\":0.00001,\"score\":0.1,"
                    + "\"count\":3,\"nan\":null,\"ok\":true,\"list\":[1,\"x\"],\"empty\":{},\"none\":null}",
                    JsonText.compact(sample()));
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void prettyPutsOneMemberPerLine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", 1);
        m.put("b", Map.of("c", List.of(0.5, 2)));
        assertEquals("{\n  \"a\": 1,\n  \"b\": {\n    \"c\": [0.5, 2]\n  }\n}", JsonText.pretty(m));
    }

    @Test
    void plainNumbersRoundTrip() {
        for (double d : new double[] {0.1, 1e-7, 123456789.125, 3.0, -2.5e-12}) {
            assertEquals(d, Double.parseDouble(JsonText.plain(Double.toString(d))));
        }
        assertEquals("0.00001", JsonText.plain("1.0E-5"));
        assertThrows(IllegalArgumentException.class, () -> JsonText.compact(new Object()));
    }
}
