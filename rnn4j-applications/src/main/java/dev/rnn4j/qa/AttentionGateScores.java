package dev.rnn4j.qa;

import dev.rnn4j.kernels.KernelProvider;
import dev.rnn4j.kernels.Kernels;
import dev.rnn4j.kernels.ScalarKernels;
import dev.rnn4j.tensor.ArrayCache;
import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.tensor.DType;
import dev.rnn4j.tensor.Node;
import dev.rnn4j.tensor.Tensor;

/**
 * The attention gate's scores before the softmax ({@link AttentionGate}) as one autograd operation, forward and
 * backward side by side: the interaction features of every fact in one pass, one GEMM through the hidden layer
 * and one dot per fact; backward two GEMMs and one pass back to the facts, question and memory. It does what
 * the same equations built from {@code Ops} (mul, sub, abs, cat, linear, tanh, linear) do, without their eight
 * (F, B, ·) intermediate tensors and gradient buffers per hop (BENCHMARKS.md, "Question answering: DMN+
 * training on bAbI").
 *
 * <pre>{@code
 * z_i = [f_i ∘ q ; f_i ∘ m ; |f_i − q| ; |f_i − m|]        (F·B, 4H)
 * t_i = tanh(W1 z_i + b1)                                  (F·B, H)
 * Z_i = W2 t_i + b2                                        returned as (B, F)
 * }</pre>
 * Backward: {@code dt = dZ W2 ∘ (1 − t²)}, {@code dW1 += dtᵀ z}, {@code dz = dt W1}, and through z with
 * d|x|/dx = sign(x) (0 at 0, as {@code Ops.abs}). Float32 runs on the kernels in use ({@link KernelProvider});
 * float64 (gradient checks) on the scalar ones.
 */
final class AttentionGateScores {

    private AttentionGateScores() {
    }

    /**
     * Inputs are not validated here ({@link AttentionGate#forward} does).
     *
     * @param facts   (F, B, H)
     * @param q       (B, H)
     * @param memory  (B, H)
     * @param w1      (H, 4H)
     * @param b1      (H)
     * @param w2      (1, H)
     * @param b2      (1)
     * @return (B, F) the scores
     */
    static Tensor run(Tensor facts, Tensor q, Tensor memory, Tensor w1, Tensor b1, Tensor w2, Tensor b2) {
        int f = facts.size(0);
        int b = facts.size(1);
        int h = facts.size(2);
        Arithmetic math = facts.dtype() == DType.F32 ? new F32(f, b, h) : new F64(f, b, h);
        Tensor out = math.forward(facts, q, memory, w1, b1, w2, b2);
        return Autograd.record(new Node(facts, q, memory, w1, b1, w2, b2) {
            private Arithmetic saved = math;

            @Override
            public String name() {
                return "attention_gate_scores";
            }

            @Override
            protected void backward(Tensor[] g) {
                Tensor[] grads = new Tensor[7];
                for (int i = 0; i < grads.length; i++) {
                    grads[i] = needsGrad(i) ? gradOf(input(i)) : null;
                }
                saved.backward(g[0], input(0), input(1), input(2), input(3), input(5), grads);
            }

            @Override
            protected void release() {
                saved.release();
                saved = null;
            }
        }, out);
    }

    /** The scores over one dtype's arrays; keeps z and t for backward. */
    private abstract static class Arithmetic {
        final int f;
        final int b;
        final int h;

        Arithmetic(int f, int b, int h) {
            this.f = f;
            this.b = b;
            this.h = h;
        }

        abstract Tensor forward(Tensor facts, Tensor q, Tensor memory, Tensor w1, Tensor b1, Tensor w2,
                                Tensor b2);

        /** Gives the saved arrays back once backward no longer needs them. */
        void release() {
        }

        /** grads: of facts, q, memory, w1, b1, w2, b2 (null: not wanted), added into. */
        abstract void backward(Tensor dScores, Tensor facts, Tensor q, Tensor memory, Tensor w1, Tensor w2,
                               Tensor[] grads);
    }

    private static final class F32 extends Arithmetic {
        // z (F·B, 4H), t (F·B, H): from and back to ArrayCache, as every step allocates the same sizes
        private float[] z;
        private float[] t;

        F32(int f, int b, int h) {
            super(f, b, h);
            z = ArrayCache.takeOrAllocate(f * b * 4 * h, false);
            t = ArrayCache.takeOrAllocate(f * b * h, false);
        }

        @Override
        void release() {
            ArrayCache.give(z);
            ArrayCache.give(t);
            z = null;
            t = null;
        }

