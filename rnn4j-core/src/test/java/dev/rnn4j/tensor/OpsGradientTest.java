package dev.rnn4j.tensor;

import dev.rnn4j.nn.Losses;
import dev.rnn4j.nn.Reduction;
import dev.rnn4j.testkit.GradCheck;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Finite-difference checks in float64 for every primitive operation and loss. */
class OpsGradientTest {

    private static void checkUnary(Function<Tensor, Tensor> op, String name, int... shape) {
        Tensor x = GradCheck.random(1, shape).requiresGrad(true);
        Tensor weights = GradCheck.random(2, shape);
        // a weighted sum makes every output element matter differently
        GradCheck.check(() -> op.apply(x).mul(weightsLike(op.apply(x), weights)).sum(), List.of(x), List.of(name));
    }

    private static Tensor weightsLike(Tensor out, Tensor fallback) {
        return out.numel() == fallback.numel() ? fallback.reshape(out.shape()) : GradCheck.random(3, out.shape());
    }

    @Test
    void unaryOps() {
        checkUnary(Tensor::tanh, "tanh", 3, 4);
        checkUnary(Tensor::sigmoid, "sigmoid", 3, 4);
        checkUnary(Tensor::exp, "exp", 1, 1);
        checkUnary(t -> t.mul(t).add(0.5).log(), "log", 2, 5);
        checkUnary(Tensor::relu, "relu", 7);
        checkUnary(Tensor::abs, "abs", 7);
        checkUnary(t -> t.mul(2.5), "scale", 4);
        checkUnary(t -> t.softmax(1), "softmax", 3, 4);
        checkUnary(t -> t.logSoftmax(0), "log_softmax", 3, 4);
        checkUnary(t -> t.sum(1), "sum_dim", 2, 3, 4);
        checkUnary(t -> t.mean(0), "mean_dim", 2, 3);
        checkUnary(t -> t.max(1), "max_dim", 3, 5);
        checkUnary(t -> t.transpose(0, 1), "transpose", 2, 3, 4);
        checkUnary(t -> t.narrow(1, 1, 2), "narrow", 2, 4);
        checkUnary(t -> t.select(0, 1), "select", 3, 2);
        checkUnary(t -> t.reshape(6, -1), "reshape", 2, 3, 2);
    }

    @Test
    void binaryOpsWithBroadcast() {
        for (String op : List.of("add", "sub", "mul", "div")) {
            Tensor a = GradCheck.random(4, 3, 4).requiresGrad(true);
            Tensor b = GradCheck.random(5, 4).add(3.0).detach().requiresGrad(true); // away from 0 for div
            Tensor w = GradCheck.random(6, 3, 4);
            GradCheck.check(() -> {
                Tensor r = switch (op) {
                    case "add" -> a.add(b);
                    case "sub" -> a.sub(b);
                    case "mul" -> a.mul(b);
                    default -> a.div(b);
                };
                return r.mul(w).sum();
            }, List.of(a, b), List.of(op + ".a", op + ".b"));
        }
    }

    @Test
    void matmulAndLinear() {
        Tensor a = GradCheck.random(7, 2, 3, 4).requiresGrad(true);
        Tensor b = GradCheck.random(8, 4, 5).requiresGrad(true);
        Tensor w = GradCheck.random(9, 2, 3, 5);
        GradCheck.check(() -> a.matmul(b).mul(w).sum(), List.of(a, b), List.of("a", "b"));

        Tensor x = GradCheck.random(10, 1, 3).requiresGrad(true);
        Tensor weight = GradCheck.random(11, 2, 3).requiresGrad(true);
        Tensor bias = GradCheck.random(12, 2).requiresGrad(true);
        Tensor r = GradCheck.random(13, 1, 2);
        GradCheck.check(() -> Ops.linear(x, weight, bias).mul(r).sum(), List.of(x, weight, bias),
                List.of("x", "weight", "bias"));
    }

