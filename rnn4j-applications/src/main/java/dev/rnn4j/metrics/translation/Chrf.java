package dev.rnn4j.metrics.translation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * chrF (Popović, 2015) and chrF++ (Popović, 2017) computed exactly as sacreBLEU 2.x computes them.
 *
 * <p>The default is sacreBLEU's chrF2: character n-grams of orders 1..6 (whitespace removed
 * first), no word n-grams, β = 2, mixed case, effective-order averaging ({@code eff:yes}). Per
 * segment, each reference yields [hypothesis, reference, matched] n-gram counts per order (the
 * hypothesis count is 0 when the reference has no n-gram of that order), and the reference with
 * the best sentence-level F-score is kept (the first on a tie). Summed over the corpus, the
 * precision P_n = matched/hyp and recall R_n = matched/ref are averaged over the orders where
 * both hypothesis and reference have n-grams, and
 * <pre>
 *   chrF_β = 100 · (1 + β²) · P · R / (β² · P + R)      (0 when P + R = 0)
 * </pre>
 * With {@link Builder#epsSmoothing(boolean) eps smoothing} (the chrF++.py/NLTK/Moses variant) the
 * per-order F-scores are averaged instead, with 1e-16 standing in for undefined terms.
 *
 * <p>Text is compared by Unicode code points, as Python strings are. Immutable and thread-safe.
 */
public final class Chrf {

    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    private static final double EPS = 1e-16;

    private final int charOrder;
    private final int wordOrder;
    private final int beta;
    private final boolean lowercase;
    private final boolean whitespace;
    private final boolean epsSmoothing;

    private Chrf(Builder b) {
        this.charOrder = b.charOrder;
        this.wordOrder = b.wordOrder;
        this.beta = b.beta;
        this.lowercase = b.lowercase;
        this.whitespace = b.whitespace;
        this.epsSmoothing = b.epsSmoothing;
    }

    /** sacreBLEU's default chrF2 (character order 6, word order 0, β = 2). */
    public static Chrf sacreBleuDefault() {
        return builder().build();
    }

    /** A builder starting from sacreBLEU's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Corpus chrF.
     *
     * @param hypotheses one hypothesis per segment; none null
     * @param referenceStreams as for {@link Bleu#corpusScore(List, List)}
     * @throws IllegalArgumentException as for {@link Bleu#corpusScore(List, List)}
     */
    public ChrfScore corpusScore(List<String> hypotheses, List<? extends List<String>> referenceStreams) {
        List<List<String>> segments = ReferenceStreams.bySegment(hypotheses, referenceStreams);
        int order = charOrder + wordOrder;
        long[] sums = new long[3 * order];
        for (int i = 0; i < hypotheses.size(); i++) {
            List<Map<String, Integer>> hypNgrams = ngrams(preprocess(hypotheses.get(i)));
            long[] best = null;
            double bestF = -1.0;
            for (String ref : segments.get(i)) {
                List<Map<String, Integer>> refNgrams = ngrams(preprocess(ref));
                long[] stats = new long[3 * order];
                for (int n = 0; n < order; n++) {
                    matchStatistics(hypNgrams.get(n), refNgrams.get(n), stats, 3 * n);
                }
                double f = fScore(stats);
                if (f > bestF) {
                    bestF = f;
                    best = stats;
                }
            }
            for (int k = 0; k < sums.length; k++) {
                sums[k] += best[k];
            }
        }
        String nrefs = ReferenceStreams.numberOfReferences(segments, referenceStreams.size());
        return new ChrfScore("chrF" + beta + "+".repeat(wordOrder), fScore(sums), signature(nrefs));
    }

    /** Sentence chrF: the corpus score of one segment. */
    public ChrfScore sentenceScore(String hypothesis, List<String> references) {
        if (hypothesis == null) {
            throw new IllegalArgumentException("hypothesis must not be null");
        }
        if (references == null || references.isEmpty()) {
            throw new IllegalArgumentException("references must hold at least one reference, got "
                    + (references == null ? "null" : "none"));
        }
        List<List<String>> streams = new ArrayList<>();
        for (int i = 0; i < references.size(); i++) {
            if (references.get(i) == null) {
                throw new IllegalArgumentException("references[" + i + "] is null");
            }
            streams.add(List.of(references.get(i)));
        }
        return corpusScore(List.of(hypothesis), streams);
    }

    /** sacreBLEU's chrF signature, e.g. {@code nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:rnn4j-0.1.0}. */
    public String signature(String numberOfReferences) {
        return "nrefs:" + numberOfReferences + "|case:" + (lowercase ? "lc" : "mixed")
                + "|eff:" + (epsSmoothing ? "no" : "yes") + "|nc:" + charOrder + "|nw:" + wordOrder
                + "|space:" + (whitespace ? "yes" : "no") + "|version:" + ReferenceStreams.version();
    }

    private String preprocess(String segment) {
        return lowercase ? PythonText.lower(segment) : segment;
    }

    /** Character n-gram counts of orders 1..charOrder, then word n-gram counts of orders 1..wordOrder. */
    private List<Map<String, Integer>> ngrams(String segment) {
        List<Map<String, Integer>> all = new ArrayList<>(charOrder + wordOrder);
        String line = whitespace ? segment : String.join("", PythonText.split(segment));
        int[] cps = line.codePoints().toArray();
        for (int n = 1; n <= charOrder; n++) {
            Map<String, Integer> counts = new HashMap<>();
            for (int i = 0; i + n <= cps.length; i++) {
                counts.merge(new String(cps, i, n), 1, Integer::sum);
            }
            all.add(counts);
        }
        if (wordOrder > 0) {
            List<String> words = splitPunctuation(segment);
            for (int n = 1; n <= wordOrder; n++) {
                Map<String, Integer> counts = new HashMap<>();
                for (int i = 0; i + n <= words.size(); i++) {
                    counts.merge(String.join(" ", words.subList(i, i + n)), 1, Integer::sum);
                }
                all.add(counts);
            }
        }
        return all;
    }

    /** chrF++'s word split: one ASCII punctuation mark is cut off the end of a word, else off its start. */
    private static List<String> splitPunctuation(String segment) {
        List<String> tokens = new ArrayList<>();
        for (String w : PythonText.split(segment)) {
            int length = w.codePointCount(0, w.length());
            if (length == 1) {
                tokens.add(w);
                continue;
            }
            int last = w.codePointBefore(w.length());
            int first = w.codePointAt(0);
            if (PUNCTUATION.indexOf(last) >= 0) {
                int cut = w.length() - Character.charCount(last);
                tokens.add(w.substring(0, cut));
                tokens.add(w.substring(cut));
            } else if (PUNCTUATION.indexOf(first) >= 0) {
                tokens.add(w.substring(0, 1));
                tokens.add(w.substring(1));
            } else {
                tokens.add(w);
            }
        }
        return tokens;
    }

    /** Writes [hyp count (0 if the reference has none), ref count, matches] at {@code out[at..at+2]}. */
    private static void matchStatistics(Map<String, Integer> hyp, Map<String, Integer> ref, long[] out, int at) {
        long matches = 0;
        long hypCount = 0;
        for (Map.Entry<String, Integer> e : hyp.entrySet()) {
            hypCount += e.getValue();
            Integer r = ref.get(e.getKey());
            if (r != null) {
                matches += Math.min(e.getValue(), r);
            }
        }
        long refCount = 0;
        for (int c : ref.values()) {
            refCount += c;
        }
        out[at] = ref.isEmpty() ? 0 : hypCount;
        out[at + 1] = refCount;
        out[at + 2] = matches;
    }

    /** sacreBLEU's {@code _compute_f_score}, same operations in the same order. */
    private double fScore(long[] stats) {
        int order = charOrder + wordOrder;
        double factor = (double) beta * beta;
        double score = 0.0;
        double avgPrec = 0.0;
        double avgRec = 0.0;
        int effective = 0;
        for (int i = 0; i < order; i++) {
            long nHyp = stats[3 * i];
            long nRef = stats[3 * i + 1];
            long nMatch = stats[3 * i + 2];
            double prec = nHyp > 0 ? (double) nMatch / nHyp : EPS;
            double rec = nRef > 0 ? (double) nMatch / nRef : EPS;
            double denom = factor * prec + rec;
            score += denom > 0 ? (1 + factor) * prec * rec / denom : EPS;
            if (nHyp > 0 && nRef > 0) {
                avgPrec += prec;
                avgRec += rec;
                effective++;
            }
        }
        if (epsSmoothing) {
            return 100 * score / order;
        }
        if (effective == 0) {
            avgPrec = 0.0;
            avgRec = 0.0;
        } else {
            avgPrec /= effective;
            avgRec /= effective;
        }
        if (avgPrec + avgRec != 0) {
            double f = (1 + factor) * avgPrec * avgRec;
            f /= (factor * avgPrec) + avgRec;
            return 100 * f;
        }
        return 0.0;
    }

    /** Options of {@link Chrf}, starting from sacreBLEU's defaults. */
    public static final class Builder {
        private int charOrder = 6;
        private int wordOrder = 0;
        private int beta = 2;
        private boolean lowercase;
        private boolean whitespace;
        private boolean epsSmoothing;

        private Builder() {
        }

        /** Character n-gram order; default 6. */
        public Builder charOrder(int charOrder) {
            if (charOrder < 1) {
                throw new IllegalArgumentException("charOrder must be >= 1, got " + charOrder);
            }
            this.charOrder = charOrder;
            return this;
        }

        /** Word n-gram order; default 0 (chrF), 2 gives chrF++. */
        public Builder wordOrder(int wordOrder) {
            if (wordOrder < 0) {
                throw new IllegalArgumentException("wordOrder must be >= 0, got " + wordOrder);
            }
            this.wordOrder = wordOrder;
            return this;
        }

        /** Weight of recall against precision; default 2. */
        public Builder beta(int beta) {
            if (beta < 1) {
                throw new IllegalArgumentException("beta must be >= 1, got " + beta);
            }
            this.beta = beta;
            return this;
        }

        /** Lowercase first; default false. */
        public Builder lowercase(boolean lowercase) {
            this.lowercase = lowercase;
            return this;
        }

        /** Keep whitespace in character n-grams; default false. */
        public Builder whitespace(boolean whitespace) {
            this.whitespace = whitespace;
            return this;
        }

        /** Average per-order F-scores with epsilon smoothing ({@code eff:no}); default false. */
        public Builder epsSmoothing(boolean epsSmoothing) {
            this.epsSmoothing = epsSmoothing;
            return this;
        }

        public Chrf build() {
            return new Chrf(this);
        }
    }
}
