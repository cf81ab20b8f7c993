package io.bullwatch.core.text;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one small JSON reader and writer of {@code bull-core} (the other modules use Gson). Writes
 * JSON from plain Java values, identically under every locale: maps (keys in their
 * iteration order), collections, strings, numbers, booleans, enums and null. Numbers are written
 * as the shortest decimal text that reads back to the same value, without an exponent; a number
 * that is not finite (NaN, infinity) has no JSON form and is written as {@code null}. Reads back
 * flat objects of strings ({@link #readFlatStrings}).
 */
public final class JsonText {

    private JsonText() {
    }

    /**
     * One line, no spaces: for JSON-lines output.
     *
     * @param value the value
     * @return the JSON text
     * @throws IllegalArgumentException for a value of another type
     */
    public static String compact(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, null);
        return sb.toString();
    }

    /**
     * Objects with one member per line, indented by two spaces; arrays on one line. No final line
     * break.
     *
     * @param value the value
     * @return the JSON text
     * @throws IllegalArgumentException for a value of another type
     */
    public static String pretty(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, "");
        return sb.toString();
    }

    /**
     * The shortest decimal text that reads back to the same value, without an exponent.
     *
     * @param javaNumber a number as {@link Double#toString} or {@link Float#toString} writes it
     * @return for example {@code 0.00001} for {@code 1.0E-5}, {@code 60.0} for {@code 60.0}
     */
    public static String plain(String javaNumber) {
        String p = new BigDecimal(javaNumber).toPlainString();
        if (p.indexOf('.') >= 0) {
            p = p.replaceAll("0+$", "");
            if (p.endsWith(".")) {
                p = p + "0";
            }
        }
        return p;
    }

    /**
     * {@link #pretty(Object)} for files that must never hold a {@code null} where a number was
     * meant (batch runs' markers and descriptions).
     *
     * @param value the value
     * @return the JSON text
     * @throws IllegalArgumentException for a value of another type, or a number that is not finite
     */
    public static String prettyFinite(Object value) {
        return pretty(requireFinite(value));
    }

    private static Object requireFinite(Object v) {
        if (v instanceof Map<?, ?> m) {
            m.values().forEach(JsonText::requireFinite);
        } else if (v instanceof Collection<?> c) {
            c.forEach(JsonText::requireFinite);
        } else if ((v instanceof Double || v instanceof Float) && !Double.isFinite(((Number) v).doubleValue())) {
            throw new IllegalArgumentException("JSON has no place for " + v);
        }
        return v;
    }

    /**
     * Reads a flat JSON object whose values are all strings.
     *
     * @param text the JSON text
     * @return the members in order
     * @throws IllegalArgumentException if the text is not such an object
     */
    public static Map<String, String> readFlatStrings(String text) {
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

    private static void write(StringBuilder sb, Object v, String indent) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            String inner = indent == null ? null : indent + "  ";
            sb.append(indent == null ? "{" : "{\n");
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (inner != null) {
                    sb.append(inner);
                }
                string(sb, String.valueOf(e.getKey()));
                sb.append(indent == null ? ":" : ": ");
                write(sb, e.getValue(), inner);
                if (++i < m.size()) {
                    sb.append(indent == null ? "," : ",\n");
                } else if (indent != null) {
                    sb.append('\n');
                }
            }
            if (indent != null) {
                sb.append(indent);
            }
            sb.append('}');
        } else if (v instanceof Collection<?> c) {
            sb.append('[');
            int i = 0;
            for (Object o : c) {
                if (i++ > 0) {
                    sb.append(indent == null ? "," : ", ");
                }
                write(sb, o, indent);
            }
            sb.append(']');
        } else if (v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (!Double.isFinite(d)) {
                sb.append("null");
            } else {
                sb.append(v instanceof Float f ? plain(Float.toString(f)) : plain(Double.toString(d)));
            }
        } else if (v instanceof Number) {
            sb.append(v);
        } else if (v instanceof CharSequence || v instanceof Enum<?>) {
            string(sb, v.toString());
        } else {
            throw new IllegalArgumentException("cannot write a " + v.getClass().getName() + " as JSON");
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
