/**
 * The feature pipeline: {@link io.bullwatch.features.pipeline.FeaturePipeline} (mel features,
 * windows, tail, {@link io.bullwatch.features.pipeline.InputNormalisation}) turns a recording into
 * network input, {@link io.bullwatch.features.pipeline.RecordingInput} holds one recording's
 * frames and statistics. Training windows and detection read their values through it, so the two
 * cannot disagree.
 */
package io.bullwatch.features.pipeline;
