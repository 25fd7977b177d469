package dev.rnn4j.classify;

import dev.rnn4j.text.DataFormatException;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Multinomial naive Bayes over the word n-grams of a text (n = 1 .. order) and, optionally, the
 * character n-grams of its tokens (lengths {@value #MIN_CHAR_NGRAM} .. charOrder of each token
 * marked with its boundaries, {@code <word>}: "<un", "unf", ..., "ny>"), each feature counted once
 * per text ("binarized" counts, as in Wang and Manning 2012), with additive smoothing (add-one by
 * default). The character n-grams let word forms the table has not seen ("unfunniest") share the
 * evidence of their stems and affixes (RESULTS.md compares the feature sets). It is
 * the n-gram expert a {@link TextClassifier} adds to its recurrent network's logits: the network
 * reads the words in order, the n-gram table remembers which exact phrases went with which class,
 * and on small sentiment data the two make different mistakes (MR, 10 folds, seed 1: network alone
 * 76.9 %, together 79.8 %; RESULTS.md).
 *
 * <p>{@link #scores(List)} gives, for each class c, {@code Σ log P(g | c)} over the distinct
 * n-grams g of the text that appear in the table (unknown n-grams are skipped; no class prior, which
 * the network already carries). The classifier adds {@code weight × scores} to its logits, with the
 * weight chosen on the dev set.
 *
 * <p>Saved as a UTF-8 text file: a header line
 * {@code #rnn4j-ngram-naive-bayes order=2 classes=2 weight=0.5 features=N chars=5}, then one line
 * per n-gram: the n-gram (word n-grams: tokens joined by single spaces; character n-grams: a space
 * followed by the characters, so the two kinds never collide), a tab, and its C log-probabilities
 * separated by tabs. {@code chars} is optional (absent: 0, word n-grams only, as written before
 * the character n-grams existed).
 */
public final class NgramNaiveBayes {

    /** The first token of the header line. */
    static final String MAGIC = "#rnn4j-ngram-naive-bayes";

    /** At most this many n-grams are kept (the most frequent; ties by text), bounding memory on large corpora. */
    public static final int MAX_FEATURES = 1_000_000;

    /** Shortest character n-gram (boundary marks included). */
    public static final int MIN_CHAR_NGRAM = 3;

    /** Longest character n-gram a table may use. */
    public static final int MAX_CHAR_NGRAM_ORDER = 8;

    private final int order;
    /** Longest character n-gram, or 0 for word n-grams only. */
    private final int charOrder;
    private final int numClasses;
    private final double weight;
    /** n-gram → log P(n-gram | class), one entry per class. */
    private final Map<String, float[]> logProbabilities;

    private NgramNaiveBayes(int order, int charOrder, int numClasses, double weight,
                            Map<String, float[]> logProbabilities) {
        this.order = order;
        this.charOrder = charOrder;
        this.numClasses = numClasses;
        this.weight = weight;
        this.logProbabilities = logProbabilities;
    }

    /**
     * Counts the word n-grams of tokenized training texts, with add-one smoothing.
     *
     * @see #fit(List, int[], int, int, int, double)
     */
    public static NgramNaiveBayes fit(List<List<String>> texts, int[] labels, int numClasses, int order) {
        return fit(texts, labels, numClasses, order, 0, 1.0);
    }

    /**
     * Counts the word n-grams (and the character n-grams when {@code charOrder > 0}) of tokenized
     * training texts: {@code P(g | c) = (count(g, c) + smoothing) / (Σ_g' count(g', c) + smoothing × |V|)}.
     *
     * @param texts tokens of each training text
     * @param labels class index of each text, in [0, numClasses)
     * @param numClasses number of classes, at least 2
     * @param order longest word n-gram, at least 1
     * @param charOrder longest character n-gram, 0 (none) or {@value #MIN_CHAR_NGRAM} to
     *     {@value #MAX_CHAR_NGRAM_ORDER}
     * @param smoothing additive smoothing, a finite number {@code > 0}
     * @throws IllegalArgumentException for mismatched sizes, a label out of range, or an order,
     *     character order, smoothing or class count out of its range
     */
    public static NgramNaiveBayes fit(List<List<String>> texts, int[] labels, int numClasses, int order,
                                      int charOrder, double smoothing) {
        if (texts == null || labels == null || texts.size() != labels.length) {
            throw new IllegalArgumentException("texts and labels: expected the same number of entries, got "
                    + (texts == null ? "null" : texts.size()) + " and " + (labels == null ? "null" : labels.length));
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException("numClasses: expected at least 2, got " + numClasses);
        }
        if (order < 1) {
            throw new IllegalArgumentException("order: expected at least 1, got " + order);
        }
        if (charOrder != 0 && (charOrder < MIN_CHAR_NGRAM || charOrder > MAX_CHAR_NGRAM_ORDER)) {
            throw new IllegalArgumentException("charOrder: expected 0 (none) or " + MIN_CHAR_NGRAM + " to "
                    + MAX_CHAR_NGRAM_ORDER + ", got " + charOrder);
        }
        if (!(smoothing > 0) || Double.isInfinite(smoothing)) {
            throw new IllegalArgumentException("smoothing: expected a finite number > 0, got " + smoothing);
        }
        Map<String, int[]> counts = new HashMap<>();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("labels[" + i + "]: expected a class in [0, " + numClasses
                        + "), got " + labels[i]);
            }
            if (texts.get(i) == null) {
                throw new IllegalArgumentException("texts[" + i + "] must not be null");
            }
            for (String gram : features(texts.get(i), order, charOrder)) {
                counts.computeIfAbsent(gram, g -> new int[numClasses])[labels[i]]++;
            }
        }
        List<Map.Entry<String, int[]>> kept = new ArrayList<>(counts.entrySet());
        if (kept.size() > MAX_FEATURES) {
            kept.sort((a, b) -> {
                int byCount = Integer.compare(total(b.getValue()), total(a.getValue()));
                return byCount != 0 ? byCount : a.getKey().compareTo(b.getKey());
            });
            kept = kept.subList(0, MAX_FEATURES);
        }
        // additive smoothing over the kept n-grams: P(g | c) = (count(g, c) + a) / (Σ_g' count(g', c) + a |V|)
        double[] classTotals = new double[numClasses];
        for (Map.Entry<String, int[]> entry : kept) {
            for (int c = 0; c < numClasses; c++) {
                classTotals[c] += entry.getValue()[c];
            }
        }
        double[] logDenominators = new double[numClasses];
        for (int c = 0; c < numClasses; c++) {
            logDenominators[c] = Math.log(classTotals[c] + smoothing * kept.size());
        }
        Map<String, float[]> table = new HashMap<>(kept.size() * 2);
        for (Map.Entry<String, int[]> entry : kept) {
            float[] logP = new float[numClasses];
            for (int c = 0; c < numClasses; c++) {
                logP[c] = (float) (Math.log(entry.getValue()[c] + smoothing) - logDenominators[c]);
            }
            table.put(entry.getKey(), logP);
        }
        return new NgramNaiveBayes(order, charOrder, numClasses, 0.0, table);
    }

    private static int total(int[] counts) {
        int sum = 0;
        for (int n : counts) {
            sum += n;
        }
        return sum;
    }

    /**
     * The distinct features of a token list: its word n-grams (1 .. order) and, when
     * {@code charOrder > 0}, the character n-grams of its tokens (see {@link #charNgrams}).
     */
    static Set<String> features(List<String> tokens, int order, int charOrder) {
        Set<String> out = ngrams(tokens, order);
        if (charOrder > 0) {
            charNgrams(tokens, charOrder, out);
        }
        return out;
    }

    /**
     * Adds to {@code out} the character n-grams of lengths {@value #MIN_CHAR_NGRAM} .. charOrder of
     * each token written as {@code <token>}, each prefixed with a space (a word n-gram never starts
     * with one). Tokens are split into code points, so a surrogate pair is never cut.
     */
    static void charNgrams(List<String> tokens, int charOrder, Set<String> out) {
        StringBuilder gram = new StringBuilder();
        for (String token : tokens) {
            int[] marked = ("<" + token + ">").codePoints().toArray();
            for (int start = 0; start + MIN_CHAR_NGRAM <= marked.length; start++) {
                gram.setLength(0);
                gram.append(' ');
                for (int end = start; end < marked.length && end - start < charOrder; end++) {
                    gram.appendCodePoint(marked[end]);
                    if (end - start + 1 >= MIN_CHAR_NGRAM) {
                        out.add(gram.toString());
                    }
                }
            }
        }
    }

    /** The distinct n-grams (1 .. order) of a token list, each as its tokens joined by single spaces. */
    static Set<String> ngrams(List<String> tokens, int order) {
        Set<String> out = new HashSet<>();
        StringBuilder gram = new StringBuilder();
        for (int start = 0; start < tokens.size(); start++) {
            gram.setLength(0);
            for (int n = 1; n <= order && start + n <= tokens.size(); n++) {
                if (n > 1) {
                    gram.append(' ');
                }
                gram.append(tokens.get(start + n - 1));
                out.add(gram.toString());
            }
        }
        return out;
    }

    /**
     * Per-class scores of a tokenized text: {@code Σ log P(g | c)} over its distinct known n-grams;
     * all zero when none is known.
     *
     * @return a new array of length {@link #numClasses()}
     */
    public double[] scores(List<String> tokens) {
        if (tokens == null) {
            throw new IllegalArgumentException("tokens must not be null");
        }
        double[] out = new double[numClasses];
        for (String gram : features(tokens, order, charOrder)) {
            float[] logP = logProbabilities.get(gram);
            if (logP != null) {
                for (int c = 0; c < numClasses; c++) {
                    out[c] += logP[c];
                }
            }
        }
        return out;
    }

    /** The same table with another weight (the factor on {@link #scores} that the classifier adds to its logits). */
    public NgramNaiveBayes withWeight(double newWeight) {
        if (!(newWeight >= 0) || Double.isInfinite(newWeight)) {
            throw new IllegalArgumentException("weight: expected a finite number >= 0, got " + newWeight);
        }
        return new NgramNaiveBayes(order, charOrder, numClasses, newWeight, logProbabilities);
    }

    public int order() {
        return order;
    }

    /** Longest character n-gram counted, or 0 for word n-grams only. */
    public int charOrder() {
        return charOrder;
    }

    public int numClasses() {
        return numClasses;
    }

    /** Factor on {@link #scores} added to the network's logits (0 = the expert is off). */
    public double weight() {
        return weight;
    }

    /** Number of n-grams in the table. */
    public int size() {
        return logProbabilities.size();
    }

    /** log P(gram | class) of every class, or null for an n-gram not in the table. */
    public float[] logProbabilities(String gram) {
        float[] logP = logProbabilities.get(gram);
        return logP == null ? null : logP.clone();
    }

    // ------------------------------------------------------------------ files

    /**
     * Writes the table to {@code file} (n-grams sorted, so equal tables give equal files).
     *
     * @throws UncheckedIOException if the file cannot be written
     */
    public void save(Path file) {
        List<String> grams = new ArrayList<>(logProbabilities.keySet());
        grams.sort(null);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(String.format(Locale.ROOT, "%s order=%d classes=%d weight=%s features=%d%s%n", MAGIC, order,
                    numClasses, Double.toString(weight), grams.size(), charOrder > 0 ? " chars=" + charOrder : ""));
            StringBuilder line = new StringBuilder();
            for (String gram : grams) {
                line.setLength(0);
                line.append(gram);
                for (float logP : logProbabilities.get(gram)) {
                    line.append('\t').append(logP);
                }
                out.write(line.append('\n').toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a table written by {@link #save(Path)}.
     *
     * @throws DataFormatException naming the file and line: a missing or malformed header, a line
     *     with the wrong number of fields, a value that is not a finite number ≤ 0, a repeated
     *     n-gram, fewer or more lines than the header says, bytes that are not UTF-8
     * @throws UncheckedIOException if the file cannot be read
     */
    public static NgramNaiveBayes load(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                throw new DataFormatException(file, 1, "empty file; expected the header line \"" + MAGIC
                        + " order=N classes=C weight=W features=F\"");
            }
            Map<String, String> fields = headerFields(file, header);
            int order = headerInt(file, fields, "order", 1, 16);
            int classes = headerInt(file, fields, "classes", 2, 1 << 16);
            int features = headerInt(file, fields, "features", 0, MAX_FEATURES);
            // absent in tables written before the character n-grams existed: word n-grams only
            int charOrder = fields.containsKey("chars") ? headerInt(file, fields, "chars", MIN_CHAR_NGRAM,
                    MAX_CHAR_NGRAM_ORDER) : 0;
            double weight;
            try {
                weight = Double.parseDouble(fields.get("weight"));
            } catch (NumberFormatException e) {
                throw new DataFormatException(file, 1, "weight: expected a number, got \"" + fields.get("weight")
                        + "\"");
            }
            if (!(weight >= 0) || Double.isInfinite(weight)) {
                throw new DataFormatException(file, 1, "weight: expected a finite number >= 0, got " + weight);
            }
            // presized for the n-grams the header promises, but no more than the file's lines could hold (each at
            // least 4 bytes): a lying header cannot make this map large up front
            long fileLines = Files.size(file) / 4;
            Map<String, float[]> table = new HashMap<>((int) Math.max(16, 2 * Math.min(features, fileLines)));
            long lineNumber = 1;
            String line;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (table.size() == features) {
                    throw new DataFormatException(file, lineNumber, "more n-gram lines than the header's features="
                            + features);
                }
                String[] parts = line.split("\t", -1);
                if (parts.length != classes + 1) {
                    throw new DataFormatException(file, lineNumber, "expected an n-gram and " + classes
                            + " tab-separated log-probabilities, got " + parts.length + " fields");
                }
                if (parts[0].isEmpty()) {
                    throw new DataFormatException(file, lineNumber, "empty n-gram");
                }
                float[] logP = new float[classes];
                for (int c = 0; c < classes; c++) {
                    try {
                        logP[c] = Float.parseFloat(parts[c + 1]);
                    } catch (NumberFormatException e) {
                        throw new DataFormatException(file, lineNumber, "field " + (c + 2) + ": expected a number, got \""
                                + parts[c + 1] + "\"");
                    }
                    if (!(logP[c] <= 0) || Float.isInfinite(logP[c])) {
                        throw new DataFormatException(file, lineNumber, "field " + (c + 2)
                                + ": expected a finite log-probability <= 0, got " + parts[c + 1]);
                    }
                }
                if (table.put(parts[0], logP) != null) {
                    throw new DataFormatException(file, lineNumber, "n-gram \"" + parts[0] + "\" appears twice");
                }
            }
            if (table.size() != features) {
                throw new DataFormatException(file, lineNumber, "truncated: the header says features=" + features
                        + " but the file holds " + table.size() + " n-grams");
            }
            return new NgramNaiveBayes(order, charOrder, classes, weight, table);
        } catch (CharacterCodingException e) {
            throw new DataFormatException(file, 0, "not valid UTF-8: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> headerFields(Path file, String header) {
        String[] parts = header.strip().split(" +");
        if (!parts[0].equals(MAGIC)) {
            throw new DataFormatException(file, 1, "not an n-gram table: expected the header to start with \"" + MAGIC
                    + "\", got \"" + abbreviate(header) + "\"");
        }
        Map<String, String> fields = new HashMap<>();
        for (String part : Arrays.copyOfRange(parts, 1, parts.length)) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new DataFormatException(file, 1, "header: expected key=value, got \"" + part + "\"");
            }
            fields.put(part.substring(0, eq), part.substring(eq + 1));
        }
        for (String key : List.of("order", "classes", "weight", "features")) {
            if (!fields.containsKey(key)) {
                throw new DataFormatException(file, 1, "header: missing " + key + "=...");
            }
        }
        return fields;
    }

    private static int headerInt(Path file, Map<String, String> fields, String key, int min, int max) {
        String text = fields.get(key);
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new DataFormatException(file, 1, key + ": expected an integer, got \"" + text + "\"");
        }
        if (value < min || value > max) {
            throw new DataFormatException(file, 1, key + ": expected a value in [" + min + ", " + max + "], got "
                    + value);
        }
        return value;
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }
}
