package io.bullwatch.core.text;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * Writes JSON from plain Java values, identically under every locale: maps (keys in their
 * iteration order), collections, strings, numbers, booleans, enums and null. Numbers are written
 * as the shortest decimal text that reads back to the same value, without an exponent; a number
 * that is not finite (NaN, infinity) has no JSON form and is written as {@code null}.
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
