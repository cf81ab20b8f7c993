package io.bullwatch.features.fft;

import java.lang.reflect.InvocationTargetException;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which FFT computes the mel extractor's power spectra.
 *
 * <ul>
 *   <li>{@link #JTRANSFORMS}: {@link RealFft}, one frame at a time; pure Java, always available.
 *   <li>{@link #VECTOR}: a radix-2 FFT written with the Vector API ({@code jdk.incubator.vector},
 *       an incubator module in Java 17), transforming one frame per vector lane (8 frames with
 *       AVX-512). Needs {@code --add-modules jdk.incubator.vector} on the {@code java} command line
 *       (the JVM then prints {@code WARNING: Using incubator modules: jdk.incubator.vector}).
 * </ul>
 *
 * <p>Both compute in {@code double}; their results differ in the last bits (different operation
 * orders), so results are bit-identical per path only. Anything that identifies stored results
 * (the feature cache's key) includes the path.
 *
 * <p>Choice: system property {@value #PROPERTY} = {@code auto} (default: {@link #VECTOR} when the
 * module is present in the boot layer and its preferred vector holds at least {@value
 * #MIN_AUTO_LANES} doubles (AVX2 or AVX-512); {@link #JTRANSFORMS} otherwise), {@code jtransforms} or {@code
 * vector} (fails when the module is absent).
 */
public enum FftPath {
    /** JTransforms' {@code DoubleFFT_1D}, one frame at a time ({@link RealFft}). */
    JTRANSFORMS("jtransforms"),
    /** The Vector API FFT, several frames per call ({@link BatchPowerFft}). */
    VECTOR("vector");

    /** The system property that chooses the path: {@code auto}, {@code jtransforms} or {@code vector}. */
    public static final String PROPERTY = "bullwatch.fft";

    /** The incubator module the {@link #VECTOR} path needs. */
    public static final String VECTOR_MODULE = "jdk.incubator.vector";

    /**
     * Fewest lanes (doubles per preferred vector) for {@code auto} to choose {@link #VECTOR}: 4
     * (AVX2; AVX-512 gives 8). Measured on this project's AVX-512 machine, one thread, seed
     * features per hour: 8 lanes 1.7-2.2 s, 4 lanes ({@code -XX:UseAVX=2}) 2.3 s, JTransforms
     * 2.9-3.0 s (docs/BENCHMARKS.md). Two lanes (SSE only) were not measured and keep JTransforms.
     */
    public static final int MIN_AUTO_LANES = 4;

    private static final Logger LOG = LoggerFactory.getLogger(FftPath.class);
    private static final String VECTOR_CLASS = "io.bullwatch.features.fft.VectorBatchFft";
    private static volatile boolean logged;

    private final String id;

    FftPath(String id) {
        this.id = id;
    }

    /**
     * The lower-case name, as the system property and cache keys spell it.
     *
     * @return {@code jtransforms} or {@code vector}
     */
    public String id() {
        return id;
    }

    /**
     * Whether {@code jdk.incubator.vector} is in the boot layer (the JVM was started with {@code
     * --add-modules jdk.incubator.vector}).
     *
     * @return whether {@link #VECTOR} can be used
     */
    public static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    /**
     * Doubles per preferred vector of this machine ({@code DoubleVector.SPECIES_PREFERRED}): 8
     * with AVX-512, 4 with AVX2.
     *
     * @return the lanes, or 0 when the module is absent
     */
    public static int vectorLanes() {
        if (!vectorModulePresent()) {
            return 0;
        }
        try {
            return (int) Class.forName(VECTOR_CLASS).getDeclaredMethod("preferredLanes").invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            LOG.warn("the Vector API FFT could not be loaded; using JTransforms", e);
            return 0;
        }
    }

    /**
     * The path the system property {@value #PROPERTY} selects (default {@code auto}).
     *
     * @return the path to use
     * @throws IllegalArgumentException if the property has another value
     * @throws IllegalStateException if it says {@code vector} and the module is absent
     */
    public static FftPath fromSystemProperty() {
        return resolve(System.getProperty(PROPERTY, "auto"));
    }

    /**
     * The path a setting selects.
     *
     * @param setting {@code auto} (or {@code null} / empty), {@code jtransforms} or {@code vector},
     *     any case
     * @return the path to use
     * @throws IllegalArgumentException if the setting is none of those
     * @throws IllegalStateException if it says {@code vector} and the module is absent
     */
    public static FftPath resolve(String setting) {
        String s = setting == null ? "" : setting.trim().toLowerCase(Locale.ROOT);
        FftPath path;
        String why;
        switch (s) {
            case "", "auto" -> {
                int lanes = vectorLanes();
                if (lanes >= MIN_AUTO_LANES) {
                    path = VECTOR;
                    why = "auto: module " + VECTOR_MODULE + " present, " + lanes + " lanes";
                } else if (lanes > 0) {
                    path = JTRANSFORMS;
                    why = "auto: only " + lanes + " lanes per vector";
                } else {
                    path = JTRANSFORMS;
                    why = "auto: module " + VECTOR_MODULE + " absent; start java with --add-modules "
                            + VECTOR_MODULE + " for the faster vector path";
                }
            }
            case "jtransforms" -> {
                path = JTRANSFORMS;
                why = PROPERTY + "=jtransforms";
            }
            case "vector" -> {
                if (!vectorModulePresent()) {
                    throw new IllegalStateException("the vector FFT path (" + PROPERTY + "=vector)"
                            + " needs the module " + VECTOR_MODULE + ": start java with --add-modules "
                            + VECTOR_MODULE + ", or use " + PROPERTY + "=auto or jtransforms");
                }
                path = VECTOR;
                why = PROPERTY + "=vector";
            }
            default -> throw new IllegalArgumentException(PROPERTY + " must be auto, jtransforms or"
                    + " vector, got '" + setting + "'");
        }
        if (!logged) {
            logged = true;
            LOG.info("mel FFT path: {} ({})", path.id, why);
        }
        return path;
    }

    /**
     * A batched power-spectrum FFT of this path, or {@code null} for {@link #JTRANSFORMS}, which
     * the caller runs frame by frame with {@link RealFft}.
     *
     * @param window the analysis window; a power-of-two length {@code >= 4}, finite values; copied
     * @return a new transform owned by the calling thread, or {@code null}
     * @throws IllegalStateException if this is {@link #VECTOR} and the module is absent
     * @throws IllegalArgumentException if the window is invalid
     */
    public BatchPowerFft batchFft(float[] window) {
        Objects.requireNonNull(window, "window");
        if (this == JTRANSFORMS) {
            return null;
        }
        if (!vectorModulePresent()) {
            throw new IllegalStateException("the vector FFT path needs the module " + VECTOR_MODULE
                    + ": start java with --add-modules " + VECTOR_MODULE);
        }
        try {
            return (BatchPowerFft) Class.forName(VECTOR_CLASS).getDeclaredMethod("windowed", float[].class)
                    .invoke(null, (Object) window);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("the Vector API FFT could not be created", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the Vector API FFT could not be loaded", e);
        }
    }
}
