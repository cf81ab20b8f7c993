package io.bullwatch.spark;

import io.bullwatch.core.batch.SummaryRow;
import java.util.List;

/**
 * What a {@link SparkDetect} run did.
 *
 * @param done recordings detected in this run
 * @param skipped recordings an earlier run had finished
 * @param failed recordings that failed (each row says why)
 * @param events events in the recordings done now or before
 * @param minutesToReview their total length in minutes
 * @param outputDir the output folder's URI
 * @param rows this run's summary rows, in input order
 */
public record SparkDetectResult(int done, int skipped, int failed, long events, double minutesToReview,
        String outputDir, List<SummaryRow> rows) {

    /** Copies the rows. */
    public SparkDetectResult {
        rows = List.copyOf(rows);
    }

    /** @return whether every input ended done */
    public boolean allDone() {
        return failed == 0;
    }
}
