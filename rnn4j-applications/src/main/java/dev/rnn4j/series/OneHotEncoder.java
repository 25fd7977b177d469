package dev.rnn4j.series;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * One-hot encoding of a categorical column: one feature {@code column=category} per category seen in the
 * training part, in sorted order. A category not seen in training encodes as all zeros.
 *
 * @param column     the column name (feature names are {@code column=category})
 * @param categories the known categories, in feature order
 */
public record OneHotEncoder(String column, List<String> categories) {

    /** Validates a non-empty list of distinct categories. */
    public OneHotEncoder {
        if (categories == null || categories.isEmpty() || new TreeSet<>(categories).size() != categories.size()) {
            throw new IllegalArgumentException("categories of '" + column + "': expected a non-empty list of distinct"
                    + " categories, got " + categories);
        }
        categories = List.copyOf(categories);
    }

    /** Learns the categories from the training part of a column (e.g. {@code cbwd}: NE, NW, SE, cv). */
    public static OneHotEncoder fit(String column, String[] trainValues) {
        if (trainValues == null || trainValues.length == 0) {
            throw new IllegalArgumentException("trainValues of '" + column + "': expected at least one value");
        }
        TreeSet<String> seen = new TreeSet<>();
        for (String v : trainValues) {
            if (v == null) {
                throw new IllegalArgumentException("trainValues of '" + column + "': expected no missing values");
            }
            seen.add(v);
        }
        return new OneHotEncoder(column, new ArrayList<>(seen));
    }

    /** Encodes a column: {@code (T, categories)} with a single 1 per row (none for an unseen category). */
    public FeatureMatrix encode(String[] values) {
        if (values == null) {
            throw new IllegalArgumentException("values of '" + column + "': expected an array, got null");
        }
        int k = categories.size();
        float[] out = new float[values.length * k];
        for (int t = 0; t < values.length; t++) {
            int c = categories.indexOf(values[t]);
            if (c >= 0) {
                out[t * k + c] = 1f;
            }
        }
        List<String> names = new ArrayList<>();
        for (String c : categories) {
            names.add(column + "=" + c);
        }
        return new FeatureMatrix(out, values.length, k, names);
    }
}
