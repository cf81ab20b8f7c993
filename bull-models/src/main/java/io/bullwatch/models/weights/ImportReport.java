package io.bullwatch.models.weights;

import java.util.List;
import java.util.Locale;

/**
 * What a weight import did.
 *
 * @param loaded PyTorch names of the network's parameters that were set from the file
 * @param missing names of the network's parameters the file did not have (they keep their
 *     values, e.g. the adapter and head when importing ImageNet weights into the body)
 * @param ignored names in the file that were skipped on purpose (batch-normalisation counters
 *     {@code num_batches_tracked})
 */
public record ImportReport(List<String> loaded, List<String> missing, List<String> ignored) {

    /** Copies the lists. */
    public ImportReport {
        loaded = List.copyOf(loaded);
        missing = List.copyOf(missing);
        ignored = List.copyOf(ignored);
    }

    /**
     * Summarises for logs.
     *
     * @return counts of loaded, missing and ignored arrays
     */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d arrays loaded, %d missing %s, %d ignored",
                loaded.size(), missing.size(), missing, ignored.size());
    }
}
