package io.bullwatch.cli;

import io.bullwatch.core.InputFormatException;
import io.bullwatch.core.audio.AudioInfo;
import io.bullwatch.core.audio.AudioSource;
import io.bullwatch.core.audio.WavFile;
import io.bullwatch.core.window.Window;
import io.bullwatch.features.cache.CachedFeatures;
import io.bullwatch.features.cache.FeatureCache;
import io.bullwatch.features.mel.EdgeMode;
import io.bullwatch.features.mel.MelConfig;
import io.bullwatch.features.mel.MelSpectrogram;
import io.bullwatch.features.mel.MelSpectrogramExtractor;
import io.bullwatch.features.resample.ResamplerConfig;
import io.bullwatch.features.resample.Resampling;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bull features FILE --out X.npy}: the mel spectrogram of a recording as a NumPy array. */
@Command(name = "features",
        description = {"Writes the mel spectrogram of a recording as a NumPy array.",
            "",
            "The array, of the whole recording or of a stretch of it (--start, --duration), is float32"
            + " of shape (n_mels, frames), the layout of torchaudio's MelSpectrogram. Defaults are the"
            + " seed's features (n_fft 4096, hop 1024, 128 HTK mels up to half the sample rate, power 2,"
            + " linear) at the recording's sample rate.",
            "",
            "Prints one JSON line: the shape and the configuration used (the --config format)."
            + " Long recordings are streamed: memory stays small whatever the length.",
            "",
            "A recording at another rate than the features' (--config, --sample-rate) is refused"
            + " unless --resample is given. --cache DIR computes the whole recording's frames once and"
            + " serves the stretch from them; later runs reuse them."})
