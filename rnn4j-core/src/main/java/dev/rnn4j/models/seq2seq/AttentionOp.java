package dev.rnn4j.models.seq2seq;

import dev.rnn4j.kernels.KernelProvider;
import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.tensor.Node;
import dev.rnn4j.tensor.Tensor;

/**
 * One attention read as a single autograd node: the scores of every query row against its memory
 * row, the masked softmax and the context, {@code context[b] = Σ_j w[b, j] · values[m_b, j]}.
 *
 * <p>Scores: additive {@code e_j = v · tanh(keys[m_b, j] + query[b])} (query and keys already
 * projected), or a dot product {@code e_j = query[b] · keys[m_b, j]}. Positions {@code j ≥ lengths[m_b]}
 * behave as PyTorch's {@code masked_fill(mask == 0, -1e10)} before the softmax: with at least one
 * position kept their weight is exactly 0 and they pass no gradient. Arithmetic is in double,
 * results in the inputs' dtype.
 *
 * <p>Query row b reads memory row {@code m_b = rows[b]} (or b when {@code rows} is null), so beam
 * search reorders and repeats decoder states without copying the memory. Nothing of size
 * (B, S, A) is kept or allocated: the additive energies of one row at a time go through one
 * (S, A) scratch array and the kernels' vectorised tanh, and backward recomputes them, so a
 * teacher-forced pass over T steps holds no T·B·S·A activations. Callers validate shapes.
 */
final class AttentionOp {

    private AttentionOp() {
    }

    /**
     * @param query   (B, A): the projected query (additive) or the query (dot products)
     * @param keys    (M, S, A)
     * @param values  (M, S, V)
     * @param v       (1, A) the additive score vector, or null for dot-product scores
     * @param rows    the memory row of each query row (B), or null for the identity
     * @param lengths valid positions of each memory row (M), each in 1..S
     * @return {weights (B, S), context (B, V)}
     */
    static Tensor[] attend(Tensor query, Tensor keys, Tensor values, Tensor v, int[] rows, int[] lengths) {
        int batch = query.size(0);
        int width = query.size(1);
        int steps = keys.size(1);
        int valueSize = values.size(2);
        Tensor weights = Tensor.zeros(query.dtype(), batch, steps);
        Tensor context = Tensor.zeros(query.dtype(), batch, valueSize);
        double[] scores = new double[steps];
        Energies energies = v == null ? null : new Energies(query, keys, steps, width);
        for (int b = 0; b < batch; b++) {
            int m = rows == null ? b : rows[b];
            int len = lengths[m];
            if (energies != null) {
                energies.compute(b, m, len);
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < len; j++) {
                scores[j] = v == null ? dot(query, b * width, keys, (m * steps + j) * width, width)
                        : energies.dot(j, v);
                max = Math.max(max, scores[j]);
            }
            double sum = 0;
            for (int j = 0; j < len; j++) {
                scores[j] = Math.exp(scores[j] - max);
                sum += scores[j];
            }
            for (int j = 0; j < len; j++) {
                weights.setFlat(b * steps + j, scores[j] / sum);
                // the stored (rounded) weight, as a product with the weights tensor would read it
                axpy(weights.getFlat(b * steps + j), values, (m * steps + j) * valueSize, context, b * valueSize,
                        valueSize);
            }
        }
        Node node = new Node(query, keys, values, v) {
            @Override
            public String name() {
                return v == null ? "dot_attention" : "additive_attention";
            }

            @Override
            protected void backward(Tensor[] g) {
                Tensor gWeights = g[0];
                Tensor gContext = g[1];
                Tensor dQuery = gradIf(0);
                Tensor dKeys = gradIf(1);
                Tensor dValues = gradIf(2);
                Tensor dV = v == null ? null : gradIf(3);
                double[] dw = new double[steps];
                Energies energies = v == null ? null : new Energies(query, keys, steps, width);
                for (int b = 0; b < batch; b++) {
                    int m = rows == null ? b : rows[b];
                    int len = lengths[m];
                    if (energies != null) {
                        energies.compute(b, m, len); // recomputed rather than kept from the forward pass
                    }
                    double weighted = 0;
                    for (int j = 0; j < len; j++) {
                        int valueOff = (m * steps + j) * valueSize;
                        double wj = weights.getFlat(b * steps + j);
                        double d = gWeights == null ? 0 : gWeights.getFlat(b * steps + j);
                        if (gContext != null) {
                            d += dot(gContext, b * valueSize, values, valueOff, valueSize);
                            if (dValues != null) {
                                axpy(wj, gContext, b * valueSize, dValues, valueOff, valueSize);
                            }
                        }
                        dw[j] = d;
                        weighted += wj * d;
                    }
                    for (int j = 0; j < len; j++) {
                        double dScore = weights.getFlat(b * steps + j) * (dw[j] - weighted);
                        int keyOff = (m * steps + j) * width;
                        if (v == null) {
                            if (dQuery != null) {
                                axpy(dScore, keys, keyOff, dQuery, b * width, width);
                            }
                            if (dKeys != null) {
                                axpy(dScore, query, b * width, dKeys, keyOff, width);
                            }
                        } else {
                            energies.backward(j, dScore, v, dV, dQuery, b * width, dKeys, keyOff);
                        }
                    }
                }
            }

            private Tensor gradIf(int i) {
                return needsGrad(i) ? gradOf(input(i)) : null;
            }
        };
        Autograd.record(node, weights, context);
        return new Tensor[] {weights, context};
    }

