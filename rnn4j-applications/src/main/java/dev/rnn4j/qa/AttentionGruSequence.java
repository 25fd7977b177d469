package dev.rnn4j.qa;

import dev.rnn4j.kernels.KernelProvider;
import dev.rnn4j.kernels.Kernels;
import dev.rnn4j.kernels.ScalarKernels;
import dev.rnn4j.tensor.ArrayCache;
import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.tensor.DType;
import dev.rnn4j.tensor.Node;
import dev.rnn4j.tensor.Tensor;

import java.util.Arrays;

/**
 * The whole run of an {@link AttentionGru} over the facts as one autograd operation, forward and backward side
 * by side: per fact one GEMM for the recurrent projection and one fused pointwise pass, and in backward one
 * GEMM per fact for the state's gradient plus a single GEMM over all facts for {@code weight_hh}'s. It does what
 * the same recurrence built from {@code Ops} (linear, narrow, sigmoid, tanh, mul, add) does, without the ~15
 * small tensors, graph nodes and gradient buffers per fact and hop that cost more than the arithmetic at DMN+'s
 * sizes (B 100, H 80; BENCHMARKS.md, "Question answering: DMN+ training on bAbI").
 *
 * <pre>{@code
 * gh_i = W_hh h_{i-1} + b_hh                                   (B, 2H), gates r, n as in PyTorch's GRU
 * r_i  = σ(p_i[r] + gh_i[r])
 * n_i  = tanh(p_i[n] + r_i ∘ gh_i[n])
 * h_i  = h_{i-1} + g_i (n_i − h_{i-1}),   h_0 = 0
 * }</pre>
 * with p_i the fact's input projection (W_ih f_i + b_ih) and g_i its attention weight. Backward, with dh the
 * gradient reaching h_i:
 * <pre>{@code
 * dg_i = Σ_j dh (n_i − h_{i-1})          dn = dh g_i
 * da_n = dn (1 − n_i²) → dp_i[n]          dgh[n] = da_n r_i
 * da_r = da_n gh_i[n] r_i (1 − r_i) → dp_i[r] and dgh[r]
 * dh_{i-1} = dh (1 − g_i) + dgh W_hh      dW_hh += Σ_i dghᵀ h_{i-1},  db_hh += Σ_i Σ_b dgh
 * }</pre>
 * Float32 runs on the kernels in use ({@link KernelProvider}); float64 (gradient checks) on the scalar ones.
 */
final class AttentionGruSequence {

    private AttentionGruSequence() {
    }

    /**
     * The final state. Inputs are not validated here ({@link AttentionGru#forward} does).
     *
     * @param projected (F, B, 2H) input projections of the facts
     * @param gates     (B, F) attention weights
     * @param weightHh  (2H, H)
     * @param biasHh    (2H)
     * @return (B, H)
     */
    static Tensor run(Tensor projected, Tensor gates, Tensor weightHh, Tensor biasHh) {
        int f = projected.size(0);
        int b = projected.size(1);
        int h = weightHh.size(1);
        Arithmetic math = projected.dtype() == DType.F32 ? new F32(f, b, h) : new F64(f, b, h);
        math.forward(projected, gates, weightHh, biasHh);
        Tensor out = math.finalState();
        return Autograd.record(new Node(projected, gates, weightHh, biasHh) {
            private Arithmetic saved = math;

            @Override
            public String name() {
                return "attention_gru";
            }

            @Override
            protected void backward(Tensor[] g) {
                saved.backward(g[0], input(2),
                        needsGrad(0) ? gradOf(input(0)) : null, needsGrad(1) ? gradOf(input(1)) : null,
                        needsGrad(2) ? gradOf(input(2)) : null, needsGrad(3) ? gradOf(input(3)) : null);
            }

            @Override
            protected void release() {
                saved.release();
                saved = null;
            }
        }, out);
    }

    /** The recurrence over one dtype's arrays; keeps what backward needs. */
    private abstract static class Arithmetic {
        final int f;
        final int b;
        final int h;

        Arithmetic(int f, int b, int h) {
            this.f = f;
            this.b = b;
            this.h = h;
        }

        abstract void forward(Tensor projected, Tensor gates, Tensor weightHh, Tensor biasHh);

        abstract Tensor finalState();

        /** Gives the saved arrays back once backward no longer needs them. */
        void release() {
        }

        /** Adds into the gradients given (null: not wanted). */
        abstract void backward(Tensor dOut, Tensor weightHh, Tensor dProjected, Tensor dGates, Tensor dWeightHh,
                               Tensor dBiasHh);
    }

