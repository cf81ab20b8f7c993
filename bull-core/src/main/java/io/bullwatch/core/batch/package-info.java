/**
 * Batch runs over many recordings that lose nothing: {@link io.bullwatch.core.batch.BatchDetection}
 * (links followed, each file once, resume after a crash, a summary across runs, one bad file or a
 * full disk costs one recording).
 */
package io.bullwatch.core.batch;
