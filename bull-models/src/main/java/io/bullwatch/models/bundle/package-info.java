/**
 * Model bundles: a directory with {@code model.json} (format version, backbone and options,
 * MelConfig, window spec, input normalisation, threshold and how it was chosen, training summary,
 * metrics) and {@code parameters.params} (DJL's parameter format).
 */
package io.bullwatch.models.bundle;
