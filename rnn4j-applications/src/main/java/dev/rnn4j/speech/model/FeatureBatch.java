package dev.rnn4j.speech.model;

import dev.rnn4j.tensor.Tensor;

import java.util.List;

/**
 * A padded, time-major batch of utterances, k frames per step ({@link FrameSubsampling}).
 *
 * @param x       (T', B, k·F) when stacking, (T', B, F) when striding, with T' = ceil(max frames / k); steps
 *                past a row's length are zero
 * @param lengths B step counts, ceil(frames / k)
 * @param labels  B label rows (one digit for isolated digits, the digit sequence for connected digits)
 */
public record FeatureBatch(Tensor x, int[] lengths, int[][] labels) {

    /** {@link #of(List, List, FrameSubsampling, int)} with {@link FrameSubsampling#STACK}. */
    public static FeatureBatch of(List<float[][]> features, List<int[]> labels, int stack) {
        return of(features, labels, FrameSubsampling.STACK, stack);
    }

    /** The batch an {@code config} network reads: its subsampling and factor. */
    public static FeatureBatch of(List<float[][]> features, List<int[]> labels, AcousticModelConfig config) {
        return of(features, labels, config.subsampling(), config.factor());
    }

    /**
     * Subsamples and pads utterances. Stacking concatenates frames t·k ... t·k + k − 1 into step t, and a last,
     * incomplete group is padded with zero frames; striding keeps frame t·k alone as step t.
     *
     * @param features    B utterances of (frames, F), each with at least one frame
     * @param labels      B label rows
     * @param subsampling stack or stride
     * @param factor      k >= 1
     */
    public static FeatureBatch of(List<float[][]> features, List<int[]> labels, FrameSubsampling subsampling,
                                  int factor) {
        if (features == null || features.isEmpty() || labels == null || labels.size() != features.size()) {
            throw new IllegalArgumentException("features, labels: expected B >= 1 utterances with one label row each, "
                    + "got " + (features == null ? "null" : features.size()) + " and "
                    + (labels == null ? "null" : labels.size()));
        }
        if (subsampling == null) {
            throw new IllegalArgumentException("subsampling: expected STACK or STRIDE, got null");
        }
        if (factor < 1) {
            throw new IllegalArgumentException("factor: expected >= 1 frames per step, got " + factor);
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
            lengths[b] = FrameSubsampling.steps(u.length, factor);
            steps = Math.max(steps, lengths[b]);
        }
        int width = subsampling.stepSize(dims, factor);
        float[] data = new float[steps * batch * width];
        for (int b = 0; b < batch; b++) {
            float[][] u = features.get(b);
            if (subsampling == FrameSubsampling.STACK) {
                for (int frame = 0; frame < u.length; frame++) {
                    int step = frame / factor;
                    int offset = (step * batch + b) * width + (frame % factor) * dims; // x: (T', B, k·F)
                    System.arraycopy(u[frame], 0, data, offset, dims);
                }
            } else {
                for (int step = 0; step < lengths[b]; step++) {
                    System.arraycopy(u[step * factor], 0, data, (step * batch + b) * width, dims); // x: (T', B, F)
                }
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
