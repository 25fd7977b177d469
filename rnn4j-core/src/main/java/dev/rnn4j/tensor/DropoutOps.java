package dev.rnn4j.tensor;

/**
 * Dropout and the masking it is made of, behind {@link Ops}: inverted dropout with a fresh mask
 * per call, and {@code applyMask}, which multiplies by a caller's mask tiled over the input
 * (variational dropout shares one mask over time steps). Contracts are documented on {@link Ops}.
 */
final class DropoutOps {

    private DropoutOps() {
    }

    static Tensor dropout(Tensor a, double p, Rng rng) {
        if (p < 0 || p >= 1 || Double.isNaN(p)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        }
        if (p == 0) {
            return a;
        }
        int n = a.numel();
        float[] mask = ArrayCache.takeOrAllocate(n, false); // every element written below
        float keepScale = (float) (1.0 / (1.0 - p));
        for (int i = 0; i < n; i++) {
            mask[i] = rng.nextDouble() >= p ? keepScale : 0f;
        }
        Tensor out = applyMask(a, mask, "dropout", true);
        if (out.gradFn() == null) {
            ArrayCache.give(mask); // no backward will read it
        }
        return out;
    }

    static Tensor applyMask(Tensor a, float[] mask, String name) {
        return applyMask(a, mask, name, false);
    }

    /** As {@link #applyMask(Tensor, float[], String)}; {@code ownsMask}: the mask goes back to ArrayCache after backward. */
    private static Tensor applyMask(Tensor a, float[] mask, String name, boolean ownsMask) {
        int n = a.numel();
        int m = mask.length;
        if (m == 0 || n % m != 0) {
            throw new IllegalArgumentException(name + ": mask of " + m + " elements does not tile " + n);
        }
        Tensor out = a.zerosLike();
        multiplyTiled(a, mask, out, false);
        return Autograd.record(new Node(a) {
            @Override
            public String name() {
                return name;
            }

            @Override
            protected void backward(Tensor[] g) {
                multiplyTiled(g[0], mask, gradOf(input(0)), true);
            }

            @Override
            protected void release() {
                if (ownsMask) {
                    ArrayCache.give(mask);
                }
            }
        }, out);
    }

    /**
     * {@code dst (+)= src ⊙ mask}, the mask tiled over src: block by block rather than
     * {@code i % m} per element, so the inner loop vectorises.
     */
    private static void multiplyTiled(Tensor src, float[] mask, Tensor dst, boolean accumulate) {
        int n = src.numel();
        int m = mask.length;
        if (src.f() != null) {
            float[] x = src.f();
            float[] y = dst.f();
            for (int base = 0; base < n; base += m) {
                for (int j = 0; j < m; j++) {
                    float v = x[base + j] * mask[j];
                    y[base + j] = accumulate ? y[base + j] + v : v;
                }
            }
        } else {
            double[] x = src.d();
            double[] y = dst.d();
            for (int base = 0; base < n; base += m) {
                for (int j = 0; j < m; j++) {
                    double v = x[base + j] * mask[j];
                    y[base + j] = accumulate ? y[base + j] + v : v;
                }
            }
        }
    }
}
