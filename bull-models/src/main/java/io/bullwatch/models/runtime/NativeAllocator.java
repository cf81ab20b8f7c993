package io.bullwatch.models.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * glibc's allocator settings for PyTorch's CPU tensors, and a check that they are in force.
 *
 * <p>PyTorch allocates every CPU tensor with {@code malloc} and frees it when the tensor closes.
 * With glibc's defaults a large tensor (a batch's activations: megabytes to hundreds of
 * megabytes) is served by a fresh {@code mmap} and returned by {@code munmap}, and memory freed at
 * the top of a heap is given back to the system soon after; the next batch then page-faults its
 * way through new, zeroed pages. JVM threads make it worse: each gets a secondary arena, whose
 * heaps are at most 64 MiB and are unmapped as soon as they empty. Measured on 2 cores
 * (docs/BENCHMARKS.md, "The native allocator"), the faults cost more than the arithmetic: with
 * {@link #RECOMMENDED} an hour of detection took 2.0-2.5 s instead of 4.0-5.7 s, and AlexNet
 * trained at 20-22 windows/s instead of 3.4-3.8.
 *
 * <p>The settings are read by glibc when the process starts, so they must be in the environment
 * before the JVM runs: the {@code bull} launcher exports them (unless already set), the build's
 * tests get them from the Maven Surefire configuration, and a Java program that uses the library
 * should be started with them ({@link #advice}). They keep the process's peak native memory
 * mapped instead of returning it between batches; they change no result.
 *
 * <p>{@link #adviseOnce()} (called when a detector loads and when training starts) logs one
 * warning per JVM on Linux when any of them is missing; on other systems they do not apply.
 */
public final class NativeAllocator {

    private static final Logger LOG = LoggerFactory.getLogger(NativeAllocator.class);

    /**
     * The environment the launcher sets, in order: one arena (the main heap, which has no size
     * limit and honours the trim threshold), and mmap and trim thresholds of 1 GiB (tensors below
     * it are taken from and returned to the heap, which keeps its pages).
     */
    public static final Map<String, String> RECOMMENDED = recommended();

    /** The {@code GLIBC_TUNABLES} name of each {@link #RECOMMENDED} variable. */
    private static final Map<String, String> TUNABLES = Map.of(
            "MALLOC_ARENA_MAX", "glibc.malloc.arena_max",
            "MALLOC_MMAP_THRESHOLD_", "glibc.malloc.mmap_threshold",
            "MALLOC_TRIM_THRESHOLD_", "glibc.malloc.trim_threshold");

    private static final AtomicBoolean ADVISED = new AtomicBoolean();

    private NativeAllocator() {
    }

    private static Map<String, String> recommended() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("MALLOC_ARENA_MAX", "1");
        m.put("MALLOC_MMAP_THRESHOLD_", "1073741824");
        m.put("MALLOC_TRIM_THRESHOLD_", "1073741824");
        return Collections.unmodifiableMap(m);
    }

    /**
     * The {@link #RECOMMENDED} variables an environment lacks. A variable counts as set when it is
     * present with any value (the user's choice is respected) or when {@code GLIBC_TUNABLES} names
     * its tunable; off Linux none apply.
     *
     * @param environment the process environment, e.g. {@link System#getenv()}
     * @param osName the operating system's name, e.g. the {@code os.name} property
     * @return the names of the missing variables, in {@link #RECOMMENDED}'s order; empty when
     *     nothing is missing or the settings do not apply
     */
    public static List<String> missing(Map<String, String> environment, String osName) {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(osName, "osName");
        if (!osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return List.of();
        }
        String tunables = environment.getOrDefault("GLIBC_TUNABLES", "");
        List<String> names = new ArrayList<>();
        for (String name : RECOMMENDED.keySet()) {
            if (environment.containsKey(name) || namesTunable(tunables, TUNABLES.get(name))) {
                continue;
            }
            names.add(name);
        }
        return List.copyOf(names);
    }

    /** Whether a {@code GLIBC_TUNABLES} value ({@code name=value:name=value}) sets a tunable. */
    private static boolean namesTunable(String tunables, String tunable) {
        for (String entry : tunables.split(":")) {
            int eq = entry.indexOf('=');
            if (eq > 0 && entry.substring(0, eq).trim().equals(tunable)) {
                return true;
            }
        }
        return false;
    }

    /**
     * What to export before starting the JVM.
     *
     * @param names variables to set, from {@link #RECOMMENDED} (e.g. {@link #missing}'s answer)
     * @return a shell line, e.g. {@code export MALLOC_ARENA_MAX=1 MALLOC_MMAP_THRESHOLD_=1073741824}
     * @throws IllegalArgumentException for a name that is not recommended
     */
    public static String advice(List<String> names) {
        for (String name : names) {
            if (!RECOMMENDED.containsKey(name)) {
                throw new IllegalArgumentException("not an allocator setting: " + name
                        + "; known: " + RECOMMENDED.keySet());
            }
        }
        return names.stream().map(n -> n + "=" + RECOMMENDED.get(n))
                .collect(Collectors.joining(" ", "export ", ""));
    }

    /**
     * Logs, once per JVM, a warning naming the missing settings of this process's environment.
     *
     * @return true when this call logged the warning
     */
    public static boolean adviseOnce() {
        return adviseOnce(System.getenv(), System.getProperty("os.name", ""));
    }

    /** {@link #adviseOnce()} for a given environment (package-private: tests). */
    static boolean adviseOnce(Map<String, String> environment, String osName) {
        List<String> names = missing(environment, osName);
        if (names.isEmpty() || !ADVISED.compareAndSet(false, true)) {
            return false;
        }
        LOG.warn("glibc's allocator runs with its defaults ({} not set): PyTorch's tensors then "
                + "page-fault on every batch, and detection runs about 2x, training up to 5x slower. "
                + "Set them before the JVM starts: {} (the bull launcher does; docs/BENCHMARKS.md, "
                + "\"The native allocator\")",
                String.join(", ", names), advice(names));
        return true;
    }
}
