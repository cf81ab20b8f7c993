package io.bullwatch.features.cache;

import io.bullwatch.core.audio.AudioSource;
import io.bullwatch.core.audio.WavFile;
import io.bullwatch.core.io.Sha256;
import io.bullwatch.features.fft.FftPath;
import io.bullwatch.features.mel.ExtractorOptions;
import io.bullwatch.features.mel.MelConfig;
import io.bullwatch.features.mel.MelSpectrogramExtractor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory of cached mel frames, one file per recording and configuration.
 *
 * <p>{@link #open(Path)} returns a recording's frames, computing them once with {@link
 * MelSpectrogramExtractor#streamFrames} when the cache has no valid entry. The file name is the
 * recording's name plus a SHA-256 of its real path, the {@link MelConfig#toJson()}, the storage
 * type, the source tag and the FFT path ({@link FftPath}: the two paths agree only to rounding, so
 * their frames are never mixed; {@link FftPath#JTRANSFORMS} keeps the key of caches written before
 * the vector path existed), so a changed configuration uses another file; the header records the
 * recording's size and modification time, so a modified recording is recomputed (in place). A
 * file is written under a temporary name, forced to disk and atomically renamed, so a crash never
 * leaves a half-written entry under the real name. On open, the header is validated against the
 * recording and the configuration and the data against a CRC32C; a corrupt or truncated file is
 * logged as a warning, deleted and recomputed.
 *
 * <p>With {@code scale = db}, the frames are those of {@code streamFrames}: the {@code topDb}
 * floor is not applied (it needs a window's maximum). Cache linear features for augmentation and
 * take logs afterwards (as the input normalisation of training and detection does).
 *
 * <p>Safe for concurrent use; two threads opening the same missing entry both compute it and the
 * last rename wins (both results are identical).
 */
public final class FeatureCache {

    private static final Logger LOG = LoggerFactory.getLogger(FeatureCache.class);

    /** The file name suffix of cache entries. */
    public static final String SUFFIX = ".melcache";

    private final Path directory;
    private final MelConfig config;
    private final CacheDtype dtype;
    private final int threads;
    private final AudioOpener opener;
    private final String sourceTag;
    private final long segmentBytes;
    private final String configJson;
    private final FftPath fftPath;
    /** Set by the first entry this cache writes, which first deletes crashed writers' leftovers. */
    private final java.util.concurrent.atomic.AtomicBoolean tidied = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * How old a crashed writer's temporary file must be before a cache deletes it on its own
     * (before the first entry it writes): an hour, far longer than a running writer leaves its
     * file untouched.
     */
    public static final java.time.Duration LEFTOVER_AGE = java.time.Duration.ofHours(1);

    private FeatureCache(Builder b) {
        this.directory = b.directory;
        this.config = b.config;
        this.dtype = b.dtype;
        this.threads = b.threads;
        this.opener = b.opener;
        this.sourceTag = b.sourceTag;
        this.segmentBytes = b.segmentBytes;
        this.configJson = config.toJson();
        this.fftPath = b.fftPath != null ? b.fftPath : FftPath.fromSystemProperty();
    }

    /**
     * A builder; {@code setDirectory} and {@code setConfig} are required.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The cache directory.
     *
     * @return its path
     */
    public Path directory() {
        return directory;
    }

    /**
     * The configuration of every entry this cache serves.
     *
     * @return the mel configuration
     */
    public MelConfig config() {
        return config;
    }

    /**
     * The FFT path entries are computed (and keyed) with.
     *
     * @return the path chosen when the cache was built
     */
    public FftPath fftPath() {
        return fftPath;
    }

    /**
     * The file that holds (or will hold) a recording's frames.
     *
     * @param recording the recording
     * @return the cache file's path
     * @throws IOException if the recording's real path cannot be resolved (for example it is missing)
     */
    public Path fileFor(Path recording) throws IOException {
        Path real = recording.toRealPath();
        String key = real + "\n" + configJson + "\n" + dtype + "\n" + sourceTag;
        if (fftPath != FftPath.JTRANSFORMS) {
            key += "\nfft=" + fftPath.id();
        }
        String hash = HexFormat.of().formatHex(Sha256.of(key.getBytes(StandardCharsets.UTF_8)), 0, 16);
        String name = real.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        if (name.length() > 80) {
            name = name.substring(0, 80);
        }
        return directory.resolve(name + "-" + hash + SUFFIX);
    }

    /**
     * Whether a valid, fresh entry exists for a recording (checks the header, not the data's CRC).
     *
     * @param recording the recording
     * @return {@code true} if {@link #open(Path)} would not compute
     * @throws IOException if the recording cannot be examined
     */
    public boolean isCached(Path recording) throws IOException {
        Path file = fileFor(recording);
        if (!Files.exists(file)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return problem(CacheFormat.read(ch), recording.toRealPath()) == null;
        } catch (CacheFormat.CorruptCacheException e) {
            return false;
        }
    }

    /**
     * A recording's frames, from the cache or computed now (and cached).
     *
     * @param recording the recording
     * @return its frames, memory-mapped
     * @throws IOException if the recording cannot be read or the cache cannot be written
     * @throws IllegalArgumentException if the recording's sample rate differs from the
     *     configuration's (and the opener does not resample)
     */
    public CachedFeatures open(Path recording) throws IOException {
        Objects.requireNonNull(recording, "recording");
        Path real = recording.toRealPath();
        Path file = fileFor(real);
        if (Files.exists(file)) {
            try {
                CachedFeatures hit = map(file, real, false);
                if (hit != null) {
                    return hit;
                }
            } catch (CacheFormat.CorruptCacheException e) {
                LOG.warn("feature cache file {} for {} is corrupt ({}); deleting and recomputing", file, real,
                        e.getMessage());
                Files.deleteIfExists(file);
            }
        }
        CachedFeatures fresh;
        try {
            compute(real, file);
            fresh = map(file, real, true);
        } catch (IOException e) {
            if (e.getClass() != IOException.class && !(e instanceof CacheFormat.CorruptCacheException)) {
                throw e; // typed ones (a malformed recording, a file-system error) name their file already
            }
            // a full disk, a checksum that does not hold: say which cache file, for which recording
            throw new IOException("feature cache file " + file + " for " + real + ": " + e.getMessage(), e);
        }
        if (fresh == null) {
            throw new IOException("recording " + real + " changed while its features were computed; try again");
        }
        return fresh;
    }

    /**
     * Deletes temporary files that writers left behind when they crashed ({@code *.part} files
     * in the cache directory last modified longer ago than {@code olderThan}; a younger one may
     * belong to a writer still running). A cache does this itself, with {@link #LEFTOVER_AGE},
     * before the first entry it writes.
     *
     * @param olderThan the minimum age of a file to delete
     * @return the number of files deleted
     * @throws IOException if the directory cannot be listed
     */
    public int deleteLeftovers(java.time.Duration olderThan) throws IOException {
        Objects.requireNonNull(olderThan, "olderThan");
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        long cutoff = System.currentTimeMillis() - olderThan.toMillis();
        int deleted = 0;
        try (java.util.stream.Stream<Path> files = Files.list(directory)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.endsWith(".part") && name.contains(SUFFIX)
                        && Files.getLastModifiedTime(p).toMillis() < cutoff && Files.deleteIfExists(p)) {
                    LOG.info("deleted leftover temporary file {}", p);
                    deleted++;
                }
            }
        }
        return deleted;
    }

    /** Maps a file, or returns null when it is stale; throws CorruptCacheException when corrupt. */
    private CachedFeatures map(Path file, Path real, boolean computed) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            CacheFormat h = CacheFormat.read(ch);
            String why = problem(h, real);
            if (why != null) {
                LOG.info("feature cache entry {} is stale ({}); recomputing", file, why);
                return null;
            }
            long frameBytes = (long) h.mels() * h.dtypeBytes();
            long perSegment = Math.max(1, segmentBytes / frameBytes);
            int count = (int) Math.max(1, (h.frames() + perSegment - 1) / perSegment);
            MappedByteBuffer[] segs = new MappedByteBuffer[count];
            CRC32C crc = new CRC32C();
            for (int s = 0; s < count; s++) {
                long first = s * perSegment;
                long n = Math.min(perSegment, h.frames() - first);
                segs[s] = ch.map(FileChannel.MapMode.READ_ONLY, h.headerLength() + first * frameBytes,
                        n * frameBytes);
                crc.update(segs[s].duplicate());
            }
            if (crc.getValue() != h.dataCrc()) {
                throw new CacheFormat.CorruptCacheException("data checksum mismatch");
            }
            return new CachedFeatures(file, config, dtype, h.mels(), h.frames(), perSegment, segs, computed);
        }
    }

    /** Why a well-formed header does not serve this recording and configuration, or null. */
    private String problem(CacheFormat h, Path real) throws IOException {
        if (!h.configJson().equals(configJson)) {
            return "written for another mel configuration";
        }
        if (h.mels() != config.nMels() || h.dtypeBytes() != dtype.bytes()) {
            return "shape or storage type differs";
        }
        if (!h.recordingPath().equals(real.toString())) {
            return "written for " + h.recordingPath();
        }
        BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
        if (a.size() != h.recordingSize() || a.lastModifiedTime().to(TimeUnit.NANOSECONDS) != h.recordingMtimeNanos()) {
            return "the recording's size or modification time changed";
        }
        return null;
    }

    private void compute(Path real, Path file) throws IOException {
        Files.createDirectories(directory);
        if (tidied.compareAndSet(false, true)) {
            try {
                deleteLeftovers(LEFTOVER_AGE);
            } catch (IOException | RuntimeException e) {
                // tidying is a courtesy: an entry is still written when it fails
                LOG.warn("feature cache {}: could not delete leftover temporary files: {}", directory, e.toString());
            }
        }
        BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
        long started = System.nanoTime();
        Path tmp = Files.createTempFile(directory, file.getFileName().toString(), ".part");
        boolean done = false;
        try (AudioSource source = opener.open(real);
                MelSpectrogramExtractor mel = MelSpectrogramExtractor.create(config, new ExtractorOptions(threads, ExtractorOptions.DEFAULT_CHUNK_FRAMES, fftPath));
                FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            long frames = config.frames(source.frames());
            CacheFormat h = CacheFormat.create(dtype, config.nMels(), frames, a.size(),
                    a.lastModifiedTime().to(TimeUnit.NANOSECONDS), configJson, real.toString());
            writeFully(ch, h.encode(), 0);
            long[] pos = {h.headerLength()};
            long[] clamped = {0};
            CRC32C crc = new CRC32C();
            int mels = config.nMels();
            long written = mel.streamFrames(source, (first, count, block) -> {
                ByteBuffer buf = ByteBuffer.allocate(count * mels * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
                int n = count * mels;
                if (dtype == CacheDtype.FLOAT32) {
                    for (int i = 0; i < n; i++) {
                        buf.putFloat(block[i]);
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        // a value beyond half precision's range is stored as its largest, never as infinity
                        float v = block[i];
                        if (Math.abs(v) > Half.MAX_VALUE) {
                            v = Math.copySign(Half.MAX_VALUE, v);
                            clamped[0]++;
                        }
                        buf.putShort(Half.fromFloat(v));
                    }
                }
                buf.flip();
                crc.update(buf.duplicate());
                writeFully(ch, buf, pos[0]);
                pos[0] += n * (long) dtype.bytes();
            });
            if (written != frames) {
                throw new IOException("extractor produced " + written + " frames, expected " + frames);
            }
            if (clamped[0] > 0) {
                LOG.warn("{}: {} feature values beyond float16's range stored as +-{} in the cache entry; use "
                        + "CacheDtype.FLOAT32 for audio this loud", real, clamped[0], Half.MAX_VALUE);
            }
            ByteBuffer c = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(crc.getValue());
            c.flip();
            writeFully(ch, c, CacheFormat.CRC_OFFSET);
            ch.force(true);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        LOG.debug(String.format(Locale.ROOT, "cached features of %s in %s (%.2f s)", real, file,
                (System.nanoTime() - started) / 1e9));
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            pos += ch.write(b, pos);
        }
    }

    /** Options of a {@link FeatureCache}. */
    public static final class Builder {
        private Path directory;
        private MelConfig config;
        private CacheDtype dtype = CacheDtype.FLOAT32;
        private int threads = 1;
        private AudioOpener opener = WavFile::open;
        private String sourceTag = "";
        private long segmentBytes = Integer.MAX_VALUE;
        private FftPath fftPath;

        private Builder() {
        }

        /**
         * Where entries are kept (created when needed).
         *
         * @param dir the directory
         * @return this builder
         */
        public Builder setDirectory(Path dir) {
            this.directory = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /**
         * The features to cache.
         *
         * @param c the mel configuration
         * @return this builder
         */
        public Builder setConfig(MelConfig c) {
            this.config = Objects.requireNonNull(c, "config");
            return this;
        }

        /**
         * How values are stored; default {@link CacheDtype#FLOAT32} (exact).
         *
         * @param d the storage type
         * @return this builder
         */
        public Builder optDtype(CacheDtype d) {
            this.dtype = Objects.requireNonNull(d, "dtype");
            return this;
        }

        /**
         * Threads used to compute a missing entry; default 1.
         *
         * @param n threads, {@code >= 1}
         * @return this builder
         */
        public Builder optThreads(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + n);
            }
            this.threads = n;
            return this;
        }

        /**
         * How recordings are opened; default {@code WavFile::open}.
         *
         * @param o the opener
         * @return this builder
         */
        public Builder optOpener(AudioOpener o) {
            this.opener = Objects.requireNonNull(o, "opener");
            return this;
        }

        /**
         * Text that distinguishes openers giving different samples for the same file (for example
         * {@code "resample:kaiser_best"}); part of the key. Default empty.
         *
         * @param tag the tag
         * @return this builder
         */
        public Builder optSourceTag(String tag) {
            this.sourceTag = Objects.requireNonNull(tag, "tag");
            return this;
        }

        /**
         * The FFT path that computes entries; part of the key. Default: {@link
         * FftPath#fromSystemProperty()} when the cache is built.
         *
         * @param p the path
         * @return this builder
         */
        public Builder optFftPath(FftPath p) {
            this.fftPath = Objects.requireNonNull(p, "fftPath");
            return this;
        }

        /** For tests: the largest map, to exercise several maps with small files. */
        Builder segmentBytes(long bytes) {
            if (bytes < 1 || bytes > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("segment bytes must be in [1, 2^31 - 1], got " + bytes);
            }
            this.segmentBytes = bytes;
            return this;
        }

        /**
         * The cache.
         *
         * @return a cache over the directory
         * @throws IllegalStateException if the directory or configuration is missing
         */
        public FeatureCache build() {
            if (directory == null || config == null) {
                throw new IllegalStateException("a feature cache needs setDirectory(...) and setConfig(...)");
            }
            return new FeatureCache(this);
        }
    }
}
