/**
 * Draws from common distributions with a seeded generator ({@link
 * io.bullwatch.core.random.RandomDraws}), shared by augmentation and the bull count.
 */
package io.bullwatch.core.random;
