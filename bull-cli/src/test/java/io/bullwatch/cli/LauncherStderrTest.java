package io.bullwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./bull} launcher hides the JVM's incubator notice and libtorch's NNPACK warning and
 * deprecation notice unless the log level is debug or trace, and keeps everything else: the other lines in order,
 * standard output and the exit status. It also sets the native runtime's environment (glibc's allocator,
 * OpenMP's wait policy) where the user has not.
 *
 * <p>The launcher runs from a copy of the repository root that holds only the script and a
 * {@code bull.jar} whose main class is {@link Noisy}: the script then has nothing to build, and the
 * JVM (this test's {@code java}) prints its real incubator notice for {@code --add-modules
 * jdk.incubator.vector}. {@link Noisy} prints libtorch's lines as PyTorch 2.7.1 writes them (seen
 * with {@code bull detect} on a one-window recording where NNPACK cannot initialise) among lines
 * that must pass.
 */
class LauncherStderrTest {

    private static final String INCUBATOR = "WARNING: Using incubator modules: jdk.incubator.vector";
    private static final List<String> KEPT = List.of(Noisy.KEPT_1, Noisy.KEPT_2, Noisy.KEPT_3, Noisy.KEPT_4);

    @TempDir
    Path root;

    /** Prints libtorch's warnings between lines that must survive, then exits with its argument. */
    public static final class Noisy {
        /** libtorch 2.7.1's format. */
        static final String NNPACK =
                "[W1204 18:23:30.729280605 NNPACK.cpp:57] Could not initialize NNPACK! Reason: Unsupported hardware.";
        /** DJL's native code, the first time it copies data into a tensor. */
        static final String DEPRECATED = "[W1204 18:27:39.687400726 LegacyTypeDispatch.h:74] Warning: "
                + "AutoNonVariableTypeMode is deprecated and will be removed in 1.10 release. For kernel implementations "
                + "please use AutoDispatchBelowADInplaceOrView instead, If you are looking for a user facing API to enable "
                + "running your inference-only workload, please use c10::InferenceMode. Using "
                + "AutoDispatchBelowADInplaceOrView in user code is under risk of producing silent wrong result in some "
                + "edge cases. See Note [AutoDispatchBelowAutograd] for more details. (function operator())";
        /** Older libtorch's format. */
        static final String NNPACK_OLD = "[W NNPACK.cpp:80] Could not initialize NNPACK! Reason: Unsupported hardware.";
        // lines that look alike but say something else: they must pass
        static final String KEPT_1 = "bull: kept 1";
        static final String KEPT_2 = "WARNING: Using incubator modules: jdk.incubator.foreign, jdk.incubator.vector";
        static final String KEPT_3 =
                "[W1204 18:23:30.729280605 NNPACK.cpp:57] Could not initialize NNPACK! Reason: Out of memory.";
        static final String KEPT_4 = "bull: kept 4 mentions " + NNPACK;
        /** Everything printed on standard error, in order. */
        static final List<String> STDERR =
                List.of(KEPT_1, NNPACK, KEPT_2, NNPACK_OLD, DEPRECATED, KEPT_3, NNPACK, KEPT_4);

        private Noisy() {
        }

        /**
         * Runs the fixture.
         *
         * @param args the exit status
         */
        public static void main(String[] args) {
            System.out.println("out 1");
            STDERR.forEach(System.err::println);
            System.out.println("out 2");
            System.exit(Integer.parseInt(args[0]));
        }
    }

    /** Prints the native runtime's variables, {@code NAME=value} (empty when unset), one per line. */
    public static final class PrintsEnvironment {
        static final List<String> NAMES = List.of("OMP_WAIT_POLICY", "MALLOC_ARENA_MAX",
                "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_");

        private PrintsEnvironment() {
        }

        /**
         * Runs the fixture.
         *
         * @param args ignored
         */
        public static void main(String[] args) {
            for (String name : NAMES) {
                String value = System.getenv(name);
                System.out.println(name + "=" + (value == null ? "" : value));
            }
        }
    }

    @Test
    void setsTheNativeRuntimeUnlessTheUserDid() throws Exception {
        install(PrintsEnvironment.class);
        Result r = launch(null, "0", Map.of());
        assertEquals(0, r.status, r::toString);
        assertEquals(List.of("OMP_WAIT_POLICY=PASSIVE", "MALLOC_ARENA_MAX=1",
                "MALLOC_MMAP_THRESHOLD_=1073741824", "MALLOC_TRIM_THRESHOLD_=1073741824"), r.stdout, r::toString);
        r = launch(null, "0", Map.of("OMP_WAIT_POLICY", "ACTIVE", "MALLOC_ARENA_MAX", "4"));
        assertEquals(List.of("OMP_WAIT_POLICY=ACTIVE", "MALLOC_ARENA_MAX=4",
                "MALLOC_MMAP_THRESHOLD_=1073741824", "MALLOC_TRIM_THRESHOLD_=1073741824"), r.stdout, r::toString);
    }

