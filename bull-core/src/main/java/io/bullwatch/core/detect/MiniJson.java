package io.bullwatch.core.detect;

import io.bullwatch.core.text.JsonText;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The little JSON the batch runner needs: writing nested values (maps, lists, strings, numbers,
 * booleans, null) with a stable layout, and reading back a flat object whose values are strings.
 */
final class MiniJson {

    private MiniJson() {
    }

    /**
     * Writes a value as JSON, objects with one member per line (two-space indent).
     *
     * @param value a map, collection, string, number, boolean, enum or null
     * @return the JSON text, no final line break
     * @throws IllegalArgumentException for other types or non-finite numbers
     */
    static String write(Object value) {
        return JsonText.pretty(finite(value));
    }

    /** The batch runner's files must never hold a null where a number was meant. */
    private static Object finite(Object v) {
        if (v instanceof Map<?, ?> m) {
            m.values().forEach(MiniJson::finite);
        } else if (v instanceof Collection<?> c) {
            c.forEach(MiniJson::finite);
        } else if ((v instanceof Double || v instanceof Float) && !Double.isFinite(((Number) v).doubleValue())) {
            throw new IllegalArgumentException("JSON has no place for " + v);
        }
        return v;
    }

    /** The shortest round-tripping decimal text, without an exponent. */
    static String plain(String javaNumber) {
        return JsonText.plain(javaNumber);
    }

    /**
     * Reads a flat JSON object whose values are all strings.
     *
     * @param text the JSON text
     * @return the members in order
     * @throws IllegalArgumentException if the text is not such an object
     */
    static Map<String, String> readFlatStrings(String text) {
        Parser p = new Parser(text);
        Map<String, String> out = new LinkedHashMap<>();
        p.skip();
        p.expect('{');
        p.skip();
        if (p.peek() == '}') {
            p.pos++;
        } else {
            while (true) {
                p.skip();
                String key = p.string();
                p.skip();
                p.expect(':');
                p.skip();
                out.put(key, p.string());
                p.skip();
                char c = p.next();
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw new IllegalArgumentException("expected ',' or '}' at " + (p.pos - 1));
                }
            }
        }
        p.skip();
        if (p.pos != text.length()) {
            throw new IllegalArgumentException("text after the object at " + p.pos);
        }
        return out;
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        char peek() {
            if (pos >= s.length()) {
                throw new IllegalArgumentException("unexpected end of JSON");
            }
            return s.charAt(pos);
        }

        char next() {
            char c = peek();
            pos++;
            return c;
        }

        void skip() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        void expect(char c) {
            if (next() != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + (pos - 1));
            }
        }

        String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return sb.toString();
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw new IllegalArgumentException("unexpected end of JSON");
                        }
                        sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    default -> throw new IllegalArgumentException("bad escape \\" + e + " at " + (pos - 1));
                }
            }
        }
    }
}
