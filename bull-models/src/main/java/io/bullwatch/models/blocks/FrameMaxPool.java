package io.bullwatch.models.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * From per-frame two-class logits to the window's logits: a window holds a bull when one of its
 * frames does, so the window's bull margin is the largest frame margin.
 *
 * <p>Input: {@code (N, 2, 1, T)} logits (class 0 no bull, class 1 bull) for each of {@code T} time
 * steps. Output: an {@link NDList} of two arrays,
 * <ol>
 * <li>the window logits {@code (N, 2)}: {@code [0, max_t (x[n,1,t] - x[n,0,t])]}, so that the
 *     window's softmax bull probability is the highest frame's, {@code max_t sigmoid(margin)};</li>
 * <li>the frame logits {@code (N, 2, T)}, for a loss on frame targets during training.</li>
 * </ol>
 * Consumers that want only window scores take the first array. In PyTorch:
 * {@code m = (x[:, 1] - x[:, 0]).flatten(1).amax(1); torch.stack([zeros_like(m), m], 1)}.
 * No parameters.
 */
public final class FrameMaxPool extends AbstractBlock {

    private static final byte VERSION = 1;

    private FrameMaxPool() {
        super(VERSION);
    }

    /**
     * The pooling block.
     *
     * @return a new block
     */
    public static FrameMaxPool create() {
        return new FrameMaxPool();
    }

    /**
     * The frame margins {@code x[:, 1, t] - x[:, 0, t]}.
     *
     * @param frameLogits {@code (N, 2, T)} or {@code (N, 2, 1, T)}
     * @return {@code (N, T)}, owned by the input's manager
     * @throws IllegalArgumentException if the input has not two classes on axis 1
     */
    public static NDArray margins(NDArray frameLogits) {
        Shape s = frameLogits.getShape();
        if ((s.dimension() != 3 && s.dimension() != 4) || s.get(1) != 2) {
            throw new IllegalArgumentException(
                    "frame logits must be (N, 2, T) or (N, 2, 1, T), got " + s);
        }
        NDArray x = frameLogits.reshape(s.get(0), 2, -1);
        return x.get(new NDIndex(":, 1, :")).sub(x.get(new NDIndex(":, 0, :")));
    }

    /**
     * The frame margins of each window, read to the host.
     *
     * @param frameLogits {@code (N, 2, T)} or {@code (N, 2, 1, T)}
     * @return {@code N} arrays of {@code T} margins
     * @throws IllegalArgumentException if the input has not two classes on axis 1
     */
    public static float[][] marginRows(NDArray frameLogits) {
        NDArray d = margins(frameLogits);
        int n = (int) d.getShape().get(0);
        int t = (int) d.getShape().get(1);
        float[] m = d.toFloatArray();
        float[][] rows = new float[n][];
        for (int j = 0; j < n; j++) {
            rows[j] = java.util.Arrays.copyOfRange(m, j * t, (j + 1) * t);
        }
        return rows;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs,
            boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        if (s.dimension() != 4 || s.get(1) != 2 || s.get(2) != 1) {
            throw new IllegalArgumentException("frame max pooling needs (N, 2, 1, T), got " + s);
        }
        NDArray frames = x.reshape(s.get(0), 2, s.get(3));
        NDArray best = margins(frames).max(new int[] {1}, true);
        NDArray window = best.zerosLike().concat(best, 1);
        return new NDList(window, frames);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), 2), new Shape(s.get(0), 2, s.get(3))};
    }

    /**
     * Describes the block.
     *
     * @return its name
     */
    @Override
    public String toString() {
        return "FrameMaxPool()";
    }
}
