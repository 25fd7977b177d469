package dev.rnn4j.ctc;

import dev.rnn4j.nn.Reduction;
import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.tensor.Node;
import dev.rnn4j.tensor.Shape;
import dev.rnn4j.tensor.Tensor;

/**
 * Connectionist temporal classification loss as PyTorch's {@code F.ctc_loss(log_probs, targets,
 * input_lengths, target_lengths, blank, reduction, zero_infinity)}, one fused autograd node.
 *
 * <p>For batch row b with input length T_b and target {@code l} of length L_b, the loss is
 * {@code −log p(l | x) = −log Σ_π Π_t y_t(π_t)} over the alignments π of T_b frames that collapse to
 * {@code l} (merge repeats, then drop blanks), computed by the forward recursion in log space
 * (Graves et al. 2006, eq. 6-8) in double precision and stored in the input's dtype. Frames at or
 * past T_b are ignored. A target that no alignment fits (it needs L_b plus the number of adjacent
 * repeats frames, more than T_b) has infinite loss; with {@code zeroInfinity} its loss and gradient
 * are 0 instead. Without {@code zeroInfinity} its gradient is NaN, as in PyTorch. An input length of 0
 * gives loss 0 for an empty target and infinity otherwise.
 *
 * <p>Reductions: {@link Reduction#NONE} returns the (B) losses; {@link Reduction#SUM} their sum;
 * {@link Reduction#MEAN} is PyTorch's: each loss divided by its target length (at least 1), then
 * averaged over the batch.
 *
 * <p>The gradient follows PyTorch's convention: with respect to {@code log_probs} it is
 * {@code y_t(c) − γ_t(c)} (γ the posterior occupation of class c at frame t), which is the exact
 * gradient with respect to the logits once it goes through the backward of {@code log_softmax}
 * (that backward leaves it unchanged, its entries summing to 0 per frame). Feed this loss the
 * output of {@code logSoftmax(2)}, as PyTorch expects; its gradient with respect to the
 * log-probabilities themselves is not the mathematical partial derivative.
 */
public final class CtcLoss {

    private CtcLoss() {
    }

    /** {@code F.ctc_loss} with PyTorch's defaults: blank 0, reduction mean, no zero_infinity; padded targets. */
    public static Tensor ctcLoss(Tensor logProbs, int[][] targets, int[] inputLengths, int[] targetLengths) {
        return ctcLoss(logProbs, targets, inputLengths, targetLengths, 0, Reduction.MEAN, false);
    }

    /**
     * {@code F.ctc_loss} with padded targets.
     *
     * @param logProbs      (T, B, C) log-probabilities over C classes (blank included), time-major
     * @param targets       B rows of labels, row b read up to {@code targetLengths[b]} (the rest is padding);
     *                      labels in [0, C) and never the blank
     * @param inputLengths  B frame counts in [0, T]
     * @param targetLengths B label counts, each at most its row's length
     * @param blank         the blank class in [0, C)
     * @param reduction     NONE gives the (B) losses; SUM and MEAN a scalar
     * @param zeroInfinity  infinite losses (and their gradients) become 0
     */
    public static Tensor ctcLoss(Tensor logProbs, int[][] targets, int[] inputLengths, int[] targetLengths,
                                 int blank, Reduction reduction, boolean zeroInfinity) {
        int batch = checkShapes(logProbs, inputLengths, targetLengths, blank);
        if (targets == null || targets.length != batch) {
            throw new IllegalArgumentException("ctc_loss: expected targets of B = " + batch + " rows, got "
                    + (targets == null ? "null" : targets.length));
        }
        int total = 0;
        for (int b = 0; b < batch; b++) {
            if (targets[b] == null || targets[b].length < targetLengths[b]) {
                throw new IllegalArgumentException("ctc_loss: target_lengths[" + b + "] = " + targetLengths[b]
                        + " but targets[" + b + "] has "
                        + (targets[b] == null ? "no row" : targets[b].length + " labels"));
            }
            total += targetLengths[b];
        }
        int[] flat = new int[total];
        int[] offsets = new int[batch];
        for (int b = 0, pos = 0; b < batch; b++) {
            offsets[b] = pos;
            System.arraycopy(targets[b], 0, flat, pos, targetLengths[b]);
            pos += targetLengths[b];
        }
        return compute(logProbs, flat, offsets, inputLengths, targetLengths, blank, reduction, zeroInfinity);
    }

    /**
     * {@code F.ctc_loss} with the targets of all rows concatenated in one array of
     * {@code sum(targetLengths)} labels; otherwise as the padded form.
     */
    public static Tensor ctcLossConcatenated(Tensor logProbs, int[] targets, int[] inputLengths, int[] targetLengths,
                                             int blank, Reduction reduction, boolean zeroInfinity) {
        int batch = checkShapes(logProbs, inputLengths, targetLengths, blank);
        int[] offsets = new int[batch];
        long total = 0;
        for (int b = 0; b < batch; b++) {
            offsets[b] = (int) Math.min(total, Integer.MAX_VALUE);
            total += targetLengths[b];
        }
        if (targets == null || targets.length != total) {
            throw new IllegalArgumentException("ctc_loss: expected concatenated targets of sum(target_lengths) = "
                    + total + " labels, got " + (targets == null ? "null" : targets.length));
        }
        return compute(logProbs, targets, offsets, inputLengths, targetLengths, blank, reduction, zeroInfinity);
    }

