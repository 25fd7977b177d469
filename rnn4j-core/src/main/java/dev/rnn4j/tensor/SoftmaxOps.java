package dev.rnn4j.tensor;

/**
 * Softmax and log-softmax along the last dimension with an optional {@link Mask}, as attention
 * needs them.
 *
 * <p>Masked positions behave exactly as PyTorch's {@code scores.masked_fill(mask == 0, -1e10)}
 * followed by {@code softmax(dim=-1)} (the convention of the common attention tutorials and of the
 * seq2seq golden cases): each masked score is replaced by {@value #MASKED_SCORE} before a stable
 * softmax over the whole row. Consequences, for scores above −1e10 (any finite score in practice):
 * <ul>
 *   <li>a masked position gets probability exactly 0, and log-probability {@code −1e10 − logsumexp}
 *       of the kept scores (finite, so a later {@code 0 · logp} stays 0, unlike with {@code −inf});</li>
 *   <li>a masked position gets no gradient (masked_fill's backward), while the gradient that
 *       reaches its log-probability still flows, through the normaliser, into the kept positions;</li>
 *   <li>a <em>fully masked row</em> does not produce NaN: every score of the row is −1e10, so the row
 *       becomes the uniform distribution 1/S (log-probabilities −log S), exactly as in PyTorch with
 *       −1e10, and its scores get zero gradient. (PyTorch with {@code −inf} instead gives NaN.) A
 *       caller that wants such rows to be an error checks its lengths for zeros first.</li>
 * </ul>
 * Without a mask both are the ordinary {@code torch.softmax(x, -1)} / {@code log_softmax(x, -1)}.
 * A NaN score propagates to its row, as in PyTorch.
 *
 * <p>Softmax along any dimension, without a mask, is {@link Ops#softmax}; its implementation lives
 * here too ({@code alongDim}).
 */
public final class SoftmaxOps {

    /** The score a masked position is replaced by, as in {@code masked_fill(mask == 0, -1e10)}. */
    public static final double MASKED_SCORE = -1e10;

    private SoftmaxOps() {
    }

    /**
     * {@code torch.softmax(input.masked_fill(~mask, -1e10), dim=-1)}.
     *
     * @param input (..., S) scores, S ≥ 1
     * @param mask  broadcastable to {@code input}'s shape ({@code true} = keep), or null for none
     * @return (..., S) probabilities, each row summing to 1
     */
    public static Tensor softmax(Tensor input, Mask mask) {
        return lastDim("softmax", input, mask, false);
    }

    /**
     * {@code torch.log_softmax(input.masked_fill(~mask, -1e10), dim=-1)}.
     *
     * @param input (..., S) scores, S ≥ 1
     * @param mask  broadcastable to {@code input}'s shape ({@code true} = keep), or null for none
     * @return (..., S) log-probabilities
     */
    public static Tensor logSoftmax(Tensor input, Mask mask) {
        return lastDim("log_softmax", input, mask, true);
    }

