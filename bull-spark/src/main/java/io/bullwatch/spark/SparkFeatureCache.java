package io.bullwatch.spark;

import io.bullwatch.core.batch.Reasons;
import io.bullwatch.core.corpus.Corpus;
import io.bullwatch.core.corpus.CorpusRecording;
import io.bullwatch.features.cache.CachedFeatures;
import io.bullwatch.features.cache.FeatureCache;
import io.bullwatch.features.mel.MelConfig;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills a training feature cache ({@link FeatureCache}: each recording's mel frames, computed
 * once) on a Spark cluster, one task per recording, so that {@code bull train --cache DIR} and
 * {@code bull crossval --cache DIR} on a large corpus compute no feature. The cache folder and the
 * recordings are local paths that every executor and the training machine see at the same place
 * (a shared file system: NFS, a cluster file system mounted on every node); the cache keys entries
 * by the recording's real path and the mel configuration, so the training must use the same
 * features options. Entries are written beside their place and renamed (a killed task leaves a
 * {@code .part} file, never a half entry); an entry that is already there and fresh is not
 * computed again; a recording that cannot be read fails alone, with the reason.
 *
 * <pre>{@code
 * SparkFeatureCacheResult r = SparkFeatureCache.builder()
 *         .setCache(Path.of("/shared/cache")).setConfig(mel).addCorpus(corpus).build().run(spark);
 * }</pre>
 */
public final class SparkFeatureCache {
    private static final Logger LOG = LoggerFactory.getLogger(SparkFeatureCache.class);

    private final Path cache;
    private final MelConfig config;
    private final List<Path> recordings;

    private SparkFeatureCache(Builder b) {
        this.cache = b.cache;
        this.config = b.config;
        this.recordings = List.copyOf(b.recordings);
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** Options of the job. */
    public static final class Builder {
        private Path cache;
        private MelConfig config;
        private final Set<Path> recordings = new LinkedHashSet<>();

        private Builder() {
        }

        /**
         * @param dir the cache folder (created if missing), at the same path on every executor
         * @return this
         */
        public Builder setCache(Path dir) {
            this.cache = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
            return this;
        }

        /**
         * @param value the features, as the training's pipeline computes them
         * @return this
         */
        public Builder setConfig(MelConfig value) {
            this.config = Objects.requireNonNull(value, "config");
            return this;
        }

        /**
         * @param recording a WAV file, at the same path on every executor (given twice, cached once)
         * @return this
         */
        public Builder addRecording(Path recording) {
            recordings.add(Objects.requireNonNull(recording, "recording").toAbsolutePath().normalize());
            return this;
        }

        /**
         * @param corpus a training corpus: every recording of its manifest
         * @return this
         */
        public Builder addCorpus(Corpus corpus) {
            for (CorpusRecording r : corpus.recordings()) {
                addRecording(r.recording());
            }
            return this;
        }

        /**
         * @return the job
         * @throws IllegalStateException if the cache, the configuration or the recordings are missing
         */
        public SparkFeatureCache build() {
            if (cache == null) {
                throw new IllegalStateException("setCache(...) is required");
            }
            if (config == null) {
                throw new IllegalStateException("setConfig(...) is required");
            }
            if (recordings.isEmpty()) {
                throw new IllegalStateException("at least one recording is required");
            }
            return new SparkFeatureCache(this);
        }
    }

    /**
     * What happened to one recording.
     *
     * @param recording the recording's path
     * @param status {@code computed}, {@code cached} (fresh before) or {@code failed}
     * @param error why it failed, or empty
     * @param frames its frames, or 0 when it failed
     */
    public record Outcome(String recording, String status, String error, long frames) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** @return whether the recording failed */
        public boolean failed() {
            return "failed".equals(status);
        }
    }

    /**
     * Runs the job.
     *
     * @param spark the session (any master whose executors see the cache folder and the recordings)
     * @return one outcome per recording, in the order given
     * @throws IOException if the cache folder cannot be made
     */
    public List<Outcome> run(SparkSession spark) throws IOException {
        Files.createDirectories(cache);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        String dir = cache.toString();
        String json = config.toJson();
        List<String> paths = new ArrayList<>(recordings.size());
        recordings.forEach(p -> paths.add(p.toString()));
        List<Outcome> outcomes = jsc.parallelize(paths, Math.max(1, paths.size()))
                .map(p -> cacheOne(p, dir, json)).collect();
        long failed = outcomes.stream().filter(Outcome::failed).count();
        long computed = outcomes.stream().filter(o -> o.status().equals("computed")).count();
        LOG.info("feature cache {}: {} computed, {} cached before, {} failed", cache, computed,
                outcomes.size() - computed - failed, failed);
        return outcomes;
    }

    /** On an executor: the recording's entry, computed unless it is there and fresh. */
    static Outcome cacheOne(String recording, String dir, String configJson) {
        Path file = Path.of(recording);
        try {
            FeatureCache cache = FeatureCache.builder().setDirectory(Path.of(dir))
                    .setConfig(MelConfig.fromJson(configJson)).optThreads(1).build();
            boolean before = cache.isCached(file);
            CachedFeatures f = cache.open(file);
            return new Outcome(recording, before ? "cached" : "computed", "", f.frames());
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            return new Outcome(recording, "failed", Reasons.describe(e, file), 0);
        }
    }

    /**
     * The {@code spark-submit} entry point: {@code SparkFeatureCache --data CORPUS --cache DIR
     * [--mels N --hop SAMPLES --n-fft SAMPLES --f-min HZ --f-max HZ]}; exit code 0 when every
     * recording is cached, 1 when any failed, 2 for a usage error.
     *
     * @param args the arguments ({@code --help} lists them)
     */
    public static void main(String[] args) {
        int code = SparkCli.of(new SparkFeatureCacheCommand()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }
}
