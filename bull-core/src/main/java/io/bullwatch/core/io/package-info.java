/**
 * File plumbing shared by every module: files replaced atomically ({@link
 * io.bullwatch.core.io.AtomicFiles}) and SHA-256 hashes ({@link io.bullwatch.core.io.Sha256}).
 */
package io.bullwatch.core.io;