    private static final class F32 extends Arithmetic {
        // states: (F+1, B, H), h_0 = 0 first; r, n, hn (W_hn h + b_hn): (F, B, H); gates: (B, F). The large
        // arrays come from and go back to ArrayCache: every step allocates the same sizes.
        private float[] states;
        private float[] r;
        private float[] n;
        private float[] hn;
        private float[] gates;

        F32(int f, int b, int h) {
            super(f, b, h);
            states = ArrayCache.takeOrAllocate((f + 1) * b * h, false);
            Arrays.fill(states, 0, b * h, 0f);
            r = ArrayCache.takeOrAllocate(f * b * h, false);
            n = ArrayCache.takeOrAllocate(f * b * h, false);
            hn = ArrayCache.takeOrAllocate(f * b * h, false);
        }

        @Override
        void forward(Tensor projected, Tensor gatesTensor, Tensor weightHh, Tensor biasHh) {
            Kernels k = KernelProvider.get();
            float[] p = projected.f();
            float[] w = weightHh.f();
            float[] bias = biasHh.f();
            gates = gatesTensor.f();
            int bh = b * h;
            int h2 = 2 * h;
            float[] gh = new float[b * h2];
            float[] half = new float[bh];
            for (int i = 0; i < f; i++) {
                k.sgemm(false, true, b, h2, h, states, i * bh, h, w, 0, h, 0f, gh, 0, h2);  // (B, H)·(2H, H)ᵀ
                k.addRowVector(gh, 0, b, h2, bias, 0);
                int pOff = i * b * h2;
                // σ(x) = (1 + tanh(x / 2)) / 2, so that both activations run on the kernels' vectorised tanh
                for (int row = 0; row < b; row++) {
                    for (int j = 0; j < h; j++) {
                        half[row * h + j] = 0.5f * (p[pOff + row * h2 + j] + gh[row * h2 + j]);
                    }
                }
                k.rnnActivationForward(half, 0, half, 0, bh, false);
                int s0 = i * bh;
                for (int row = 0; row < b; row++) {
                    for (int j = 0; j < h; j++) {
                        float rv = 0.5f + 0.5f * half[row * h + j];
                        float hnv = gh[row * h2 + h + j];
                        r[s0 + row * h + j] = rv;
                        hn[s0 + row * h + j] = hnv;
                        n[s0 + row * h + j] = p[pOff + row * h2 + h + j] + rv * hnv;
                    }
                }
                k.rnnActivationForward(n, s0, n, s0, bh, false);
                for (int row = 0; row < b; row++) {
                    float g = gates[row * f + i];
                    for (int j = 0; j < h; j++) {
                        int s = s0 + row * h + j;
                        float prev = states[s];
                        states[s + bh] = prev + g * (n[s] - prev);
                    }
                }
            }
        }

        @Override
        void release() {
            ArrayCache.give(states);
            ArrayCache.give(r);
            ArrayCache.give(n);
            ArrayCache.give(hn);
            states = null;
            r = null;
            n = null;
            hn = null;
        }

        @Override
        Tensor finalState() {
            float[] out = new float[b * h];
            System.arraycopy(states, f * b * h, out, 0, b * h);
            return Tensor.of(out, b, h);
        }

        @Override
        void backward(Tensor dOut, Tensor weightHh, Tensor dProjected, Tensor dGates, Tensor dWeightHh,
                      Tensor dBiasHh) {
            Kernels k = KernelProvider.get();
            float[] w = weightHh.f();
            float[] dp = dProjected == null ? null : dProjected.f();
            float[] dg = dGates == null ? null : dGates.f();
            int bh = b * h;
            int h2 = 2 * h;
            float[] dh = dOut.f().clone();
            float[] dgh = ArrayCache.takeOrAllocate(f * b * h2, false);  // (F, B, 2H): every fact's, all written
            for (int i = f - 1; i >= 0; i--) {
                int ghOff = i * b * h2;
                for (int row = 0; row < b; row++) {
                    float g = gates[row * f + i];
                    float dgSum = 0;
                    for (int j = 0; j < h; j++) {
                        int s = i * bh + row * h + j;
                        float d = dh[row * h + j];
                        float rv = r[s];
                        float nv = n[s];
                        dgSum += d * (nv - states[s]);
                        float dan = d * g * (1 - nv * nv);
                        float dar = dan * hn[s] * rv * (1 - rv);
                        dgh[ghOff + row * h2 + h + j] = dan * rv;
                        dgh[ghOff + row * h2 + j] = dar;
                        if (dp != null) {
                            dp[ghOff + row * h2 + h + j] += dan;
                            dp[ghOff + row * h2 + j] += dar;
                        }
                        dh[row * h + j] = d * (1 - g);
                    }
                    if (dg != null) {
                        dg[row * f + i] += dgSum;
                    }
                }
                if (i > 0) { // h_0 is a constant
                    k.sgemm(false, false, b, h, h2, dgh, ghOff, h2, w, 0, h, 1f, dh, 0, h);  // += dgh (B, 2H)·W
                }
            }
            if (dWeightHh != null) {  // (2H, H) += dghᵀ (2H, F·B) · h_{0..F-1} (F·B, H)
                k.sgemm(true, false, h2, h, f * b, dgh, 0, h2, states, 0, h, 1f, dWeightHh.f(), 0, h);
            }
            if (dBiasHh != null) {
                k.addColumnSums(dgh, 0, f * b, h2, dBiasHh.f(), 0);
            }
            ArrayCache.give(dgh);
        }
    }

