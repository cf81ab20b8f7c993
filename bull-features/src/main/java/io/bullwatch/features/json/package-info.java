/**
 * The small, strict JSON reader behind the text form of {@code MelConfig}
 * (flat objects of scalars and number arrays), so {@code bull-features} needs no JSON library.
 */
package io.bullwatch.features.json;
