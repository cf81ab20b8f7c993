package io.bullwatch.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bullwatch.core.annotation.Annotation;
import io.bullwatch.core.annotation.AudacityLabels;
import io.bullwatch.core.audio.AudioInfo;
import io.bullwatch.core.audio.SampleEncoding;
import io.bullwatch.core.audio.WavFile;
import io.bullwatch.core.audio.WavWriter;
import io.bullwatch.core.corpus.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bull compose}: a loadable corpus with provenance, the same bytes for the same seed. */
class ComposeCommandTest extends CliTestBase {

    @TempDir
    Path dir;

    private static void wav(Path file, int rate, int channels, int seconds, double rms, long seed) throws IOException {
        Files.createDirectories(file.getParent());
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[seconds * rate * channels];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rms * r.nextGaussian());
        }
        try (WavWriter w = WavWriter.create(file, rate, channels, SampleEncoding.PCM_SIGNED_16)) {
            w.write(x, 0, x.length);
        }
    }

    private static void burst(Path file, int rate, double hz) throws IOException {
        Files.createDirectories(file.getParent());
        float[] x = new float[rate];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.5 * Math.exp(-3.0 * i / rate) * Math.sin(2 * Math.PI * hz * i / rate));
        }
        WavWriter.write(file, x, rate, SampleEncoding.PCM_SIGNED_16);
    }

    private String[] args(Path out) {
        return new String[] {"compose", "--out", out.toString(),
            "--site", "river=" + dir.resolve("river"), "--site", "weir=" + dir.resolve("weir"),
            "--bulls", dir.resolve("bulls").toString(), "--distractors", dir.resolve("drops").toString(),
            "--hours-per-site", "0.05", "--recording-minutes", "1.5", "--bulls-per-hour", "400",
            "--distractors-per-hour", "200", "--segments", "5:10", "--crossfade", "0.5",
            "--sample-rate", "8000", "--split", "weir=test", "--seed", "4"};
    }

    @Test
    void composesALoadableCorpusWithProvenanceAndTheSameBytesForTheSameSeed() throws Exception {
        wav(dir.resolve("river/bank.wav"), 8000, 1, 40, 0.05, 1);
        // an annotated bull in a background: never cut into a bed
        AudacityLabels.write(dir.resolve("river/bank.txt"), List.of(new Annotation(10, 20, "bull")));
        wav(dir.resolve("river/reeds.wav"), 8000, 1, 30, 0.01, 2);
        wav(dir.resolve("weir/fall.wav"), 16000, 2, 30, 0.2, 3); // resampled and mixed down
        burst(dir.resolve("bulls/one.wav"), 8000, 700);
        burst(dir.resolve("bulls/two.wav"), 22050, 1200);
        burst(dir.resolve("drops/drip.wav"), 8000, 3000);
        Path out = dir.resolve("corpus");
        assertEquals(0, run(args(out)), () -> this.out + "\n" + err);

        Corpus corpus = Corpus.load(out.resolve("manifest.csv"));
        assertEquals(4, corpus.recordings().size());
        assertEquals(List.of("river", "weir"), List.copyOf(corpus.sites()));
        int bulls = 0;
        for (var r : corpus.recordings()) {
            AudioInfo info = WavFile.info(r.recording());
            assertEquals(8000, info.sampleRate());
            assertEquals(90.0, info.durationSeconds(), 1e-9);
            String base = r.recording().getFileName().toString().replace(".wav", "");
            List<String> tsv = Files.readAllLines(r.recording().resolveSibling(base + ".events.tsv"));
            assertEquals("kind\tstart\tend\tsource\tsource_offset\tgain\tsnr_db", tsv.get(0));
            long bullRows = tsv.stream().filter(l -> l.startsWith("bull\t")).count();
            assertEquals(r.events().size(), bullRows, base);
            bulls += r.events().size();
            for (String row : tsv.subList(1, tsv.size())) {
                String[] f = row.split("\t", -1);
                if (f[0].equals("background") && f[3].equals("river/bank.wav")) {
                    double from = Double.parseDouble(f[4]);
                    double to = from + Double.parseDouble(f[2]) - Double.parseDouble(f[1]);
                    assertTrue(to <= 9.5 || from >= 20.5, "a bed cut into the annotated bull: " + row);
                }
                if (f[0].equals("bull")) {
                    assertTrue(f[3].startsWith("bulls/"), row);
                    double snr = Double.parseDouble(f[6]);
                    assertTrue(snr >= 0 && snr <= 15, row);
                }
            }
            if (r.site().equals("weir")) {
                assertTrue(tsv.stream().anyMatch(l -> l.contains("\tweir/fall.wav\t")), tsv::toString);
            }
        }
        assertTrue(bulls >= 10, "about 40 bulls in 6 minutes: " + bulls);
        assertTrue(Files.readString(out.resolve("manifest.csv")).contains("weir/weir-night01.wav,weir,test,"));

        Path again = dir.resolve("again");
        assertEquals(0, run(args(again)), () -> this.out + "\n" + err);
        try (Stream<Path> files = Files.walk(out)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(again.resolve(out.relativize(f))),
                        f.toString());
            }
        }
    }

    @Test
    void leavesOutABadFileChecksEverySiteFirstAndNeverReplacesACorpus() throws Exception {
        wav(dir.resolve("river/bank.wav"), 8000, 1, 40, 0.05, 1);
        Files.writeString(dir.resolve("river/junk.wav"), "not a wave file");
        burst(dir.resolve("bulls/one.wav"), 8000, 700);
        Files.writeString(dir.resolve("bulls/bad.wav"), "not a wave file either");
        burst(dir.resolve("drops/drip.wav"), 8000, 3000);
        Path out = dir.resolve("corpus");
        // the second site's folder is missing: refused before the first site's nights are written
        assertNotEquals(0, run(args(out)));
        assertTrue(err.toString().contains(dir.resolve("weir") + ": not a folder"), err.toString());
        assertFalse(Files.exists(out.resolve("river")), "no night written");
        // a split that is none: named with its site
        wav(dir.resolve("weir/fall.wav"), 8000, 1, 30, 0.2, 3);
        String[] typo = args(out);
        typo[java.util.Arrays.asList(typo).indexOf("weir=test")] = "weir=tst";
        err.getBuffer().setLength(0);
        assertEquals(2, run(typo));
        assertTrue(err.toString().contains("--split weir=tst: "), err.toString());

        // the unreadable background and bull clip are left out, named, and so is a clip longer than a
        // night (90 s here); the rest composes
        wav(dir.resolve("drops/long.wav"), 8000, 1, 100, 0.05, 9);
        err.getBuffer().setLength(0);
        assertEquals(0, run(args(out)), () -> this.out + "\n" + err);
        assertTrue(err.toString().contains(dir.resolve("river/junk.wav") + ": left out: ")
                && err.toString().contains(dir.resolve("bulls/bad.wav") + ": left out: ")
                && err.toString().contains("drops/long.wav: left out: 100.0 s long"), err.toString());
        assertTrue(this.out.toString().contains("1 bull clips, 1 distractor clips, 2 sites"), this.out::toString);
        assertEquals(4, Corpus.load(out.resolve("manifest.csv")).recordings().size());

        // a folder that holds a corpus is never replaced
        byte[] manifest = Files.readAllBytes(out.resolve("manifest.csv"));
        err.getBuffer().setLength(0);
        assertEquals(2, run(args(out)));
        assertTrue(err.toString().contains("already holds a corpus"), err.toString());
        assertArrayEquals(manifest, Files.readAllBytes(out.resolve("manifest.csv")));
    }

    @Test
    void refusesMissingOrBadOptions() throws Exception {
        wav(dir.resolve("river/bank.wav"), 8000, 1, 40, 0.05, 1);
        assertEquals(2, run("compose", "--out", dir.resolve("x").toString(), "--site", "river=" + dir.resolve("river")));
        assertTrue(err.toString().contains("give one of --bulls DIR and --bulls-from CORPUS"), err.toString());
        burst(dir.resolve("bulls/one.wav"), 8000, 700);
        assertEquals(2, run("compose", "--out", dir.resolve("x").toString(), "--site", "river=" + dir.resolve("river"),
                "--bulls", dir.resolve("bulls").toString(), "--snr", "10:0"));
        assertTrue(err.toString().contains("--snr must be LOW:HIGH"), err.toString());
    }
}