    private static final class F64 extends Arithmetic {
        private final double[] states;
        private final double[] r;
        private final double[] n;
        private final double[] hn;
        private double[] gates;

        F64(int f, int b, int h) {
            super(f, b, h);
            states = new double[(f + 1) * b * h];
            r = new double[f * b * h];
            n = new double[f * b * h];
            hn = new double[f * b * h];
        }

        @Override
        void forward(Tensor projected, Tensor gatesTensor, Tensor weightHh, Tensor biasHh) {
            ScalarKernels k = ScalarKernels.INSTANCE;
            double[] p = projected.d();
            double[] w = weightHh.d();
            double[] bias = biasHh.d();
            gates = gatesTensor.d();
            int bh = b * h;
            int h2 = 2 * h;
            double[] gh = new double[b * h2];
            for (int i = 0; i < f; i++) {
                k.dgemm(false, true, b, h2, h, states, i * bh, h, w, 0, h, 0, gh, 0, h2);
                k.addRowVector(gh, 0, b, h2, bias, 0);
                int pOff = i * b * h2;
                for (int row = 0; row < b; row++) {
                    double g = gates[row * f + i];
                    for (int j = 0; j < h; j++) {
                        int s = i * bh + row * h + j;
                        double rv = 1 / (1 + Math.exp(-(p[pOff + row * h2 + j] + gh[row * h2 + j])));
                        double hnv = gh[row * h2 + h + j];
                        double nv = Math.tanh(p[pOff + row * h2 + h + j] + rv * hnv);
                        double prev = states[s];
                        r[s] = rv;
                        n[s] = nv;
                        hn[s] = hnv;
                        states[s + bh] = prev + g * (nv - prev);
                    }
                }
            }
        }

        @Override
        Tensor finalState() {
            double[] out = new double[b * h];
            System.arraycopy(states, f * b * h, out, 0, b * h);
            return Tensor.of(out, b, h);
        }

        @Override
        void backward(Tensor dOut, Tensor weightHh, Tensor dProjected, Tensor dGates, Tensor dWeightHh,
                      Tensor dBiasHh) {
            ScalarKernels k = ScalarKernels.INSTANCE;
            double[] w = weightHh.d();
            double[] dp = dProjected == null ? null : dProjected.d();
            double[] dg = dGates == null ? null : dGates.d();
            int bh = b * h;
            int h2 = 2 * h;
            double[] dh = dOut.d().clone();
            double[] dgh = new double[f * b * h2];
            for (int i = f - 1; i >= 0; i--) {
                int ghOff = i * b * h2;
                for (int row = 0; row < b; row++) {
                    double g = gates[row * f + i];
                    double dgSum = 0;
                    for (int j = 0; j < h; j++) {
                        int s = i * bh + row * h + j;
                        double d = dh[row * h + j];
                        double rv = r[s];
                        double nv = n[s];
                        dgSum += d * (nv - states[s]);
                        double dan = d * g * (1 - nv * nv);
                        double dar = dan * hn[s] * rv * (1 - rv);
                        dgh[ghOff + row * h2 + h + j] = dan * rv;
                        dgh[ghOff + row * h2 + j] = dar;
                        if (dp != null) {
                            dp[ghOff + row * h2 + h + j] += dan;
                            dp[ghOff + row * h2 + j] += dar;
                        }
                        dh[row * h + j] = d * (1 - g);
                    }
                    if (dg != null) {
                        dg[row * f + i] += dgSum;
                    }
                }
                if (i > 0) {
                    k.dgemm(false, false, b, h, h2, dgh, ghOff, h2, w, 0, h, 1, dh, 0, h);
                }
            }
            if (dWeightHh != null) {
                k.dgemm(true, false, h2, h, f * b, dgh, 0, h2, states, 0, h, 1, dWeightHh.d(), 0, h);
            }
            if (dBiasHh != null) {
                k.addColumnSums(dgh, 0, f * b, h2, dBiasHh.d(), 0);
            }
        }
    }
}
