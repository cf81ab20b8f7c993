/**
 * Labelled synthetic river nights: a deterministic generator of recordings with shad bulls,
 * river backgrounds that differ from site to site, and distractors that are not bulls.
 *
 * <p>{@link io.bullwatch.core.synth.SynthConfig} says what to make; {@link
 * io.bullwatch.core.synth.NightPlan} decides every event of one night from the seed; {@link
 * io.bullwatch.core.synth.NightRenderer} turns a plan into samples block by block (bounded memory,
 * optionally with the clean bull track); {@link io.bullwatch.core.synth.SyntheticCorpus} writes WAV
 * files, Audacity labels and {@code manifest.csv}; {@link io.bullwatch.core.synth.EnergyBaseline}
 * is the windowed-energy detector that shows the data is not trivially separable. The sound model
 * is described in {@code docs/synthetic-data.md}.
 */
package io.bullwatch.core.synth;
