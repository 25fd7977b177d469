package dev.rnn4j.tensor;

import dev.rnn4j.nn.Losses;
import dev.rnn4j.nn.Reduction;
import dev.rnn4j.testkit.GradCheck;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finite-difference checks in float64 of the operations an attention encoder-decoder adds
 * ({@link BatchOps}, {@link SoftmaxOps}, {@link ShapeOps}, broadcasting arithmetic, cross entropy
 * with every reduction), each also with batch 1 and length 1; plus their documented edge cases
 * and argument errors.
 */
class SequenceOpsGradientTest {

    /** Checks d/dx of sum(op(x) · w) for a random fixed w shaped like the output. */
    private static void check(Function<Tensor, Tensor> op, String name, int... shape) {
        Tensor x = GradCheck.random(shape.length * 31L + 7, shape).requiresGrad(true);
        Tensor w = GradCheck.random(99, op.apply(x).shape());
        GradCheck.check(() -> op.apply(x).mul(w).sum(), List.of(x), List.of(name));
    }

    @Test
    void bmm() {
        for (int[] s : new int[][] {{3, 4, 5, 2}, {1, 1, 1, 1}, {2, 1, 4, 3}, {1, 3, 1, 2}}) {
            Tensor a = GradCheck.random(1, s[0], s[1], s[2]).requiresGrad(true);
            Tensor b = GradCheck.random(2, s[0], s[2], s[3]).requiresGrad(true);
            Tensor w = GradCheck.random(3, s[0], s[1], s[3]);
            GradCheck.check(() -> BatchOps.bmm(a, b).mul(w).sum(), List.of(a, b),
                    List.of("bmm.a " + Shape.str(a.shape()), "bmm.b " + Shape.str(b.shape())));
        }
    }

    @Test
    void bmmEqualsPerItemMatmul() {
        Tensor a = GradCheck.random(4, 3, 2, 5);
        Tensor b = GradCheck.random(5, 3, 5, 4);
        Tensor out = a.bmm(b);
        for (int i = 0; i < 3; i++) {
            Tensor expected = a.select(0, i).matmul(b.select(0, i));
            assertArrayEquals(expected.d(), out.select(0, i).d(), 1e-15);
        }
    }

    @Test
    void softmaxWithMasks() {
        Mask lengths = Mask.fromLengths(new int[] {5, 2, 1, 0}, 5);
        check(x -> SoftmaxOps.softmax(x, null), "softmax", 3, 6);
        check(x -> SoftmaxOps.softmax(x, null), "softmax length 1", 1, 1);
        check(x -> SoftmaxOps.softmax(x, lengths), "masked softmax", 4, 5);
        check(x -> SoftmaxOps.softmax(x, Mask.fromLengths(new int[] {1}, 1)), "masked softmax batch 1 length 1", 1, 1);
        Mask perSource = Mask.of(new boolean[] {true, true, false, true, false, false}, 2, 1, 3);
        check(x -> SoftmaxOps.softmax(x, perSource), "softmax with a (B, 1, S) mask", 2, 4, 3);
        check(x -> SoftmaxOps.logSoftmax(x, null), "log_softmax", 2, 5);
        check(x -> SoftmaxOps.logSoftmax(x, null), "log_softmax length 1", 1, 1);
    }

    @Test
    void maskedLogSoftmaxGradient() {
        // masked log-probabilities are about −1e10, where a central difference in double has no
        // digits left; the loss here weights them 0 (as a loss reading only kept positions does).
        // SequenceOpsReferenceTest covers gradients arriving at masked positions against PyTorch.
        int[] lengths = {4, 1, 0, 2};
        Mask mask = Mask.fromLengths(lengths, 4);
        Tensor x = GradCheck.random(11, 4, 4).requiresGrad(true);
        Tensor w = GradCheck.random(12, 4, 4);
        for (int b = 0; b < 4; b++) {
            for (int s = lengths[b]; s < 4; s++) {
                w.d()[b * 4 + s] = 0;
            }
        }
        GradCheck.check(() -> SoftmaxOps.logSoftmax(x, mask).mul(w).sum(), List.of(x), List.of("masked log_softmax"));
    }

