package io.bullwatch.spark;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UnsupportedFileSystemException;

/** Reading and committing small files on any Hadoop file system. */
final class HadoopFiles {

    /** Suffix of a file being written; {@link SparkDetect} deletes those left by a killed run. */
    static final String TEMP_SUFFIX = ".sparktmp";

    private HadoopFiles() {
    }

    /**
     * The file system of a path; for local files the raw one, which writes no {@code .crc} files
     * beside the outputs (so that the folder holds what {@code bull detect} writes).
     */
    static FileSystem of(Path path, Configuration conf) throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        return fs instanceof LocalFileSystem local ? local.getRaw() : fs;
    }

    /**
     * Writes a file so that a reader sees the old file, no file, or the whole new one: the bytes go
     * to a temporary file beside it, which then replaces it.
     *
     * @param fs the file system
     * @param target the file
     * @param bytes its new content
     * @param tag distinguishes concurrent writers of one file (a task attempt)
     * @throws IOException naming the file when a step fails
     */
    static void writeAtomically(FileSystem fs, Path target, byte[] bytes, String tag) throws IOException {
        Path tmp = new Path(target.getParent(), "." + target.getName() + "." + tag + TEMP_SUFFIX);
        try (FSDataOutputStream out = fs.create(tmp, true)) {
            out.write(bytes);
        }
        try {
            // one step that replaces the target (atomic on HDFS and local disks): a reader, or a run
            // killed here, sees the old file or the new one, never none
            FileContext.getFileContext(fs.getUri(), fs.getConf()).rename(tmp, target, Options.Rename.OVERWRITE);
            return;
        } catch (UnsupportedFileSystemException e) {
            // a file system without FileContext support: delete, then rename (a short window without the file)
        } catch (IOException e) {
            fs.delete(tmp, false);
            throw new IOException(target + ": cannot be written (renaming " + tmp.getName() + " over it failed: "
                    + e.getMessage() + ")", e);
        }
        if (fs.exists(target) && !fs.delete(target, false)) {
            fs.delete(tmp, false);
            throw new IOException(target + ": cannot be replaced");
        }
        if (!fs.rename(tmp, target)) {
            fs.delete(tmp, false);
            throw new IOException(target + ": cannot be written (renaming " + tmp.getName() + " failed)");
        }
    }

    /**
     * @param fs the file system
     * @param file a UTF-8 text file
     * @return its text, or null when it does not exist
     * @throws IOException if it cannot be read
     */
    static String readString(FileSystem fs, Path file) throws IOException {
        try (InputStream in = fs.open(file)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (FileNotFoundException e) {
            return null;
        }
    }

    /** Deletes a file if it exists; true when it is gone. */
    static boolean deleteIfExists(FileSystem fs, Path file) throws IOException {
        return !fs.exists(file) || fs.delete(file, false);
    }
}
