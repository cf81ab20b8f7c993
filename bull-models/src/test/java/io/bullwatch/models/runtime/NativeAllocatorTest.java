package io.bullwatch.models.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NativeAllocatorTest {

    private static final List<String> ALL =
            List.of("MALLOC_ARENA_MAX", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_");

    @Test
    void anEmptyLinuxEnvironmentMissesEverySettingInOrder() {
        assertEquals(ALL, NativeAllocator.missing(Map.of(), "Linux"));
        assertEquals(ALL, List.copyOf(NativeAllocator.RECOMMENDED.keySet()));
    }

    @Test
    void aSetVariableCountsWhateverItsValue() {
        Map<String, String> env = Map.of("MALLOC_ARENA_MAX", "2", "PATH", "/bin");
        assertEquals(List.of("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_"),
                NativeAllocator.missing(env, "Linux"));
    }

    @Test
    void glibcTunablesCountAsSet() {
        Map<String, String> env = Map.of("GLIBC_TUNABLES",
                "glibc.malloc.trim_threshold=1073741824:glibc.malloc.arena_max=1:glibc.malloc.mmap_max=0");
        assertEquals(List.of("MALLOC_MMAP_THRESHOLD_"), NativeAllocator.missing(env, "Linux"));
        // a tunable's name must match whole, not as a prefix
        assertEquals(ALL, NativeAllocator.missing(
                Map.of("GLIBC_TUNABLES", "glibc.malloc.arena_max_x=1"), "Linux"));
    }

    @Test
    void nothingAppliesOffLinux() {
        assertTrue(NativeAllocator.missing(Map.of(), "Mac OS X").isEmpty());
        assertTrue(NativeAllocator.missing(Map.of(), "Windows 11").isEmpty());
    }

    @Test
    void theWarningIsLoggedOncePerJvmAndOnlyWhenSomethingIsMissing() {
        // this JVM's own environment has them all (Surefire), so the detector and trainer in
        // other tests never used up the one warning
        assertFalse(NativeAllocator.adviseOnce());
        assertFalse(NativeAllocator.adviseOnce(Map.of(), "Windows 11"));
        assertFalse(NativeAllocator.adviseOnce(Map.copyOf(NativeAllocator.RECOMMENDED), "Linux"));
        assertTrue(NativeAllocator.adviseOnce(Map.of(), "Linux"));
        assertFalse(NativeAllocator.adviseOnce(Map.of(), "Linux"));
    }

    @Test
    void adviceIsAShellExportOfTheRecommendedValues() {
        assertEquals("export MALLOC_ARENA_MAX=1 MALLOC_TRIM_THRESHOLD_=1073741824",
                NativeAllocator.advice(List.of("MALLOC_ARENA_MAX", "MALLOC_TRIM_THRESHOLD_")));
        assertThrows(IllegalArgumentException.class, () -> NativeAllocator.advice(List.of("PATH")));
    }

    @Test
    void theLauncherAndTheTestsSetTheRecommendedValues() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        String launcher = Files.readString(root.resolve("bull"));
        String pom = Files.readString(root.resolve("pom.xml"));
        NativeAllocator.RECOMMENDED.forEach((name, value) -> {
            String export = "export " + name + "=\"${" + name + ":-" + value + "}\"";
            assertTrue(launcher.contains(export), "the bull launcher lacks: " + export);
            String element = "<" + name + ">" + value + "</" + name + ">";
            assertTrue(pom.contains(element), "the parent pom's Surefire environment lacks: " + element);
        });
        // and Surefire passed them on to this JVM
        assertEquals(List.of(), NativeAllocator.missing(System.getenv(), "Linux"));
    }
}
