package dev.rnn4j.tensor;

/**
 * Batched matrix products: one independent product per batch item, as PyTorch's
 * {@code torch.bmm}. Each item is one {@code sgemm} call on the item's slice of the arrays, so the
 * kernels need no batched variant.
 */
public final class BatchOps {

    private BatchOps() {
    }

    /**
     * {@code torch.bmm(a, b)}: {@code out[i] = a[i] · b[i]} for every batch item i.
     *
     * <p>Attention uses it twice per decoder step: scores {@code bmm(keys (B, S, H), query (B, H, 1))}
     * and the context {@code bmm(weights (B, 1, S), values (B, S, H))}.
     *
     * @param a (B, N, K)
     * @param b (B, K, M)
     * @return (B, N, M); the gradients are {@code da[i] += dout[i] · b[i]ᵀ} and
     *         {@code db[i] += a[i]ᵀ · dout[i]}
     */
    public static Tensor bmm(Tensor a, Tensor b) {
        Ops.requireSameDtype("bmm", a, b);
        if (a.rank() != 3) {
            throw new IllegalArgumentException("bmm: expected input a of shape (B, N, K), got " + Shape.str(a.shape()));
        }
        if (b.rank() != 3) {
            throw new IllegalArgumentException("bmm: expected input b of shape (B, K, M), got " + Shape.str(b.shape()));
        }
        int batch = a.size(0);
        int n = a.size(1);
        int k = a.size(2);
        int m = b.size(2);
        if (b.size(0) != batch || b.size(1) != k) {
            throw new IllegalArgumentException("bmm: expected b of shape (" + batch + ", " + k + ", M) for a "
                    + Shape.str(a.shape()) + ", got " + Shape.str(b.shape()));
        }
        Tensor out = Tensor.zeros(a.dtype(), batch, n, m);
        int aItem = n * k;
        int bItem = k * m;
        int outItem = n * m;
        for (int i = 0; i < batch; i++) { // out[i] (n, m) = a[i] (n, k) · b[i] (k, m)
            MatrixOps.gemm(false, false, n, m, k, a, i * aItem, k, b, i * bItem, m, 0, out, i * outItem, m);
        }
        return Autograd.record(new Node(a, b) {
            @Override
            public String name() {
                return "bmm";
            }

            @Override
            protected void backward(Tensor[] g) {
                Tensor go = g[0];
                if (needsGrad(0)) { // da[i] (n, k) += dout[i] (n, m) · b[i]ᵀ
                    Tensor ga = gradOf(input(0));
                    for (int i = 0; i < batch; i++) {
                        MatrixOps.gemm(false, true, n, k, m, go, i * outItem, m, input(1), i * bItem, m, 1, ga, i * aItem, k);
                    }
                }
                if (needsGrad(1)) { // db[i] (k, m) += a[i]ᵀ · dout[i]
                    Tensor gb = gradOf(input(1));
                    for (int i = 0; i < batch; i++) {
                        MatrixOps.gemm(true, false, k, m, n, input(0), i * aItem, k, go, i * outItem, m, 1, gb, i * bItem, m);
                    }
                }
            }
        }, out);
    }
}
