package io.bullwatch.spark;

import java.io.Serializable;

/**
 * One input of a Spark detection run, as the driver planned it.
 *
 * @param uri the recording's fully qualified Hadoop path ({@code file:/...}, {@code hdfs://...})
 * @param recording its name in the summary: the path below the folder given, or the file name
 * @param stem where its outputs go below the output folder, without the {@code .bull.*} suffixes
 * @param failure why it fails before detection (a missing input, a name collision), or null
 */
record RecordingTask(String uri, String recording, String stem, String failure) implements Serializable {
    private static final long serialVersionUID = 1L;
}
