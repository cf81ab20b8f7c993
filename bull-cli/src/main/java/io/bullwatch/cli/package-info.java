/**
 * The {@code bull} command-line tool (picocli). Each sub-command is one class; all printing of
 * the project happens here, the libraries log through SLF4J.
 */
package io.bullwatch.cli;
