package dev.rnn4j.forecast.global;

import java.util.Locale;

/**
 * How a window is made scale-free: every value of the window (inputs and targets) is divided by a scale s taken
 * from the window's observed inputs only, so series of any level share one network, and a forecast is mapped back
 * by multiplying with the same s.
 */
public enum Normalisation {
    /** s = mean |y| over the observed inputs of the window (the window's mean level). */
    MEAN_LEVEL,
    /** s = |y| of the window's last input (the last value before the forecast origin). */
    LAST_VALUE;

    /**
     * The scale of the inputs {@code y[from .. to)}: as the constant says, or, when that is 0, the mean |y|, or 1
     * when every input is 0.
     */
    double scale(double[] y, int from, int to) {
        double mean = 0;
        for (int t = from; t < to; t++) {
            mean += Math.abs(y[t]);
        }
        mean /= to - from;
        double s = this == MEAN_LEVEL ? mean : Math.abs(y[to - 1]);
        if (s > 0) {
            return s;
        }
        return mean > 0 ? mean : 1;
    }

    /** The command-line name: {@code mean} or {@code last}. */
    public String cliName() {
        return this == MEAN_LEVEL ? "mean" : "last";
    }

    /** The normalisation with {@link #cliName()} {@code name}. */
    public static Normalisation fromCliName(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "mean" -> MEAN_LEVEL;
            case "last" -> LAST_VALUE;
            default -> throw new IllegalArgumentException("normalise: expected mean or last, got '" + name + "'");
        };
    }
}
