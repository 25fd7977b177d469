package dev.rnn4j.tensor;

import dev.rnn4j.kernels.KernelProvider;
import dev.rnn4j.kernels.ScalarKernels;

/**
 * The matrix products behind {@link Ops}: {@code matmul} and {@code linear} (PyTorch's
 * {@code F.linear}), each forward with its backward beside it, and the dtype dispatch onto the
 * kernels that they and {@link BatchOps} share: float32 through {@link KernelProvider#get()},
 * float64 (gradient checks) through {@link ScalarKernels}. Contracts are documented on {@link Ops}.
 */
final class MatrixOps {

    private MatrixOps() {
    }

    static Tensor matmul(Tensor a, Tensor b) {
        Ops.requireSameDtype("matmul", a, b);
        if (a.rank() < 1 || b.rank() != 2) {
            throw new IllegalArgumentException("matmul: expected a (..., K) and b (K, N), got " + Shape.str(a.shape())
                    + " and " + Shape.str(b.shape()));
        }
        int k = a.size(-1);
        if (b.size(0) != k) {
            throw new IllegalArgumentException("matmul: inner sizes differ: a " + Shape.str(a.shape()) + " has K = "
                    + k + ", b " + Shape.str(b.shape()) + " has K = " + b.size(0));
        }
        int m = a.numel() / Math.max(1, k);
        int n = b.size(1);
        int[] shape = a.shape();
        shape[shape.length - 1] = n;
        Tensor out = Tensor.zeros(a.dtype(), shape);
        gemm(false, false, m, n, k, a, 0, k, b, 0, n, 0, out, 0, n);
        return Autograd.record(new Node(a, b) {
            @Override
            public String name() {
                return "matmul";
            }

            @Override
            protected void backward(Tensor[] g) {
                if (needsGrad(0)) { // dA (m, k) += dC (m, n) · Bᵀ
                    gemm(false, true, m, k, n, g[0], 0, n, input(1), 0, n, 1, gradOf(input(0)), 0, k);
                }
                if (needsGrad(1)) { // dB (k, n) += Aᵀ · dC
                    gemm(true, false, k, n, m, input(0), 0, k, g[0], 0, n, 1, gradOf(input(1)), 0, n);
                }
            }
        }, out);
    }

    static Tensor linear(Tensor x, Tensor w, Tensor bias) {
        Ops.requireSameDtype("linear", x, w);
        if (w.rank() != 2 || x.rank() < 1 || x.size(-1) != w.size(1)) {
            throw new IllegalArgumentException("linear: expected input (..., " + (w.rank() == 2 ? w.size(1) : "in")
                    + ") for weight " + Shape.str(w.shape()) + ", got input " + Shape.str(x.shape()));
        }
        int in = w.size(1);
        int outF = w.size(0);
        if (bias != null && (bias.rank() != 1 || bias.size(0) != outF)) {
            throw new IllegalArgumentException("linear: expected bias (" + outF + ",), got " + Shape.str(bias.shape()));
        }
        int m = x.numel() / Math.max(1, in);
        int[] shape = x.shape();
        shape[shape.length - 1] = outF;
        Tensor out = Tensor.zeros(x.dtype(), shape);
        gemm(false, true, m, outF, in, x, 0, in, w, 0, in, 0, out, 0, outF);
        if (bias != null) {
            addRowVector(out, m, outF, bias);
        }
        Node node = new Node(x, w, bias) {
            @Override
            public String name() {
                return "linear";
            }

            @Override
            protected void backward(Tensor[] g) {
                if (needsGrad(0)) { // dx (m, in) += dy (m, out) · w
                    gemm(false, false, m, in, outF, g[0], 0, outF, input(1), 0, in, 1, gradOf(input(0)), 0, in);
                }
                if (needsGrad(1)) { // dw (out, in) += dyᵀ · x
                    gemm(true, false, outF, in, m, g[0], 0, outF, input(0), 0, in, 1, gradOf(input(1)), 0, in);
                }
                if (bias != null && needsGrad(2)) {
                    addColumnSums(g[0], m, outF, gradOf(input(2)));
                }
            }
        };
        return Autograd.record(node, out);
    }

    /** GEMM on tensors' arrays, dispatching on dtype. {@code beta} is 0 or 1. */
    static void gemm(boolean ta, boolean tb, int m, int n, int k, Tensor a, int aOff, int lda,
                     Tensor b, int bOff, int ldb, int beta, Tensor c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (c.f() != null) {
            KernelProvider.get().sgemm(ta, tb, m, n, k, a.f(), aOff, lda, b.f(), bOff, ldb, beta, c.f(), cOff, ldc);
        } else {
            ScalarKernels.INSTANCE.dgemm(ta, tb, m, n, k, a.d(), aOff, lda, b.d(), bOff, ldb, beta, c.d(), cOff, ldc);
        }
    }

    static void addRowVector(Tensor dst, int rows, int cols, Tensor bias) {
        if (dst.f() != null) {
            KernelProvider.get().addRowVector(dst.f(), 0, rows, cols, bias.f(), 0);
        } else {
            ScalarKernels.INSTANCE.addRowVector(dst.d(), 0, rows, cols, bias.d(), 0);
        }
    }

    static void addColumnSums(Tensor src, int rows, int cols, Tensor dst) {
        if (src.f() != null) {
            KernelProvider.get().addColumnSums(src.f(), 0, rows, cols, dst.f(), 0);
        } else {
            ScalarKernels.INSTANCE.addColumnSums(src.d(), 0, rows, cols, dst.d(), 0);
        }
    }
}
