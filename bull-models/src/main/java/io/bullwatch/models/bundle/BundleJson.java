package io.bullwatch.models.bundle;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;

/**
 * How the JSON files of a bundle folder are written ({@code model.json}, {@code adaptation.json}):
 * indented, {@code null} kept, and a number that is not finite (a precision where nothing was
 * flagged, an average precision without a bull: {@code NaN}) written as {@code null}, which every
 * JSON parser reads, instead of Gson's {@code NaN} literal, which strict parsers refuse.
 */
public final class BundleJson {

    private static final Gson PRETTY = new GsonBuilder().setPrettyPrinting().serializeNulls()
            .registerTypeAdapter(Double.class, new FiniteOrNull())
            .registerTypeAdapter(Float.class, new FiniteOrNull())
            .create();

    private BundleJson() {
    }

    /**
     * The writer.
     *
     * @return a Gson that writes indented JSON, nulls, and non-finite numbers as null
     */
    public static Gson pretty() {
        return PRETTY;
    }

    /** A number, or null when it is not finite. */
    private static final class FiniteOrNull extends TypeAdapter<Number> {
        @Override
        public void write(JsonWriter out, Number v) throws IOException {
            if (v == null || !Double.isFinite(v.doubleValue())) {
                out.nullValue();
            } else {
                out.value(v);
            }
        }

        @Override
        public Number read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            return in.nextDouble();
        }
    }
}
