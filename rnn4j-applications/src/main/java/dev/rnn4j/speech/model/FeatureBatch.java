package dev.rnn4j.speech.model;

import dev.rnn4j.tensor.Tensor;

import java.util.List;

/**
 * A padded, time-major batch of utterances with k frames stacked per step.
 *
 * @param x       (T', B, k·F) with T' = ceil(max frames / k); steps past a row's length are zero
 * @param lengths B step counts, ceil(frames / k)
 * @param labels  B label rows (one digit for isolated digits, the digit sequence for connected digits)
 */
public record FeatureBatch(Tensor x, int[] lengths, int[][] labels) {

    /**
     * Stacks and pads utterances. Stacking concatenates frames t·k ... t·k + k − 1 into step t; a last,
     * incomplete group is padded with zero frames.
     *
     * @param features B utterances of (frames, F), each with at least one frame
     * @param labels   B label rows
     * @param stack    k >= 1
     */
    public static FeatureBatch of(List<float[][]> features, List<int[]> labels, int stack) {
        if (features == null || features.isEmpty() || labels == null || labels.size() != features.size()) {
            throw new IllegalArgumentException("features, labels: expected B >= 1 utterances with one label row each, "
                    + "got " + (features == null ? "null" : features.size()) + " and "
                    + (labels == null ? "null" : labels.size()));
        }
        if (stack < 1) {
            throw new IllegalArgumentException("stack: expected >= 1 frames per step, got " + stack);
        }
        int batch = features.size();
        int dims = features.get(0)[0].length;
        int[] lengths = new int[batch];
        int steps = 0;
        for (int b = 0; b < batch; b++) {
            float[][] u = features.get(b);
            if (u.length == 0 || u[0].length != dims) {
                throw new IllegalArgumentException("features[" + b + "]: expected >= 1 frame of " + dims
                        + " values, got " + u.length + " frames" + (u.length == 0 ? "" : " of " + u[0].length));
            }
            lengths[b] = (u.length + stack - 1) / stack;
            steps = Math.max(steps, lengths[b]);
        }
        int width = dims * stack;
        float[] data = new float[steps * batch * width];
        for (int b = 0; b < batch; b++) {
            float[][] u = features.get(b);
            for (int frame = 0; frame < u.length; frame++) {
                int step = frame / stack;
                int offset = (step * batch + b) * width + (frame % stack) * dims; // x: (T', B, k·F)
                System.arraycopy(u[frame], 0, data, offset, dims);
            }
        }
        int[][] rows = new int[batch][];
        for (int b = 0; b < batch; b++) {
            rows[b] = labels.get(b).clone();
        }
        return new FeatureBatch(Tensor.of(data, steps, batch, width), lengths, rows);
    }

    /** B, the number of utterances. */
    public int size() {
        return lengths.length;
    }
}