    /**
     * The additive energies of one query row against the valid positions of its memory row,
     * {@code e[j·A + i] = tanh(keys[m, j, i] + query[b, i])}, in one scratch array reused for every
     * row: float32 through the kernels' vectorised tanh ({@code rnnActivationForward}), float64 with
     * {@link Math#tanh}.
     */
    private static final class Energies {
        private final Tensor query;
        private final Tensor keys;
        private final int steps;
        private final int width;
        private final float[] f;
        private final double[] d;

        Energies(Tensor query, Tensor keys, int steps, int width) {
            this.query = query;
            this.keys = keys;
            this.steps = steps;
            this.width = width;
            this.f = query.f() != null ? new float[steps * width] : null;
            this.d = query.f() != null ? null : new double[steps * width];
        }

        void compute(int b, int m, int len) {
            int keyBase = m * steps * width; // the len rows of memory row m are contiguous
            int qOff = b * width;
            if (f != null) {
                float[] q = query.f();
                float[] k = keys.f();
                for (int j = 0; j < len; j++) {
                    for (int i = 0; i < width; i++) {
                        f[j * width + i] = k[keyBase + j * width + i] + q[qOff + i];
                    }
                }
                KernelProvider.get().rnnActivationForward(f, 0, f, 0, len * width, false); // tanh in place
            } else {
                double[] q = query.d();
                double[] k = keys.d();
                for (int j = 0; j < len; j++) {
                    for (int i = 0; i < width; i++) {
                        d[j * width + i] = Math.tanh(k[keyBase + j * width + i] + q[qOff + i]);
                    }
                }
            }
        }

        /**
         * Backward of {@code score_j = v · e[j]} for the gradient {@code dScore}: {@code dV += dScore·e[j]},
         * and {@code dScore·v ⊙ (1 − e[j]²)} added to the query row and to key row j (each gradient may
         * be null).
         */
        void backward(int j, double dScore, Tensor v, Tensor dV, Tensor dQuery, int qOff, Tensor dKeys, int keyOff) {
            int off = j * width;
            if (f != null) {
                float ds = (float) dScore;
                float[] vf = v.f();
                if (dV != null) {
                    float[] g = dV.f();
                    for (int i = 0; i < width; i++) {
                        g[i] += ds * f[off + i];
                    }
                }
                if (dQuery != null) {
                    float[] g = dQuery.f();
                    for (int i = 0; i < width; i++) {
                        float e = f[off + i];
                        g[qOff + i] += ds * vf[i] * (1f - e * e);
                    }
                }
                if (dKeys != null) {
                    float[] g = dKeys.f();
                    for (int i = 0; i < width; i++) {
                        float e = f[off + i];
                        g[keyOff + i] += ds * vf[i] * (1f - e * e);
                    }
                }
            } else {
                double[] vd = v.d();
                for (int i = 0; i < width; i++) {
                    double e = d[off + i];
                    double dEnergy = dScore * vd[i] * (1 - e * e);
                    if (dV != null) {
                        dV.d()[i] += dScore * e;
                    }
                    if (dQuery != null) {
                        dQuery.d()[qOff + i] += dEnergy;
                    }
                    if (dKeys != null) {
                        dKeys.d()[keyOff + i] += dEnergy;
                    }
                }
            }
        }

        /** {@code v · e[j]}: the score of position j. */
        double dot(int j, Tensor v) {
            double s = 0;
            int off = j * width;
            if (f != null) {
                float[] vf = v.f();
                for (int i = 0; i < width; i++) {
                    s += vf[i] * f[off + i];
                }
            } else {
                double[] vd = v.d();
                for (int i = 0; i < width; i++) {
                    s += vd[i] * d[off + i];
                }
            }
            return s;
        }
    }

    /** {@code a[aOff..] · b[bOff..]} over {@code n} elements, summed in double. */
    private static double dot(Tensor a, int aOff, Tensor b, int bOff, int n) {
        double s = 0;
        if (a.f() != null) {
            float[] x = a.f();
            float[] y = b.f();
            for (int i = 0; i < n; i++) {
                s += (double) x[aOff + i] * y[bOff + i];
            }
        } else {
            double[] x = a.d();
            double[] y = b.d();
            for (int i = 0; i < n; i++) {
                s += x[aOff + i] * y[bOff + i];
            }
        }
        return s;
    }

    /** {@code y[yOff..] += alpha · x[xOff..]} over {@code n} elements. */
    private static void axpy(double alpha, Tensor x, int xOff, Tensor y, int yOff, int n) {
        if (x.f() != null) {
            float[] xs = x.f();
            float[] ys = y.f();
            float a = (float) alpha;
            for (int i = 0; i < n; i++) {
                ys[yOff + i] += a * xs[xOff + i];
            }
        } else {
            double[] xs = x.d();
            double[] ys = y.d();
            for (int i = 0; i < n; i++) {
                ys[yOff + i] += alpha * xs[xOff + i];
            }
        }
    }
}
