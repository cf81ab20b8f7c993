package io.bullwatch.cli;

import io.bullwatch.core.text.JsonText;
import java.util.Map;

/** Writes JSON for the command-line output ({@link JsonText}; NaN and infinities as null). */
final class Json {

    private Json() {
    }

    /** Renders a map (insertion order kept) as a one-line JSON object. */
    static String object(Map<String, ?> fields) {
        return JsonText.compact(fields);
    }
}
