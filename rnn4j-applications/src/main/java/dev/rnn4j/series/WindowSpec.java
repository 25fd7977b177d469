package dev.rnn4j.series;

/**
 * The shape of sliding windows: {@code lookback} past steps as input, the next {@code horizon} steps as target,
 * consecutive windows {@code stride} steps apart.
 *
 * @param lookback L >= 1
 * @param horizon  H >= 1
 * @param stride   >= 1
 */
public record WindowSpec(int lookback, int horizon, int stride) {
    /** Validates positive sizes. */
    public WindowSpec {
        if (lookback < 1 || horizon < 1 || stride < 1) {
            throw new IllegalArgumentException("window: expected lookback, horizon, stride >= 1, got lookback="
                    + lookback + ", horizon=" + horizon + ", stride=" + stride);
        }
    }
}
