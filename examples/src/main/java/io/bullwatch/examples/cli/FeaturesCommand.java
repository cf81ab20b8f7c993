package io.bullwatch.examples.cli;

import io.bullwatch.core.audio.AudioInfo;
import io.bullwatch.core.audio.AudioSource;
import io.bullwatch.core.audio.WavFile;
import io.bullwatch.core.window.Window;
import io.bullwatch.features.mel.EdgeMode;
import io.bullwatch.features.mel.MelConfig;
import io.bullwatch.features.mel.MelSpectrogram;
import io.bullwatch.features.mel.MelSpectrogramExtractor;
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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code bull features FILE --out X.npy}: the mel spectrogram of a recording as a NumPy array. */
@Command(name = "features",
        description = {"Writes the mel spectrogram of a recording (or of --start/--duration of it) as a",
            "float32 NumPy .npy array of shape (n_mels, frames), the layout of torchaudio's",
            "MelSpectrogram. Defaults are the seed's features (n_fft 4096, hop 1024, 128 HTK mels",
            "up to half the sample rate, power 2, linear) at the recording's sample rate.",
            "Prints one JSON line: the shape and the configuration used (the --config format).",
            "Long recordings are streamed: memory stays small whatever the length."})
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

    @Option(names = "--edges", paramLabel = "MODE", description = {
        "per_window (default): the stretch is padded at its own edges, as torchaudio on the cut;",
        "context: frames of the whole recording's spectrogram, seeing the samples around the stretch."})
    EdgeMode edges = EdgeMode.PER_WINDOW;

    @Option(names = "--config", paramLabel = "JSON", description = "A mel configuration file (MelConfig JSON); other mel options override it.")
    Path config;

    @Option(names = "--n-fft", description = "FFT length, a power of two.")
    Integer nFft;

    @Option(names = "--win-length", description = "Window length (default n_fft).")
    Integer winLength;

    @Option(names = "--hop", description = "Hop in samples.")
    Integer hop;

    @Option(names = "--n-mels", description = "Mel bands.")
    Integer nMels;

    @Option(names = "--f-min", description = "Lowest filter edge, Hz.")
    Double fMin;

    @Option(names = "--f-max", description = "Highest filter edge, Hz (default: half the sample rate).")
    Double fMax;

    @Option(names = "--power", description = "2 (power) or 1 (magnitude).")
    Integer power;

    @Option(names = "--window", description = "hann or hamming.")
    MelConfig.WindowType window;

    @Option(names = "--pad-mode", description = "reflect or constant.")
    MelConfig.PadMode padMode;

    @Option(names = "--no-center", description = "Do not pad the signal by n_fft/2 at both ends.")
    boolean noCenter;

    @Option(names = "--mel-scale", description = "htk or slaney.")
    MelConfig.MelScale melScale;

    @Option(names = "--norm", description = "Filter normalisation: none or slaney.")
    MelConfig.FilterNorm norm;

    @Option(names = "--scale", description = "Output scale: linear, db or log.")
    MelConfig.OutputScale scale;

    @Option(names = "--top-db", description = "For --scale db: floor this many dB below the maximum.")
    Double topDb;

    @Option(names = "--epsilon", description = "For db: amin; for log: offset in ln(x + epsilon).")
    Double epsilon;

    @Option(names = "--threads", description = "Threads (default: available processors).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() {
        try {
            return run();
        } catch (IOException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("bull features: " + CliErrors.describe(e));
            spec.commandLine().getErr().flush();
            return 1;
        }
    }

    private int run() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        try (AudioSource source = WavFile.open(file)) {
            AudioInfo info = source.info();
            MelConfig mel = melConfig(info.sampleRate());
            long first = Math.round(start * info.sampleRate());
            if (start < 0 || first > info.frames()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--start must be from 0 to the"
                        + " recording's length (" + info.durationSeconds() + " s), got " + start);
            }
            long length = duration == null ? info.frames() - first : Math.round(duration * info.sampleRate());
            if (length <= 0) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "nothing to compute: the stretch from " + start + " s holds no samples");
            }
            Path part = out.resolveSibling(out.getFileName() + ".part");
            long frames;
            try (MelSpectrogramExtractor extractor = MelSpectrogramExtractor.create(mel, Math.max(1, threads))) {
                if (edges == EdgeMode.PER_WINDOW) {
                    frames = writeStreamed(extractor, new Stretch(source, first, length), part);
                } else {
                    frames = writeContext(extractor, source, first, length, part);
                }
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(part);
                throw e;
            }
            Files.move(part, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("file", file.toString());
            json.put("out", out.toString());
            json.put("startSeconds", (double) first / info.sampleRate());
            json.put("seconds", (double) length / info.sampleRate());
            json.put("edges", edges.name().toLowerCase(java.util.Locale.ROOT));
            json.put("shape", List.of(mel.nMels(), frames));
            json.put("config", mel.toMap());
            stdout.println(Json.object(json));
            stdout.flush();
            return 0;
        }
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

    private MelConfig melConfig(int sampleRate) throws IOException {
        MelConfig.Builder b;
        if (config != null) {
            MelConfig loaded = MelConfig.fromJson(Files.readString(config, StandardCharsets.UTF_8));
            if (loaded.sampleRate() != sampleRate) {
                throw new CommandLine.ParameterException(spec.commandLine(), file + " is at " + sampleRate
                        + " Hz but " + config + " expects " + loaded.sampleRate() + " Hz (resampling is not"
                        + " supported yet)");
            }
            b = loaded.toBuilder();
        } else {
            b = MelConfig.builder().optSampleRate(sampleRate);
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