    @Test
    void maskedPositionsAreZeroAndFullyMaskedRowsUniform() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 50, -4, 7, 0.5f, 9}, 2, 4).requiresGrad(true);
        Mask mask = Mask.fromLengths(new int[] {3, 0}, 4);
        Tensor p = x.softmax(mask);
        assertEquals(0.0, p.get(0, 3), "a masked position has probability exactly 0");
        assertEquals(1.0, p.get(0, 0) + p.get(0, 1) + p.get(0, 2), 1e-6);
        for (int s = 0; s < 4; s++) {
            assertEquals(0.25, p.get(1, s), 0.0, "a fully masked row is uniform (masked_fill(-1e10)), not NaN");
        }
        p.mul(Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 4)).sum().backward();
        assertEquals(0.0, x.grad().get(0, 3), "a masked position gets no gradient");
        for (int s = 0; s < 4; s++) {
            assertEquals(0.0, x.grad().get(1, s), "a fully masked row gets no gradient");
        }
        Tensor logp = x.detach().logSoftmax(mask);
        assertEquals(-Math.log(4), logp.get(1, 0), 1e-6, "fully masked row: log-probabilities −log S");
        assertTrue(logp.get(0, 3) <= -1e10 + 1e4 && Double.isFinite(logp.get(0, 3)),
                "a masked log-probability is −1e10 − logsumexp, finite: " + logp.get(0, 3));
    }

    @Test
    void unmaskedSoftmaxEqualsOpsSoftmax() {
        Tensor x = GradCheck.random(13, 3, 2, 5);
        assertArrayEquals(x.softmax(-1).d(), SoftmaxOps.softmax(x, null).d(), 1e-15);
        assertArrayEquals(x.logSoftmax(-1).d(), SoftmaxOps.logSoftmax(x, null).d(), 1e-15);
    }

    @Test
    void crossEntropyEveryReduction() {
        Tensor logits = GradCheck.random(14, 5, 4).requiresGrad(true);
        int[] y = {1, 0, 3, 0, 2}; // 0 is the padding token here
        for (Reduction r : Reduction.values()) {
            Tensor w = r == Reduction.NONE ? GradCheck.random(15, 5) : Tensor.scalar(DType.F64, 1.7);
            GradCheck.check(() -> Losses.crossEntropy(logits, y, null, 0, 0.1, r).mul(w).sum(), List.of(logits),
                    List.of("cross_entropy " + r));
        }
        Tensor one = GradCheck.random(16, 1, 3).requiresGrad(true);
        GradCheck.check(() -> Losses.crossEntropy(one, new int[] {2}, null, -100, 0.3, Reduction.MEAN), List.of(one),
                List.of("cross_entropy one row"));
    }

    @Test
    void crossEntropyIgnoredRowsAndNone() {
        Tensor logits = GradCheck.random(17, 3, 4).requiresGrad(true);
        int[] y = {2, -100, 1};
        Tensor none = Losses.crossEntropy(logits, y, null, -100, 0.1, Reduction.NONE);
        assertArrayEquals(new int[] {3}, none.shape());
        assertEquals(0.0, none.get(1), "an ignored row's loss is 0");
        Tensor mean = Losses.crossEntropy(logits, y, null, -100, 0.1, Reduction.MEAN);
        assertEquals((none.get(0) + none.get(2)) / 2, mean.item(), 1e-15, "mean over the rows kept");
        mean.backward();
        for (int j = 0; j < 4; j++) {
            assertEquals(0.0, logits.grad().get(1, j), "an ignored row gets no gradient");
        }
        Tensor allIgnored = Losses.crossEntropy(logits.detach(), new int[] {-100, -100, -100}, null, -100, 0.1,
                Reduction.MEAN);
        assertTrue(Double.isNaN(allIgnored.item()), "every row ignored: mean is 0/0 = NaN, as in PyTorch");
    }

    @Test
    void noneReductionOfTheOtherLosses() {
        Tensor x = GradCheck.random(18, 2, 3).requiresGrad(true);
        Tensor t = Tensor.of(new double[] {0, 1, 1, 0, 1, 0}, 2, 3);
        Tensor w = GradCheck.random(19, 2, 3);
        GradCheck.check(() -> Losses.bceWithLogits(x, t, null, Reduction.NONE).mul(w).sum(), List.of(x),
                List.of("bce none"));
        Tensor q = GradCheck.random(20, 2, 3);
        for (String kind : List.of("mse_loss", "l1_loss", "huber_loss")) {
            GradCheck.check(() -> Losses.regression(kind, x, q, 0.5, Reduction.NONE).mul(w).sum(), List.of(x),
                    List.of(kind + " none"));
            assertEquals(Losses.regression(kind, x, q, 0.5, Reduction.SUM).item(),
                    Losses.regression(kind, x, q, 0.5, Reduction.NONE).sum().item(), 1e-12);
        }
    }

    @Test
    void shapeOps() {
        check(x -> x.unsqueeze(1), "unsqueeze", 2, 3);
        check(x -> x.unsqueeze(-1), "unsqueeze last", 1);
        check(x -> x.squeeze(2), "squeeze", 2, 3, 1);
        check(x -> x.expand(2, 5, 3), "expand (B, 1, H) to (B, S, H)", 2, 1, 3);
        check(x -> x.expand(4, -1, 3), "expand with a new leading dimension", 2, 1);
        check(x -> x.expand(1, 1, 1), "expand batch 1 length 1", 1, 1);
        check(x -> x.expand(3, 2), "expand a scalar-like (1,)", 1);
        check(x -> x.indexSelect(0, new int[] {3, 0, 3}), "index_select time steps", 4, 2, 3);
        check(x -> x.indexSelect(1, new int[] {1, 1, 0}), "index_select batch", 2, 2, 3);
        check(x -> x.indexSelect(0, new int[] {0}), "index_select length 1", 1, 1, 2);
        check(x -> x.select(0, 2), "select time step t of (T, B, H)", 4, 2, 3);
        check(x -> x.select(0, 0), "select length 1", 1, 1, 2);
        check(x -> x.narrow(1, 1, 2), "narrow", 2, 4, 3);
        check(x -> Tensor.cat(List.of(x, x.mul(2.0)), 1), "cat with itself", 1, 1, 2);
        check(x -> Tensor.stack(List.of(x), 0), "stack one", 1, 1);
        check(x -> x.sum(1), "sum over a dimension", 2, 4, 3);
        check(x -> x.sum(0), "sum over length 1", 1, 3);
        check(Tensor::tanh, "tanh batch 1", 1, 1);
    }

    @Test
    void expandAndIndexSelectValues() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 2, 1, 2);
        assertArrayEquals(new double[] {1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4}, x.expand(2, 3, 2).d());
        assertSame(x, x.expand(2, 1, 2), "expanding to the same shape is the identity");
        Tensor h = Tensor.of(new double[] {0, 1, 2, 3, 4, 5}, 3, 2);
        assertArrayEquals(new double[] {4, 5, 0, 1, 4, 5}, h.indexSelect(0, new int[] {2, 0, 2}).d());
        assertSame(h, h.squeeze(0), "squeeze of a dimension not of size 1 is the identity, as in PyTorch");
    }

    @Test
    void broadcastingArithmetic() {
        int[][][] pairs = {
            {{2, 4, 3}, {2, 1, 3}}, // (B, S, H) and a per-row (B, 1, H)
            {{2, 1, 3}, {1, 4, 3}}, // both expand
            {{3, 2, 1}, {2, 4}},    // missing leading dimension
            {{1, 1, 1}, {1, 1}},    // batch 1, length 1
        };
        for (int[][] pair : pairs) {
            for (String op : List.of("add", "sub", "mul", "div")) {
                Tensor a = GradCheck.random(21, pair[0]).requiresGrad(true);
                Tensor b = GradCheck.random(22, pair[1]).add(3.0).detach().requiresGrad(true); // away from 0
                int[] shape = ShapeOps.broadcastShape(op, pair[0], pair[1]);
                Tensor w = GradCheck.random(23, shape);
                GradCheck.check(() -> {
                    Tensor r = switch (op) {
                        case "add" -> a.add(b);
                        case "sub" -> a.sub(b);
                        case "mul" -> a.mul(b);
                        default -> a.div(b);
                    };
                    assertArrayEquals(shape, r.shape());
                    return r.mul(w).sum();
                }, List.of(a, b), List.of(op + ".a " + Shape.str(pair[0]), op + ".b " + Shape.str(pair[1])));
            }
        }
    }

    @Test
    void additiveAttention() {
        // Bahdanau attention as the seq2seq golden cases lay it out, batch 3 and batch 1 length 1
        for (int[] s : new int[][] {{3, 4, 5, 6}, {1, 1, 2, 4}}) {
            int batch = s[0];
            int steps = s[1];
            int decHidden = s[2];
            int encWidth = s[3];
            Tensor state = GradCheck.random(24, batch, decHidden).requiresGrad(true);
            Tensor enc = GradCheck.random(25, steps, batch, encWidth).requiresGrad(true);
            Tensor attnW = GradCheck.random(26, decHidden, decHidden + encWidth).requiresGrad(true);
            Tensor attnB = GradCheck.random(27, decHidden).requiresGrad(true);
            Tensor v = GradCheck.random(28, 1, decHidden).requiresGrad(true);
            int[] lengths = new int[batch];
            for (int b = 0; b < batch; b++) {
                lengths[b] = Math.max(1, steps - b);
            }
            Mask mask = Mask.fromLengths(lengths, steps);
            Tensor w = GradCheck.random(29, batch, encWidth);
            GradCheck.check(() -> {
                Tensor repeated = state.unsqueeze(1).expand(-1, steps, -1);
                Tensor batchMajor = enc.transpose(0, 1);
                Tensor energy = Ops.linear(Tensor.cat(List.of(repeated, batchMajor), 2), attnW, attnB).tanh();
                Tensor weights = Ops.linear(energy, v, null).squeeze(2).softmax(mask);
                return weights.unsqueeze(1).bmm(batchMajor).squeeze(1).mul(w).sum();
            }, List.of(state, enc, attnW, attnB, v), List.of("state", "enc", "attn.weight", "attn.bias", "v.weight"));
        }
    }

    @Test
    void argumentErrorsNameTheArgumentAndShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BatchOps.bmm(Tensor.zeros(2, 3, 4), Tensor.zeros(2, 5, 6)));
        assertTrue(e.getMessage().contains("expected b of shape (2, 4, M)") && e.getMessage().contains("(2, 5, 6)"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BatchOps.bmm(Tensor.zeros(3, 4), Tensor.zeros(4, 5)));
        assertTrue(e.getMessage().contains("input a of shape (B, N, K), got (3, 4)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SoftmaxOps.softmax(Tensor.zeros(2, 5), Mask.fromLengths(new int[] {1, 2}, 4)));
        assertTrue(e.getMessage().contains("mask of shape (2, 4)") && e.getMessage().contains("(2, 5)"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Mask.fromLengths(new int[] {3, 6}, 5));
        assertTrue(e.getMessage().contains("length 6 of sequence 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).expand(2, 4));
        assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("[2, 4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(4, 2).indexSelect(0, new int[] {1, 4}));
        assertTrue(e.getMessage().contains("index 4 at position 1 is outside 0..3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 4, 3).add(Tensor.zeros(3, 1, 3)));
        assertTrue(e.getMessage().contains("(2, 4, 3) and (3, 1, 3) do not broadcast"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).unsqueeze(3));
        assertTrue(e.getMessage().contains("dim 3 is out of range"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).squeeze(-3));
        assertTrue(e.getMessage().contains("squeeze: dim -3 is out of range for input of shape (2, 3)"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SoftmaxOps.logSoftmax(Tensor.zeros(2, 0), null));
        assertTrue(e.getMessage().contains("S ≥ 1, got (2, 0)"), e.getMessage());
    }
}
