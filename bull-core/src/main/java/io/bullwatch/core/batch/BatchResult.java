package io.bullwatch.core.batch;

import java.nio.file.Path;
import java.util.List;

/**
 * What a run did.
 *
 * @param done inputs detected in this run
 * @param skipped inputs skipped because an earlier run finished them (they count as done in
 *     the summary)
 * @param failed inputs that failed
 * @param events events of all done and skipped inputs
 * @param minutesToReview minutes to review of all done and skipped inputs
 * @param outputDir the output folder (absolute)
 * @param rows this run's summary rows, in input order ({@value BatchDetection#SUMMARY} also keeps the rows of
 *     recordings that earlier runs into the same folder finished)
 * @param duplicates inputs left out because they are the same file as an earlier input
 */
public record BatchResult(int done, int skipped, int failed, int events, double minutesToReview,
        Path outputDir, List<SummaryRow> rows, List<Duplicate> duplicates) {

    /** Copies the lists. */
    public BatchResult {
        rows = List.copyOf(rows);
        duplicates = List.copyOf(duplicates);
    }

    /** @return whether no input failed */
    public boolean allDone() {
        return failed == 0;
    }

    /** @return {@code outputDir/summary.csv} */
    public Path summary() {
        return outputDir.resolve(BatchDetection.SUMMARY);
    }
}
