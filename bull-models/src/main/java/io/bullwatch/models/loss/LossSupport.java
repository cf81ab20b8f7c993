package io.bullwatch.models.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Objects;

/** Shared checks and per-batch arrays for the losses of this package. */
final class LossSupport {

    private LossSupport() {}

    /**
     * Checks that the prediction holds logits of shape {@code (N, classes)} with {@code N >= 1}.
     *
     * @return {@code N}
     */
    static int checkLogits(NDArray prediction, int classes, String loss) {
        Objects.requireNonNull(prediction, "prediction");
        Shape shape = prediction.getShape();
        if (shape.dimension() != 2 || shape.get(1) != classes || shape.get(0) < 1) {
            throw new IllegalArgumentException(loss + " expects logits of shape (N, " + classes
                    + ") with N >= 1, got " + shape);
        }
        if (!prediction.getDataType().isFloating()) {
            throw new IllegalArgumentException(
                    loss + " expects floating-point logits, got " + prediction.getDataType());
        }
        return Math.toIntExact(shape.get(0));
    }

    /**
     * Reads the labels to the host and checks them: shape {@code (N)} or {@code (N, 1)}, whole
     * numbers in {@code [0, classes)}. Reading to the host costs one small copy per batch and lets
     * a bad label fail here, with its position, instead of silently scoring as zero.
     *
     * @return one class index per window
     */
    static int[] classIndices(NDArray labels, int batch, int classes, String loss) {
        Objects.requireNonNull(labels, "labels");
        Shape shape = labels.getShape();
        boolean column = shape.dimension() == 1 && shape.get(0) == batch;
        boolean matrix = shape.dimension() == 2 && shape.get(0) == batch && shape.get(1) == 1;
        if (!column && !matrix) {
            throw new IllegalArgumentException(loss + " expects class-index labels of shape ("
                    + batch + ") or (" + batch + ", 1) for " + batch + " predictions, got " + shape);
        }
        int[] indices = new int[batch];
        if (labels.getDataType().isFloating()) {
            double[] values = readDoubles(labels);
            for (int i = 0; i < batch; i++) {
                double v = values[i];
                if (v != Math.rint(v) || v < 0 || v >= classes) {
                    throw badLabel(loss, i, Double.toString(v), classes);
                }
                indices[i] = (int) v;
            }
        } else {
            long[] values = readLongs(labels);
            for (int i = 0; i < batch; i++) {
                long v = values[i];
                if (v < 0 || v >= classes) {
                    throw badLabel(loss, i, Long.toString(v), classes);
                }
                indices[i] = (int) v;
            }
        }
        return indices;
    }

    /**
     * A one-hot matrix of shape {@code (N, classes)} in the prediction's data type, on its device,
     * owned by its manager.
     */
    static NDArray oneHot(NDArray prediction, int[] indices, int classes) {
        float[] data = new float[indices.length * classes];
        for (int i = 0; i < indices.length; i++) {
            data[i * classes + indices[i]] = 1f;
        }
        return like(prediction, data, new Shape(indices.length, classes));
    }

    /**
     * Reduces per-window losses {@code l} (shape {@code (N)}) with per-window weights.
     *
     * @param weights one weight per window, or {@code null} for all ones
     */
    static NDArray reduce(NDArray perWindow, NDArray prediction, float[] weights,
            LossReduction reduction) {
        int n = Math.toIntExact(perWindow.getShape().get(0));
        NDArray weighted = perWindow;
        double totalWeight = n;
        if (weights != null) {
            // perWindow (a batch array) stays the first operand: the product belongs to the batch.
            weighted = perWindow.mul(like(prediction, weights, new Shape(n)));
            totalWeight = 0;
            for (float w : weights) {
                totalWeight += w;
            }
        }
        NDArray sum = weighted.sum();
        switch (reduction) {
            case SUM:
                return sum;
            case MEAN:
                return sum.div(scalarLike(prediction, n));
            case WEIGHTED_MEAN:
                return sum.div(scalarLike(prediction, totalWeight));
            default:
                throw new AssertionError(reduction);
        }
    }

    /**
     * A 0-d array in the prediction's type. Dividing the 0-d sum by a Java {@code double} would
     * promote a {@code float32} loss to {@code float64} on PyTorch (both operands are 0-d).
     */
    private static NDArray scalarLike(NDArray prediction, double value) {
        if (prediction.getDataType() == DataType.FLOAT64) {
            return prediction.getManager().create(value).toDevice(prediction.getDevice(), false);
        }
        return like(prediction, new float[] {(float) value}, new Shape());
    }

    /** Creates {@code data} in the prediction's manager, data type and device. */
    private static NDArray like(NDArray prediction, float[] data, Shape shape) {
        NDManager manager = prediction.getManager();
        NDArray array = manager.create(data, shape);
        if (array.getDataType() != prediction.getDataType()) {
            NDArray converted = array.toType(prediction.getDataType(), false);
            array.close();
            array = converted;
        }
        if (!array.getDevice().equals(prediction.getDevice())) {
            NDArray moved = array.toDevice(prediction.getDevice(), false);
            array.close();
            array = moved;
        }
        return array;
    }

    /** The labels' values in the JVM heap; a temporary type conversion is closed at once. */
    private static double[] readDoubles(NDArray labels) {
        if (labels.getDataType() == DataType.FLOAT64) {
            return labels.toDoubleArray();
        }
        try (NDArray converted = labels.toType(DataType.FLOAT64, false)) {
            return converted.toDoubleArray();
        }
    }

    /** The labels' values in the JVM heap; a temporary type conversion is closed at once. */
    private static long[] readLongs(NDArray labels) {
        if (labels.getDataType() == DataType.INT64) {
            return labels.toLongArray();
        }
        try (NDArray converted = labels.toType(DataType.INT64, false)) {
            return converted.toLongArray();
        }
    }

    private static IllegalArgumentException badLabel(String loss, int index, String value,
            int classes) {
        return new IllegalArgumentException(loss + " expects labels that are class indices 0.."
                + (classes - 1) + ", got " + value + " at position " + index);
    }
}
