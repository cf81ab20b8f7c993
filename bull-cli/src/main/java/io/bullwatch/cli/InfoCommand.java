package io.bullwatch.cli;

import io.bullwatch.core.InputFormatException;
import io.bullwatch.core.audio.AudioInfo;
import io.bullwatch.core.audio.WavFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bull info FILE...}: what each recording holds, one JSON object per line. */
@Command(name = "info",
        description = {"Prints each recording's format as one JSON object per line.",
            "",
            "The object holds the sample rate, channels, bits, encoding, frames, seconds and the repairs"
                + " needed to read the file (warnings). A file that cannot be read gets an object with an"
                + " \"error\" field (and a line on standard error); the other files are still reported."
                + " Exit code 1 if any file failed.",
            "",
            "With --scan every sample is decoded (streaming, in bounded memory) and the level is"
                + " reported: peak, RMS in dBFS and the number of clipped (full-scale) samples."})
final class InfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "WAV files (RIFF, RF64).")
    List<Path> files;

    @Option(names = "--scan", description = "Decode all samples and report peak, RMS (dBFS) and clipping.")
    boolean scan;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int failed = 0;
        for (Path file : files) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("file", file.toString());
            try {
                if (Files.isDirectory(file)) {
                    throw new IOException(file + ": is a directory; expected a WAV file");
                }
                AudioInfo info = WavFile.info(file);
                json.put("container", info.container());
                json.put("sampleRate", info.sampleRate());
                json.put("channels", info.channels());
                json.put("bits", info.bitsPerSample());
                json.put("encoding", info.encoding().name());
                json.put("frames", info.frames());
                json.put("seconds", info.durationSeconds());
                json.put("bytes", Files.size(file));
                json.put("warnings", info.warnings());
                if (scan) {
                    json.putAll(Levels.scan(file));
                }
            } catch (InputFormatException e) {
                failed++;
                report(json, err, e.getMessage());
            } catch (NoSuchFileException e) {
                failed++;
                report(json, err, file + ": no such file");
            } catch (AccessDeniedException e) {
                failed++;
                report(json, err, file + ": permission denied");
            } catch (IOException | RuntimeException e) {
                failed++;
                report(json, err, e.getMessage() == null ? file + ": " + e : e.getMessage());
            }
            out.println(CliJson.compact(json));
            out.flush();
        }
        return failed == 0 ? 0 : 1;
    }

    private static void report(Map<String, Object> json, PrintWriter err, String message) {
        json.put("error", message);
        err.println("bull info: " + message);
        err.flush();
    }
}
