package io.bullwatch.cli;

import io.bullwatch.core.events.EnergyDetector;
import io.bullwatch.core.events.EventRule;
import io.bullwatch.core.events.RecordingDetector;
import io.bullwatch.core.text.Decimals;
import io.bullwatch.models.detect.Detector;
import io.bullwatch.models.detect.DetectorOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What {@code --model} names on the command line: a model bundle folder, or {@code energy:T} (the
 * model-free energy detector at T dB of peak contrast); shared by {@code bull detect} and {@code
 * bull evaluate}.
 */
final class DetectorSpec {

    private DetectorSpec() {
    }

    /**
     * Opens the detector. The caller closes it when it is {@link AutoCloseable}.
     *
     * @param model the {@code --model} text
     * @param threshold a threshold overriding the model's, or null
     * @param events event settings (their threshold is ignored)
     * @param threads inference threads (bundles only)
     * @return the detector
     * @throws IllegalArgumentException for a malformed {@code --model} (a usage error)
     * @throws IOException if the bundle cannot be read (the message names it)
     */
    static RecordingDetector open(String model, Double threshold, EventRule events, int threads)
            throws IOException {
        String m = model.strip();
        if (isEnergy(model)) {
            return energy(model, m.substring("energy".length()), threshold, events);
        }
        Path dir = Path.of(m);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--model " + model + ": no such model bundle folder (or use"
                    + " energy:T for the model-free energy detector)");
        }
        singleThreadedOperators();
        DetectorOptions options = DetectorOptions.defaults().withThreads(threads)
                .withEvents(DetectorOptions.EventSettings.of(events));
        if (threshold != null) {
            options = options.withThreshold(threshold);
        }
        return Detector.load(dir, options);
    }

    /**
     * @param model the {@code --model} text
     * @return whether it names the energy detector ({@code energy} or {@code energy:T}) rather
     *     than a bundle folder
     */
    static boolean isEnergy(String model) {
        String m = model.strip();
        return m.toLowerCase(Locale.ROOT).startsWith("energy") && !Files.isDirectory(Path.of(m));
    }

    /**
     * Range-checks {@code --threshold}: a bull probability from 0 to 1 for a model bundle, any
     * finite number of dB for the energy detector.
     *
     * @param spec the command, for the usage error
     * @param model the {@code --model} text
     * @param threshold the {@code --threshold} value, or null when not given
     * @throws picocli.CommandLine.ParameterException if it is out of range
     */
    static void checkThreshold(picocli.CommandLine.Model.CommandSpec spec, String model, Double threshold) {
        if (threshold == null) {
            return;
        }
        if (isEnergy(model)) {
            Ranges.finite(spec, "--threshold", threshold);
        } else {
            Ranges.between(spec, "--threshold", threshold, 0, 1);
        }
    }

    /** PyTorch's process-wide intra-op threads (DJL reads it when the engine starts). */
    static final String INTRA_OP_THREADS = "ai.djl.pytorch.num_threads";

    /**
     * One PyTorch intra-op thread per forward pass unless the user chose (with {@code
     * -Dai.djl.pytorch.num_threads=N} in {@code BULL_JAVA_OPTS}): the detector runs {@code
     * --threads} forward passes side by side, and PyTorch's default (one intra-op thread per core
     * in every pass) oversubscribes the cores, measured slower on 2 cores (docs/BENCHMARKS.md,
     * Detection). Takes effect only if the engine has not started yet in this process.
     */
    static void singleThreadedOperators() {
        if (System.getProperty(INTRA_OP_THREADS) == null) {
            System.setProperty(INTRA_OP_THREADS, "1");
        }
    }

    private static RecordingDetector energy(String model, String rest, Double threshold, EventRule events) {
        Double t = threshold;
        if (rest.startsWith(":")) {
            try {
                double fromModel = Decimals.parse(rest.substring(1));
                t = t == null ? fromModel : t;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--model " + model
                        + ": expected energy:T with a threshold T in dB, " + e.getMessage());
            }
        } else if (!rest.isEmpty()) {
            throw new IllegalArgumentException("--model " + model + ": expected energy:T, e.g. energy:15");
        }
        if (t == null) {
            throw new IllegalArgumentException("--model energy needs a threshold: energy:T or --threshold T"
                    + " (dB of peak contrast, e.g. 15)");
        }
        return EnergyDetector.of(events.withThreshold(t));
    }

    /**
     * Closes a detector that holds resources.
     *
     * @param detector the detector
     */
    static void close(RecordingDetector detector) {
        if (detector instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the detector: " + e.getMessage(), e);
            }
        }
    }

    /**
     * A one-line description of a detector for the console.
     *
     * @param detector the detector
     * @return e.g. {@code model: compact, width 1.0, threshold 0.4300 (avg-recall)}
     */
    static String describe(RecordingDetector detector) {
        if (detector instanceof Detector d) {
            return String.format(Locale.ROOT, "model: %s, width %s, threshold %.4f (%s)",
                    d.bundle().backbone().cliName(), d.bundle().options().width(), d.rule().threshold(),
                    d.options().thresholdOverride().isPresent() ? "--threshold" : d.bundle().thresholdRule());
        }
        return detector.toString();
    }
}
