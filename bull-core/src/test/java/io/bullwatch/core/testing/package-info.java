/** Test helpers shared with other modules through the bull-core test jar. */
package io.bullwatch.core.testing;
