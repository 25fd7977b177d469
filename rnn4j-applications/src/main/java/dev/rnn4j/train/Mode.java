package dev.rnn4j.train;

/** Whether a monitored metric improves by going down ({@link #MIN}, a loss) or up ({@link #MAX}, an accuracy). */
public enum Mode {
    /** Smaller is better. */
    MIN,
    /** Larger is better. */
    MAX;

    /**
     * Whether {@code value} improves on {@code best} by more than {@code minDelta}. A NaN value never
     * improves; anything finite improves on a null best.
     */
    public boolean improves(double value, Double best, double minDelta) {
        if (Double.isNaN(value)) {
            return false;
        }
        if (best == null) {
            return true;
        }
        return this == MIN ? value < best - minDelta : value > best + minDelta;
    }

    /** Parses {@code min} or {@code max} (any case). */
    public static Mode parse(String text) {
        if (text != null) {
            String t = text.trim();
            if (t.equalsIgnoreCase("min")) {
                return MIN;
            }
            if (t.equalsIgnoreCase("max")) {
                return MAX;
            }
        }
        throw new IllegalArgumentException("mode: expected 'min' or 'max', got '" + text + "'");
    }
}
