package dev.rnn4j.nn;

import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.tensor.Node;
import dev.rnn4j.tensor.Shape;
import dev.rnn4j.tensor.Tensor;

import java.util.Arrays;

/**
 * Loss functions with PyTorch's definitions ({@code torch.nn.functional}), each one fused node:
 * forward and backward side by side, arithmetic per element in double and stored in the input's
 * dtype. With {@link Reduction#MEAN} or {@link Reduction#SUM} they return a scalar tensor; with
 * {@link Reduction#NONE}, the unreduced losses (per row for cross entropy, per element otherwise).
 */
public final class Losses {

    private Losses() {
    }

    /** PyTorch's default {@code ignore_index}. */
    public static final int DEFAULT_IGNORE_INDEX = -100;

    /** Cross entropy with PyTorch's defaults: mean, no weights, ignore -100, no smoothing. */
    public static Tensor crossEntropy(Tensor logits, int[] targets) {
        return crossEntropy(logits, targets, null, DEFAULT_IGNORE_INDEX, 0.0, Reduction.MEAN);
    }

    /**
     * {@code F.cross_entropy(logits, targets, weight, ignore_index, label_smoothing, reduction)}.
     *
     * <p>With class weights w, smoothing ε and C classes, row i contributes
     * {@code ℓ_i = (1−ε)·(−w[y_i] log p_i[y_i]) + (ε/C)·Σ_c(−w[c] log p_i[c])}: the one-hot target
     * mixed with the uniform distribution over the C classes. Rows whose target is
     * {@code ignoreIndex} contribute neither loss nor gradient (their NONE entry is 0). MEAN divides
     * {@code Σ ℓ_i} by {@code Σ w[y_i]} over the rows kept (their count when unweighted), exactly as
     * PyTorch does; if every row is ignored, MEAN is NaN (0/0), as in PyTorch, and SUM is 0.
     *
     * @param logits    (N, C) unnormalised scores, e.g. decoder logits (T·B, V)
     * @param targets   N class indices in [0, C) or {@code ignoreIndex}
     * @param weight    (C) class weights, or null
     * @param reduction MEAN or SUM give a scalar; NONE gives the (N) losses ℓ_i
     */
    public static Tensor crossEntropy(Tensor logits, int[] targets, Tensor weight, int ignoreIndex,
                                      double labelSmoothing, Reduction reduction) {
        if (logits.rank() != 2) {
            throw new IllegalArgumentException("cross_entropy: expected logits (N, C), got " + Shape.str(logits.shape()));
        }
        int n = logits.size(0);
        int c = logits.size(1);
        if (targets.length != n) {
            throw new IllegalArgumentException("cross_entropy: expected " + n + " targets (one per row of logits "
                    + Shape.str(logits.shape()) + "), got " + targets.length);
        }
        if (weight != null && (weight.rank() != 1 || weight.size(0) != c)) {
            throw new IllegalArgumentException("cross_entropy: expected weight (" + c + ",), got "
                    + Shape.str(weight.shape()));
        }
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("cross_entropy: label_smoothing must be in [0, 1], got " + labelSmoothing);
        }
        for (int i = 0; i < n; i++) {
            if (targets[i] != ignoreIndex && (targets[i] < 0 || targets[i] >= c)) {
                throw new IllegalArgumentException("cross_entropy: target " + targets[i] + " at row " + i
                        + " is outside 0.." + (c - 1));
            }
        }
        double[] logSums = new double[n]; // log Σ_c exp(logits[i, c]); log p_i[c] = logits[i, c] − logSums[i]
        double[] rowLoss = new double[n];
        double total = 0;
        double denominator = 0;
        for (int i = 0; i < n; i++) {
            if (targets[i] == ignoreIndex) {
                continue;
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                max = Math.max(max, logits.getFlat(i * c + j));
            }
            double sum = 0;
            for (int j = 0; j < c; j++) {
                sum += Math.exp(logits.getFlat(i * c + j) - max);
            }
            double logSum = max + Math.log(sum);
            logSums[i] = logSum;
            double wy = weight == null ? 1 : weight.getFlat(targets[i]);
            denominator += wy;
            double smooth = 0;
            if (labelSmoothing > 0) {
                for (int j = 0; j < c; j++) {
                    smooth -= (weight == null ? 1 : weight.getFlat(j)) * (logits.getFlat(i * c + j) - logSum);
                }
            }
            rowLoss[i] = (1 - labelSmoothing) * (-wy * (logits.getFlat(i * c + targets[i]) - logSum))
                    + labelSmoothing / c * smooth;
            total += rowLoss[i];
        }
        double scale = reduction == Reduction.MEAN ? 1.0 / denominator : 1.0;
        Tensor out;
        if (reduction == Reduction.NONE) {
            out = Tensor.zeros(logits.dtype(), n);
            for (int i = 0; i < n; i++) {
                out.setFlat(i, rowLoss[i]);
            }
        } else {
            out = Tensor.scalar(logits.dtype(), total * scale);
        }
        return Autograd.record(new Node(logits, weight) {
            @Override
            public String name() {
                return "cross_entropy";
            }

            @Override
            protected void backward(Tensor[] g) {
                if (!needsGrad(0)) {
                    return;
                }
                Tensor gl = gradOf(input(0));
                double[] a = new double[c]; // dℓ_i/d log p_i[c]
                for (int i = 0; i < n; i++) {
                    if (targets[i] == ignoreIndex) {
                        continue;
                    }
                    double gs = (reduction == Reduction.NONE ? g[0].getFlat(i) : g[0].getFlat(0)) * scale;
                    double sumA = 0;
                    for (int j = 0; j < c; j++) {
                        double wj = weight == null ? 1 : weight.getFlat(j);
                        a[j] = -labelSmoothing / c * wj;
                    }
                    a[targets[i]] -= (1 - labelSmoothing) * (weight == null ? 1 : weight.getFlat(targets[i]));
                    for (int j = 0; j < c; j++) {
                        sumA += a[j];
                    }
                    for (int j = 0; j < c; j++) {
                        double p = Math.exp(logits.getFlat(i * c + j) - logSums[i]);
                        double d = a[j] - p * sumA;
                        gl.setFlat(i * c + j, gl.getFlat(i * c + j) + gs * d);
                    }
                }
            }
        }, out);
    }

    /** {@code F.binary_cross_entropy_with_logits(logits, targets)}, mean. */
    public static Tensor bceWithLogits(Tensor logits, Tensor targets) {
        return bceWithLogits(logits, targets, null, Reduction.MEAN);
    }

    /**
     * {@code F.binary_cross_entropy_with_logits(x, y, pos_weight=pw)}: per element
     * {@code (1−y)·x + (1 + (pw−1)·y)·log(1 + e^{−x})}, computed stably. {@code posWeight} (C)
     * broadcasts over the last dimension, or null. NONE returns the per-element losses, shaped as
     * the logits.
     */
    public static Tensor bceWithLogits(Tensor logits, Tensor targets, Tensor posWeight, Reduction reduction) {
        requireSameShape("binary_cross_entropy_with_logits", logits, targets);
        int n = logits.numel();
        int last = logits.rank() == 0 ? 1 : logits.size(-1);
        if (posWeight != null && posWeight.numel() != last) {
            throw new IllegalArgumentException("binary_cross_entropy_with_logits: expected pos_weight of " + last
                    + " elements (the last dimension of " + Shape.str(logits.shape()) + "), got "
                    + Shape.str(posWeight.shape()));
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            double x = logits.getFlat(i);
            double y = targets.getFlat(i);
            double l = posWeight == null ? 1 : 1 + (posWeight.getFlat(i % last) - 1) * y;
            double maxVal = Math.max(-x, 0);
            values[i] = (1 - y) * x + l * (Math.log(Math.exp(-maxVal) + Math.exp(-x - maxVal)) + maxVal);
        }
        double scale = reduction == Reduction.MEAN ? 1.0 / n : 1.0;
        Tensor out = reduce(logits, values, reduction, scale);
        return Autograd.record(new Node(logits, targets, posWeight) {
            @Override
            public String name() {
                return "binary_cross_entropy_with_logits";
            }

            @Override
            protected void backward(Tensor[] g) {
                if (!needsGrad(0)) {
                    return;
                }
                Tensor gl = gradOf(input(0));
                for (int i = 0; i < n; i++) {
                    double gs = (reduction == Reduction.NONE ? g[0].getFlat(i) : g[0].getFlat(0)) * scale;
                    double x = logits.getFlat(i);
                    double y = targets.getFlat(i);
                    double l = posWeight == null ? 1 : 1 + (posWeight.getFlat(i % last) - 1) * y;
                    double sigNeg = 1.0 / (1.0 + Math.exp(x)); // σ(−x)
                    gl.setFlat(i, gl.getFlat(i) + gs * ((1 - y) - l * sigNeg));
                }
            }
        }, out);
    }

    /** {@code F.mse_loss}: mean of (x − y)². */
    public static Tensor mse(Tensor input, Tensor target) {
        return elementwise("mse_loss", input, target, 0, Reduction.MEAN);
    }

    /** {@code F.l1_loss}: mean of |x − y| (gradient 0 where they are equal). */
    public static Tensor l1(Tensor input, Tensor target) {
        return elementwise("l1_loss", input, target, 0, Reduction.MEAN);
    }

    /** {@code F.huber_loss(delta)}: ½d² where |d| < δ, else δ(|d| − ½δ); mean. */
    public static Tensor huber(Tensor input, Tensor target, double delta) {
        if (!(delta > 0)) {
            throw new IllegalArgumentException("huber_loss: delta must be positive, got " + delta);
        }
        return elementwise("huber_loss", input, target, delta, Reduction.MEAN);
    }

    /**
     * The pinball (quantile) loss of quantile regression (Koenker &amp; Bassett 1978), as in MQ-RNN (Wen et al.
     * 2017) and the M5 uncertainty track: for a level q and the residual d = y − f of a forecast f,
     * {@code ρ_q(d) = max(q·d, (q − 1)·d)}, i.e. q·d when the forecast is too low and (1 − q)·|d| when it is too
     * high. Its minimiser over f is the q-quantile of y; at q = 0.5 it is half of {@link #l1}. PyTorch has no
     * built-in; this is {@code torch.maximum(q * d, (q - 1) * d)} with {@code d = target.unsqueeze(-1) - input}
     * and {@code q} broadcast over the last dimension, reduced as asked.
     *
     * <p>Gradients: {@code ∂ρ/∂f} is −q where d &gt; 0 and 1 − q where d &lt; 0; at d = 0 it is 0.5 − q, the mean of
     * the two one-sided slopes (what {@code torch.maximum} gives on a tie). The target's gradient is the negative,
     * summed over the Q levels.
     *
     * @param input     (..., Q) forecasts, the last dimension over the levels
     * @param target    (...) observations: {@code input}'s shape without its last dimension, same dtype
     * @param quantiles (Q) the levels, each in (0, 1)
     * @param reduction MEAN (over all {@code numel(input)} elements) or SUM give a scalar; NONE gives the
     *                  per-element losses, shaped as {@code input}
     */
    public static Tensor pinball(Tensor input, Tensor target, double[] quantiles, Reduction reduction) {
        if (input == null || target == null || quantiles == null || reduction == null) {
            throw new IllegalArgumentException("pinball_loss: expected input, target, quantiles and reduction, got "
                    + "a null argument");
        }
        int q = quantiles.length;
        int[] shape = input.shape();
        if (shape.length == 0 || shape[shape.length - 1] != q
                || !Arrays.equals(Arrays.copyOf(shape, shape.length - 1), target.shape())) {
            throw new IllegalArgumentException("pinball_loss: expected input (..., " + q + ") for " + q
                    + " quantiles and target (...) of the same leading shape, got input " + Shape.str(shape)
                    + " and target " + Shape.str(target.shape()));
        }
        if (input.dtype() != target.dtype()) {
            throw new IllegalArgumentException("pinball_loss: input is " + input.dtype() + " but target is "
                    + target.dtype());
        }
        for (int k = 0; k < q; k++) {
            if (!(quantiles[k] > 0 && quantiles[k] < 1)) {
                throw new IllegalArgumentException("pinball_loss: quantiles[" + k + "]: expected in (0, 1), got "
                        + quantiles[k]);
            }
        }
        double[] levels = quantiles.clone();
        int n = input.numel();
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            double d = target.getFlat(i / q) - input.getFlat(i);
            double level = levels[i % q];
            values[i] = Math.max(level * d, (level - 1) * d);
        }
        double scale = reduction == Reduction.MEAN ? 1.0 / n : 1.0;
        Tensor out = reduce(input, values, reduction, scale);
        return Autograd.record(new Node(input, target) {
            @Override
            public String name() {
                return "pinball_loss";
            }

            @Override
            protected void backward(Tensor[] g) {
                Tensor gi = needsGrad(0) ? gradOf(input(0)) : null;
                Tensor gt = needsGrad(1) ? gradOf(input(1)) : null;
                for (int i = 0; i < n; i++) {
                    double gs = (reduction == Reduction.NONE ? g[0].getFlat(i) : g[0].getFlat(0)) * scale;
                    double d = target.getFlat(i / q) - input.getFlat(i);
                    double level = levels[i % q];
                    double slope = d > 0 ? level : d < 0 ? level - 1 : level - 0.5; // dρ/dd
                    if (gi != null) {
                        gi.setFlat(i, gi.getFlat(i) - gs * slope);
                    }
                    if (gt != null) {
                        gt.setFlat(i / q, gt.getFlat(i / q) + gs * slope);
                    }
                }
            }
        }, out);
    }

    /** The same three with a chosen reduction (NONE: the per-element losses, shaped as the input). */
    public static Tensor regression(String kind, Tensor input, Tensor target, double delta, Reduction reduction) {
        return elementwise(kind, input, target, delta, reduction);
    }

    private static Tensor elementwise(String kind, Tensor input, Tensor target, double delta, Reduction reduction) {
        requireSameShape(kind, input, target);
        int n = input.numel();
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = value(kind, input.getFlat(i) - target.getFlat(i), delta);
        }
        double scale = reduction == Reduction.MEAN ? 1.0 / n : 1.0;
        Tensor out = reduce(input, values, reduction, scale);
        return Autograd.record(new Node(input, target) {
            @Override
            public String name() {
                return kind;
            }

            @Override
            protected void backward(Tensor[] g) {
                for (int k = 0; k < 2; k++) {
                    if (!needsGrad(k)) {
                        continue;
                    }
                    Tensor gi = gradOf(input(k));
                    double sign = k == 0 ? 1 : -1;
                    for (int i = 0; i < n; i++) {
                        double gs = (reduction == Reduction.NONE ? g[0].getFlat(i) : g[0].getFlat(0)) * scale;
                        double d = derivative(kind, input.getFlat(i) - target.getFlat(i), delta);
                        gi.setFlat(i, gi.getFlat(i) + sign * gs * d);
                    }
                }
            }
        }, out);
    }

    /** The per-element {@code values} shaped like {@code like} (NONE), or their sum times {@code scale} as a scalar. */
    private static Tensor reduce(Tensor like, double[] values, Reduction reduction, double scale) {
        if (reduction == Reduction.NONE) {
            Tensor out = like.zerosLike();
            for (int i = 0; i < values.length; i++) {
                out.setFlat(i, values[i]);
            }
            return out;
        }
        double total = 0;
        for (double v : values) {
            total += v;
        }
        return Tensor.scalar(like.dtype(), total * scale);
    }

    private static double value(String kind, double d, double delta) {
        return switch (kind) {
            case "mse_loss" -> d * d;
            case "l1_loss" -> Math.abs(d);
            case "huber_loss" -> Math.abs(d) < delta ? 0.5 * d * d : delta * (Math.abs(d) - 0.5 * delta);
            default -> throw new IllegalArgumentException("unknown regression loss '" + kind
                    + "' (expected mse_loss, l1_loss or huber_loss)");
        };
    }

    private static double derivative(String kind, double d, double delta) {
        return switch (kind) {
            case "mse_loss" -> 2 * d;
            case "l1_loss" -> Math.signum(d);
            case "huber_loss" -> Math.abs(d) < delta ? d : delta * Math.signum(d);
            default -> throw new IllegalStateException(kind);
        };
    }

    private static void requireSameShape(String op, Tensor a, Tensor b) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException(op + ": input " + Shape.str(a.shape()) + " and target "
                    + Shape.str(b.shape()) + " must have the same shape");
        }
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": input is " + a.dtype() + " but target is " + b.dtype());
        }
    }
}
