package dev.rnn4j.series;

import java.util.Arrays;
import java.util.Set;

/**
 * Missing cells in the columns {@link SeriesCsvReader} selects: which cells are missing (empty, {@code NA},
 * {@code N/A}, {@code NaN} or {@code null}, any case), and the {@link MissingValuePolicy} applied to the raw
 * columns, in which a missing cell is NaN (numeric) or null (categorical).
 */
final class MissingValues {
    private static final Set<String> MISSING = Set.of("", "na", "n/a", "nan", "null");

    private MissingValues() {
    }

    /** Whether a trimmed cell stands for a missing value. */
    static boolean isMissing(String cell) {
        return MISSING.contains(cell.toLowerCase(java.util.Locale.ROOT));
    }

    /** The first row whose value is present (not NaN), or -1 if none is. */
    static int firstPresent(double[] col) {
        for (int i = 0; i < col.length; i++) {
            if (!Double.isNaN(col[i])) {
                return i;
            }
        }
        return -1;
    }

    /** The first row whose category is present (not null), or -1 if none is. */
    static int firstPresent(String[] col) {
        for (int i = 0; i < col.length; i++) {
            if (col[i] != null) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Fills missing cells in place (fill policies) and returns the indices of the rows to keep.
     *
     * @param raw    numeric columns {@code (C, n)}, NaN where missing
     * @param rawCat categorical columns {@code (K, n)}, null where missing
     * @param n      rows
     */
    static int[] apply(MissingValuePolicy policy, double[][] raw, String[][] rawCat, int n) {
        if (policy == MissingValuePolicy.DROP) {
            int[] keep = new int[n];
            int k = 0;
            rows:
            for (int r = 0; r < n; r++) {
                for (double[] col : raw) {
                    if (Double.isNaN(col[r])) {
                        continue rows;
                    }
                }
                for (String[] col : rawCat) {
                    if (col[r] == null) {
                        continue rows;
                    }
                }
                keep[k++] = r;
            }
            return Arrays.copyOf(keep, k);
        }
        int start = 0;
        for (double[] col : raw) {
            start = Math.max(start, firstPresent(col));
        }
        for (String[] col : rawCat) {
            start = Math.max(start, firstPresent(col));
        }
        for (double[] col : raw) {
            if (policy == MissingValuePolicy.INTERPOLATE) {
                interpolate(col);
            } else {
                forwardFill(col);
            }
        }
        for (String[] col : rawCat) {
            for (int r = 1; r < n; r++) {
                if (col[r] == null) {
                    col[r] = col[r - 1];
                }
            }
        }
        int[] keep = new int[n - start];
        for (int i = 0; i < keep.length; i++) {
            keep[i] = start + i;
        }
        return keep;
    }

    private static void forwardFill(double[] col) {
        for (int r = 1; r < col.length; r++) {
            if (Double.isNaN(col[r])) {
                col[r] = col[r - 1];
            }
        }
    }

    // linear over the row index between the present neighbours; trailing gaps hold the last value
    private static void interpolate(double[] col) {
        int prev = -1;
        for (int r = 0; r < col.length; r++) {
            if (Double.isNaN(col[r])) {
                continue;
            }
            if (prev >= 0 && r - prev > 1) {
                double a = col[prev];
                double b = col[r];
                for (int g = prev + 1; g < r; g++) {
                    col[g] = a + (b - a) * (g - prev) / (r - prev);
                }
            }
            prev = r;
        }
        for (int r = prev + 1; r < col.length; r++) {
            col[r] = col[prev];
        }
    }
}
