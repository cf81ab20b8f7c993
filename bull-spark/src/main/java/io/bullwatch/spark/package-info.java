/**
 * Batch detection on Apache Spark: {@link io.bullwatch.spark.SparkDetect} spreads recordings over a
 * cluster's executors, runs the same detector as {@code bull detect} on each and writes the same
 * files, plus Parquet tables of events and window scores. See docs/scale-out.md.
 */
package io.bullwatch.spark;
