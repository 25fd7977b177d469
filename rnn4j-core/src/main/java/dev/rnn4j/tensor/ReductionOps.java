package dev.rnn4j.tensor;

/**
 * The reductions behind {@link Ops}: the sum of every element, and the sum and the maximum over
 * one dimension, each forward with its backward beside it. Sums accumulate in double for either
 * dtype. Contracts are documented on {@link Ops}.
 */
final class ReductionOps {

    private ReductionOps() {
    }

    static Tensor sumAll(Tensor a) {
        double s = 0;
        int n = a.numel();
        for (int i = 0; i < n; i++) {
            s += a.getFlat(i);
        }
        Tensor out = Tensor.scalar(a.dtype(), s);
        return Autograd.record(new Node(a) {
            @Override
            public String name() {
                return "sum";
            }

            @Override
            protected void backward(Tensor[] g) {
                double gv = g[0].getFlat(0);
                Tensor ga = gradOf(input(0));
                for (int i = 0; i < n; i++) {
                    ga.setFlat(i, ga.getFlat(i) + gv);
                }
            }
        }, out);
    }

    static Tensor sumDim(Tensor a, int dim) {
        int[] shape = a.shape();
        int dm = Shape.dim(dim, shape.length);
        int outer = Shape.prod(shape, 0, dm);
        int len = shape[dm];
        int inner = Shape.prod(shape, dm + 1, shape.length);
        Tensor out = Tensor.zeros(a.dtype(), Shape.removeDim(shape, dm));
        for (int o = 0; o < outer; o++) {
            for (int l = 0; l < len; l++) {
                int src = (o * len + l) * inner;
                for (int i = 0; i < inner; i++) {
                    out.setFlat(o * inner + i, out.getFlat(o * inner + i) + a.getFlat(src + i));
                }
            }
        }
        return Autograd.record(new Node(a) {
            @Override
            public String name() {
                return "sum_dim";
            }

            @Override
            protected void backward(Tensor[] g) {
                Tensor ga = gradOf(input(0));
                for (int o = 0; o < outer; o++) {
                    for (int l = 0; l < len; l++) {
                        int dst = (o * len + l) * inner;
                        for (int i = 0; i < inner; i++) {
                            ga.setFlat(dst + i, ga.getFlat(dst + i) + g[0].getFlat(o * inner + i));
                        }
                    }
                }
            }
        }, out);
    }

    static Tensor maxDim(Tensor a, int dim) {
        int[] shape = a.shape();
        int dm = Shape.dim(dim, shape.length);
        int outer = Shape.prod(shape, 0, dm);
        int len = shape[dm];
        if (len == 0) {
            throw new IllegalArgumentException("max over dimension " + dim + " of size 0, shape " + Shape.str(shape));
        }
        int inner = Shape.prod(shape, dm + 1, shape.length);
        Tensor out = Tensor.zeros(a.dtype(), Shape.removeDim(shape, dm));
        int[] argmax = new int[out.numel()];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                double best = Double.NEGATIVE_INFINITY;
                int bestIdx = (o * len) * inner + i;
                for (int l = 0; l < len; l++) {
                    int idx = (o * len + l) * inner + i;
                    double v = a.getFlat(idx);
                    if (v > best || Double.isNaN(v)) {
                        best = v;
                        bestIdx = idx;
                        if (Double.isNaN(v)) {
                            break;
                        }
                    }
                }
                out.setFlat(o * inner + i, best);
                argmax[o * inner + i] = bestIdx;
            }
        }
        return Autograd.record(new Node(a) {
            @Override
            public String name() {
                return "max_dim";
            }

            @Override
            protected void backward(Tensor[] g) {
                Tensor ga = gradOf(input(0));
                for (int j = 0; j < argmax.length; j++) {
                    ga.setFlat(argmax[j], ga.getFlat(argmax[j]) + g[0].getFlat(j));
                }
            }
        }, out);
    }
}
