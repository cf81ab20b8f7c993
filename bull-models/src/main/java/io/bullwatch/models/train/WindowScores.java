package io.bullwatch.models.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.bullwatch.core.events.StepAggregation;
import io.bullwatch.features.background.BackgroundProfile;
import io.bullwatch.features.background.SiteReference;
import io.bullwatch.features.windows.WindowSet;
import io.bullwatch.models.scoring.FrozenParameters;
import io.bullwatch.models.scoring.WindowScorer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trainer's inference scoring of window sets (validation, test, hard-negative pools), on the
 * detector's path ({@link WindowScorer#forward}): logits and the bull probability of each window,
 * with the network's trainable parameters frozen for the pass ({@link FrozenParameters}); for networks that score every time step, each window of a recording judged with every
 * window that covers its steps, as the detector does.
 */
final class WindowScores {

    private WindowScores() {
    }

    /**
     * Returns {logits0, logits1, bull probability} of every window. For a network that scores
     * every time step and windows loaded from recordings, the probability is the detector's: each
     * step judged with the recording's other windows that cover it ({@link StepAggregation}).
     */
    static float[][] of(Model model, WindowSet data, int batch) {
        int[] all = new int[data.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        float[][] steps = new float[all.length][];
        float[][] out = of(model, data, all, batch, steps);
        if (all.length > 0 && steps[0] != null && data.windowSeconds().isPresent()) {
            out[2] = aggregated(data, steps);
        }
        return out;
    }

    /**
     * Each window's score from its recording's windows' step probabilities.
     *
     * @param data windows loaded from recordings (with starts)
     * @param steps every window's step margins
     * @return one score per window
     */
    static float[] aggregated(WindowSet data, float[][] steps) {
        double length = data.windowSeconds().orElseThrow();
        Map<String, List<Integer>> byRecording = new LinkedHashMap<>();
        for (int i = 0; i < data.size(); i++) {
            byRecording.computeIfAbsent(data.recording(i), k -> new ArrayList<>()).add(i);
        }
        float[] scores = new float[data.size()];
        for (List<Integer> windows : byRecording.values()) {
            windows.sort(java.util.Comparator.comparingDouble(i -> data.startSeconds(i).orElseThrow()));
            double[] starts = new double[windows.size()];
            float[][] margins = new float[windows.size()][];
            for (int k = 0; k < starts.length; k++) {
                int i = windows.get(k);
                starts[k] = data.startSeconds(i).orElseThrow();
                margins[k] = steps[i];
            }
            float[] s = WindowScorer.aggregate(starts, length, margins);
            for (int k = 0; k < s.length; k++) {
                scores[windows.get(k)] = s[k];
            }
        }
        return scores;
    }

    /** Returns {logits0, logits1, bull probability} of some windows, in the order given. */
    static float[][] of(Model model, WindowSet data, int[] all, int batch) {
        return of(model, data, all, batch, null);
    }

    /**
     * Returns {logits0, logits1, bull probability} of some windows, in the order given; fills
     * {@code steps} (if not null) with each window's step margins when the network has them.
     */
    private static float[][] of(Model model, WindowSet data, int[] all, int batch,
            float[][] steps) {
        int total = all.length;
        float[][] out = new float[3][total];
        Block block = model.getBlock();
        NDManager root = model.getNDManager();
        ParameterStore ps = new ParameterStore(root, false);
        try (FrozenParameters frozen = FrozenParameters.of(block)) {
            forwardAll(block, ps, root, data, all, batch, out, steps);
        }
        return out;
    }

    private static void forwardAll(Block block, ParameterStore ps, NDManager root, WindowSet data,
            int[] all, int batch, float[][] out, float[][] steps) {
        int total = all.length;
        for (int from = 0; from < total; from += batch) {
            int n = Math.min(batch, total - from);
            try (NDManager sub = root.newSubManager()) {
                NDArray x = input(sub, data, all, from, n);
                WindowScorer.Output result = WindowScorer.forward(block, ps, x, true, steps != null);
                if (result.margins() != null) {
                    System.arraycopy(result.margins(), 0, steps, from, n);
                }
                float[] l = result.logits();
                for (int j = 0; j < n; j++) {
                    out[0][from + j] = l[2 * j];
                    out[1][from + j] = l[2 * j + 1];
                }
                System.arraycopy(result.probabilities(), 0, out[2], from, n);
            }
        }
    }

    /**
     * Per recording of a window set, the profile of the network's embeddings of its windows ({@link
     * WindowScorer#forward(Block, ParameterStore, NDArray, boolean, boolean, boolean)}; mean and
     * standard deviation per dimension), recordings in order of their first window. Only the windows
     * that start on the detector's grid (a multiple of {@code hopSeconds}) count, so that training
     * windows at a shorter hop are profiled as detection will see the recording; a recording with none
     * there, or windows without starts, count all. A recording with more than {@code perRecording}
     * windows is profiled on that many, evenly spaced in window order.
     *
     * @param model the network
     * @param data windows loaded from recordings
     * @param hopSeconds the detector's window hop
     * @param perRecording the most windows profiled per recording, {@code >= 1}
     * @param batch windows per forward pass
     * @return one profile per recording, with its site
     */
    static List<SiteReference.Recording> embeddingProfiles(Model model, WindowSet data, double hopSeconds,
            int perRecording, int batch) {
        Map<String, List<Integer>> byRecording = new LinkedHashMap<>();
        Map<String, List<Integer>> onGrid = new LinkedHashMap<>();
        for (int i = 0; i < data.size(); i++) {
            byRecording.computeIfAbsent(data.recording(i), k -> new ArrayList<>()).add(i);
            java.util.OptionalDouble start = data.startSeconds(i);
            if (start.isPresent()) {
                double steps = start.getAsDouble() / hopSeconds;
                if (Math.abs(steps - Math.rint(steps)) < 1e-6) {
                    onGrid.computeIfAbsent(data.recording(i), k -> new ArrayList<>()).add(i);
                }
            }
        }
        byRecording.replaceAll((name, all) -> onGrid.getOrDefault(name, all));
        List<SiteReference.Recording> out = new ArrayList<>();
        Block block = model.getBlock();
        NDManager root = model.getNDManager();
        ParameterStore ps = new ParameterStore(root, false);
        try (FrozenParameters frozen = FrozenParameters.of(block)) {
            for (Map.Entry<String, List<Integer>> e : byRecording.entrySet()) {
                List<Integer> all = e.getValue();
                int n = Math.min(perRecording, all.size());
                int[] idx = new int[n];
                for (int k = 0; k < n; k++) {
                    idx[k] = all.get((int) ((long) k * all.size() / n));
                }
                List<float[]> rows = new ArrayList<>(n);
                for (int from = 0; from < n; from += batch) {
                    int m = Math.min(batch, n - from);
                    try (NDManager sub = root.newSubManager()) {
                        NDArray x = input(sub, data, idx, from, m);
                        rows.addAll(Arrays.asList(WindowScorer.forward(block, ps, x, false, false, true).embeddings()));
                    }
                }
                out.add(new SiteReference.Recording(data.site(all.get(0)), e.getKey(), BackgroundProfile.ofRows(rows)));
            }
        }
        return out;
    }

    /** The windows {@code idx[from .. from + n)} as one (n, channels, mels, frames) input array. */
    static NDArray input(NDManager manager, WindowSet data, int[] idx, int from, int n) {
        int size = data.mels() * data.frames();
        float[] buf = new float[n * size];
        for (int j = 0; j < n; j++) {
            System.arraycopy(data.features(idx[from + j]), 0, buf, j * size, size);
        }
        return manager.create(FloatBuffer.wrap(buf), new Shape(n, data.channels(), data.mels() / data.channels(),
                data.frames()));
    }
}
