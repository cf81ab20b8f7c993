package io.bullwatch.features.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict reader of one flat JSON object whose values are strings, numbers, booleans, null, or
 * arrays of numbers: the form in which BullWatch stores configurations and statistics inside model
 * bundles (written by hand, readable by Python's {@code json}). Scalars come back as their text
 * (strings unescaped), arrays as lists of number text; the caller converts with
 * {@code Locale.ROOT} rules. Malformed text, duplicate keys and trailing text are refused with an
 * {@link IllegalArgumentException} that gives the character position.
 */
public final class FlatJson {

    private final String s;
    private int i;

    private FlatJson(String s) {
        this.s = s;
    }

    /**
     * Reads an object whose values may include arrays of numbers.
     *
     * @param json the text
     * @return the fields in their order: {@code String} for scalars, {@code List<String>} for arrays
     * @throws IllegalArgumentException if the text is not such an object
     */
    public static Map<String, Object> parse(String json) {
        if (json == null) {
            throw new IllegalArgumentException("JSON text is null");
        }
        FlatJson p = new FlatJson(json);
        Map<String, Object> map = p.object();
        p.skip();
        if (p.i != json.length()) {
            throw p.error("unexpected text after the object");
        }
        return map;
    }

    /**
     * Reads an object whose values are all scalars.
     *
     * @param json the text
     * @return the fields in their order, each as its text
     * @throws IllegalArgumentException if the text is not such an object (arrays included)
     */
    public static Map<String, String> parseScalars(String json) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : parse(json).entrySet()) {
            if (!(e.getValue() instanceof String v)) {
                throw new IllegalArgumentException("malformed JSON: field '" + e.getKey()
                        + "' holds an array; expected a string, number or boolean");
            }
            out.put(e.getKey(), v);
        }
        return out;
    }

    private Map<String, Object> object() {
        Map<String, Object> map = new LinkedHashMap<>();
        skip();
        expect('{');
        skip();
        if (peek() == '}') {
            i++;
            return map;
        }
        while (true) {
            skip();
            String key = string();
            skip();
            expect(':');
            skip();
            Object value = switch (peek()) {
                case '"' -> string();
                case '[' -> array();
                default -> literal();
            };
            if (map.put(key, value) != null) {
                throw error("duplicate key '" + key + "'");
            }
            skip();
            char c = next();
            if (c == '}') {
                return map;
            }
            if (c != ',') {
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<String> array() {
        expect('[');
        List<String> list = new ArrayList<>();
        skip();
        if (peek() == ']') {
            i++;
            return list;
        }
        while (true) {
            skip();
            String v = literal();
            if (v.equals("true") || v.equals("false") || v.equals("null")) {
                throw error("arrays hold numbers only");
            }
            list.add(v);
            skip();
            char c = next();
            if (c == ']') {
                return list;
            }
            if (c != ',') {
                throw error("expected ',' or ']'");
            }
        }
    }

    private String string() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        if (i + 4 > s.length()) {
                            throw error("truncated \\u escape");
                        }
                        try {
                            sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error("bad \\u escape");
                        }
                        i += 4;
                    }
                    default -> throw error("bad escape '\\" + e + "'");
                }
            } else if (c < 0x20) {
                throw error("control character in string");
            } else {
                sb.append(c);
            }
        }
    }

    private String literal() {
        int start = i;
        while (i < s.length() && "-+.0123456789eEtrufalsn".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        if (i == start) {
            throw error("expected a value");
        }
        String v = s.substring(start, i);
        if (v.equals("true") || v.equals("false") || v.equals("null")) {
            return v;
        }
        if (!v.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?")) {
            throw error("bad literal '" + v + "'");
        }
        return v;
    }

    private void skip() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private char peek() {
        if (i >= s.length()) {
            throw error("unexpected end of text");
        }
        return s.charAt(i);
    }

    private char next() {
        char c = peek();
        i++;
        return c;
    }

    private void expect(char c) {
        if (next() != c) {
            i--;
            throw error("expected '" + c + "'");
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("malformed JSON at character " + i + ": " + what);
    }
}