        @Override
        Tensor forward(Tensor factsTensor, Tensor qTensor, Tensor memoryTensor, Tensor w1, Tensor b1, Tensor w2,
                       Tensor b2) {
            Kernels k = KernelProvider.get();
            float[] facts = factsTensor.f();
            float[] q = qTensor.f();
            float[] m = memoryTensor.f();
            int rows = f * b;
            int h4 = 4 * h;
            for (int row = 0; row < rows; row++) {
                int col = row % b;
                int zo = row * h4;
                for (int j = 0; j < h; j++) {
                    float fv = facts[row * h + j];
                    float qv = q[col * h + j];
                    float mv = m[col * h + j];
                    z[zo + j] = fv * qv;
                    z[zo + h + j] = fv * mv;
                    z[zo + 2 * h + j] = Math.abs(fv - qv);
                    z[zo + 3 * h + j] = Math.abs(fv - mv);
                }
            }
            k.sgemm(false, true, rows, h, h4, z, 0, h4, w1.f(), 0, h4, 0f, t, 0, h);  // (F·B, 4H)·(H, 4H)ᵀ
            k.addRowVector(t, 0, rows, h, b1.f(), 0);
            k.rnnActivationForward(t, 0, t, 0, rows * h, false);                 // tanh in place
            float[] v = w2.f();
            float bias = b2.f()[0];
            float[] scores = new float[b * f];                                    // (B, F)
            for (int row = 0; row < rows; row++) {
                float s = bias;
                for (int j = 0; j < h; j++) {
                    s += t[row * h + j] * v[j];
                }
                scores[(row % b) * f + row / b] = s;
            }
            return Tensor.of(scores, b, f);
        }

        @Override
        void backward(Tensor dScoresTensor, Tensor factsTensor, Tensor qTensor, Tensor memoryTensor, Tensor w1,
                      Tensor w2, Tensor[] grads) {
            Kernels k = KernelProvider.get();
            float[] dScores = dScoresTensor.f();
            float[] v = w2.f();
            float[] dV = grads[5] == null ? null : grads[5].f();
            int rows = f * b;
            int h4 = 4 * h;
            float[] dt = ArrayCache.takeOrAllocate(rows * h, false);             // all written below
            float dBias = 0;
            for (int row = 0; row < rows; row++) {
                float ds = dScores[(row % b) * f + row / b];
                dBias += ds;
                for (int j = 0; j < h; j++) {
                    float tv = t[row * h + j];
                    if (dV != null) {
                        dV[j] += ds * tv;
                    }
                    dt[row * h + j] = ds * v[j] * (1 - tv * tv);
                }
            }
            if (grads[6] != null) {
                grads[6].f()[0] += dBias;
            }
            if (grads[3] != null) {  // dW1 (H, 4H) += dtᵀ (H, F·B) · z (F·B, 4H)
                k.sgemm(true, false, h, h4, rows, dt, 0, h, z, 0, h4, 1f, grads[3].f(), 0, h4);
            }
            if (grads[4] != null) {
                k.addColumnSums(dt, 0, rows, h, grads[4].f(), 0);
            }
            if (grads[0] == null && grads[1] == null && grads[2] == null) {
                ArrayCache.give(dt);
                return;
            }
            float[] dz = ArrayCache.takeOrAllocate(rows * h4, false);
            k.sgemm(false, false, rows, h4, h, dt, 0, h, w1.f(), 0, h4, 0f, dz, 0, h4);  // (F·B, H)·(H, 4H)
            ArrayCache.give(dt);
            float[] facts = factsTensor.f();
            float[] q = qTensor.f();
            float[] m = memoryTensor.f();
            float[] dFacts = grads[0] == null ? null : grads[0].f();
            float[] dq = grads[1] == null ? null : grads[1].f();
            float[] dm = grads[2] == null ? null : grads[2].f();
            for (int row = 0; row < rows; row++) {
                int col = row % b;
                int zo = row * h4;
                for (int j = 0; j < h; j++) {
                    float fv = facts[row * h + j];
                    float qv = q[col * h + j];
                    float mv = m[col * h + j];
                    float dfq = dz[zo + j];
                    float dfm = dz[zo + h + j];
                    float dAbsQ = dz[zo + 2 * h + j] * sign(fv - qv);
                    float dAbsM = dz[zo + 3 * h + j] * sign(fv - mv);
                    if (dFacts != null) {
                        dFacts[row * h + j] += dfq * qv + dfm * mv + dAbsQ + dAbsM;
                    }
                    if (dq != null) {
                        dq[col * h + j] += dfq * fv - dAbsQ;
                    }
                    if (dm != null) {
                        dm[col * h + j] += dfm * fv - dAbsM;
                    }
                }
            }
            ArrayCache.give(dz);
        }

        private static float sign(float x) {
            return x > 0 ? 1 : (x < 0 ? -1 : 0);
        }
    }

