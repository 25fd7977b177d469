package dev.rnn4j.explain;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the hidden units whose activation follows a simple property of the text, as the quote and line-length
 * cells of Karpathy et al. (2015): the score of unit u for feature f is Pearson's correlation between u's hidden
 * state after each character and f at that character, over the whole text; the units with the largest |r| track
 * f best (a negative r tracks it too, inverted). Stateless.
 */
public final class FeatureTracker {

    /** A property of the text per character. */
    public enum Feature {
        /**
         * 1 after an odd number of {@code "} characters so far (inside a quotation, the opening quote included),
         * else 0.
         */
        INSIDE_QUOTES("inside_quotes", "inside double quotes"),
        /** Characters since the last line break (0 at the line break). */
        LINE_POSITION("line_position", "position in the line");

        private final String key;
        private final String description;

        Feature(String key, String description) {
            this.key = key;
            this.description = description;
        }

        /** The feature's name in the JSON report. */
        public String key() {
            return key;
        }

        public String description() {
            return description;
        }

        /** The feature at every code point of {@code text}, (T). */
        public double[] of(String text) {
            int[] cps = text.codePoints().toArray();
            double[] out = new double[cps.length];
            boolean inside = false;
            int position = 0;
            for (int t = 0; t < cps.length; t++) {
                if (cps[t] == '"') {
                    inside = !inside;
                }
                position = cps[t] == '\n' ? 0 : position + 1;
                out[t] = this == INSIDE_QUOTES ? (inside ? 1 : 0) : position;
            }
            return out;
        }
    }

    /**
     * A unit and its score.
     *
     * @param layer       0-based
     * @param unit        0-based
     * @param correlation Pearson's r over the text
     */
    public record Unit(int layer, int unit, double correlation) {
    }

    private FeatureTracker() {
    }

    /**
     * The {@code k} units with the largest |r| against {@code feature}, best first (ties by layer, then unit); an
     * empty list when the feature is constant over the text (r undefined, e.g. a text without quotes). A unit
     * whose state is constant is skipped for the same reason.
     *
     * @param feature (T), one value per step of the trace
     * @throws IllegalArgumentException if {@code feature} does not have one value per step, or k < 1
     */
    public static List<Unit> best(CellTrace trace, double[] feature, int k) {
        if (trace == null || feature == null || feature.length != trace.steps()) {
            throw new IllegalArgumentException("feature: expected " + (trace == null ? "a trace and " : "")
                    + "one value per step (" + (trace == null ? "?" : trace.steps()) + "), got "
                    + (feature == null ? "null" : feature.length));
        }
        if (k < 1) {
            throw new IllegalArgumentException("k: expected at least 1 unit, got " + k);
        }
        List<Unit> all = new ArrayList<>();
        for (int l = 0; l < trace.layers().size(); l++) {
            for (int u = 0; u < trace.units(); u++) {
                double r = pearson(trace.hiddenOf(l, u), feature);
                if (!Double.isNaN(r)) {
                    all.add(new Unit(l, u, r));
                }
            }
        }
        all.sort((a, b) -> Math.abs(a.correlation()) != Math.abs(b.correlation())
                ? Double.compare(Math.abs(b.correlation()), Math.abs(a.correlation()))
                : a.layer() != b.layer() ? a.layer() - b.layer() : a.unit() - b.unit());
        return List.copyOf(all.subList(0, Math.min(k, all.size())));
    }

    /** Pearson's correlation of x and y (same length), NaN if either is constant. */
    static double pearson(float[] x, double[] y) {
        int n = y.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (sxx == 0 || syy == 0) {
            return Double.NaN;
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
