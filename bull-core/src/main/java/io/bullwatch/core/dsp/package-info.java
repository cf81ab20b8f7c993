/**
 * Signal processing shared by the synthetic nights and the energy detector: {@link
 * io.bullwatch.core.dsp.Biquad} filter sections.
 */
package io.bullwatch.core.dsp;
