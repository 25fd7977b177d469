package dev.rnn4j.qa;

import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.tensor.DType;
import dev.rnn4j.tensor.Node;
import dev.rnn4j.tensor.Ops;
import dev.rnn4j.tensor.Tensor;

/**
 * The positional-encoding sentence encoder of End-to-End Memory Networks (Sukhbaatar et al. 2015, section 4.1),
 * which DMN+ uses (Xiong et al. 2016): a sentence of M words with vectors w_1..w_M is
 * <pre>{@code
 * f = Σ_j l_j ∘ w_j,    l_jd = (1 − j/M) − (d/D)(1 − 2j/M),   j = 1..M, d = 1..D
 * }</pre>
 * so, unlike a bag of words, the order of the words matters. {@link #encode} is built from {@link Ops#mul} and
 * {@link Ops#sumDim} with a constant weight tensor, so its gradient is theirs; {@link #encodeWords} looks the
 * words up and encodes them in one operation, which DMN+ uses.
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
                    out.setFlat(((n * words) + j - 1) * dim + d - 1, weight(j, m, d, dim));
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

    /**
     * Looks the words up and encodes the sentences in one autograd operation, without the (N, W, D) word vectors
     * of {@link #encode}: {@code f_n = Σ_j l_j ∘ E[ids_nj]}, and backward adds {@code l_j ∘ df_n} into row
     * {@code ids_nj} of E's gradient (the padding row gets none, as {@link dev.rnn4j.nn.Embedding}'s).
     *
     * @param embedding  (V, D) word vectors
     * @param ids        (N, W) word ids, each in 0..V−1 for the first {@code wordCounts[n]} of row n (the rest
     *                   is not read)
     * @param wordCounts (N) words per sentence, each in 0..W
     * @param paddingId  the word id whose row gets no gradient, or −1
     * @return (N, D), the same as {@code encode(embedding lookup of ids, wordCounts)}
     */
    public static Tensor encodeWords(Tensor embedding, int[] ids, int[] wordCounts, int paddingId) {
        if (embedding == null || embedding.rank() != 2 || ids == null || wordCounts == null || wordCounts.length == 0
                || ids.length % wordCounts.length != 0) {
            throw new IllegalArgumentException("positional encoding: expected word vectors (V, D), ids (N, W) and N"
                    + " word counts, got "
                    + (embedding == null ? "null" : dev.rnn4j.tensor.Shape.str(embedding.shape())) + ", "
                    + (ids == null ? "null" : ids.length + " ids") + " and "
                    + (wordCounts == null ? "null" : wordCounts.length + " counts"));
        }
        int n = wordCounts.length;
        int w = ids.length / n;
        int v = embedding.size(0);
        int dim = embedding.size(1);
        for (int s = 0; s < n; s++) {
            if (wordCounts[s] < 0 || wordCounts[s] > w) {
                throw new IllegalArgumentException("positional encoding: word count " + wordCounts[s] + " of sentence "
                        + s + " is outside 0.." + w);
            }
            for (int j = 0; j < wordCounts[s]; j++) {
                if (ids[s * w + j] < 0 || ids[s * w + j] >= v) {
                    throw new IllegalArgumentException("positional encoding: word id " + ids[s * w + j] + " of"
                            + " sentence " + s + " is outside 0.." + (v - 1));
                }
            }
        }
        double[] out = new double[n * dim];
        double[] table = embedding.toDoubleArray();
        for (int s = 0; s < n; s++) {
            int m = wordCounts[s];
            for (int j = 1; j <= m; j++) {
                int row = ids[s * w + j - 1] * dim;
                for (int d = 1; d <= dim; d++) {
                    out[s * dim + d - 1] += weight(j, m, d, dim) * table[row + d - 1];
                }
            }
        }
        Tensor result = Tensor.of(out, n, dim).to(embedding.dtype());
        return Autograd.record(new Node(embedding) {
            @Override
            public String name() {
                return "positional_encoding";
            }

            @Override
            protected void backward(Tensor[] g) {
                Tensor grad = gradOf(input(0));
                double[] dOut = g[0].toDoubleArray();
                float[] gradF = grad.f();
                double[] gradD = grad.d();
                for (int s = 0; s < n; s++) {
                    int m = wordCounts[s];
                    for (int j = 1; j <= m; j++) {
                        int id = ids[s * w + j - 1];
                        if (id == paddingId) {
                            continue;
                        }
                        for (int d = 1; d <= dim; d++) {
                            double add = weight(j, m, d, dim) * dOut[s * dim + d - 1];
                            if (gradF != null) {
                                gradF[id * dim + d - 1] += (float) add;
                            } else {
                                gradD[id * dim + d - 1] += add;
                            }
                        }
                    }
                }
            }
        }, result);
    }

    // l_jd for word j of M, dimension d of D (both from 1)
    private static double weight(int j, int m, int d, int dim) {
        return (1 - (double) j / m) - ((double) d / dim) * (1 - 2.0 * j / m);
    }
}