    private static final class F64 extends Arithmetic {
        private final double[] z;
        private final double[] t;

        F64(int f, int b, int h) {
            super(f, b, h);
            z = new double[f * b * 4 * h];
            t = new double[f * b * h];
        }

        @Override
        Tensor forward(Tensor factsTensor, Tensor qTensor, Tensor memoryTensor, Tensor w1, Tensor b1, Tensor w2,
                       Tensor b2) {
            ScalarKernels k = ScalarKernels.INSTANCE;
            double[] facts = factsTensor.d();
            double[] q = qTensor.d();
            double[] m = memoryTensor.d();
            int rows = f * b;
            int h4 = 4 * h;
            for (int row = 0; row < rows; row++) {
                int col = row % b;
                int zo = row * h4;
                for (int j = 0; j < h; j++) {
                    double fv = facts[row * h + j];
                    double qv = q[col * h + j];
                    double mv = m[col * h + j];
                    z[zo + j] = fv * qv;
                    z[zo + h + j] = fv * mv;
                    z[zo + 2 * h + j] = Math.abs(fv - qv);
                    z[zo + 3 * h + j] = Math.abs(fv - mv);
                }
            }
            k.dgemm(false, true, rows, h, h4, z, 0, h4, w1.d(), 0, h4, 0, t, 0, h);
            k.addRowVector(t, 0, rows, h, b1.d(), 0);
            double[] v = w2.d();
            double bias = b2.d()[0];
            double[] scores = new double[b * f];
            for (int row = 0; row < rows; row++) {
                double s = bias;
                for (int j = 0; j < h; j++) {
                    double tv = Math.tanh(t[row * h + j]);
                    t[row * h + j] = tv;
                    s += tv * v[j];
                }
                scores[(row % b) * f + row / b] = s;
            }
            return Tensor.of(scores, b, f);
        }

        @Override
        void backward(Tensor dScoresTensor, Tensor factsTensor, Tensor qTensor, Tensor memoryTensor, Tensor w1,
                      Tensor w2, Tensor[] grads) {
            ScalarKernels k = ScalarKernels.INSTANCE;
            double[] dScores = dScoresTensor.d();
            double[] v = w2.d();
            double[] dV = grads[5] == null ? null : grads[5].d();
            int rows = f * b;
            int h4 = 4 * h;
            double[] dt = new double[rows * h];
            double dBias = 0;
            for (int row = 0; row < rows; row++) {
                double ds = dScores[(row % b) * f + row / b];
                dBias += ds;
                for (int j = 0; j < h; j++) {
                    double tv = t[row * h + j];
                    if (dV != null) {
                        dV[j] += ds * tv;
                    }
                    dt[row * h + j] = ds * v[j] * (1 - tv * tv);
                }
            }
            if (grads[6] != null) {
                grads[6].d()[0] += dBias;
            }
            if (grads[3] != null) {
                k.dgemm(true, false, h, h4, rows, dt, 0, h, z, 0, h4, 1, grads[3].d(), 0, h4);
            }
            if (grads[4] != null) {
                k.addColumnSums(dt, 0, rows, h, grads[4].d(), 0);
            }
            if (grads[0] == null && grads[1] == null && grads[2] == null) {
                return;
            }
            double[] dz = new double[rows * h4];
            k.dgemm(false, false, rows, h4, h, dt, 0, h, w1.d(), 0, h4, 0, dz, 0, h4);
            double[] facts = factsTensor.d();
            double[] q = qTensor.d();
            double[] m = memoryTensor.d();
            double[] dFacts = grads[0] == null ? null : grads[0].d();
            double[] dq = grads[1] == null ? null : grads[1].d();
            double[] dm = grads[2] == null ? null : grads[2].d();
            for (int row = 0; row < rows; row++) {
                int col = row % b;
                int zo = row * h4;
                for (int j = 0; j < h; j++) {
                    double fv = facts[row * h + j];
                    double qv = q[col * h + j];
                    double mv = m[col * h + j];
                    double dfq = dz[zo + j];
                    double dfm = dz[zo + h + j];
                    double dAbsQ = dz[zo + 2 * h + j] * Math.signum(fv - qv);
                    double dAbsM = dz[zo + 3 * h + j] * Math.signum(fv - mv);
                    if (dFacts != null) {
                        dFacts[row * h + j] += dfq * qv + dfm * mv + dAbsQ + dAbsM;
                    }
                    if (dq != null) {
                        dq[col * h + j] += dfq * fv - dAbsQ;
                    }
                    if (dm != null) {
                        dm[col * h + j] += dfm * fv - dAbsM;
                    }
                }
            }
        }
    }
}
