package io.bullwatch.core.io;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * One array read from a NumPy {@code .npy} file (or an entry of an {@code .npz} archive),
 * converted to float32 values in C (row-major) order.
 *
 * @param name the array's name (the {@code .npz} entry name without {@code .npy})
 * @param dtype the NumPy type it was stored with, e.g. {@code <f4}
 * @param shape the shape; empty for a scalar
 * @param data the values, {@code product(shape)} of them
 */
public record NpyArray(String name, String dtype, long[] shape, float[] data) {

    /**
     * Checks that the data fits the shape and copies the shape.
     *
     * @throws IllegalArgumentException if the data length differs from the shape's size
     */
    public NpyArray {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        shape = shape.clone();
        Objects.requireNonNull(data, "data");
        if (size(shape) != data.length) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "array %s of shape %s needs %d values, got %d", name, Arrays.toString(shape),
                    size(shape), data.length));
        }
    }

    /**
     * The shape.
     *
     * @return a copy
     */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /**
     * The values, without copying (arrays of weights are large).
     *
     * @return the values; do not modify
     */
    @Override
    public float[] data() {
        return data;
    }

    static long size(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /**
     * Describes the array without its values.
     *
     * @return name, type and shape
     */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %s %s", name, dtype, Arrays.toString(shape));
    }

    /**
     * Compares name, type, shape and values.
     *
     * @param o another object
     * @return true if equal
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof NpyArray other && name.equals(other.name) && dtype.equals(other.dtype)
                && Arrays.equals(shape, other.shape) && Arrays.equals(data, other.data);
    }

    /**
     * Hashes name, type, shape and values.
     *
     * @return the hash
     */
    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape), Arrays.hashCode(data));
    }
}
