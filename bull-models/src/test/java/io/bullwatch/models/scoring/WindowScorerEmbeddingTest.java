package io.bullwatch.models.scoring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import io.bullwatch.models.backbone.Backbone;
import io.bullwatch.models.backbone.BullNetwork;
import io.bullwatch.models.backbone.FeatureDims;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link WindowScorer#forward(ai.djl.nn.Block, ParameterStore, NDArray, boolean, boolean, boolean)}: the
 * embeddings are what the head receives (checked by computing the compact head by hand from them and the
 * head's weights), and asking for them leaves the scores as they are.
 */
class WindowScorerEmbeddingTest {

    private static final FeatureDims INPUT = new FeatureDims(1, 32, 64);

    private static NDArray windows(NDManager m, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * INPUT.height() * INPUT.width()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return m.create(x, new Shape(n, 1, INPUT.height(), INPUT.width()));
    }

    @Test
    void theCompactHeadComputedByHandFromTheEmbeddingsGivesTheLogits() {
        BullNetwork network = Backbone.COMPACT.network(Backbone.COMPACT.defaultOptions().withWidth(0.25));
        try (NDManager m = NDManager.newBaseManager()) {
            network.initialize(m, INPUT);
            try (FrozenParameters frozen = FrozenParameters.of(network.block())) {
                ParameterStore ps = new ParameterStore(m, false);
                WindowScorer.Output out = WindowScorer.forward(network.block(), ps, windows(m, 3, 1), true, false,
                        true);
                // the head: ReLU, dropout (off), linear to 100, ReLU, dropout (off), linear to 2
                float[][] w1 = matrix(network.torchParameters().get("head.2.weight").getArray());
                float[] b1 = network.torchParameters().get("head.2.bias").getArray().toFloatArray();
                float[][] w2 = matrix(network.torchParameters().get("head.5.weight").getArray());
                float[] b2 = network.torchParameters().get("head.5.bias").getArray().toFloatArray();
                assertEquals(3, out.embeddings().length);
                assertEquals(w1[0].length, out.embeddings()[0].length);
                for (int j = 0; j < 3; j++) {
                    float[] h = relu(linear(w1, b1, relu(out.embeddings()[j])));
                    float[] logits = linear(w2, b2, h);
                    assertEquals(logits[0], out.logits()[2 * j], 1e-4f, "window " + j);
                    assertEquals(logits[1], out.logits()[2 * j + 1], 1e-4f, "window " + j);
                }
                assertEquals(WindowScorer.embeddingSize(network.block(), m, INPUT.channels(), INPUT.height(),
                        INPUT.width()),
                        out.embeddings()[0].length);
            }
        }
    }

    @Test
    void aStepScoringNetworksEmbeddingIsItsBodysChannelsAndTheScoresStayTheSame() {
        BullNetwork network = Backbone.COMPACT_SED.network(Backbone.COMPACT_SED.defaultOptions().withWidth(0.25));
        try (NDManager m = NDManager.newBaseManager()) {
            network.initialize(m, INPUT);
            try (FrozenParameters frozen = FrozenParameters.of(network.block())) {
                ParameterStore ps = new ParameterStore(m, false);
                NDArray x = windows(m, 4, 2);
                WindowScorer.Output plain = WindowScorer.forward(network.block(), ps, x, true, true);
                WindowScorer.Output with = WindowScorer.forward(network.block(), ps, x, true, true, true);
                assertNull(plain.embeddings());
                assertArrayEquals(plain.logits(), with.logits());
                assertArrayEquals(plain.probabilities(), with.probabilities());
                for (int j = 0; j < 4; j++) {
                    assertArrayEquals(plain.margins()[j], with.margins()[j]);
                }
                // the body's last block has 128 channels times the width: one value per channel
                assertEquals(32, with.embeddings()[0].length);
            }
        }
    }

    @Test
    void aBlockThatIsNotASequenceHasNoEmbedding() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(new Shape(1, 2), DataType.FLOAT32);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WindowScorer.forward(
                    Activation.reluBlock(), new ParameterStore(m, false), x, false, false, true));
            assertEquals("embeddings need a network of at least two parts (body and head), got LambdaBlock",
                    e.getMessage());
        }
    }

    private static float[][] matrix(NDArray a) {
        int rows = (int) a.getShape().get(0);
        int cols = (int) a.getShape().get(1);
        float[] flat = a.toFloatArray();
        float[][] w = new float[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(flat, i * cols, w[i], 0, cols);
        }
        return w;
    }

    private static float[] linear(float[][] w, float[] b, float[] x) {
        float[] y = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            double s = b[i];
            for (int k = 0; k < x.length; k++) {
                s += (double) w[i][k] * x[k];
            }
            y[i] = (float) s;
        }
        return y;
    }

    private static float[] relu(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.max(0, x[i]);
        }
        return y;
    }
}
