package dev.rnn4j.series;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Named features per time step, row-major: {@code values: (rows, features)}, so feature f of row t is
 * {@code values[t * features + f]}. Built column by column with {@link #builder(int)}.
 *
 * @param values   (rows, features) row-major
 * @param rows     T
 * @param features F
 * @param names    the F feature names, in column order
 */
public record FeatureMatrix(float[] values, int rows, int features, List<String> names) {

    /** Validates that the shape matches the data and the names. */
    public FeatureMatrix {
        if (rows < 0 || features < 0 || values == null || values.length != (long) rows * features) {
            throw new IllegalArgumentException("feature matrix: expected values of length rows * features = "
                    + rows + " * " + features + ", got " + (values == null ? "null" : values.length));
        }
        if (names == null || names.size() != features) {
            throw new IllegalArgumentException("names: expected " + features + " names, got "
                    + (names == null ? "null" : names.size()));
        }
        names = List.copyOf(names);
    }

    /** A one-feature matrix from a column. */
    public static FeatureMatrix of(String name, double[] column) {
        return builder(column.length).add(name, column).build();
    }

    /** Starts a matrix of {@code rows} rows. */
    public static Builder builder(int rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("rows: expected >= 0, got " + rows);
        }
        return new Builder(rows);
    }

    /** Feature {@code feature} of every row, as a new array (T). */
    public double[] column(int feature) {
        if (feature < 0 || feature >= features) {
            throw new IllegalArgumentException("feature: expected 0 <= feature < " + features + ", got " + feature);
        }
        double[] out = new double[rows];
        for (int t = 0; t < rows; t++) {
            out[t] = values[t * features + feature];
        }
        return out;
    }

    /** The rows {@code [from, to)} as a new matrix (e.g. to drop the first rows lost to differencing). */
    public FeatureMatrix rows(int from, int to) {
        if (from < 0 || to < from || to > rows) {
            throw new IllegalArgumentException("rows [" + from + ", " + to + "): expected 0 <= from <= to <= " + rows);
        }
        return new FeatureMatrix(Arrays.copyOfRange(values, from * features, to * features), to - from, features,
                names);
    }

    /** Accumulates columns and blocks, left to right. */
    public static final class Builder {
        private final int rows;
        private final List<float[]> blocks = new ArrayList<>(); // each (rows, width) row-major
        private final List<Integer> widths = new ArrayList<>();
        private final List<String> names = new ArrayList<>();

        private Builder(int rows) {
            this.rows = rows;
        }

        /** Appends one numeric column (T values), stored as float. */
        public Builder add(String name, double[] column) {
            if (column == null || column.length != rows) {
                throw new IllegalArgumentException("column '" + name + "': expected " + rows + " values, got "
                        + (column == null ? "null" : column.length));
            }
            float[] block = new float[rows];
            for (int t = 0; t < rows; t++) {
                block[t] = (float) column[t];
            }
            return push(List.of(name), block);
        }

        /** Appends every feature of another matrix with the same number of rows. */
        public Builder add(FeatureMatrix other) {
            if (other == null || other.rows() != rows) {
                throw new IllegalArgumentException("matrix: expected " + rows + " rows, got "
                        + (other == null ? "null" : other.rows()));
            }
            return push(other.names(), other.values());
        }

        private Builder push(List<String> blockNames, float[] block) {
            blocks.add(block);
            widths.add(blockNames.size());
            names.addAll(blockNames);
            return this;
        }

        /** The matrix of every column added so far. */
        public FeatureMatrix build() {
            int f = names.size();
            float[] values = new float[rows * f];
            int offset = 0;
            for (int b = 0; b < blocks.size(); b++) {
                float[] block = blocks.get(b);
                int w = widths.get(b);
                for (int t = 0; t < rows; t++) {
                    System.arraycopy(block, t * w, values, t * f + offset, w);
                }
                offset += w;
            }
            return new FeatureMatrix(values, rows, f, names);
        }
    }
}