    /** Checks log_probs, the lengths and the blank; returns B. */
    private static int checkShapes(Tensor logProbs, int[] inputLengths, int[] targetLengths, int blank) {
        if (logProbs == null || logProbs.rank() != 3) {
            throw new IllegalArgumentException("ctc_loss: expected log_probs (T, B, C), got "
                    + (logProbs == null ? "null" : Shape.str(logProbs.shape())));
        }
        int steps = logProbs.size(0);
        int batch = logProbs.size(1);
        int classes = logProbs.size(2);
        if (blank < 0 || blank >= classes) {
            throw new IllegalArgumentException("ctc_loss: blank must be in 0.." + (classes - 1) + " (C = " + classes
                    + "), got " + blank);
        }
        if (inputLengths == null || inputLengths.length != batch) {
            throw new IllegalArgumentException("ctc_loss: expected input_lengths of B = " + batch + " values, got "
                    + (inputLengths == null ? "null" : inputLengths.length));
        }
        if (targetLengths == null || targetLengths.length != batch) {
            throw new IllegalArgumentException("ctc_loss: expected target_lengths of B = " + batch + " values, got "
                    + (targetLengths == null ? "null" : targetLengths.length));
        }
        for (int b = 0; b < batch; b++) {
            if (inputLengths[b] < 0 || inputLengths[b] > steps) {
                throw new IllegalArgumentException("ctc_loss: input_lengths[" + b + "] = " + inputLengths[b]
                        + " is outside 0.." + steps + " (T of log_probs " + Shape.str(logProbs.shape()) + ")");
            }
            if (targetLengths[b] < 0) {
                throw new IllegalArgumentException("ctc_loss: target_lengths[" + b + "] = " + targetLengths[b]
                        + " is negative");
            }
        }
        return batch;
    }

    private static Tensor compute(Tensor logProbs, int[] targets, int[] offsets, int[] inputLengths,
                                  int[] targetLengths, int blank, Reduction reduction, boolean zeroInfinity) {
        int batch = logProbs.size(1);
        int classes = logProbs.size(2);
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < targetLengths[b]; i++) {
                int label = targets[offsets[b] + i];
                if (label < 0 || label >= classes) {
                    throw new IllegalArgumentException("ctc_loss: targets[" + b + "][" + i + "] = " + label
                            + " is outside 0.." + (classes - 1) + " (C = " + classes + ")");
                }
                if (label == blank) {
                    throw new IllegalArgumentException("ctc_loss: targets[" + b + "][" + i + "] = " + label
                            + " is the blank; targets hold labels only");
                }
            }
        }
        int timeStride = batch * classes;
        double[] lp = logProbs.toDoubleArray(); // (T, B, C)
        int[][] extended = new int[batch][];
        double[][] alphas = new double[batch][];
        double[] logLikelihood = new double[batch];
        double[] losses = new double[batch];
        for (int b = 0; b < batch; b++) {
            extended[b] = CtcAlignment.extendedLabels(targets, offsets[b], targetLengths[b], blank);
            alphas[b] = new double[inputLengths[b] * extended[b].length];
            logLikelihood[b] = CtcAlignment.forward(lp, b * classes, timeStride, inputLengths[b], extended[b],
                    alphas[b]);
            boolean zeroed = zeroInfinity && logLikelihood[b] == Double.NEGATIVE_INFINITY;
            losses[b] = zeroed ? 0 : 0.0 - logLikelihood[b]; // 0.0 − 0.0 is +0, where −0.0 would be −0
        }
        double[] weights = new double[batch]; // d(reduced loss)/d(loss_b) per unit of the output's gradient
        Tensor out;
        if (reduction == Reduction.NONE) {
            out = Tensor.zeros(logProbs.dtype(), batch);
            for (int b = 0; b < batch; b++) {
                out.setFlat(b, losses[b]);
                weights[b] = 1;
            }
        } else {
            double total = 0;
            for (int b = 0; b < batch; b++) {
                weights[b] = reduction == Reduction.MEAN ? 1.0 / ((double) batch * Math.max(1, targetLengths[b])) : 1;
                total += losses[b] * weights[b];
            }
            out = Tensor.scalar(logProbs.dtype(), total);
        }
        return Autograd.record(new Node(logProbs) {
            @Override
            public String name() {
                return "ctc_loss";
            }

            @Override
            protected void backward(Tensor[] g) {
                if (!needsGrad(0)) {
                    return;
                }
                double[] grad = new double[lp.length];
                double[] classLogSums = new double[classes];
                for (int b = 0; b < batch; b++) {
                    if (zeroInfinity && logLikelihood[b] == Double.NEGATIVE_INFINITY) {
                        continue;
                    }
                    double scale = weights[b] * (reduction == Reduction.NONE ? g[0].getFlat(b) : g[0].getFlat(0));
                    double[] beta = new double[alphas[b].length];
                    CtcAlignment.addGradient(lp, b * classes, timeStride, inputLengths[b], extended[b], alphas[b],
                            logLikelihood[b], beta, classLogSums, scale, grad);
                }
                Tensor gl = gradOf(input(0));
                for (int i = 0; i < grad.length; i++) {
                    gl.setFlat(i, gl.getFlat(i) + grad[i]);
                }
            }
        }, out);
    }
}
