package dev.rnn4j.optim;

import dev.rnn4j.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Gradient clipping over a set of parameters, as {@code torch.nn.utils.clip_grad_norm_} and
 * {@code clip_grad_value_} (PyTorch 1.13). Parameters without a gradient are ignored.
 */
public final class GradClip {

    private GradClip() {
    }

    /** {@link #clipGradNorm(List, double, double, boolean)} with the 2-norm and no error on a non-finite norm. */
    public static double clipGradNorm(List<Tensor> params, double maxNorm) {
        return clipGradNorm(params, maxNorm, 2.0, false);
    }

    /** {@link #clipGradNorm(List, double, double, boolean)} with no error on a non-finite norm. */
    public static double clipGradNorm(List<Tensor> params, double maxNorm, double normType) {
        return clipGradNorm(params, maxNorm, normType, false);
    }

    /**
     * Scales all gradients together so that their total norm is at most about {@code maxNorm}.
     *
     * <p>As PyTorch: the total norm is the {@code normType}-norm of the per-parameter gradient norms
     * (equal to the norm of all gradients concatenated); for {@code normType = +inf} it is the largest
     * absolute gradient element. {@code clip_coef = maxNorm / (total + 1e-6)}, computed in the
     * gradients' dtype as PyTorch does ({@code reciprocal(total + 1e-6) * maxNorm}); every gradient is
     * multiplied by {@code min(clip_coef, 1)}, so gradients are unchanged when the total is below
     * {@code maxNorm}. The per-parameter 2-norm is summed in 8 float32 (4 float64) lanes with fused
     * multiply-adds, the order of PyTorch's AVX2 reduction.
     *
     * <p>Non-finite norms: with {@code errorIfNonfinite} false the NaN or infinite total is returned
     * and the gradients are scaled by the resulting coefficient anyway (NaN, or 0 for an infinite
     * norm), as PyTorch does; with {@code errorIfNonfinite} true a {@link NonFiniteGradientException}
     * is thrown before any gradient is touched.
     *
     * @param params   parameters whose {@link Tensor#grad()} to clip (those with a null grad are skipped)
     * @param maxNorm  the largest allowed total norm, finite and {@code >= 0}
     * @param normType p of the p-norm, {@code > 0}, or {@link Double#POSITIVE_INFINITY}
     * @return the total norm before clipping (0 if no parameter has a gradient)
     * @throws IllegalArgumentException if an argument is invalid (the message names it)
     */
    public static double clipGradNorm(List<Tensor> params, double maxNorm, double normType, boolean errorIfNonfinite) {
        List<Tensor> grads = gradients(params);
        if (!(maxNorm >= 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("maxNorm must be finite and >= 0, got " + maxNorm);
        }
        if (!(normType > 0)) {
            throw new IllegalArgumentException("normType must be > 0 or +infinity, got " + normType);
        }
        if (grads.isEmpty()) {
            return 0.0;
        }
        boolean f32 = grads.get(0).f() != null;
        for (int i = 1; i < grads.size(); i++) {
            if ((grads.get(i).f() != null) != f32) {
                throw new IllegalArgumentException("params: gradients mix float32 and float64 (gradient " + i + " is "
                        + grads.get(i).dtype() + ", gradient 0 is " + grads.get(0).dtype() + ")");
            }
        }
        double total;
        if (f32) {
            float[] norms = new float[grads.size()];
            for (int i = 0; i < norms.length; i++) {
                float[] g = grads.get(i).f();
                norms[i] = norm(g, g.length, normType);
            }
            float t = norm(norms, norms.length, normType);
            total = t;
            if (errorIfNonfinite && !Float.isFinite(t)) {
                throw nonFinite(total, normType);
            }
            // clip_coef = max_norm / (total + 1e-6): Tensor.__rtruediv__ is reciprocal() * max_norm
            float coef = (1.0f / (t + (float) 1e-6)) * (float) maxNorm;
            float clamped = coef > 1.0f ? 1.0f : coef; // clamp(max=1) keeps NaN
            if (clamped == 1.0f) {
                return total; // g · 1 is g: no pass over the gradients
            }
            for (Tensor grad : grads) {
                float[] g = grad.f();
                for (int k = 0; k < g.length; k++) {
                    g[k] *= clamped;
                }
            }
        } else {
            double[] norms = new double[grads.size()];
            for (int i = 0; i < norms.length; i++) {
                double[] g = grads.get(i).d();
                norms[i] = norm(g, g.length, normType);
            }
            double t = norm(norms, norms.length, normType);
            total = t;
            if (errorIfNonfinite && !Double.isFinite(t)) {
                throw nonFinite(total, normType);
            }
            double coef = (1.0 / (t + 1e-6)) * maxNorm;
            double clamped = coef > 1.0 ? 1.0 : coef;
            if (clamped == 1.0) {
                return total; // g · 1 is g: no pass over the gradients
            }
            for (Tensor grad : grads) {
                double[] g = grad.d();
                for (int k = 0; k < g.length; k++) {
                    g[k] *= clamped;
                }
            }
        }
        return total;
    }

    /**
     * Clamps every gradient element to {@code [-clipValue, clipValue]} in place ({@code clip_grad_value_});
     * NaN elements stay NaN.
     *
     * @throws IllegalArgumentException if clipValue is negative or NaN
     */
    public static void clipGradValue(List<Tensor> params, double clipValue) {
        List<Tensor> grads = gradients(params);
        if (!(clipValue >= 0)) {
            throw new IllegalArgumentException("clipValue must be >= 0, got " + clipValue);
        }
        for (Tensor grad : grads) {
            if (grad.f() != null) {
                float hi = (float) clipValue;
                float lo = -hi;
                float[] g = grad.f();
                for (int k = 0; k < g.length; k++) {
                    g[k] = Math.min(Math.max(g[k], lo), hi);
                }
            } else {
                double[] g = grad.d();
                for (int k = 0; k < g.length; k++) {
                    g[k] = Math.min(Math.max(g[k], -clipValue), clipValue);
                }
            }
        }
    }

    /** Thrown by {@code clipGradNorm(..., errorIfNonfinite = true)} when the total norm is NaN or infinite. */
    public static final class NonFiniteGradientException extends ArithmeticException {
        private static final long serialVersionUID = 1L;
        private final double totalNorm;

        NonFiniteGradientException(String message, double totalNorm) {
            super(message);
            this.totalNorm = totalNorm;
        }

        /** The non-finite total norm. */
        public double totalNorm() {
            return totalNorm;
        }
    }

    private static NonFiniteGradientException nonFinite(double total, double normType) {
        return new NonFiniteGradientException("the total norm of order " + normType + " of the gradients is " + total
                + ", so they cannot be clipped (a NaN or infinite gradient); pass errorIfNonfinite=false to scale "
                + "them by the non-finite norm anyway", total);
    }

    private static List<Tensor> gradients(List<Tensor> params) {
        Objects.requireNonNull(params, "params");
        List<Tensor> grads = new ArrayList<>(params.size());
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            if (p == null) {
                throw new IllegalArgumentException("params: parameter " + i + " is null");
            }
            if (p.grad() != null) {
                grads.add(p.grad());
            }
        }
        return grads;
    }