    @Test
    void theDefaultLevelHidesBothLinesAndKeepsTheRest() throws Exception {
        Result r = launch(null, "3");
        assertEquals(3, r.status, r::toString);
        assertEquals(KEPT, r.stderr, r::toString);
        assertEquals(List.of("out 1", "out 2"), r.stdout, r::toString);
        for (String level : List.of("warn", "info", "ERROR")) {
            r = launch("-Xmx64m -Dorg.slf4j.simpleLogger.defaultLogLevel=" + level, "0");
            assertEquals(0, r.status, r::toString);
            assertEquals(KEPT, r.stderr, r::toString);
        }
        // as in the JVM, the last setting wins
        r = launch("-Dorg.slf4j.simpleLogger.defaultLogLevel=debug -Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "0");
        assertEquals(KEPT, r.stderr, r::toString);
    }

    @Test
    void debugAndTraceShowEverything() throws Exception {
        List<String> all = new ArrayList<>(List.of(INCUBATOR));
        all.addAll(Noisy.STDERR);
        for (String level : List.of("debug", "TRACE")) {
            Result r = launch("-Dorg.slf4j.simpleLogger.defaultLogLevel=" + level + " -Xmx64m", "1");
            assertEquals(1, r.status, r::toString);
            assertEquals(all, r.stderr, r::toString);
            assertEquals(List.of("out 1", "out 2"), r.stdout, r::toString);
        }
    }

    @Test
    void buildsOnlyWhenAModuleOfTheJarChanged() throws Exception {
        install();
        java.nio.file.attribute.FileTime later = java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(root.resolve("bull-cli/target/bull.jar")).toMillis() + 60_000);
        // sources of modules the jar is not built from: nothing to build
        for (String other : List.of("examples/src/main/java/A.java", "bull-bench/src/main/java/B.java")) {
            Path f = Files.createDirectories(root.resolve(other).getParent()).resolve(Path.of(other).getFileName());
            Files.writeString(f, "class A {}");
            Files.setLastModifiedTime(f, later);
        }
        Result r = launch(null, "0");
        assertEquals(0, r.status, r::toString);
        assertEquals(KEPT, r.stderr, r::toString);
        // a source of a module it is built from: it builds (and, with no project here, says the build failed)
        Path core = Files.createDirectories(root.resolve("bull-core/src/main/java")).resolve("C.java");
        Files.writeString(core, "class C {}");
        Files.setLastModifiedTime(core, later);
        r = launch(null, "0");
        assertEquals(1, r.status, r::toString);
        assertTrue(r.stderr.get(0).startsWith("bull: building the command-line tool"), r::toString);
        // (Debian's mvn ends its output with colour resets on the same line)
        assertTrue(r.stderr.get(r.stderr.size() - 1).contains("bull: the build failed"), r::toString);
    }

    private record Result(int status, List<String> stdout, List<String> stderr) {
    }

    /** Runs the launcher's copy with BULL_JAVA_OPTS (unset when null), reading standard error to its end. */
    private Result launch(String javaOpts, String status) throws IOException, InterruptedException {
        return launch(javaOpts, status, Map.of());
    }

    /**
     * {@link #launch(String, String)} with the native runtime's variables unset, then {@code environment}
     * set.
     */
    private Result launch(String javaOpts, String status, Map<String, String> environment)
            throws IOException, InterruptedException {
        if (!Files.exists(root.resolve("bull"))) {
            install();
        }
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("bull").toString(), status)
                .redirectOutput(root.resolve("stdout.txt").toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeAll(List.of("BULL_JAVA_OPTS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"));
        env.keySet().removeAll(PrintsEnvironment.NAMES);
        env.putAll(environment);
        if (javaOpts != null) {
            env.put("BULL_JAVA_OPTS", javaOpts);
        }
        // the launcher runs "java": this test's
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        Process p = pb.start();
        // read to the end: the filter, not the JVM, closes the last copy of the pipe
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher did not finish");
        return new Result(p.exitValue(), Files.readAllLines(root.resolve("stdout.txt")), lines(stderr));
    }

    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isEmpty()) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** The launcher and a bull.jar that runs {@link Noisy}, in a root with nothing to build. */
    private void install() throws IOException {
        install(Noisy.class);
    }

    /** The launcher and a bull.jar whose main class is {@code main}, in a root with nothing to build. */
    private void install(Class<?> main) throws IOException {
        Path script = Path.of("").toAbsolutePath().getParent().resolve("bull");
        Files.copy(script, root.resolve("bull"));
        Path jar = Files.createDirectories(root.resolve("bull-cli/target")).resolve("bull.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, main.getName());
        String name = main.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
                InputStream in = main.getClassLoader().getResourceAsStream(name)) {
            out.putNextEntry(new JarEntry(name));
            in.transferTo(out);
            out.closeEntry();
        }
    }
}
