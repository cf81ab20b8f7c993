package io.bullwatch.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's plan of a run's inputs on any Hadoop file system, named as {@code bull detect} names
 * them: a file given is its file name; the {@code *.wav} files of a folder given (any case of the
 * extension, searched recursively) are their paths below it, sorted. A file reached twice is
 * detected once; two inputs whose outputs would have the same name (ignoring case) are a
 * collision: the later one fails with a reason naming both.
 */
final class InputListing {

    private static final Logger LOG = LoggerFactory.getLogger(InputListing.class);

    private InputListing() {
    }

    /**
     * @param inputs files and folders (paths or URIs), in order
     * @param conf the Hadoop configuration
     * @return one task per recording, in processing order; an input that is missing or cannot be
     *     read or listed is a task that fails with the reason
     * @throws IOException if an input's file system cannot be reached at all
     */
    static List<RecordingTask> plan(List<String> inputs, Configuration conf) throws IOException {
        List<RecordingTask> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        Map<String, RecordingTask> names = new HashMap<>();
        for (String given : inputs) {
            Path p = new Path(given);
            FileSystem fs = HadoopFiles.of(p, conf);
            Path q = fs.makeQualified(p);
            List<RecordingTask> found = new ArrayList<>();
            FileStatus st = null;
            try {
                st = fs.getFileStatus(q);
            } catch (FileNotFoundException e) {
                found.add(new RecordingTask(q.toString(), p.getName(), stem(p.getName()),
                        given + ": no such file or folder"));
            } catch (IOException e) {
                found.add(new RecordingTask(q.toString(), p.getName(), stem(p.getName()),
                        given + ": cannot be read (" + e.getMessage() + ")"));
            }
            if (st != null && st.isDirectory()) {
                try {
                    found.addAll(walk(fs, q));
                } catch (IOException e) {
                    found.add(new RecordingTask(q.toString(), p.getName(), stem(p.getName()), given
                            + ": cannot be listed (" + e.getMessage() + "); WAV files in it, if any, were not"
                            + " processed"));
                }
            } else if (st != null) {
                found.add(new RecordingTask(q.toString(), p.getName(), stem(p.getName()), null));
            }
            for (RecordingTask t : found) {
                if (!seen.add(t.uri())) {
                    LOG.info("{} is given twice; processed once", t.uri());
                    continue;
                }
                RecordingTask first = names.putIfAbsent(t.stem().toLowerCase(Locale.ROOT), t);
                if (first != null) {
                    out.add(new RecordingTask(t.uri(), t.recording(), t.stem(), t.uri() + ": its outputs would be"
                            + " named " + t.stem() + ".bull.* like those of " + first.uri()
                            + "; not processed (give the folders separately or rename one)"));
                } else {
                    out.add(t);
                }
            }
        }
        return out;
    }

    private static List<RecordingTask> walk(FileSystem fs, Path root) throws IOException {
        List<RecordingTask> found = new ArrayList<>();
        String prefix = root.toUri().getPath();
        if (!prefix.endsWith("/")) {
            prefix += "/";
        }
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
        while (it.hasNext()) {
            LocatedFileStatus f = it.next();
            String path = f.getPath().toUri().getPath();
            if (!f.isFile() || !path.toLowerCase(Locale.ROOT).endsWith(".wav") || !path.startsWith(prefix)) {
                continue;
            }
            String rel = path.substring(prefix.length());
            found.add(new RecordingTask(fs.makeQualified(f.getPath()).toString(), rel, stem(rel), null));
        }
        found.sort((a, b) -> a.recording().compareTo(b.recording()));
        return found;
    }

    private static String stem(String recording) {
        int slash = recording.lastIndexOf('/');
        int dot = recording.lastIndexOf('.');
        return dot > slash + 1 ? recording.substring(0, dot) : recording;
    }
}
