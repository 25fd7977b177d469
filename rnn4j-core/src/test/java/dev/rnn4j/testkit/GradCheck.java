package dev.rnn4j.testkit;

import dev.rnn4j.tensor.DType;
import dev.rnn4j.tensor.Tensor;

import java.util.List;
import java.util.function.Supplier;

/**
 * Finite-difference gradient checks in double precision: central differences against the
 * gradients autograd computes, for every element of every given leaf.
 */
public final class GradCheck {

    private GradCheck() {
    }

    /**
     * Checks d(loss)/d(leaf) for each leaf. {@code loss} must rebuild the graph on each call and
     * return a one-element float64 tensor. Returns the largest error found (for reporting).
     *
     * @throws AssertionError naming the leaf and element when an error exceeds tolerance
     */
    public static double check(Supplier<Tensor> loss, List<Tensor> leaves, List<String> names) {
        for (Tensor leaf : leaves) {
            if (leaf.dtype() != DType.F64) {
                throw new IllegalArgumentException("gradient checks run in float64");
            }
            leaf.clearGrad();
        }
        Tensor l = loss.get();
        l.backward();
        double worst = 0;
        double eps = 1e-6;
        for (int k = 0; k < leaves.size(); k++) {
            Tensor leaf = leaves.get(k);
            Tensor grad = leaf.grad();
            double[] data = leaf.d();
            for (int i = 0; i < data.length; i++) {
                double old = data[i];
                data[i] = old + eps;
                double plus = loss.get().item();
                data[i] = old - eps;
                double minus = loss.get().item();
                data[i] = old;
                double numeric = (plus - minus) / (2 * eps);
                double analytic = grad == null ? 0 : grad.d()[i];
                double err = Math.abs(numeric - analytic) / Math.max(1.0, Math.abs(numeric) + Math.abs(analytic));
                worst = Math.max(worst, err);
                if (err > 1e-6) {
                    throw new AssertionError("gradient of " + names.get(k) + " at flat index " + i + ": analytic "
                            + analytic + ", numeric " + numeric + " (error " + err + ")");
                }
            }
        }
        return worst;
    }

    /** A float64 tensor of the given shape with values U(−1, 1) from a seeded stream. */
    public static Tensor random(long seed, int... shape) {
        dev.rnn4j.tensor.Rng rng = new dev.rnn4j.tensor.Rng(seed);
        Tensor t = Tensor.zeros(DType.F64, shape);
        for (int i = 0; i < t.numel(); i++) {
            t.d()[i] = rng.nextDouble() * 2 - 1;
        }
        return t;
    }
}
