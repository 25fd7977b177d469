package dev.rnn4j.series;

/**
 * Sliding windows as flat arrays, ready for a recurrent network with batch-first input.
 *
 * <p>Window n has its first target step at row {@code t = targetStarts[n]}: its inputs are rows
 * {@code [t - L, t)} of the feature matrix and its targets are the target column at rows {@code [t, t + H)}.
 *
 * @param inputs       {@code (N, L, F)} row-major: feature f of step s of window n at {@code (n * L + s) * F + f}
 * @param targets      {@code (N, H)} row-major
 * @param count        N
 * @param lookback     L
 * @param featureCount F
 * @param horizon      H
 * @param targetStarts (N) the row of each window's first target step (its forecast origin)
 */
public record Windows(float[] inputs, float[] targets, int count, int lookback, int featureCount, int horizon,
                      int[] targetStarts) {

    /** Validates the array lengths against the shape. */
    public Windows {
        if (inputs == null || targets == null || targetStarts == null
                || inputs.length != (long) count * lookback * featureCount
                || targets.length != (long) count * horizon || targetStarts.length != count) {
            throw new IllegalArgumentException("windows: arrays do not match the shape N=" + count + ", L=" + lookback
                    + ", F=" + featureCount + ", H=" + horizon);
        }
    }
}
