package io.bullwatch.models.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Locale;

/**
 * Average pooling of {@code (N, C, H, W)} to a fixed output size {@code (N, C, outH, outW)}
 * whatever the input size, with PyTorch's {@code nn.AdaptiveAvgPool2d} semantics, which DJL lacks.
 *
 * <p>Output row {@code i} averages input rows {@code floor(i * H / outH)} (inclusive) to {@code
 * ceil((i + 1) * H / outH)} (exclusive), and likewise for columns; bins may overlap, and when the
 * input is smaller than the output, rows are repeated. Since the mean over a rectangle of rows and
 * columns is the mean over rows of the means over columns, the pooling is computed as two matrix
 * products with averaging matrices built for the input's size; it is differentiable and costs
 * {@code H * W * outW + H * outH * outW} multiply-adds per channel. The block has no parameters.
 */
public final class AdaptiveAvgPool2d extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int outHeight;
    private final int outWidth;

    private AdaptiveAvgPool2d(int outHeight, int outWidth) {
        super(VERSION);
        this.outHeight = outHeight;
        this.outWidth = outWidth;
    }

    /**
     * Adaptive average pooling to {@code outHeight x outWidth}.
     *
     * @param outHeight output height, {@code >= 1}
     * @param outWidth output width, {@code >= 1}
     * @return the block
     * @throws IllegalArgumentException if a size is below 1
     */
    public static AdaptiveAvgPool2d of(int outHeight, int outWidth) {
        if (outHeight < 1 || outWidth < 1) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "adaptive pooling needs an output size of at least 1 x 1, got %d x %d",
                    outHeight, outWidth));
        }
        return new AdaptiveAvgPool2d(outHeight, outWidth);
    }

    /**
     * The first input index (inclusive) of output bin {@code i}: {@code floor(i * in / out)}.
     *
     * @param i the output index, {@code 0 <= i < out}
     * @param in the input size
     * @param out the output size
     * @return the start of the bin
     */
    public static int binStart(int i, int in, int out) {
        return (int) Math.floorDiv((long) i * in, out);
    }

    /**
     * The last input index (exclusive) of output bin {@code i}: {@code ceil((i + 1) * in / out)}.
     *
     * @param i the output index, {@code 0 <= i < out}
     * @param in the input size
     * @param out the output size
     * @return the end of the bin
     */
    public static int binEnd(int i, int in, int out) {
        return (int) -Math.floorDiv(-(long) (i + 1) * in, out);
    }

    /**
     * Pools an array.
     *
     * @param input an array {@code (N, C, H, W)} of a floating type
     * @param outHeight output height, {@code >= 1}
     * @param outWidth output width, {@code >= 1}
     * @return the pooled array {@code (N, C, outHeight, outWidth)}, owned by the input's manager
     * @throws IllegalArgumentException if the input is not four-dimensional
     */
    public static NDArray pool(NDArray input, int outHeight, int outWidth) {
        Shape shape = input.getShape();
        if (shape.dimension() != 4) {
            throw new IllegalArgumentException(
                    "adaptive pooling needs an input (N, C, H, W), got shape " + shape);
        }
        int h = (int) shape.get(2);
        int w = (int) shape.get(3);
        NDManager manager = input.getManager();
        NDArray result = input;
        if (w != outWidth) {
            // (N, C, H, W) x (W, outW): column j of the matrix averages bin j.
            NDArray columns = manager.create(averagingMatrix(w, outWidth),
                    new Shape(w, outWidth)).toType(input.getDataType(), false);
            result = result.matMul(columns);
        }
        if (h != outHeight) {
            NDArray rows = manager.create(averagingMatrix(h, outHeight),
                    new Shape(h, outHeight)).toType(input.getDataType(), false);
            result = result.swapAxes(2, 3).matMul(rows).swapAxes(2, 3);
        }
        return result;
    }

    /** Row-major {@code (in, out)} matrix whose column j averages the inputs of bin j. */
    private static float[] averagingMatrix(int in, int out) {
        float[] m = new float[in * out];
        for (int j = 0; j < out; j++) {
            int start = binStart(j, in, out);
            int end = binEnd(j, in, out);
            float weight = 1f / (end - start);
            for (int k = start; k < end; k++) {
                m[k * out + j] = weight;
            }
        }
        return m;
    }

    /**
     * The output height.
     *
     * @return {@code outHeight}
     */
    public int outHeight() {
        return outHeight;
    }

    /**
     * The output width.
     *
     * @return {@code outWidth}
     */
    public int outWidth() {
        return outWidth;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs,
            boolean training, PairList<String, Object> params) {
        return new NDList(pool(inputs.singletonOrThrow(), outHeight, outWidth));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), in.get(1), outHeight, outWidth)};
    }

    /**
     * Describes the block.
     *
     * @return the output size
     */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "AdaptiveAvgPool2d(%d, %d)", outHeight, outWidth);
    }
}
