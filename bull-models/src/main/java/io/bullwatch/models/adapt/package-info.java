/**
 * Adapting a trained detector to a new site: {@link io.bullwatch.models.adapt.Adaptation} fine-tunes
 * a model bundle on the new site's own unlabelled audio, with training bulls mixed into it, and
 * calibrates its threshold there.
 */
package io.bullwatch.models.adapt;
