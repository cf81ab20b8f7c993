package io.bullwatch.spark;

import io.bullwatch.core.io.Sha256;
import io.bullwatch.models.bundle.ModelBundle;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model bundle's files in memory, shipped to the executors with the job (a broadcast): each
 * executor writes them once to a local folder and loads its detectors from there.
 *
 * @param files file name to bytes ({@code model.json}, {@code parameters.params})
 * @param sha256 a hash of both, naming the bundle on the executors
 */
record BundleFiles(Map<String, byte[]> files, String sha256) implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Reads a bundle folder.
     *
     * @param dir the bundle folder
     * @return its files
     * @throws IOException naming the file that cannot be read
     */
    static BundleFiles read(Path dir) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        StringBuilder hashes = new StringBuilder();
        for (String name : new String[] {ModelBundle.MODEL_JSON, ModelBundle.PARAMETERS}) {
            Path f = dir.resolve(name);
            if (!Files.isRegularFile(f)) {
                throw new IOException(f + ": missing; a model bundle folder holds " + ModelBundle.MODEL_JSON
                        + " and " + ModelBundle.PARAMETERS);
            }
            byte[] b = Files.readAllBytes(f);
            files.put(name, b);
            hashes.append(name).append(' ').append(HexFormat.of().formatHex(Sha256.of(b))).append('\n');
        }
        return new BundleFiles(Map.copyOf(files), Sha256.hex(hashes.toString()));
    }

    /**
     * Writes the files into a new folder.
     *
     * @param parent where the folder is made
     * @return the bundle folder
     * @throws IOException if writing fails
     */
    Path writeTo(Path parent) throws IOException {
        Files.createDirectories(parent);
        Path dir = Files.createTempDirectory(parent, "bundle-" + sha256.substring(0, 12) + "-");
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
        return dir;
    }
}
