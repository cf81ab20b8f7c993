/**
 * Text-file plumbing shared by the BullWatch readers and writers: decoding with byte-order marks
 * and any line ending, locale-independent decimal numbers, delimited fields with quotes, and
 * atomic replacement of output files.
 *
 * <p>Every class here behaves the same under any default {@link java.util.Locale}.
 */
package io.bullwatch.core.text;