    @Test
    void catStackIndexEmbedding() {
        Tensor a = GradCheck.random(14, 2, 3).requiresGrad(true);
        Tensor b = GradCheck.random(15, 2, 1).requiresGrad(true);
        Tensor w = GradCheck.random(16, 2, 4);
        GradCheck.check(() -> Tensor.cat(List.of(a, b), 1).mul(w).sum(), List.of(a, b), List.of("a", "b"));
        Tensor c = GradCheck.random(17, 2, 3).requiresGrad(true);
        Tensor w2 = GradCheck.random(18, 2, 2, 3);
        GradCheck.check(() -> Tensor.stack(List.of(a, c), 1).mul(w2).sum(), List.of(a, c), List.of("a", "c"));
        Tensor w3 = GradCheck.random(19, 3, 3);
        GradCheck.check(() -> Ops.indexRows(a, new int[] {1, 0, 1}).mul(w3).sum(), List.of(a), List.of("a"));

        Tensor table = GradCheck.random(20, 5, 3).requiresGrad(true);
        Tensor w4 = GradCheck.random(21, 2, 2, 3);
        int[] ids = {0, 4, 4, 2};
        // no padding row here: PyTorch's padding_idx deliberately withholds the true gradient
        GradCheck.check(() -> Ops.embedding(table, ids, new int[] {2, 2}, -1).mul(w4).sum(), List.of(table),
                List.of("embedding"));
        table.clearGrad();
        Ops.embedding(table, ids, new int[] {2, 2}, 2).sum().backward();
        for (int j = 0; j < 3; j++) {
            assertEquals(0.0, table.grad().get(2, j), "the padding row gets no gradient");
            assertEquals(0.0, table.grad().get(1, j), "an unused row gets no gradient");
        }
    }

    @Test
    void losses() {
        Tensor logits = GradCheck.random(22, 4, 3).requiresGrad(true);
        Tensor weight = GradCheck.random(23, 3).add(2.0).detach();
        int[] y = {0, 2, 1, -100};
        GradCheck.check(() -> Losses.crossEntropy(logits, y), List.of(logits), List.of("ce"));
        GradCheck.check(() -> Losses.crossEntropy(logits, y, weight, -100, 0.1, Reduction.MEAN), List.of(logits),
                List.of("ce weighted smoothed"));
        GradCheck.check(() -> Losses.crossEntropy(logits, new int[] {1, 1, 0, 2}, null, 1, 0.2, Reduction.SUM),
                List.of(logits), List.of("ce sum ignore 1"));

        Tensor x = GradCheck.random(24, 5, 2).requiresGrad(true);
        Tensor t = Tensor.of(new double[] {0, 1, 1, 0, 1, 1, 0, 0, 1, 0}, 5, 2);
        Tensor pw = Tensor.of(new double[] {2.0, 0.5}, 2);
        GradCheck.check(() -> Losses.bceWithLogits(x, t), List.of(x), List.of("bce"));
        GradCheck.check(() -> Losses.bceWithLogits(x, t, pw, Reduction.MEAN), List.of(x), List.of("bce pos_weight"));

        Tensor p = GradCheck.random(25, 6).requiresGrad(true);
        Tensor q = GradCheck.random(26, 6).requiresGrad(true);
        GradCheck.check(() -> Losses.mse(p, q), List.of(p, q), List.of("mse.p", "mse.q"));
        GradCheck.check(() -> Losses.l1(p, q), List.of(p, q), List.of("l1.p", "l1.q"));
        GradCheck.check(() -> Losses.huber(p, q, 0.5), List.of(p, q), List.of("huber.p", "huber.q"));

        // pinball: forecasts (3, 2, 4) of four levels against targets (3, 2), and one step with batch 1
        Tensor f = GradCheck.random(27, 3, 2, 4).requiresGrad(true);
        Tensor obs = GradCheck.random(28, 3, 2).requiresGrad(true);
        double[] levels = {0.025, 0.1, 0.5, 0.975};
        GradCheck.check(() -> Losses.pinball(f, obs, levels, Reduction.MEAN), List.of(f, obs),
                List.of("pinball.f", "pinball.y"));
        GradCheck.check(() -> Losses.pinball(f, obs, levels, Reduction.SUM), List.of(f, obs),
                List.of("pinball sum.f", "pinball sum.y"));
        GradCheck.check(() -> Losses.pinball(f, obs, levels, Reduction.NONE).mul(Losses.pinball(f, obs, levels,
                Reduction.NONE)).sum(), List.of(f, obs), List.of("pinball none.f", "pinball none.y"));
        Tensor f1 = GradCheck.random(29, 1, 1, 2).requiresGrad(true);
        Tensor y1 = GradCheck.random(30, 1, 1).requiresGrad(true);
        GradCheck.check(() -> Losses.pinball(f1, y1, new double[] {0.1, 0.9}, Reduction.MEAN), List.of(f1, y1),
                List.of("pinball 1x1.f", "pinball 1x1.y"));
    }