    private static Tensor lastDim(String name, Tensor input, Mask mask, boolean log) {
        int[] shape = input.shape();
        if (shape.length == 0 || shape[shape.length - 1] == 0) {
            throw new IllegalArgumentException(name + ": expected input of shape (..., S) with S ≥ 1, got "
                    + Shape.str(shape));
        }
        int len = shape[shape.length - 1];
        int rows = input.numel() / len;
        int[] maskRows = mask == null ? null : mask.rowOffsets(name, shape);
        int maskStep = mask == null ? 0 : mask.rowStride(shape);
        Tensor out = input.zerosLike();
        for (int r = 0; r < rows; r++) {
            int base = r * len;
            double max = Double.NEGATIVE_INFINITY;
            for (int l = 0; l < len; l++) {
                max = Math.max(max, score(input, base + l, mask, maskRows, r, maskStep, l));
            }
            double sum = 0;
            for (int l = 0; l < len; l++) {
                sum += Math.exp(score(input, base + l, mask, maskRows, r, maskStep, l) - max);
            }
            double logSum = Math.log(sum);
            for (int l = 0; l < len; l++) {
                // (x − max) first: with max = −1e10 (a fully masked row) x − (max + logSum) would lose digits
                double ls = (score(input, base + l, mask, maskRows, r, maskStep, l) - max) - logSum;
                out.setFlat(base + l, log ? ls : Math.exp(ls));
            }
        }
        return Autograd.record(new Node(input) {
            @Override
            public String name() {
                return name;
            }

            @Override
            protected void backward(Tensor[] g) {
                Tensor go = g[0];
                Tensor gi = gradOf(input(0));
                for (int r = 0; r < rows; r++) {
                    int base = r * len;
                    double dot = 0;
                    for (int l = 0; l < len; l++) {
                        dot += log ? go.getFlat(base + l) : go.getFlat(base + l) * out.getFlat(base + l);
                    }
                    for (int l = 0; l < len; l++) {
                        if (mask != null && !mask.keepsFlat(maskRows[r] + l * maskStep)) {
                            continue; // masked_fill passes no gradient to the positions it filled
                        }
                        int i = base + l;
                        double y = out.getFlat(i);
                        double d = log ? go.getFlat(i) - Math.exp(y) * dot : y * (go.getFlat(i) - dot);
                        gi.setFlat(i, gi.getFlat(i) + d);
                    }
                }
            }
        }, out);
    }

    /** The score softmax sees at flat index i (position l of row r): the input's, or −1e10 when masked. */
    private static double score(Tensor input, int i, Mask mask, int[] maskRows, int r, int maskStep, int l) {
        return mask == null || mask.keepsFlat(maskRows[r] + l * maskStep) ? input.getFlat(i) : MASKED_SCORE;
    }

    /** {@link Ops#softmax}: softmax (or log-softmax) along {@code dim}, computed stably. */
    static Tensor alongDim(Tensor a, int dim, boolean log) {
        int[] shape = a.shape();
        int dm = Shape.dim(dim, shape.length);
        int outer = Shape.prod(shape, 0, dm);
        int len = shape[dm];
        int inner = Shape.prod(shape, dm + 1, shape.length);
        Tensor out = a.zerosLike();
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * len * inner + i;
                double max = Double.NEGATIVE_INFINITY;
                for (int l = 0; l < len; l++) {
                    max = Math.max(max, a.getFlat(base + l * inner));
                }
                double sum = 0;
                for (int l = 0; l < len; l++) {
                    sum += Math.exp(a.getFlat(base + l * inner) - max);
                }
                double logSum = Math.log(sum) + max;
                for (int l = 0; l < len; l++) {
                    double ls = a.getFlat(base + l * inner) - logSum;
                    out.setFlat(base + l * inner, log ? ls : Math.exp(ls));
                }
            }
        }
        return Autograd.record(new Node(a) {
            @Override
            public String name() {
                return log ? "log_softmax" : "softmax";
            }

            @Override
            protected void backward(Tensor[] g) {
                Tensor ga = gradOf(input(0));
                for (int o = 0; o < outer; o++) {
                    for (int i = 0; i < inner; i++) {
                        int base = o * len * inner + i;
                        double dot = 0;
                        for (int l = 0; l < len; l++) {
                            int idx = base + l * inner;
                            dot += log ? g[0].getFlat(idx) : g[0].getFlat(idx) * out.getFlat(idx);
                        }
                        for (int l = 0; l < len; l++) {
                            int idx = base + l * inner;
                            double y = out.getFlat(idx);
                            double gi = g[0].getFlat(idx);
                            double d = log ? gi - Math.exp(y) * dot : y * (gi - dot);
                            ga.setFlat(idx, ga.getFlat(idx) + d);
                        }
                    }
                }
            }
        }, out);
    }
}
