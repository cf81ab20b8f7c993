package io.bullwatch.cli.review;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.bullwatch.core.InputFormatException;
import io.bullwatch.core.review.ScoreCalibration;
import io.bullwatch.models.bundle.ModelBundle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the calibration data a model bundle carries for counting ({@code model.json}'s {@code
 * training.calibration}: score bins with their calibration windows and bull windows, and the bull
 * windows per bull), written by {@code bull train} since the review issue.
 */
public final class BundleCalibration {

    private BundleCalibration() {
    }

    /**
     * The calibration data of a bundle.
     *
     * @param bundle the bundle folder or its {@code model.json}
     * @return the data, or empty for a bundle trained before they were written
     * @throws IOException if the file cannot be read, or is not a bundle (the message names it; an
     *     {@link io.bullwatch.models.bundle.InvalidBundleException} for a folder or file that is no
     *     model bundle)
     */
    public static Optional<ScoreCalibration> read(Path bundle) throws IOException {
        Path json = Files.isDirectory(bundle) ? bundle.resolve("model.json") : bundle;
        // a bundle, as bull detect checks one, not any JSON file: the counts would fall back silently
        ModelBundle.read(Files.isDirectory(bundle) ? bundle
                : bundle.toAbsolutePath().getParent() != null ? bundle.toAbsolutePath().getParent() : bundle);
        JsonObject o;
        try {
            o = JsonParser.parseString(Files.readString(json, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (RuntimeException e) {
            throw InputFormatException.of(json, "expected a model bundle's model.json (" + e.getMessage() + ")");
        }
        JsonElement t = o.get("training");
        if (t == null || !t.isJsonObject() || !t.getAsJsonObject().has("calibration")) {
            return Optional.empty();
        }
        try {
            JsonObject c = t.getAsJsonObject().getAsJsonObject("calibration");
            List<ScoreCalibration.Bin> bins = new ArrayList<>();
            for (JsonElement b : c.getAsJsonArray("bins")) {
                JsonObject bo = b.getAsJsonObject();
                bins.add(new ScoreCalibration.Bin(bo.get("lower").getAsDouble(), bo.get("upper").getAsDouble(),
                        bo.get("windows").getAsLong(), bo.get("bullWindows").getAsLong()));
            }
            return Optional.of(new ScoreCalibration(bins, c.get("bullWindowsPerBull").getAsDouble()));
        } catch (RuntimeException e) {
            throw InputFormatException.of(json, "training.calibration: expected bins of {lower, upper, windows,"
                    + " bullWindows} and bullWindowsPerBull (" + e.getMessage() + ")");
        }
    }
}
