package dev.rnn4j.explain;

import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.tensor.Tensor;

/**
 * Integrated gradients, occlusion and gradient × input of a {@link ScalarOutput} at one input, each in one
 * batched forward pass (and one backward pass for the gradient methods). Stateless; safe to call from several
 * threads when the {@link ScalarOutput} is.
 *
 * <p>Arrays are row-major: an input or a baseline is (L, D), position t's values at {@code [t·D, (t+1)·D)}.
 */
public final class Attributions {

    /** Trapezoid intervals of integrated gradients unless told otherwise (completeness within 1 % in the tests). */
    public static final int DEFAULT_STEPS = 64;

    private Attributions() {
    }

    /**
     * The attributions of {@code output} at {@code input} by {@code method}.
     *
     * @param input    (L, D) the input
     * @param baseline (L, D) the reference input: integrated gradients integrate from it; occlusion puts its
     *                 values in place of a step when the output does not remove positions
     * @param steps    trapezoid intervals for integrated gradients, ≥ 1 (ignored by the other methods)
     * @throws IllegalArgumentException for a null argument, arrays of other lengths than L·D, L or D below 1, or
     *                                  steps below 1 with integrated gradients
     */
    public static Attribution compute(ScalarOutput output, float[] input, float[] baseline, int length, int width,
                                      Method method, int steps) {
        if (output == null || input == null || baseline == null || method == null) {
            throw new IllegalArgumentException("output, input, baseline, method: expected all, got " + output + ", "
                    + (input == null ? null : "input") + ", " + (baseline == null ? null : "baseline") + ", " + method);
        }
        if (length < 1 || width < 1 || input.length != length * width || baseline.length != length * width) {
            throw new IllegalArgumentException("input, baseline: expected " + length + " × " + width
                    + " values each (length and width ≥ 1), got " + input.length + " and " + baseline.length);
        }
        if (method == Method.INTEGRATED_GRADIENTS && steps < 1) {
            throw new IllegalArgumentException("steps: expected at least 1 interval for integrated gradients, got "
                    + steps);
        }
        return switch (method) {
            case INTEGRATED_GRADIENTS -> integratedGradients(output, input, baseline, length, width, steps);
            case GRADIENT_X_INPUT -> gradientTimesInput(output, input, baseline, length, width);
            case OCCLUSION -> occlusion(output, input, baseline, length, width);
        };
    }

    // all steps + 1 points of the path in one batch (steps + 1, L, D), one forward and one backward pass
    private static Attribution integratedGradients(ScalarOutput output, float[] input, float[] baseline, int length,
                                                   int width, int steps) {
        int n = length * width;
        float[] path = new float[(steps + 1) * n];
        for (int k = 0; k <= steps; k++) {
            double alpha = (double) k / steps;
            for (int i = 0; i < n; i++) {
                path[k * n + i] = (float) (baseline[i] + alpha * (input[i] - baseline[i]));
            }
        }
        float[] outputs = new float[steps + 1];
        float[] grad = gradients(output, path, steps + 1, length, width, outputs);
        double[] values = new double[n];
        for (int k = 0; k <= steps; k++) {
            double weight = (k == 0 || k == steps ? 0.5 : 1.0) / steps; // trapezoid rule on [0, 1]
            for (int i = 0; i < n; i++) {
                values[i] += weight * grad[k * n + i];
            }
        }
        for (int i = 0; i < n; i++) {
            values[i] *= (double) input[i] - baseline[i];
        }
        return new Attribution(Method.INTEGRATED_GRADIENTS, steps, sumRows(values, length, width), values,
                outputs[steps], outputs[0]);
    }

    // the input and the baseline in one batch of 2; only the input's gradient is used
    private static Attribution gradientTimesInput(ScalarOutput output, float[] input, float[] baseline, int length,
                                                  int width) {
        int n = length * width;
        float[] both = new float[2 * n];
        System.arraycopy(input, 0, both, 0, n);
        System.arraycopy(baseline, 0, both, n, n);
        float[] outputs = new float[2];
        float[] grad = gradients(output, both, 2, length, width, outputs);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = (double) input[i] * grad[i];
        }
        return new Attribution(Method.GRADIENT_X_INPUT, 0, sumRows(values, length, width), values, outputs[0],
                outputs[1]);
    }

    private static Attribution occlusion(ScalarOutput output, float[] input, float[] baseline, int length,
                                         int width) {
        int n = length * width;
        boolean remove = output.occlusionRemoves() && length > 1;
        int occludedLength = remove ? length - 1 : length;
        int m = occludedLength * width;
        float[] occluded = new float[length * m]; // (L, L', D): row t is the input without position t
        for (int t = 0; t < length; t++) {
            if (remove) {
                System.arraycopy(input, 0, occluded, t * m, t * width);
                System.arraycopy(input, (t + 1) * width, occluded, t * m + t * width, n - (t + 1) * width);
            } else {
                System.arraycopy(input, 0, occluded, t * m, n);
                System.arraycopy(baseline, t * width, occluded, t * m + t * width, width);
            }
        }
        float[] full;
        float[] without;
        float[] base;
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            full = output.evaluate(Tensor.of(input, 1, length, width)).toFloatArray();
            base = output.evaluate(Tensor.of(baseline, 1, length, width)).toFloatArray();
            without = output.evaluate(Tensor.of(occluded, length, occludedLength, width)).toFloatArray();
        }
        double[] scores = new double[length];
        for (int t = 0; t < length; t++) {
            scores[t] = (double) full[0] - without[t];
        }
        return new Attribution(Method.OCCLUSION, 0, scores, null, full[0], base[0]);
    }

    /** d output / d inputs (rows, L, D) of a batch, each row's output depending on its row only; fills outputs. */
    private static float[] gradients(ScalarOutput output, float[] inputs, int rows, int length, int width,
                                     float[] outputs) {
        Tensor x = Tensor.of(inputs, rows, length, width).requiresGrad(true);
        Tensor y = output.evaluate(x); // (rows)
        if (y.numel() != rows) {
            throw new IllegalStateException("output: expected " + rows + " values, got " + y.numel());
        }
        System.arraycopy(y.toFloatArray(), 0, outputs, 0, rows);
        // the sum's gradient is each row's own, since rows do not interact
        y.sum().backward();
        if (x.grad() == null) {
            throw new IllegalStateException("output: no gradient reached the input; does it depend on it?");
        }
        return x.grad().toFloatArray();
    }

    private static double[] sumRows(double[] values, int length, int width) {
        double[] out = new double[length];
        for (int t = 0; t < length; t++) {
            for (int j = 0; j < width; j++) {
                out[t] += values[t * width + j];
            }
        }
        return out;
    }
}
