package io.bullwatch.models.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adam whose state (per parameter: its step count and first and second moment estimates) can be
 * exported and imported, so that a run resumed from a checkpoint continues exactly as an
 * uninterrupted one would.
 *
 * <p>The update is DJL's {@code Adam} (which {@link BullTrainer} used before): at a parameter's
 * {@code t}-th step (from 1), with gradient {@code g} and weight {@code w},
 * <pre>
 *   g   = rescaleGrad * g + weightDecay * w          (L2 decay added to the gradient, not AdamW)
 *   m   = beta1 * m + (1 - beta1) * g
 *   v   = beta2 * v + (1 - beta2) * g * g
 *   lr' = lr(t) * sqrt(1 - beta2^t) / (1 - beta1^t)   (in double, then rounded to float)
 *   w   = w - lr' * m / (sqrt(v) + epsilon)
 * </pre>
 * where {@code lr(t)} is the learning-rate tracker's value for the parameter and {@code t}. The
 * element-wise part runs in the engine's fused Adam operation, which also clears the gradient.
 * Against {@code torch.optim.Adam} the only difference is where epsilon enters: PyTorch divides by
 * {@code sqrt(v / (1 - beta2^t)) + epsilon}, which is this update with epsilon scaled by
 * {@code sqrt(1 - beta2^t)}; it matters only where {@code sqrt(v)} is near epsilon. Unlike DJL's
 * Adam, whose step count is the largest over all parameters, each parameter counts its own steps
 * (as PyTorch does); the two agree when every parameter is updated at every step, as in training.
 *
 * <p>Gradient clipping and a starting update count are refused: the engine clips one-sided
 * (DESIGN.md; clip by global norm before the step instead), and a resumed run restores the counts
 * with {@link #importState}.
 */
public final class ResumableAdam extends Optimizer {

    private final ParameterTracker learningRateTracker;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final Map<String, Moments> state = new ConcurrentHashMap<>();

    private ResumableAdam(Builder builder) {
        super(builder);
        learningRateTracker = builder.learningRateTracker;
        beta1 = builder.beta1;
        beta2 = builder.beta2;
        epsilon = builder.epsilon;
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0)
                || !Float.isFinite(epsilon) || !(getWeightDecay() >= 0)
                || !Float.isFinite(getWeightDecay()) || !Float.isFinite(rescaleGrad)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "Adam needs betas in [0, 1), epsilon > 0, a finite weight decay >= 0 and a"
                            + " finite gradient scale; got betas %s %s, epsilon %s, weight decay %s,"
                            + " scale %s", beta1, beta2, epsilon, getWeightDecay(), rescaleGrad));
        }
    }

    /** @return a builder with DJL's defaults: rate 1e-3, betas 0.9 and 0.999, epsilon 1e-8 */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        Moments s = state.computeIfAbsent(parameterId,
                k -> new Moments(weight.zerosLike(), weight.zerosLike(), 0));
        if (!s.mean.getDevice().equals(weight.getDevice())) {
            s.replace(s.mean.toDevice(weight.getDevice(), true),
                    s.variance.toDevice(weight.getDevice(), true));
        }
        int t = s.steps + 1;
        float lr = learningRateTracker.getNewValue(parameterId, t);
        float corrected = (float) (lr * Math.sqrt(1.0 - Math.pow(beta2, t))
                / (1.0 - Math.pow(beta1, t)));
        float weightDecay = getWeightDecay();
        if (!Float.isFinite(corrected)) {
            throw new IllegalStateException("Adam's learning rate is not finite at step " + t
                    + ": tracker gave " + lr);
        }
        weight.getNDArrayInternal().adamUpdate(new NDList(weight, grad, s.mean, s.variance),
                new NDList(weight), lr, corrected, weightDecay, rescaleGrad, clipGrad, beta1,
                beta2, epsilon, true, false);
        s.steps = t;
    }

    /**
     * The state of every parameter that has been updated, by the names in {@code parameters}.
     *
     * @param parameters the block's parameters (those the trainer updates, by their ids)
     * @return one entry per updated parameter, in the list's order, with copies of the moments
     */
    public List<ParameterState> exportState(ParameterList parameters) {
        List<ParameterState> out = new ArrayList<>();
        for (Pair<String, Parameter> p : parameters) {
            Moments s = state.get(p.getValue().getId());
            if (s != null) {
                out.add(new ParameterState(p.getKey(), s.steps, s.mean.toFloatArray(),
                        s.variance.toFloatArray()));
            }
        }
        return out;
    }

    /**
     * Replaces the state of the named parameters (of an initialised block) by exported state;
     * parameters not named start afresh at their first update.
     *
     * @param parameters the block's parameters
     * @param states the state to restore, as {@link #exportState} gave it
     * @throws IllegalArgumentException if a name is not among the parameters, appears twice, or
     *     its moments do not have the parameter's size
     */
    public void importState(ParameterList parameters, List<ParameterState> states) {
        Map<String, Parameter> byName = new HashMap<>();
        for (Pair<String, Parameter> p : parameters) {
            byName.put(p.getKey(), p.getValue());
        }
        Map<String, ParameterState> checked = new HashMap<>();
        for (ParameterState s : states) {
            Parameter p = byName.get(s.name());
            if (p == null) {
                throw new IllegalArgumentException("optimiser state for parameter " + s.name()
                        + ", which the block does not have");
            }
            if (checked.put(s.name(), s) != null) {
                throw new IllegalArgumentException("optimiser state for parameter " + s.name()
                        + " appears twice");
            }
            if (p.getArray().size() != s.mean().length) {
                throw new IllegalArgumentException("optimiser state for parameter " + s.name()
                        + " has " + s.mean().length + " values, the parameter "
                        + p.getArray().size());
            }
        }
        for (ParameterState s : checked.values()) {
            NDArray w = byName.get(s.name()).getArray();
            Shape shape = w.getShape();
            NDArray mean = w.getManager().create(FloatBuffer.wrap(s.mean()), shape)
                    .toDevice(w.getDevice(), false);
            NDArray variance = w.getManager().create(FloatBuffer.wrap(s.variance()), shape)
                    .toDevice(w.getDevice(), false);
            String id = byName.get(s.name()).getId();
            Moments old = state.put(id, new Moments(mean, variance, s.steps()));
            if (old != null) {
                old.close();
            }
        }
    }

    /**
     * The optimiser state of one parameter.
     *
     * @param name the parameter's name in its block's {@link ParameterList}
     * @param steps the updates it has had (the next is step {@code steps + 1})
     * @param mean the first moment estimate, flattened (not copied)
     * @param variance the second moment estimate, flattened (not copied)
     */
    public record ParameterState(String name, int steps, float[] mean, float[] variance) {

        /** Validates. */
        public ParameterState {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(mean, "mean");
            Objects.requireNonNull(variance, "variance");
            if (steps < 1 || mean.length != variance.length) {
                throw new IllegalArgumentException("parameter " + name + ": need steps >= 1 and"
                        + " moments of one size; got " + steps + " steps, " + mean.length
                        + " and " + variance.length + " values");
            }
        }
    }

    /** Moments of one parameter, on the parameter's manager and device. */
    private static final class Moments {
        private NDArray mean;
        private NDArray variance;
        private int steps;

        Moments(NDArray mean, NDArray variance, int steps) {
            this.mean = mean;
            this.variance = variance;
            this.steps = steps;
        }

        void replace(NDArray newMean, NDArray newVariance) {
            close();
            mean = newMean;
            variance = newVariance;
        }

        void close() {
            mean.close();
            variance.close();
        }
    }

    /** Builder of {@link ResumableAdam}; weight decay and gradient scale as in DJL's builders. */
    public static final class Builder extends OptimizerBuilder<Builder> {
        private ParameterTracker learningRateTracker = Tracker.fixed(1e-3f);
        private float beta1 = 0.9f;
        private float beta2 = 0.999f;
        private float epsilon = 1e-8f;

        private Builder() {
        }

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /** @param v the learning rate of each parameter and step @return this */
        public Builder optLearningRateTracker(ParameterTracker v) {
            learningRateTracker = Objects.requireNonNull(v, "learningRateTracker");
            return this;
        }

        /** @param b1 decay of the first moment @param b2 decay of the second @return this */
        public Builder optBetas(float b1, float b2) {
            beta1 = b1;
            beta2 = b2;
            return this;
        }

        /** @param v added to the square root of the second moment @return this */
        public Builder optEpsilon(float v) {
            epsilon = v;
            return this;
        }

        /**
         * Refused: the engine clips one-sided; clip by global norm before the step instead.
         *
         * @param clipGrad ignored
         * @return never
         * @throws UnsupportedOperationException always
         */
        @Override
        public Builder optClipGrad(float clipGrad) {
            throw new UnsupportedOperationException("ResumableAdam does not clip gradients: the"
                    + " engine's clip is one-sided; clip by global norm before the step");
        }

        /**
         * Refused: step counts are restored per parameter with {@link #importState}.
         *
         * @param beginNumUpdate ignored
         * @return never
         * @throws UnsupportedOperationException always
         */
        @Override
        public Builder optBeginNumUpdate(int beginNumUpdate) {
            throw new UnsupportedOperationException("ResumableAdam restores step counts with"
                    + " importState, not a starting update count");
        }

        /** @return the optimiser @throws IllegalArgumentException if an option is out of range */
        public ResumableAdam build() {
            return new ResumableAdam(this);
        }
    }
}
