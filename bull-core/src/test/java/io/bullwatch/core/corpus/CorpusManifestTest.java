package io.bullwatch.core.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.InputFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CorpusManifestTest {

    @TempDir
    Path dir;

    @BeforeEach
    void recordings() throws IOException {
        Files.createDirectories(dir.resolve("ceze"));
        for (String name : List.of("a.wav", "b.wav", "c.wav", "ceze/d.wav")) {
            Files.writeString(dir.resolve(name), "");
        }
    }

    private Path manifest(String content) throws IOException {
        Path f = dir.resolve("manifest.csv");
        Files.writeString(f, content);
        return f;
    }

    @Test
    void readsColumnsInAnyOrderIgnoringCaseAndExtraColumns() throws IOException {
        Path f = manifest("\uFEFFSite,notes,RECORDING,Split,Bulls\r\n"
                + "Ceze,\"first night, windy\",a.wav,Train,12\r\n"
                + "\r\n"
                + ",,,,\r\n"
                + "Loire,,b.wav,VALIDATION,0\r\n"
                + " Loire ,,./c.wav, val ,\r\n"
                + "Vidourle,,ceze\\d.wav,,3\r\n");
        CorpusManifest m = CorpusManifest.read(f);
        assertEquals(List.of("Site", "notes", "RECORDING", "Split", "Bulls"), m.columns());
        assertTrue(m.hasColumn("split"));
        assertFalse(m.hasColumn("duration"));
        assertEquals(dir.toAbsolutePath().normalize(), m.folder());
        Path abs = dir.toAbsolutePath().normalize();
        assertEquals(List.of(
                new ManifestEntry(2, "a.wav", abs.resolve("a.wav"), "Ceze",
                        Optional.of(Split.TRAIN), OptionalInt.of(12)),
                new ManifestEntry(5, "b.wav", abs.resolve("b.wav"), "Loire",
                        Optional.of(Split.VALIDATION), OptionalInt.of(0)),
                new ManifestEntry(6, "./c.wav", abs.resolve("c.wav"), "Loire",
                        Optional.of(Split.VALIDATION), OptionalInt.empty()),
                new ManifestEntry(7, "ceze/d.wav", abs.resolve("ceze/d.wav"), "Vidourle",
                        Optional.empty(), OptionalInt.of(3))), m.entries());
    }

    @Test
    void readsSemicolonAndTabManifests() throws IOException {
        Path semi = manifest("recording;site\na.wav;Ceze\n");
        assertEquals("Ceze", CorpusManifest.read(semi).entries().get(0).site());
        Path tab = manifest("recording\tsite\tsplit\nb.wav\tLoire\ttest\n");
        assertEquals(Optional.of(Split.TEST), CorpusManifest.read(tab).entries().get(0).split());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "missing site | recording,place\\na.wav,x | 1 | missing required column 'site'; found "
                + "columns: 'recording', 'place'",
        "missing both | file;where | 1 | missing required columns 'recording' and 'site'; found "
                + "columns: 'file', 'where'",
        "unknown split | recording,site,split\\na.wav,x,training | 2 | split: expected train, "
                + "validation or test, found 'training'",
        "missing recording | recording,site\\na.wav,x\\nnight9.wav,x | 3 | recording "
                + "'night9.wav' not found: no file {dir}/night9.wav",
        "duplicate | recording,site\\na.wav,x\\n\\n./a.wav,x | 4 | recording './a.wav' is listed "
                + "twice (first at line 2); expected each recording once",
        "empty recording | recording,site\\n,x | 2 | recording: expected the recording's path "
                + "relative to the manifest, found an empty field",
        "empty site | recording,site\\na.wav, | 2 | site: expected the recording site, found an "
                + "empty field",
        "site case | recording,site\\na.wav,Ceze\\nb.wav,ceze | 3 | site: 'ceze' differs only in "
                + "case from 'Ceze' (line 2); expected each site spelled one way",
        "negative bulls | recording,site,bulls\\na.wav,x,-1 | 2 | bulls: expected a whole number "
                + ">= 0, found '-1'",
        "text bulls | recording,site,bulls\\na.wav,x,two | 2 | bulls: expected a whole number "
                + ">= 0, found 'two'",
        "too few fields | recording,site,split\\na.wav,x | 2 | expected 3 fields as in the "
                + "header (line 1), found 2",
        "too many fields | recording,site\\na.wav,x,test | 2 | expected 2 fields as in the "
                + "header (line 1), found 3",
    })
    void reportsManifestLineAndReason(String name, String content, int line, String reason)
            throws IOException {
        Path f = manifest(content.replace("\\n", "\n"));
        InputFormatException e =
                assertThrows(InputFormatException.class, () -> CorpusManifest.read(f));
        assertEquals(f, e.file());
        assertEquals("line " + line, e.position());
        assertEquals(reason.replace("{dir}", dir.toAbsolutePath().normalize().toString()),
                e.reason());
    }

    @Test
    void emptyManifestIsAnError() throws IOException {
        Path f = manifest("\n \n");
        InputFormatException e =
                assertThrows(InputFormatException.class, () -> CorpusManifest.read(f));
        assertEquals("the manifest is empty; expected a header line with the columns "
                + "'recording' and 'site'", e.reason());
    }

    @Test
    void headerOnlyIsAnEmptyCorpus() throws IOException {
        assertEquals(List.of(), CorpusManifest.read(manifest("recording,site\n")).entries());
    }

    @Test
    void parsesSplitNames() {
        assertEquals(Split.TRAIN, Split.parse(" TRAIN "));
        assertEquals(Split.VALIDATION, Split.parse("Val"));
        assertEquals(Split.TEST, Split.parse("test"));
        assertEquals("validation", Split.VALIDATION.label());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Split.parse("dev"));
        assertEquals("expected train, validation or test, found 'dev'", e.getMessage());
    }
}
