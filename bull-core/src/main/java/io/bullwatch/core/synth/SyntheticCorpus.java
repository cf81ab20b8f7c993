package io.bullwatch.core.synth;

import io.bullwatch.core.annotation.AudacityLabels;
import io.bullwatch.core.audio.SampleEncoding;
import io.bullwatch.core.audio.WavWriter;
import io.bullwatch.core.text.TextFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a synthetic corpus: per recording a WAV file (mono, 16-bit PCM), its Audacity label file
 * ({@code name.txt}, the bulls) and an event list ({@code name.events.tsv}, every event with its
 * kind and SNR), plus {@code manifest.csv} ({@code recording,site,split,seconds,bulls}) that
 * {@link io.bullwatch.core.corpus.Corpus#load(Path)} reads.
 *
 * <p>Recordings are independent (each has its own seed), so they are rendered in parallel and the
 * bytes do not depend on the number of threads.
 */
public final class SyntheticCorpus {

    private static final Logger LOG = LoggerFactory.getLogger(SyntheticCorpus.class);

    /** Frames rendered and written per block. */
    private static final int BLOCK = 1 << 14;

    private SyntheticCorpus() {
    }

    /**
     * Plans every recording of a corpus.
     *
     * @param config the configuration
     * @return one plan per recording, in manifest order
     */
    public static List<NightPlan> plan(SynthConfig config) {
        Objects.requireNonNull(config, "config");
        List<NightPlan> plans = new ArrayList<>();
        for (int i = 0; i < config.recordings(); i++) {
            plans.add(NightPlan.of(config, i));
        }
        return plans;
    }

    /**
     * Writes a whole corpus into a folder (created if needed; existing files of the same names are
     * replaced).
     *
     * @param config the configuration
     * @param folder the corpus folder
     * @param threads recordings rendered at once, {@code >= 1}
     * @return the recordings written, in manifest order
     * @throws IOException if a file cannot be written
     */
    public static List<SynthRecording> write(SynthConfig config, Path folder, int threads) throws IOException {
        Objects.requireNonNull(folder, "folder");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        List<NightPlan> plans = plan(config);
        Files.createDirectories(folder);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "bull-synth");
            t.setDaemon(true);
            return t;
        });
        List<SynthRecording> out = new ArrayList<>();
        try {
            List<Future<SynthRecording>> futures = new ArrayList<>();
            for (NightPlan p : plans) {
                futures.add(pool.submit(() -> writeNight(p, folder)));
            }
            for (Future<SynthRecording> f : futures) {
                out.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing " + folder, e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(c);
        } finally {
            pool.shutdownNow();
        }
        writeManifest(folder.resolve("manifest.csv"), out);
        return out;
    }

    /**
     * Renders one night into {@code folder/NAME.wav}, with {@code NAME.txt} and {@code NAME.events.tsv}.
     *
     * @param plan the night
     * @param folder the corpus folder
     * @return what was written
     * @throws IOException if a file cannot be written
     */
    public static SynthRecording writeNight(NightPlan plan, Path folder) throws IOException {
        long t0 = System.nanoTime();
        Path wav = folder.resolve(plan.name() + ".wav");
        Files.createDirectories(wav.getParent());
        float[] block = new float[BLOCK];
        NightRenderer renderer = NightRenderer.of(plan);
        try (WavWriter w = WavWriter.create(wav, plan.sampleRate(), 1, SampleEncoding.PCM_SIGNED_16)) {
            int n;
            while ((n = renderer.next(block, null, 0, BLOCK)) > 0) {
                w.write(block, 0, n);
            }
        }
        AudacityLabels.write(folder.resolve(plan.name() + ".txt"), plan.bullLabels());
        TextFiles.writeAtomically(folder.resolve(plan.name() + ".events.tsv"), out -> {
            out.write("kind\tstart\tend\tsnr_db\n");
            for (SynthEvent e : plan.events()) {
                out.write(String.format(Locale.ROOT, "%s\t%.6f\t%.6f\t%.2f%n",
                        e.kind().name().toLowerCase(Locale.ROOT), e.start(), e.end(), e.snrDb()));
            }
        });
        int bulls = plan.bullLabels().size();
        if (LOG.isDebugEnabled()) {
            LOG.debug("{}: {} s, {} bulls, {} events in {} ms", plan.name(), plan.seconds(), bulls,
                    plan.events().size(), (System.nanoTime() - t0) / 1_000_000);
        }
        return new SynthRecording(plan.name() + ".wav", plan.site().name(), plan.split(), plan.seconds(), bulls,
                plan.events().size(), wav);
    }

    private static void writeManifest(Path file, List<SynthRecording> recordings) throws IOException {
        TextFiles.writeAtomically(file, out -> {
            out.write("recording,site,split,seconds,bulls\n");
            for (SynthRecording r : recordings) {
                out.write(String.format(Locale.ROOT, "%s,%s,%s,%.6f,%d%n", r.recording(), r.site(),
                        r.split().label(), r.seconds(), r.bulls()));
            }
        });
    }
}
