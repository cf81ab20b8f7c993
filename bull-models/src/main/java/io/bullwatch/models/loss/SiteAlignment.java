package io.bullwatch.models.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A penalty that pulls the training sites together in the network's embedding: the spread of the
 * sites' mean embeddings within each class, relative to the spread of the embeddings themselves
 * (class-conditional mean matching, the linear-kernel maximum mean discrepancy between sites, as
 * in domain generalisation across several source domains).
 *
 * <p>For a batch of embeddings {@code e_j} (one row of {@code C} values per window), its windows'
 * sites and classes: each (class, site) cell with at least {@value #MIN_CELL} windows has its
 * {@code n_s} windows' mean {@code m_s} and unbiased variance {@code s_s^2} (per channel); within a
 * class with {@code K >= 2} such cells, centred on the cells' average {@code m}, the class
 * contributes {@code (1 / C) sum_c [ (1 / K) sum_s (m_sc - m_c)^2 - (1 / K) (1 - 1 / K) sum_s
 * s_sc^2 / n_s ]}: the spread of the sites' means less what sampling alone puts there, so that a
 * batch of a few windows per site estimates the spread of the sites' true means without bias (and
 * may fall below 0); without the correction the penalty would mostly shrink each site's own
 * spread. The classes' contributions are added and divided by the batch's mean per-channel
 * variance {@code v = (1 / C) sum_c mean_j (e_jc - mean(e_c))^2} (plus {@value #EPSILON}), so that
 * a weight of 1 compares the between-site spread with the whole spread. The gradient flows through
 * {@code v} as well: the penalty is then a ratio that scaling every embedding leaves alone, value
 * and gradient, so it cannot be lowered by shrinking or inflating the embeddings (with {@code v}
 * held constant it could, and one cross-validation fold trained that way diverged). 0 when no
 * class has two cells.
 *
 * <p>Why: a detector trained on three rivers learns whatever tells their backgrounds apart as well
 * as what tells a bull from water; at a fourth river the first part is noise. Matching the sites'
 * mean embedding per class leaves the bull / no-bull direction alone and discourages the site
 * directions. Classes are matched apart because the sites' shares of bull windows differ.
 */
public final class SiteAlignment {

    /** The fewest windows of one site and class that make a cell. */
    public static final int MIN_CELL = 2;

    /** Added to the variance that normalises the penalty. */
    public static final double EPSILON = 1e-6;

    private SiteAlignment() {
    }

    /**
     * The penalty of a batch.
     *
     * @param embeddings {@code (N, C)} embeddings (gradients flow through them)
     * @param sites each window's site, {@code N} of them
     * @param bulls each window's class, {@code N} of them
     * @return a scalar, owned by the embeddings' manager
     * @throws IllegalArgumentException if the sizes disagree or the embeddings are not 2-D
     */
    public static NDArray penalty(NDArray embeddings, List<String> sites, boolean[] bulls) {
        Shape shape = embeddings.getShape();
        if (shape.dimension() != 2) {
            throw new IllegalArgumentException("embeddings must be (N, C), got " + shape);
        }
        int n = (int) shape.get(0);
        if (sites.size() != n || bulls.length != n) {
            throw new IllegalArgumentException("need one site and one class per embedding: " + n
                    + " embeddings, " + sites.size() + " sites, " + bulls.length + " classes");
        }
        NDManager manager = embeddings.getManager();
        NDArray total = null;
        for (boolean cls : new boolean[] {false, true}) {
            float[][] rows = cellWeights(sites, bulls, cls);
            if (rows.length < 2) {
                continue;
            }
            float[] flat = new float[rows.length * n];
            for (int k = 0; k < rows.length; k++) {
                System.arraycopy(rows[k], 0, flat, k * n, n);
            }
            int k = rows.length;
            float[] noiseScale = new float[k];
            for (int c = 0; c < k; c++) {
                int members = 0;
                for (float w : rows[c]) {
                    members += w > 0 ? 1 : 0;
                }
                noiseScale[c] = (float) ((1.0 / k) * (1 - 1.0 / k) / (members - 1));
            }
            NDArray weights = manager.create(flat, new Shape(k, n));
            NDArray means = weights.matMul(embeddings);
            NDArray squares = weights.matMul(embeddings.square());
            NDArray centred = means.sub(means.mean(new int[] {0}, true));
            // sampling noise of the cell means: E|m_s - m|^2 summed over the cells exceeds the true
            // spread by (1 - 1/K) sum_s sigma_s^2 / n_s; estimated from each cell's own spread
            NDArray noise = squares.sub(means.square()).mul(manager.create(noiseScale, new Shape(k, 1)));
            NDArray spread = centred.square().mean(new int[] {0}).sub(noise.sum(new int[] {0})).mean();
            total = total == null ? spread : total.add(spread);
        }
        if (total == null) {
            return manager.create(0f);
        }
        NDArray variance = embeddings.sub(embeddings.mean(new int[] {0}, true)).square().mean();
        return total.div(variance.add((float) EPSILON));
    }

    /**
     * The averaging rows of one class's cells: row {@code k} holds {@code 1 / n_k} at the windows
     * of cell {@code k}, 0 elsewhere.
     */
    private static float[][] cellWeights(List<String> sites, boolean[] bulls, boolean cls) {
        Map<String, List<Integer>> cells = new LinkedHashMap<>();
        for (int j = 0; j < bulls.length; j++) {
            if (bulls[j] == cls) {
                cells.computeIfAbsent(sites.get(j), s -> new ArrayList<>()).add(j);
            }
        }
        List<float[]> rows = new ArrayList<>();
        for (List<Integer> members : cells.values()) {
            if (members.size() < MIN_CELL) {
                continue;
            }
            float[] row = new float[bulls.length];
            for (int j : members) {
                row[j] = 1f / members.size();
            }
            rows.add(row);
        }
        return rows.toArray(new float[0][]);
    }
}
