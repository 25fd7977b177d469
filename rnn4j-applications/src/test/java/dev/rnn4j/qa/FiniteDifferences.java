package dev.rnn4j.qa;

import dev.rnn4j.tensor.DType;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Gradient checks by central finite differences in double precision, against autograd, for every element of
 * every given leaf (the method of the core module's gradient tests).
 */
final class FiniteDifferences {

    private static final double EPS = 1e-6;
    private static final double TOLERANCE = 1e-6;

    private FiniteDifferences() {
    }

    /**
     * @param loss rebuilds the graph on each call and returns a one-element float64 tensor
     * @return the largest relative error found
     * @throws AssertionError naming the leaf and element when an error exceeds the tolerance
     */
    static double check(Supplier<Tensor> loss, Map<String, Tensor> leaves) {
        for (Tensor leaf : leaves.values()) {
            if (leaf.dtype() != DType.F64) {
                throw new IllegalArgumentException("gradient checks run in float64");
            }
            leaf.clearGrad();
        }
        loss.get().backward();
        double worst = 0;
        for (Map.Entry<String, Tensor> e : leaves.entrySet()) {
            Tensor leaf = e.getValue();
            Tensor grad = leaf.grad();
            double[] data = leaf.d();
            for (int i = 0; i < data.length; i++) {
                double old = data[i];
                data[i] = old + EPS;
                double plus = loss.get().item();
                data[i] = old - EPS;
                double minus = loss.get().item();
                data[i] = old;
                double numeric = (plus - minus) / (2 * EPS);
                double analytic = grad == null ? 0 : grad.d()[i];
                double err = Math.abs(numeric - analytic) / Math.max(1.0, Math.abs(numeric) + Math.abs(analytic));
                worst = Math.max(worst, err);
                if (err > TOLERANCE) {
                    throw new AssertionError("gradient of " + e.getKey() + " at flat index " + i + ": analytic "
                            + analytic + ", numeric " + numeric + " (error " + err + ")");
                }
            }
        }
        return worst;
    }

    /** A float64 leaf of the given shape with values U(−1, 1) from a seeded stream. */
    static Tensor random(long seed, int... shape) {
        Rng rng = new Rng(seed);
        Tensor t = Tensor.zeros(DType.F64, shape);
        for (int i = 0; i < t.numel(); i++) {
            t.d()[i] = rng.nextDouble() * 2 - 1;
        }
        return t.requiresGrad(true);
    }

    /** A constant float64 tensor with values U(−1, 1), for weighting an output into a scalar loss. */
    static Tensor weights(long seed, int... shape) {
        return random(seed, shape).requiresGrad(false);
    }
}
