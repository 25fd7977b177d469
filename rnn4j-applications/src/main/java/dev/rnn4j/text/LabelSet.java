package dev.rnn4j.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Maps label strings to class indices {@code 0 .. size()-1}, deterministically: the distinct labels
 * sorted numerically when every label is an integer ({@code "2" < "10"}), otherwise in
 * {@link String} order ({@code "neg" < "pos"}). Saved with a model as JSON:
 * {@code {"format": "rnn4j-labels", "version": 1, "labels": [...]}} in index order.
 * Immutable and thread-safe.
 */
public final class LabelSet {
    static final String FORMAT = "rnn4j-labels";
    static final int VERSION = 1;

    private final List<String> labels;
    private final Map<String, Integer> indices;

    private LabelSet(List<String> labelsInIndexOrder) {
        this.labels = List.copyOf(labelsInIndexOrder);
        Map<String, Integer> map = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            map.put(labels.get(i), i);
        }
        this.indices = map;
    }

    /**
     * The set of the distinct {@code labels}, sorted as described in the class comment.
     *
     * @throws IllegalArgumentException if {@code labels} is null, empty, or holds a null or blank label
     */
    public static LabelSet of(Collection<String> labels) {
        if (labels == null || labels.isEmpty()) {
            throw new IllegalArgumentException("labels must hold at least one label, got " + labels);
        }
        for (String label : labels) {
            if (label == null || label.isBlank()) {
                throw new IllegalArgumentException("labels must not hold a null or blank label, got " + labels);
            }
        }
        TreeSet<String> distinct = new TreeSet<>(labels);
        boolean numeric = distinct.stream().allMatch(LabelSet::isInteger);
        List<String> sorted = new ArrayList<>(distinct);
        if (numeric) {
            sorted.sort(Comparator.comparing(BigInteger::new));
        }
        return new LabelSet(sorted);
    }

    /** The labels occurring in {@code examples} (see {@link #of(Collection)}). */
    public static LabelSet fromData(Collection<LabeledText> examples) {
        if (examples == null || examples.isEmpty()) {
            throw new IllegalArgumentException("examples must not be null or empty");
        }
        return of(examples.stream().map(LabeledText::label).toList());
    }

    private static boolean isInteger(String s) {
        int start = s.startsWith("-") ? 1 : 0;
        if (s.length() == start || s.length() > 18) {
            return false;
        }
        for (int i = start; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i)) || s.charAt(i) > '9') {
                return false;
            }
        }
        // "01" and "1" would tie numerically; keep such sets in string order
        return !(s.length() - start > 1 && s.charAt(start) == '0');
    }

    /** Number of classes. */
    public int size() {
        return labels.size();
    }

    /** Labels in index order (unmodifiable). */
    public List<String> labels() {
        return labels;
    }

    /** Whether {@code label} is in the set. */
    public boolean contains(String label) {
        return indices.containsKey(label);
    }

    /**
     * The class index of {@code label}.
     *
     * @throws IllegalArgumentException naming the label and the known labels when it is unknown
     */
    public int index(String label) {
        Integer index = indices.get(label);
        if (index == null) {
            throw new IllegalArgumentException("unknown label \"" + label + "\"; expected one of " + labels);
        }
        return index;
    }

    /**
     * The class index of the example's label.
     *
     * @throws DataFormatException naming the example's file and line when its label is unknown
     */
    public int index(LabeledText example) {
        if (example == null) {
            throw new IllegalArgumentException("example must not be null");
        }
        Integer index = indices.get(example.label());
        if (index == null) {
            throw new DataFormatException(example.source(), example.line(), "unknown label \"" + example.label()
                    + "\"; the model knows " + labels);
        }
        return index;
    }

    /** Class indices of all examples, in order (see {@link #index(LabeledText)}). */
    public int[] indices(List<LabeledText> examples) {
        if (examples == null) {
            throw new IllegalArgumentException("examples must not be null");
        }
        int[] out = new int[examples.size()];
        for (int i = 0; i < out.length; i++) {
            if (examples.get(i) == null) {
                throw new IllegalArgumentException("example " + i + " is null");
            }
            out[i] = index(examples.get(i));
        }
        return out;
    }

    /**
     * The label of class {@code index}.
     *
     * @throws IllegalArgumentException if {@code index} is not in {@code [0, size())}
     */
    public String label(int index) {
        if (index < 0 || index >= labels.size()) {
            throw new IllegalArgumentException("index must be in [0, " + labels.size() + "), got " + index);
        }
        return labels.get(index);
    }

    /** Saves as JSON to {@code file} (parent folders created). */
    public void save(Path file) {
        ObjectNode root = JsonFiles.header(FORMAT, VERSION);
        ArrayNode array = root.putArray("labels");
        labels.forEach(array::add);
        JsonFiles.write(file, root);
    }

    /**
     * Loads a label set saved by {@link #save(Path)}; the saved index order is kept as is.
     *
     * @throws DataFormatException if the file is missing, not JSON, another kind of file, or its
     *     label list is empty, has duplicates or non-string entries
     */
    public static LabelSet load(Path file) {
        JsonNode root = JsonFiles.read(file, "label set", FORMAT, VERSION);
        JsonNode array = root.get("labels");
        if (array == null || !array.isArray() || array.isEmpty()) {
            throw new DataFormatException(file, 0, "label set file has no non-empty \"labels\" array");
        }
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode node = array.get(i);
            if (!node.isTextual() || node.asText().isBlank()) {
                throw new DataFormatException(file, 0, "label " + i + " is not a non-blank string: " + node);
            }
            if (labels.contains(node.asText())) {
                throw new DataFormatException(file, 0, "label \"" + node.asText() + "\" appears twice");
            }
            labels.add(node.asText());
        }
        return new LabelSet(labels);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelSet other && other.labels.equals(labels);
    }

    @Override
    public int hashCode() {
        return labels.hashCode();
    }

    @Override
    public String toString() {
        return "LabelSet" + labels;
    }
}
