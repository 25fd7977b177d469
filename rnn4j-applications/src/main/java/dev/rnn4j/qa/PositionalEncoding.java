package dev.rnn4j.qa;

import dev.rnn4j.tensor.DType;
import dev.rnn4j.tensor.Ops;
import dev.rnn4j.tensor.Tensor;

/**
 * The positional-encoding sentence encoder of End-to-End Memory Networks (Sukhbaatar et al. 2015, section 4.1),
 * which DMN+ uses (Xiong et al. 2016): a sentence of M words with vectors w_1..w_M is
 * <pre>{@code
 * f = Σ_j l_j ∘ w_j,    l_jd = (1 − j/M) − (d/D)(1 − 2j/M),   j = 1..M, d = 1..D
 * }</pre>
 * so, unlike a bag of words, the order of the words matters. Built from {@link Ops#mul} and {@link Ops#sumDim}
 * with a constant weight tensor, so its gradient is theirs.
 */
public final class PositionalEncoding {

    private PositionalEncoding() {
    }

    /**
     * The weights l for a batch of sentences.
     *
     * @param wordCounts (N) words per sentence (M), 0 for an empty sentence
     * @param words      W >= every count, the padded sentence length
     * @param dim        D
     * @return (N, W, D), zero past each sentence's length
     */
    public static Tensor weights(int[] wordCounts, int words, int dim, DType dtype) {
        Tensor out = Tensor.zeros(dtype, wordCounts.length, words, dim);
        for (int n = 0; n < wordCounts.length; n++) {
            int m = wordCounts[n];
            for (int j = 1; j <= m; j++) {
                for (int d = 1; d <= dim; d++) {
                    double l = (1 - (double) j / m) - ((double) d / dim) * (1 - 2.0 * j / m);
                    out.setFlat(((n * words) + j - 1) * dim + d - 1, l);
                }
            }
        }
        return out;
    }

    /**
     * Encodes sentences.
     *
     * @param embedded   (N, W, D) word vectors, padding positions anything (they are weighted by 0)
     * @param wordCounts (N) words per sentence
     * @return (N, D)
     */
    public static Tensor encode(Tensor embedded, int[] wordCounts) {
        if (embedded == null || embedded.rank() != 3 || wordCounts == null || wordCounts.length != embedded.size(0)) {
            throw new IllegalArgumentException("positional encoding: expected word vectors (N, W, D) and N word"
                    + " counts, got " + (embedded == null ? "null" : dev.rnn4j.tensor.Shape.str(embedded.shape()))
                    + " and " + (wordCounts == null ? "null" : wordCounts.length + " counts"));
        }
        int w = embedded.size(1);
        for (int i = 0; i < wordCounts.length; i++) {
            if (wordCounts[i] < 0 || wordCounts[i] > w) {
                throw new IllegalArgumentException("positional encoding: word count " + wordCounts[i] + " of sentence "
                        + i + " is outside 0.." + w);
            }
        }
        Tensor l = weights(wordCounts, w, embedded.size(2), embedded.dtype());
        return Ops.sumDim(Ops.mul(embedded, l), 1);
    }
}