    // ------------------------------------------------------------------ norms in PyTorch's order

    private static final int F32_LANES = 8;
    private static final int F64_LANES = 4;

    /** The p-norm of x[0..n) in float32, accumulated as PyTorch's CPU kernel does. */
    static float norm(float[] x, int n, double p) {
        if (p == Double.POSITIVE_INFINITY) {
            float max = 0f;
            for (int k = 0; k < n; k++) {
                float a = Math.abs(x[k]);
                if (a > max || Float.isNaN(a)) {
                    max = a;
                    if (Float.isNaN(a)) {
                        break;
                    }
                }
            }
            return max;
        }
        if (p == 2.0) {
            // 8 lanes of fused x*x + acc over whole vectors, lanes summed in order, then the tail
            float[] lanes = new float[F32_LANES];
            int k = 0;
            for (; k + F32_LANES <= n; k += F32_LANES) {
                for (int j = 0; j < F32_LANES; j++) {
                    lanes[j] = Math.fma(x[k + j], x[k + j], lanes[j]);
                }
            }
            float acc = lanes[0];
            for (int j = 1; j < F32_LANES; j++) {
                acc += lanes[j];
            }
            for (; k < n; k++) {
                acc = Math.fma(x[k], x[k], acc);
            }
            return (float) Math.sqrt(acc);
        }
        if (p == 1.0) {
            float acc = 0f;
            for (int k = 0; k < n; k++) {
                acc += Math.abs(x[k]);
            }
            return acc;
        }
        double acc = 0;
        for (int k = 0; k < n; k++) {
            acc += StrictMath.pow(Math.abs(x[k]), p);
        }
        return (float) StrictMath.pow(acc, 1.0 / p);
    }

    /** The p-norm of x[0..n) in float64. */
    static double norm(double[] x, int n, double p) {
        if (p == Double.POSITIVE_INFINITY) {
            double max = 0;
            for (int k = 0; k < n; k++) {
                double a = Math.abs(x[k]);
                if (a > max || Double.isNaN(a)) {
                    max = a;
                    if (Double.isNaN(a)) {
                        break;
                    }
                }
            }
            return max;
        }
        if (p == 2.0) {
            double[] lanes = new double[F64_LANES];
            int k = 0;
            for (; k + F64_LANES <= n; k += F64_LANES) {
                for (int j = 0; j < F64_LANES; j++) {
                    lanes[j] = Math.fma(x[k + j], x[k + j], lanes[j]);
                }
            }
            double acc = lanes[0];
            for (int j = 1; j < F64_LANES; j++) {
                acc += lanes[j];
            }
            for (; k < n; k++) {
                acc = Math.fma(x[k], x[k], acc);
            }
            return Math.sqrt(acc);
        }
        if (p == 1.0) {
            double acc = 0;
            for (int k = 0; k < n; k++) {
                acc += Math.abs(x[k]);
            }
            return acc;
        }
        double acc = 0;
        for (int k = 0; k < n; k++) {
            acc += StrictMath.pow(Math.abs(x[k]), p);
        }
        return StrictMath.pow(acc, 1.0 / p);
    }
}