final class FeaturesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A WAV file.")
    Path file;

    @Option(names = "--out", required = true, paramLabel = "X.npy", description = "Output .npy file.")
    Path out;

    @Option(names = "--start", paramLabel = "S", description = "First second (default 0).")
    double start;

    @Option(names = "--duration", paramLabel = "D", description = "Seconds to take (default: to the end).")
    Double duration;

    @Option(names = "--edges", paramLabel = "MODE", description = "per_window (default without --cache): the"
            + " stretch is padded at its own edges, as torchaudio on the cut; context (default with --cache, and"
            + " the only choice with it for a part of the recording): frames of the whole recording's"
            + " spectrogram, seeing the samples around the stretch.")
    EdgeMode edges;

    @Option(names = "--sample-rate", paramLabel = "HZ", description = "Sample rate of the features (default:"
            + " the --config's, else the recording's). A recording at another rate needs --resample.")
    Integer sampleRate;

    @Option(names = "--resample", description = "Resample a recording whose rate differs from the features' rate"
            + " (default: refuse it).")
    boolean resample;

    @Option(names = "--resampler", paramLabel = "FILTER", description = "For --resample: kaiser_best (default;"
            + " torchaudio's and resampy's name) or kaiser_fast (about 3x cheaper, 90-100 dB instead of"
            + " 160 dB of alias rejection).")
    ResamplerChoice resampler = ResamplerChoice.KAISER_BEST;

    @Option(names = "--cache", paramLabel = "DIR", description = "Feature cache folder: the whole recording's"
            + " frames are computed once (keyed by file, configuration and resampler) and the stretch is"
            + " served from them (context edges).")
    Path cacheDir;

    @Option(names = "--config", paramLabel = "JSON", description = "A mel configuration file (MelConfig JSON); other mel options override it.")
    Path config;

    @Option(names = "--n-fft", paramLabel = "N", description = "FFT length, a power of two.")
    Integer nFft;

    @Option(names = "--win-length", paramLabel = "N", description = "Window length (default n_fft).")
    Integer winLength;

    @Option(names = "--hop", paramLabel = "N", description = "Hop in samples.")
    Integer hop;

    @Option(names = "--n-mels", paramLabel = "N", description = "Mel bands.")
    Integer nMels;

    @Option(names = "--f-min", paramLabel = "HZ", description = "Lowest filter edge, Hz.")
    Double fMin;

    @Option(names = "--f-max", paramLabel = "HZ", description = "Highest filter edge, Hz (default: half the sample rate).")
    Double fMax;

    @Option(names = "--power", paramLabel = "P", description = "2 (power) or 1 (magnitude).")
    Integer power;

    @Option(names = "--window", paramLabel = "NAME", description = "hann or hamming.")
    MelConfig.WindowType window;

    @Option(names = "--pad-mode", paramLabel = "MODE", description = "reflect or constant.")
    MelConfig.PadMode padMode;

    @Option(names = "--no-center", description = "Do not pad the signal by n_fft/2 at both ends.")
    boolean noCenter;

    @Option(names = "--mel-scale", paramLabel = "NAME", description = "htk or slaney.")
    MelConfig.MelScale melScale;

    @Option(names = "--norm", paramLabel = "NAME", description = "Filter normalisation: none or slaney.")
    MelConfig.FilterNorm norm;

    @Option(names = "--scale", paramLabel = "NAME", description = "Output scale: linear, db or log.")
    MelConfig.OutputScale scale;

    @Option(names = "--top-db", paramLabel = "DB", description = "For --scale db: floor this many dB below the maximum.")
    Double topDb;

    @Option(names = "--epsilon", paramLabel = "X", description = "For db: amin; for log: offset in ln(x + epsilon).")
    Double epsilon;

    @Option(names = "--threads", paramLabel = "N", description = "Threads (default: available processors).")
    int threads = Runtime.getRuntime().availableProcessors();

    /** The resampling filters offered on the command line. */
    enum ResamplerChoice {
        /** {@link ResamplerConfig#kaiserBest()}. */
        KAISER_BEST,
        /** {@link ResamplerConfig#kaiserFast()}. */
        KAISER_FAST;

        ResamplerConfig config() {
            return this == KAISER_BEST ? ResamplerConfig.kaiserBest() : ResamplerConfig.kaiserFast();
        }
    }

    @Override
    public Integer call() {
        checkRanges();
        try {
            return run();
        } catch (IOException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("bull features: " + CliErrors.describe(e));
            spec.commandLine().getErr().flush();
            return 1;
        }
    }

    /** Every numeric option in its range (exit code 2 otherwise), before anything is read. */
    private void checkRanges() {
        Ranges.nonNegative(spec, "--start", start);
        if (duration != null) {
            Ranges.positive(spec, "--duration", duration);
        }
        if (sampleRate != null) {
            Ranges.whole(spec, "--sample-rate", sampleRate, 1000, 384_000);
        }
        if (nFft != null) {
            Ranges.whole(spec, "--n-fft", nFft, 2, 1 << 20);
        }
        if (winLength != null) {
            Ranges.whole(spec, "--win-length", winLength, 1, 1 << 20);
        }
        if (hop != null) {
            Ranges.whole(spec, "--hop", hop, 1, 1 << 20);
        }
        if (nMels != null) {
            Ranges.whole(spec, "--n-mels", nMels, 1, 4096);
        }
        if (fMin != null) {
            Ranges.nonNegative(spec, "--f-min", fMin);
        }
        if (fMax != null) {
            Ranges.positive(spec, "--f-max", fMax);
        }
        if (topDb != null) {
            Ranges.positive(spec, "--top-db", topDb);
        }
        if (epsilon != null) {
            Ranges.positive(spec, "--epsilon", epsilon);
        }
        Ranges.whole(spec, "--threads", threads, 1, 1024);
    }

    private int run() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        if (Files.exists(out) && Files.exists(file) && Files.isSameFile(out, file)) {
            // the features would replace the recording they are computed from
            throw new CommandLine.ParameterException(spec.commandLine(), "--out " + out + " is the recording "
                    + file + " itself; give the .npy file another name");
        }
        try (AudioSource wav = WavFile.open(file)) {
            int fileRate = wav.info().sampleRate();
            MelConfig mel = melConfig(fileRate);
            int rate = mel.sampleRate();
            boolean resampling = rate != fileRate;
            if (resampling && !resample) {
                throw new CommandLine.ParameterException(spec.commandLine(), file + " is at " + fileRate
                        + " Hz but the features are for " + rate + " Hz (" + rateOrigin() + "); add --resample"
                        + " to resample it to " + rate + " Hz, or use features at " + fileRate + " Hz");
            }
            ResamplerConfig filter = resampler.config();
            // the resampling source closes the WAV file too; closing a WavFile twice is harmless
            AudioSource source = resampling
                    ? Resampling.forConfig(wav, mel, Resampling.RatePolicy.RESAMPLE, filter) : wav;
            long total = source.frames();
            if (total == 0) {
                throw InputFormatException.of(file, "the recording holds no samples: nothing to compute features from");
            }
            long first = Math.round(start * rate);
            if (start < 0 || first > total) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--start must be from 0 to the"
                        + " recording's length (" + (double) total / rate + " s), got " + start);
            }
            long length = duration == null ? total - first : Math.round(duration * rate);
            if (length <= 0) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "nothing to compute: the stretch from " + start + " s holds no samples");
            }
            if (first + length > total) {
                // zeros past the end would pass for silence the recording never held
                throw new CommandLine.ParameterException(spec.commandLine(), "--start " + start + " --duration "
                        + duration + " runs to " + (double) (first + length) / rate + " s, after the end of " + file
                        + " at " + (double) total / rate + " s; shorten --duration or leave it out (to the end)");
            }
            boolean whole = first == 0 && length == total;
            EdgeMode edgeMode = edges != null ? edges : cacheDir != null ? EdgeMode.CONTEXT : EdgeMode.PER_WINDOW;
            // the samples the STFT sees: the stretch alone, or the whole recording around it
            boolean alone = edgeMode == EdgeMode.PER_WINDOW && cacheDir == null;
            long seen = alone ? length : total;
            if (mel.center() && mel.padMode() == MelConfig.PadMode.REFLECT && seen <= mel.nFft() / 2) {
                String what = alone ? "stretch" : "recording";
                throw InputFormatException.of(file, "the " + what + " holds " + seen + " samples, too few for reflect"
                        + " padding of half a frame (" + mel.nFft() / 2 + " samples); use --pad-mode constant or a"
                        + " longer " + what);
            }
            if (cacheDir != null) {
                checkCacheable(edgeMode, whole);
            }
            Path part = out.resolveSibling(out.getFileName() + ".part");
            long frames;
            CachedFeatures cached = null;
            try {
                if (cacheDir != null) {
                    cached = cache(mel, resampling, filter).open(file);
                    frames = writeFromCache(cached, first, length, part);
                } else {
                    try (MelSpectrogramExtractor extractor = MelSpectrogramExtractor.create(mel, Math.max(1, threads))) {
                        if (edgeMode == EdgeMode.PER_WINDOW) {
                            frames = writeStreamed(extractor, new Stretch(source, first, length), part);
                        } else {
                            frames = writeContext(extractor, source, first, length, part);
                        }
                    }
                }
                Files.move(part, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(part);
                throw e;
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("file", file.toString());
            json.put("out", out.toString());
            json.put("startSeconds", (double) first / rate);
            json.put("seconds", (double) length / rate);
            json.put("edges", edgeMode.name().toLowerCase(java.util.Locale.ROOT));
            json.put("shape", List.of(mel.nMels(), frames));
            if (resampling) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("fromHz", fileRate);
                r.put("toHz", rate);
                r.put("filter", filter.tag());
                json.put("resampled", r);
            }
            if (cached != null) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("file", cached.file().toString());
                c.put("hit", !cached.computed());
                json.put("cache", c);
            }
            json.put("config", mel.toMap());
            stdout.println(CliJson.compact(json));
            stdout.flush();
            return 0;
        }
    }

    /** Where the features' sample rate came from, for messages. */
    private String rateOrigin() {
        if (sampleRate != null) {
            return "--sample-rate " + sampleRate;
        }
        return "from " + config;
    }

    /** The cache serves the recording's own (streamed) frames: context edges, inside the recording. */
    private void checkCacheable(EdgeMode edgeMode, boolean whole) {
        if (edgeMode == EdgeMode.PER_WINDOW && !whole) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--cache serves frames of the whole"
                    + " recording's spectrogram (--edges context); for --edges per_window on a part of it,"
                    + " leave out --cache");
        }
    }

    private FeatureCache cache(MelConfig mel, boolean resampling, ResamplerConfig filter) {
        FeatureCache.Builder b = FeatureCache.builder().setDirectory(cacheDir).setConfig(mel)
                .optThreads(Math.max(1, threads));
        if (resampling) {
            b.optOpener(p -> Resampling.forConfig(WavFile.open(p), mel, Resampling.RatePolicy.RESAMPLE, filter))
                    .optSourceTag(filter.tag());
        }
        return b.build();
    }

    /**
     * Frames of the stretch from the cached frames of the whole recording, the frames {@code
     * streamWindows} serves with context edges (same first frame, same {@code topDb} floor), streamed
     * to disk in blocks.
     */
    private static long writeFromCache(CachedFeatures cached, long first, long length, Path part) throws IOException {
        MelConfig mel = cached.config();
        long frames = mel.frames(length);
        if (frames < 1) {
            throw new IllegalArgumentException("the stretch of " + length + " samples gives no frame with n_fft "
                    + mel.nFft() + " and center " + mel.center());
        }
        int hop = mel.hop();
        long t0 = first % hop == 0 ? first / hop : Math.min(Math.floorDiv(first + hop / 2, hop), cached.frames() - frames);
        int mels = mel.nMels();
        int chunk = (int) Math.min(frames, MelSpectrogramExtractor.DEFAULT_CHUNK_FRAMES);
        float[] block = new float[chunk * mels];
        float floor = Float.NEGATIVE_INFINITY;
        if (mel.scale() == MelConfig.OutputScale.DB && mel.topDb() != Double.POSITIVE_INFINITY) {
            float max = Float.NEGATIVE_INFINITY;
            for (long t = 0; t < frames; t += chunk) {
                int n = (int) Math.min(chunk, frames - t);
                cached.readFrames(t0 + t, n, block, 0);
                for (int i = 0; i < n * mels; i++) {
                    max = Math.max(max, block[i]);
                }
            }
            floor = (float) (max - mel.topDb());
        }
        try (Npy npy = Npy.create(part, mels, frames, true)) {
            for (long t = 0; t < frames; t += chunk) {
                int n = (int) Math.min(chunk, frames - t);
                cached.readFrames(t0 + t, n, block, 0);
                if (floor != Float.NEGATIVE_INFINITY) {
                    for (int i = 0; i < n * mels; i++) {
                        block[i] = Math.max(block[i], floor);
                    }
                }
                npy.write(block, 0, n * mels);
            }
        }
        return frames;
    }

    /** Per-window frames of the stretch, streamed straight to disk frame by frame (Fortran order). */
    private static long writeStreamed(MelSpectrogramExtractor extractor, AudioSource stretch, Path part)
            throws IOException {
        MelConfig mel = extractor.config();
        long frames = mel.frames(stretch.frames());
        if (mel.scale() == MelConfig.OutputScale.DB && mel.topDb() != Double.POSITIVE_INFINITY) {
            // the top_db floor needs the maximum of the whole output: compute it in memory
            return writeInMemory(extractor.extract(stretch, 0, stretch.frames()), part);
        }
        try (Npy npy = Npy.create(part, mel.nMels(), frames, true)) {
            extractor.streamFrames(stretch, (t, count, block) -> npy.write(block, 0, count * mel.nMels()));
        }
        return frames;
    }

    private static long writeContext(MelSpectrogramExtractor extractor, AudioSource source, long first,
            long length, Path part) throws IOException {
        MelSpectrogram[] result = new MelSpectrogram[1];
        extractor.streamWindows(source, List.of(new Window(0, first, first + length)), EdgeMode.CONTEXT,
                (w, m) -> result[0] = m);
        return writeInMemory(result[0], part);
    }

    private static long writeInMemory(MelSpectrogram m, Path part) throws IOException {
        try (Npy npy = Npy.create(part, m.mels(), m.frames(), false)) {
            npy.write(m.values(), 0, m.values().length);
        }
        return m.frames();
    }

    private MelConfig melConfig(int fileRate) throws IOException {
        MelConfig.Builder b;
        if (config != null) {
            MelConfig loaded;
            try {
                loaded = MelConfig.fromJson(Files.readString(config, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(config + ": " + e.getMessage()
                        + " (expected a MelConfig JSON file, as docs/features.md shows)", e);
            }
            b = loaded.toBuilder();
            if (sampleRate != null) {
                b.optSampleRate(sampleRate); // an fMax at the old Nyquist frequency follows
            }
        } else {
            b = MelConfig.builder().optSampleRate(sampleRate != null ? sampleRate : fileRate);
        }
        if (nFft != null) {
            b.optNFft(nFft);
            if (winLength == null && config == null) {
                b.optWinLength(0);
            }
        }
        if (winLength != null) {
            b.optWinLength(winLength);
        }
        if (hop != null) {
            b.optHop(hop);
        }
        if (nMels != null) {
            b.optNMels(nMels);
        }
        if (fMin != null) {
            b.optFMin(fMin);
        }
        if (fMax != null) {
            b.optFMax(fMax);
        }
        if (power != null) {
            b.optPower(power);
        }
        if (window != null) {
            b.optWindow(window);
        }
        if (padMode != null) {
            b.optPadMode(padMode);
        }
        if (noCenter) {
            b.optCenter(false);
        }
        if (melScale != null) {
            b.optMelScale(melScale);
        }
        if (norm != null) {
            b.optNorm(norm);
        }
        if (scale != null) {
            b.optScale(scale);
        }
        if (topDb != null) {
            b.optTopDb(topDb);
        }
        if (epsilon != null) {
            b.optEpsilon(epsilon);
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "bad mel options: " + e.getMessage());
        }
    }

    /** Samples {@code [first, first + length)} of a recording, zeros past its end. */
    private record Stretch(AudioSource source, long first, long length) implements AudioSource {
        @Override
        public AudioInfo info() {
            return source.info();
        }

        @Override
        public long frames() {
            return length;
        }

        @Override
        public int read(long frame, float[] dst, int offset, int count) throws IOException {
            int n = (int) Math.max(0, Math.min(count, length - frame));
            int done = 0;
            while (done < n) {
                int r = source.read(first + frame + done, dst, offset + done, n - done);
                if (r <= 0) {
                    break;
                }
                done += r;
            }
            java.util.Arrays.fill(dst, offset + done, offset + n, 0f);
            return n;
        }

        @Override
        public void close() {
            // the underlying source is closed by its owner
        }
    }
}
