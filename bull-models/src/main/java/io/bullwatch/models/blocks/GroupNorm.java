package io.bullwatch.models.blocks;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Locale;

/**
 * Group normalisation (Wu and He, 2018) with PyTorch's {@code nn.GroupNorm} semantics, which DJL
 * lacks.
 *
 * <p>The channels of an input {@code (N, C, *)} are split into {@code G} groups of {@code C / G}
 * consecutive channels; each sample's group is normalised with its own mean and biased variance
 * over the group's channels and all spatial positions:
 *
 * <pre>  y = (x - mean) / sqrt(var + eps) * gamma[c] + beta[c]</pre>
 *
 * <p>with one {@code gamma} (initialised to 1) and one {@code beta} (initialised to 0) per channel
 * when affine. Unlike batch normalisation it behaves the same in training and inference. The
 * statistics are computed by reshaping to {@code (N, G, -1)} and reducing axis 2, because
 * multi-axis means are not available on DJL's PyTorch engine.
 */
public final class GroupNorm extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int groups;
    private final float epsilon;
    private final boolean affine;
    private final Parameter gamma;
    private final Parameter beta;
    private int channels = -1;

    private GroupNorm(int groups, float epsilon, boolean affine) {
        super(VERSION);
        this.groups = groups;
        this.epsilon = epsilon;
        this.affine = affine;
        gamma = addParameter(Parameter.builder()
                .setName("gamma")
                .setType(Parameter.Type.GAMMA)
                .optRequiresGrad(affine)
                .build());
        beta = addParameter(Parameter.builder()
                .setName("beta")
                .setType(Parameter.Type.BETA)
                .optRequiresGrad(affine)
                .build());
    }

    /**
     * Group normalisation with PyTorch's defaults: {@code eps = 1e-5}, affine.
     *
     * @param groups the number of groups {@code G}, {@code >= 1}; must divide the channel count
     *     of the input the block is initialised with
     * @return the block
     * @throws IllegalArgumentException if {@code groups < 1}
     */
    public static GroupNorm of(int groups) {
        return of(groups, 1e-5f, true);
    }

    /**
     * Group normalisation with explicit options.
     *
     * @param groups the number of groups {@code G}, {@code >= 1}
     * @param epsilon added to the variance, finite and {@code > 0}
     * @param affine whether the per-channel scale and shift are learned; when false they stay at
     *     1 and 0 and receive no gradient
     * @return the block
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static GroupNorm of(int groups, float epsilon, boolean affine) {
        if (groups < 1) {
            throw new IllegalArgumentException("group normalisation needs at least one group, got "
                    + groups);
        }
        if (!(Float.isFinite(epsilon) && epsilon > 0)) {
            throw new IllegalArgumentException("epsilon must be finite and > 0, got " + epsilon);
        }
        return new GroupNorm(groups, epsilon, affine);
    }

    /**
     * Normalises an array without learned parameters (scale 1, shift 0).
     *
     * @param input an array {@code (N, C, *)} of a floating type, {@code C} divisible by {@code
     *     groups}
     * @param groups the number of groups
     * @param epsilon added to the variance
     * @return the normalised array, same shape and manager as {@code input}
     * @throws IllegalArgumentException if the shape does not fit
     */
    public static NDArray normalize(NDArray input, int groups, float epsilon) {
        Shape shape = input.getShape();
        if (shape.dimension() < 2) {
            throw new IllegalArgumentException(
                    "group normalisation needs an input (N, C, ...), got shape " + shape);
        }
        long c = shape.get(1);
        if (c % groups != 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%d channels cannot be split into %d equal groups", c, groups));
        }
        NDArray grouped = input.reshape(shape.get(0), groups, -1);
        NDArray mean = grouped.mean(new int[] {2}, true);
        NDArray centred = grouped.sub(mean);
        NDArray variance = centred.square().mean(new int[] {2}, true);
        NDArray scaled = centred.div(variance.add(epsilon).sqrt());
        return scaled.reshape(shape);
    }

    /**
     * The number of groups.
     *
     * @return {@code G}
     */
    public int groups() {
        return groups;
    }

    /**
     * Whether scale and shift are learned.
     *
     * @return true when affine
     */
    public boolean affine() {
        return affine;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs,
            boolean training, PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        NDArray normalized = normalize(input, groups, epsilon);
        if (!affine) {
            return new NDList(normalized);
        }
        long[] broadcast = new long[input.getShape().dimension()];
        java.util.Arrays.fill(broadcast, 1);
        broadcast[1] = input.getShape().get(1);
        Shape perChannel = new Shape(broadcast);
        NDArray g = parameterStore.getValue(gamma, input.getDevice(), training).reshape(perChannel);
        NDArray b = parameterStore.getValue(beta, input.getDevice(), training).reshape(perChannel);
        return new NDList(normalized.mul(g).add(b));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    /** {@inheritDoc} */
    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        super.beforeInitialize(inputShapes);
        Shape shape = inputShapes[0];
        if (shape.dimension() < 2 || shape.get(1) % groups != 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "group normalisation with %d groups needs (N, C, ...) with C divisible by %d,"
                            + " got %s", groups, groups, shape));
        }
        channels = (int) shape.get(1);
    }

    /** {@inheritDoc} */
    @Override
    public void prepare(Shape[] inputShapes) {
        gamma.setShape(new Shape(channels));
        beta.setShape(new Shape(channels));
    }

    /** {@inheritDoc} */
    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        saveInputShapes(os);
        os.writeInt(channels);
    }

    /** {@inheritDoc} */
    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is)
            throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException("unsupported GroupNorm version " + loadVersion);
        }
        readInputShapes(is);
        channels = is.readInt();
    }

    /**
     * Describes the block.
     *
     * @return groups, epsilon and whether it is affine
     */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "GroupNorm(groups=%d, eps=%g, affine=%b)",
                groups, epsilon, affine);
    }
}
