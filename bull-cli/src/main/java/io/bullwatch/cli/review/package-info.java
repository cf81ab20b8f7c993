/**
 * The expert's review page ({@code bull review}) and the counts it feeds ({@code bull count}):
 * a small HTTP server on the loopback address over a {@code bull detect} output folder, the
 * clips and spectrogram images it cuts on demand, and the static export. The page itself is
 * plain HTML, CSS and JavaScript served from the jar ({@code review/index.html}, {@code
 * review.js}, {@code review.css}); verdicts, counts and the counting sample come from {@link
 * io.bullwatch.core.review}.
 */
package io.bullwatch.cli.review;
