/**
 * The small, strict JSON reader behind the text forms of {@code MelConfig} and {@code NormStats}
 * (flat objects of scalars and number arrays), so {@code bull-features} needs no JSON library.
 */
package io.bullwatch.features.json;
