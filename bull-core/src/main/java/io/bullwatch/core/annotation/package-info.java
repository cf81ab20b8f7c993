/**
 * Annotation files: the annotated events of recordings and the files that hold them.
 *
 * <p>{@link io.bullwatch.core.annotation.Annotations} reads any supported file (format detected
 * from name and content) and finds the file beside a recording;
 * {@link io.bullwatch.core.annotation.AudacityLabels},
 * {@link io.bullwatch.core.annotation.RavenSelectionTable} and
 * {@link io.bullwatch.core.annotation.CsvAnnotations} read and write one format each, tolerating
 * byte-order marks, any line ending, blank lines and decimal commas, and reporting malformed
 * content with an {@link io.bullwatch.core.InputFormatException} that names file and line.
 * {@link io.bullwatch.core.annotation.AnnotationSet} fits events to a recording's length, merges
 * overlapping ones and sorts them, returning warnings for every change.
 */
package io.bullwatch.core.annotation;
