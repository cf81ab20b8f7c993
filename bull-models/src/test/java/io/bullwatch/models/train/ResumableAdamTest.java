package io.bullwatch.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ResumableAdamTest {

    /** A rate that changes with the step, so that the tracker's step number is checked too. */
    private static final ParameterTracker RATE = (id, t) -> 0.01f * t;

    @Test
    void stepsMatchAdamComputedByHandInDouble() {
        float b1 = 0.8f;
        float b2 = 0.95f;
        float eps = 1e-3f;
        float wd = 0.05f;
        float scale = 0.5f;
        float[] w0 = {0.5f, -1.2f, 2.0f, 0f};
        float[][] grads = {{0.1f, -0.3f, 0.02f, 0f}, {-0.2f, 0.4f, 0.05f, 1e-3f},
            {0.3f, 0.1f, -0.07f, 0f}, {0.05f, -0.05f, 0.5f, -2f}, {1f, 1f, 1f, 1f}};
        ResumableAdam adam = ResumableAdam.builder().optLearningRateTracker(RATE).optBetas(b1, b2)
                .optEpsilon(eps).optWeightDecays(wd).setRescaleGrad(scale).build();
        // Adam in double: decay added to the rescaled gradient, bias correction folded into the
        // rate, epsilon added to sqrt(v).
        double[] w = new double[w0.length];
        double[] m = new double[w0.length];
        double[] v = new double[w0.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = w0[i];
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.create(w0);
            for (int t = 1; t <= grads.length; t++) {
                adam.update("w", weight, manager.create(grads[t - 1]));
                double lr = 0.01 * t * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
                for (int i = 0; i < w.length; i++) {
                    double g = scale * grads[t - 1][i] + wd * w[i];
                    m[i] = b1 * m[i] + (1 - b1) * g;
                    v[i] = b2 * v[i] + (1 - b2) * g * g;
                    w[i] -= lr * m[i] / (Math.sqrt(v[i]) + eps);
                }
                float[] got = weight.toFloatArray();
                for (int i = 0; i < w.length; i++) {
                    assertEquals(w[i], got[i], 1e-6, "step " + t + ", element " + i);
                }
                if (t == 1) {
                    // Written out: g = 0.5 * 0.1 + 0.05 * 0.5 = 0.075, m = 0.015,
                    // v = 2.8125e-4, rate 0.01 * sqrt(0.05) / 0.2 = 0.0111803,
                    // w = 0.5 - 0.0111803 * 0.015 / (0.0167705 + 0.001) = 0.4905627.
                    assertEquals(0.4905627, got[0], 1e-6);
                    assertEquals(-1.1902085, got[1], 1e-6);
                }
            }
        }
    }

    @Test
    void matchesDjlAdamOverManySteps() {
        float[] a0 = {0.3f, -0.7f, 1.5f, 0.01f, -2f, 0.9f};
        float[] b0 = {0.2f, -0.1f};
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray[] ours = {manager.create(a0, new Shape(2, 3)), manager.create(b0)};
            NDArray[] theirs = {manager.create(a0, new Shape(2, 3)), manager.create(b0)};
            Optimizer djl = Optimizer.adam().optLearningRateTracker(RATE).optBeta1(0.9f)
                    .optBeta2(0.99f).optWeightDecays(1e-2f).build();
            Optimizer mine = ResumableAdam.builder().optLearningRateTracker(RATE)
                    .optBetas(0.9f, 0.99f).optWeightDecays(1e-2f).build();
            for (NDArray x : ours) {
                x.setRequiresGradient(true);
            }
            for (NDArray x : theirs) {
                x.setRequiresGradient(true);
            }
            for (int step = 0; step < 30; step++) {
                descend(mine, ours);
                descend(djl, theirs);
            }
            for (int p = 0; p < ours.length; p++) {
                float[] o = ours[p].toFloatArray();
                float[] t = theirs[p].toFloatArray();
                assertArrayEquals(t, o, 1e-6f);
                assertFalse(Arrays.equals(p == 0 ? a0 : b0, o), "the parameters moved");
            }
        }
    }

    /** One step on a non-quadratic loss through autograd; the optimiser clears the gradients. */
    private static void descend(Optimizer optimizer, NDArray[] params) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray loss = params[0].sin().mul(params[0]).sum()
                    .add(params[1].sub(1).square().sum().mul(3));
            gc.backward(loss);
        }
        for (int p = 0; p < params.length; p++) {
            optimizer.update("p" + p, params[p], params[p].getGradient());
        }
    }

    @Test
    void importedStateContinuesExactlyAndFreshStateDoesNot() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Linear a = linear(manager);
            Linear b = linear(manager);
            Linear c = linear(manager);
            ResumableAdam first = ResumableAdam.builder().optWeightDecays(1e-3f).build();
            SplittableRandom random = new SplittableRandom(3);
            List<List<float[]>> grads = new ArrayList<>();
            for (int step = 0; step < 6; step++) {
                List<float[]> g = new ArrayList<>();
                for (Pair<String, Parameter> p : a.getParameters()) {
                    float[] values = new float[(int) p.getValue().getArray().size()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = (float) random.nextGaussian();
                    }
                    g.add(values);
                }
                grads.add(g);
            }
            for (int step = 0; step < 3; step++) {
                step(first, a, grads.get(step), manager);
            }
            List<ResumableAdam.ParameterState> state = first.exportState(a.getParameters());
            assertEquals(2, state.size());
            assertEquals(3, state.get(0).steps());
            // A new optimiser on a copy of the parameters (other parameter ids, same names).
            BullTrainer.restore(b, BullTrainer.snapshot(a));
            BullTrainer.restore(c, BullTrainer.snapshot(a));
            ResumableAdam resumed = ResumableAdam.builder().optWeightDecays(1e-3f).build();
            resumed.importState(b.getParameters(), state);
            ResumableAdam fresh = ResumableAdam.builder().optWeightDecays(1e-3f).build();
            for (int step = 3; step < 6; step++) {
                step(first, a, grads.get(step), manager);
                step(resumed, b, grads.get(step), manager);
                step(fresh, c, grads.get(step), manager);
            }
            List<float[]> want = BullTrainer.snapshot(a);
            List<float[]> got = BullTrainer.snapshot(b);
            List<float[]> restarted = BullTrainer.snapshot(c);
            for (int p = 0; p < want.size(); p++) {
                assertArrayEquals(want.get(p), got.get(p)); // bit for bit
                assertFalse(Arrays.equals(want.get(p), restarted.get(p)),
                        "restarting the moments changes the run");
            }
        }
    }

    @Test
    void refusesStateThatDoesNotFitAndOptionsItDoesNotSupport() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Linear a = linear(manager);
            ResumableAdam adam = ResumableAdam.builder().build();
            String name = a.getParameters().get(0).getKey();
            assertThrows(IllegalArgumentException.class, () -> adam.importState(a.getParameters(),
                    List.of(new ResumableAdam.ParameterState("nope", 1, new float[6], new float[6]))));
            assertThrows(IllegalArgumentException.class, () -> adam.importState(a.getParameters(),
                    List.of(new ResumableAdam.ParameterState(name, 1, new float[5], new float[5]))));
        }
        assertThrows(IllegalArgumentException.class,
                () -> new ResumableAdam.ParameterState("w", 0, new float[1], new float[1]));
        assertThrows(IllegalArgumentException.class,
                () -> new ResumableAdam.ParameterState("w", 1, new float[1], new float[2]));
        assertThrows(UnsupportedOperationException.class,
                () -> ResumableAdam.builder().optClipGrad(1));
        assertThrows(UnsupportedOperationException.class,
                () -> ResumableAdam.builder().optBeginNumUpdate(10));
        assertThrows(IllegalArgumentException.class,
                () -> ResumableAdam.builder().optBetas(0.9f, 1f).build());
        assertThrows(IllegalArgumentException.class,
                () -> ResumableAdam.builder().optEpsilon(0).build());
    }

    private static Linear linear(NDManager manager) {
        Linear block = Linear.builder().setUnits(2).build();
        Engine.getInstance().setRandomSeed(5);
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 3));
        return block;
    }

    private static void step(ResumableAdam adam, Linear block, List<float[]> grads,
            NDManager manager) {
        int i = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray w = p.getValue().getArray();
            adam.update(p.getValue().getId(), w, manager.create(grads.get(i++), w.getShape()));
        }
    }
}
