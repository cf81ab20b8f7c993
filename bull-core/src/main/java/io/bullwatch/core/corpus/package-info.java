/**
 * Training corpora: a folder of recordings listed in a {@code manifest.csv}, each with its
 * annotation file beside it, divided into train, validation and test splits.
 *
 * <p>{@link io.bullwatch.core.corpus.CorpusManifest} reads and checks the manifest;
 * {@link io.bullwatch.core.corpus.Corpus} loads every recording's duration (through a
 * {@link io.bullwatch.core.corpus.RecordingProbe}) and annotations;
 * {@link io.bullwatch.core.corpus.CorpusSplits} holds the splits, taken from the manifest or by
 * leaving sites out, and guarantees that no recording or site sits in two of them;
 * {@link io.bullwatch.core.corpus.SplitStatistics} sums each split up, including how many windows
 * of a given length and hop it yields and which share of them touch a bull.
 */
package io.bullwatch.core.corpus;
