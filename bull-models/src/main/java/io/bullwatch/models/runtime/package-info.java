/**
 * The process the networks run in: {@link io.bullwatch.models.runtime.NativeAllocator} checks that
 * glibc's allocator is set up for PyTorch's large CPU tensors (set in the environment before the
 * JVM starts; the {@code bull} launcher does it) and says how when it is not.
 */
package io.bullwatch.models.runtime;
