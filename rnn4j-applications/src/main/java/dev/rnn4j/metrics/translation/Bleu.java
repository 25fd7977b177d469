package dev.rnn4j.metrics.translation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Corpus and sentence BLEU (Papineni et al., 2002) computed exactly as sacreBLEU 2.x computes it
 * (Post, 2018, "A Call for Clarity in Reporting BLEU Scores"), so that a score printed here can be
 * compared with published sacreBLEU scores.
 *
 * <p>The defaults are sacreBLEU's: {@link Tokenizer13a 13a} tokenisation, mixed case,
 * {@link Smoothing#EXP exp} smoothing, maximum n-gram order 4, no effective order. Each segment
 * (hypothesis and references) is lowercased if asked, right-stripped of whitespace and tokenised;
 * n-grams of orders 1..N are counted, hypothesis counts clipped by the maximum count of the
 * n-gram over the segment's references. The statistics are summed over the corpus, then
 * <pre>
 *   p_n  = 100 · matches_n / total_n                (smoothed when matches_n = 0, see Smoothing)
 *   BP   = 1 if c ≥ r, exp(1 − r/c) if 0 &lt; c &lt; r, 0 if c = 0
 *   BLEU = BP · exp( (1/N) Σ_{n=1..N} log p_n )     (log 0 taken as −9999999999)
 * </pre>
 * where c is the hypothesis length in tokens and r the sum of the per-segment reference lengths
 * closest to the hypothesis length (the shorter on a tie). A corpus with no matching unigram
 * (nor any other n-gram) scores 0. With effective order, N shrinks to the highest order with at
 * least one hypothesis n-gram, which sentence-level BLEU usually wants.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Bleu {

    /**
     * Smoothing of zero n-gram precisions (Chen and Cherry, 2014, "A Systematic Comparison of
     * Smoothing Techniques for Sentence-Level BLEU").
     */
    public enum Smoothing {
        /** No smoothing: a zero precision makes BLEU 0. */
        NONE("none", Double.NaN),
        /** Method 1: a zero precision becomes 100 · value / total_n (value 0.1 by default). */
        FLOOR("floor", 0.1),
        /** Method 2: orders n ≥ 2 get value (1 by default) added to matches and totals. */
        ADD_K("add-k", 1),
        /** Method 3, NIST's (mteval-v13a.pl): the k-th zero precision becomes 100 / (2^k · total_n). */
        EXP("exp", Double.NaN);

        private final String sacreBleuName;
        private final double defaultValue;

        Smoothing(String sacreBleuName, double defaultValue) {
            this.sacreBleuName = sacreBleuName;
            this.defaultValue = defaultValue;
        }

        /** The name sacreBLEU uses ({@code --smooth-method}). */
        public String sacreBleuName() {
            return sacreBleuName;
        }

        /** The value used when none is given, NaN for methods without a value. */
        public double defaultValue() {
            return defaultValue;
        }
    }

    /** sacreBLEU's maximum n-gram order. */
    public static final int DEFAULT_MAX_NGRAM_ORDER = 4;

    private static final double LOG_ZERO = -9999999999.0;

    private final boolean lowercase;
    private final Smoothing smoothing;
    private final double smoothValue;
    private final boolean effectiveOrder;
    private final int maxNgramOrder;
    private final Tokenizer13a tokenizer = new Tokenizer13a();

    private Bleu(Builder b) {
        this.lowercase = b.lowercase;
        this.smoothing = b.smoothing;
        this.smoothValue = Double.isNaN(b.smoothValue) ? b.smoothing.defaultValue() : b.smoothValue;
        this.effectiveOrder = b.effectiveOrder;
        this.maxNgramOrder = b.maxNgramOrder;
    }

    /** sacreBLEU's default BLEU: 13a, mixed case, exp smoothing, order 4. */
    public static Bleu sacreBleuDefault() {
        return builder().build();
    }

    /** sacreBLEU's {@code --lowercase} BLEU (otherwise the defaults). */
    public static Bleu lowercased() {
        return builder().lowercase(true).build();
    }

    /** A builder starting from sacreBLEU's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Corpus BLEU.
     *
     * @param hypotheses one detokenised hypothesis per segment; none null
     * @param referenceStreams one or more reference streams, each with one reference per segment
     *     (a {@code null} entry means the segment has no reference in that stream; every segment
     *     needs at least one)
     * @return the score with its statistics and signature
     * @throws IllegalArgumentException if a stream's length differs from the number of
     *     hypotheses, or an argument is null
     */
    public BleuScore corpusScore(List<String> hypotheses, List<? extends List<String>> referenceStreams) {
        List<List<String>> segments = ReferenceStreams.bySegment(hypotheses, referenceStreams);
        int order = maxNgramOrder;
        long[] matches = new long[order];
        long[] totals = new long[order];
        long hypLength = 0;
        long refLength = 0;
        for (int i = 0; i < hypotheses.size(); i++) {
            List<String> hypTokens = PythonText.split(preprocess(hypotheses.get(i)));
            List<Map<List<String>, Integer>> maxRefCounts = new ArrayList<>(order);
            for (int n = 0; n < order; n++) {
                maxRefCounts.add(new HashMap<>());
            }
            List<Integer> refLengths = new ArrayList<>();
            for (String ref : segments.get(i)) {
                List<String> refTokens = PythonText.split(preprocess(ref));
                refLengths.add(refTokens.size());
                for (int n = 1; n <= order; n++) {
                    for (Map.Entry<List<String>, Integer> e : ngramCounts(refTokens, n).entrySet()) {
                        maxRefCounts.get(n - 1).merge(e.getKey(), e.getValue(), Math::max);
                    }
                }
            }
            hypLength += hypTokens.size();
            refLength += closestReferenceLength(hypTokens.size(), refLengths);
            for (int n = 1; n <= order; n++) {
                Map<List<String>, Integer> refCounts = maxRefCounts.get(n - 1);
                for (Map.Entry<List<String>, Integer> e : ngramCounts(hypTokens, n).entrySet()) {
                    totals[n - 1] += e.getValue();
                    Integer refCount = refCounts.get(e.getKey());
                    if (refCount != null) {
                        matches[n - 1] += Math.min(e.getValue(), refCount);
                    }
                }
            }
        }
        String signature = signature(ReferenceStreams.numberOfReferences(segments, referenceStreams.size()));
        return fromStatistics(matches, totals, hypLength, refLength, signature);
    }

    /**
     * Sentence BLEU: the corpus score of one segment. sacreBLEU recommends effective order for it
     * ({@link Builder#effectiveOrder(boolean)}).
     *
     * @param hypothesis the hypothesis
     * @param references its references, at least one, none null
     */
    public BleuScore sentenceScore(String hypothesis, List<String> references) {
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
        if (hypothesis == null) {
            throw new IllegalArgumentException("hypothesis must not be null");
        }
        return corpusScore(List.of(hypothesis), streams);
    }

    /**
     * The signature sacreBLEU prints for this configuration, e.g.
     * {@code nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:rnn4j-0.1.0}; the version field
     * names rnn4j, the other fields mean what they mean in sacreBLEU.
     *
     * @param numberOfReferences references per segment, or "var"
     */
    public String signature(String numberOfReferences) {
        String smooth = smoothing.sacreBleuName();
        if (!Double.isNaN(smoothing.defaultValue())) {
            smooth += "[" + PythonText.fixed(smoothValue, 2) + "]";
        }
        return "nrefs:" + numberOfReferences + "|case:" + (lowercase ? "lc" : "mixed")
                + "|eff:" + (effectiveOrder ? "yes" : "no") + "|tok:" + Tokenizer13a.SIGNATURE
                + "|smooth:" + smooth + "|version:" + ReferenceStreams.version();
    }

    /** sacreBLEU's {@code _preprocess_segment}: lowercase if asked, rstrip, tokenise. */
    private String preprocess(String segment) {
        String s = lowercase ? PythonText.lower(segment) : segment;
        return tokenizer.tokenize(PythonText.rstrip(s));
    }

    private static Map<List<String>, Integer> ngramCounts(List<String> tokens, int n) {
        Map<List<String>, Integer> counts = new HashMap<>();
        for (int i = 0; i + n <= tokens.size(); i++) {
            counts.merge(tokens.subList(i, i + n), 1, Integer::sum);
        }
        return counts;
    }

    /** The reference length closest to the hypothesis length; the shorter one on a tie. */
    static int closestReferenceLength(int hypLength, List<Integer> refLengths) {
        int closestDiff = -1;
        int closest = -1;
        for (int refLength : refLengths) {
            int diff = Math.abs(hypLength - refLength);
            if (closestDiff == -1 || diff < closestDiff) {
                closestDiff = diff;
                closest = refLength;
            } else if (diff == closestDiff && refLength < closest) {
                closest = refLength;
            }
        }
        return closest;
    }

    /** sacreBLEU's {@code compute_bleu} on corpus statistics, same operations in the same order. */
    private BleuScore fromStatistics(long[] matchCounts, long[] totalCounts, long sysLen, long refLen,
            String signature) {
        int order = maxNgramOrder;
        double[] correct = new double[order];
        double[] total = new double[order];
        boolean anyMatch = false;
        for (int n = 0; n < order; n++) {
            correct[n] = matchCounts[n];
            total[n] = totalCounts[n];
            anyMatch |= matchCounts[n] != 0;
        }
        double bp = 1.0;
        if (sysLen < refLen) {
            bp = sysLen > 0 ? Math.exp(1 - (double) refLen / sysLen) : 0.0;
        }
        double[] precisions = new double[order];
        if (!anyMatch) {
            return new BleuScore(0.0, correct, total, precisions, bp, sysLen, refLen, signature);
        }
        double smoothMteval = 1.0;
        int effOrder = order;
        for (int n = 1; n <= order; n++) {
            if (smoothing == Smoothing.ADD_K && n > 1) {
                correct[n - 1] += smoothValue;
                total[n - 1] += smoothValue;
            }
            if (total[n - 1] == 0) {
                break;
            }
            if (effectiveOrder) {
                effOrder = n;
            }
            if (correct[n - 1] == 0) {
                if (smoothing == Smoothing.EXP) {
                    smoothMteval *= 2;
                    precisions[n - 1] = 100.0 / (smoothMteval * total[n - 1]);
                } else if (smoothing == Smoothing.FLOOR) {
                    precisions[n - 1] = 100.0 * smoothValue / total[n - 1];
                }
            } else {
                precisions[n - 1] = 100.0 * correct[n - 1] / total[n - 1];
            }
        }
        double sumLog = 0;
        for (int n = 0; n < effOrder; n++) {
            sumLog += precisions[n] == 0.0 ? LOG_ZERO : Math.log(precisions[n]);
        }
        double score = bp * Math.exp(sumLog / effOrder);
        return new BleuScore(score, correct, total, precisions, bp, sysLen, refLen, signature);
    }

    /** Options of {@link Bleu}, starting from sacreBLEU's defaults. */
    public static final class Builder {
        private boolean lowercase;
        private Smoothing smoothing = Smoothing.EXP;
        private double smoothValue = Double.NaN;
        private boolean effectiveOrder;
        private int maxNgramOrder = DEFAULT_MAX_NGRAM_ORDER;

        private Builder() {
        }

        /** Lowercase hypotheses and references first ({@code case:lc}); default false. */
        public Builder lowercase(boolean lowercase) {
            this.lowercase = lowercase;
            return this;
        }

        /** The smoothing method with its default value; default {@link Smoothing#EXP}. */
        public Builder smoothing(Smoothing smoothing) {
            if (smoothing == null) {
                throw new IllegalArgumentException("smoothing must not be null");
            }
            this.smoothing = smoothing;
            this.smoothValue = Double.NaN;
            return this;
        }

        /** The smoothing method with a value (for {@code FLOOR} and {@code ADD_K} only). */
        public Builder smoothing(Smoothing smoothing, double value) {
            smoothing(smoothing);
            if (Double.isNaN(smoothing.defaultValue())) {
                throw new IllegalArgumentException("smoothing " + smoothing + " takes no value, got " + value);
            }
            if (!(value >= 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("smoothing value must be finite and >= 0, got " + value);
            }
            this.smoothValue = value;
            return this;
        }

        /** Average only over the orders the hypotheses reach ({@code eff:yes}); default false. */
        public Builder effectiveOrder(boolean effectiveOrder) {
            this.effectiveOrder = effectiveOrder;
            return this;
        }

        /** The maximum n-gram order N; default 4. */
        public Builder maxNgramOrder(int maxNgramOrder) {
            if (maxNgramOrder < 1) {
                throw new IllegalArgumentException("maxNgramOrder must be >= 1, got " + maxNgramOrder);
            }
            this.maxNgramOrder = maxNgramOrder;
            return this;
        }

        public Bleu build() {
            return new Bleu(this);
        }
    }
}