    @Test
    void pinballLossClosedForm() {
        // q = 0.9: a forecast 2 below the target costs 0.9 * 2, one 2 above costs 0.1 * 2; q = 0.5 is half of l1
        Tensor f = Tensor.of(new double[] {1, 5, 5, 1}, 2, 2);
        Tensor y = Tensor.of(new double[] {3, 3}, 2);
        assertEquals(1.8 + 0.2 + 1.0 + 1.0, Losses.pinball(f, y, new double[] {0.9, 0.5}, Reduction.SUM).item(),
                1e-12);
        Tensor p = GradCheck.random(31, 7, 1);
        Tensor t = GradCheck.random(32, 7);
        assertEquals(0.5 * Losses.l1(p.reshape(7), t).item(),
                Losses.pinball(p, t, new double[] {0.5}, Reduction.MEAN).item(), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.pinball(f, Tensor.of(new double[] {3, 3, 3}, 3), new double[] {0.9, 0.5},
                        Reduction.MEAN));
        assertEquals("pinball_loss: expected input (..., 2) for 2 quantiles and target (...) of the same leading "
                + "shape, got input (2, 2) and target (3,)", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Losses.pinball(f, y, new double[] {0.9, 1.0}, Reduction.MEAN));
    }

    @Test
    void lossValuesMatchPyTorchDefinitions() {
        // logits [[1,2,3]], target 2: −log softmax = log(e¹+e²+e³) − 3 = 0.40760596444
        Tensor logits = Tensor.of(new float[] {1, 2, 3}, 1, 3);
        assertEquals(0.40760596444, Losses.crossEntropy(logits, new int[] {2}).item(), 1e-6);
        // F.binary_cross_entropy_with_logits(tensor([0.]), tensor([1.])) = log 2
        assertEquals(Math.log(2), Losses.bceWithLogits(Tensor.of(new float[] {0}, 1), Tensor.of(new float[] {1}, 1))
                .item(), 1e-7);
        // huber with delta 1 on d = 2: 1·(2 − 0.5) = 1.5
        assertEquals(1.5, Losses.huber(Tensor.of(new float[] {3}, 1), Tensor.of(new float[] {1}, 1), 1).item(), 1e-7);
    }

    @Test
    void deepChainDoesNotOverflowTheStack() {
        // 20,000 chained nodes: a recursive walk would overflow a 1 MB thread stack
        Tensor x = Tensor.of(new double[] {0.5}, 1).requiresGrad(true);
        Tensor y = x;
        for (int i = 0; i < 20_000; i++) {
            y = y.mul(1.0001);
        }
        y.sum().backward();
        assertEquals(Math.pow(1.0001, 20_000), x.grad().item(), 1e-6);
    }

    @Test
    void noGradRecordsNothing() {
        Tensor x = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        Tensor y;
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            y = x.mul(2.0);
        }
        assertTrue(y.gradFn() == null && !y.requiresGrad());
        assertThrows(IllegalStateException.class, () -> y.sum().backward());
    }

    @Test
    void badShapesAreNamed() {
        Tensor a = Tensor.zeros(2, 3);
        Tensor b = Tensor.zeros(4, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.matmul(b));
        assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("(4, 5)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.add(Tensor.zeros(2)));
        assertTrue(e.getMessage().contains("do not broadcast"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Losses.crossEntropy(Tensor.zeros(2, 3), new int[] {0, 3}));
        assertTrue(e.getMessage().contains("target 3 at row 1"), e.getMessage());
    }
}
