package io.bullwatch.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import io.bullwatch.core.text.JsonText;
import java.io.IOException;

/**
 * The CLI's JSON ({@code evaluation.json}, {@code crossval.json}, {@code bull info} and {@code bull
 * features} lines), on Gson: one line, numbers in plain decimals without an exponent ({@code 0.00001}, not
 * {@code 1.0E-5}), a number that is not finite as {@code null}, enums by their {@code toString}.
 */
final class CliJson {

    /** Plain decimals; null where not finite. */
    private static final class PlainNumber extends TypeAdapter<Number> {
        @Override
        public void write(JsonWriter out, Number v) throws IOException {
            if (v == null || !Double.isFinite(v.doubleValue())) {
                out.nullValue();
            } else {
                out.jsonValue(JsonText.plain(v instanceof Float f ? Float.toString(f) : Double.toString(v.doubleValue())));
            }
        }

        @Override
        public Number read(JsonReader in) {
            throw new UnsupportedOperationException("the CLI only writes JSON");
        }
    }

    /** By {@code toString}, as the CLI prints them. */
    private static final class EnumText extends TypeAdapter<Enum<?>> {
        @Override
        public void write(JsonWriter out, Enum<?> v) throws IOException {
            if (v == null) {
                out.nullValue();
            } else {
                out.value(v.toString());
            }
        }

        @Override
        public Enum<?> read(JsonReader in) {
            throw new UnsupportedOperationException("the CLI only writes JSON");
        }
    }

    private static final Gson GSON = builder().create();
    private static final Gson PRETTY = builder().setPrettyPrinting().create();
    private static final Gson READER = new GsonBuilder().setStrictness(com.google.gson.Strictness.STRICT).create();

    private static GsonBuilder builder() {
        return new GsonBuilder().disableHtmlEscaping().serializeNulls()
                .registerTypeAdapter(Double.class, new PlainNumber())
                .registerTypeAdapter(Float.class, new PlainNumber())
                .registerTypeHierarchyAdapter(Enum.class, new EnumText());
    }

    private CliJson() {
    }

    /**
     * One line of JSON.
     *
     * @param value maps, lists, strings, numbers, booleans and enums
     * @return the text, without a line break
     */
    static String compact(Object value) {
        return GSON.toJson(value);
    }

    /**
     * Indented JSON, for files people read.
     *
     * @param value maps, lists, strings, numbers, booleans and enums
     * @return the text, without a final line break
     */
    static String pretty(Object value) {
        return PRETTY.toJson(value);
    }

    /**
     * Reads a JSON object this class wrote (numbers come back as {@code Double}).
     *
     * @param file the file, for messages
     * @param text its text
     * @return the object's fields, in order
     * @throws java.io.IOException naming the file when the text is not a JSON object
     */
    static java.util.Map<String, Object> readObject(java.nio.file.Path file, String text) throws IOException {
        try {
            java.util.Map<String, Object> m = READER.fromJson(text,
                    new com.google.gson.reflect.TypeToken<java.util.LinkedHashMap<String, Object>>() { }.getType());
            if (m == null) {
                throw new IOException(file + ": empty; expected a JSON object");
            }
            return m;
        } catch (com.google.gson.JsonParseException e) {
            throw new IOException(file + ": not the JSON object expected (" + e.getMessage().split("\n")[0] + ")", e);
        }
    }
}
