/**
 * BullWatch core: the parts of the library that need no native engine.
 *
 * <p>Sub-packages read and write field recordings ({@code audio}), annotation files
 * ({@code annotation}), cut recordings into labelled windows ({@code window}), organise labelled
 * corpora and their splits ({@code corpus}) and score detectors ({@code metrics}). Malformed user
 * files are reported with {@link io.bullwatch.core.InputFormatException}, which names the file,
 * the position and what was expected.
 */
package io.bullwatch.core;
