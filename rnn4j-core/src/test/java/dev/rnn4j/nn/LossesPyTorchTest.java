package dev.rnn4j.nn;

import dev.rnn4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Loss values and gradients against PyTorch 1.13 in float64, computed with
 * {@code torch.nn.functional} on the same inputs by {@code tools/make_loss_reference.py}.
 */
class LossesPyTorchTest {

    @Test
    void crossEntropyWithWeightsIgnoreIndexAndLabelSmoothing() {
        // F.cross_entropy(logits, y, weight=w, ignore_index=-100, label_smoothing=0.1)
        Tensor logits = Tensor.of(new double[] {0.5, -1.0, 2.0, 1.5, 0.2, -0.3, -0.7, 0.9, 0.1, 0.0, 0.3, -2.0}, 4, 3)
                .requiresGrad(true);
        Tensor w = Tensor.of(new double[] {1.0, 2.0, 0.5}, 3);
        Tensor loss = Losses.crossEntropy(logits, new int[] {2, 0, 1, -100}, w, -100, 0.1, Reduction.MEAN);
        loss.backward();
        assertEquals(0.5430018512928245, loss.item(), 1e-12);
        assertArrayEquals(new double[] {0.018856539679815473, -0.012715107184745838, -0.006141432495069618,
                -0.06464274669958862, 0.036010322096768604, 0.028632424602820023, 0.05743396220366438,
                -0.20168931890190867, 0.14425535669824419, 0.0, 0.0, 0.0}, logits.grad().d(), 1e-12);
    }

    @Test
    void bceWithLogitsAndPosWeight() {
        // F.binary_cross_entropy_with_logits(x, t, pos_weight=tensor([3.0, 0.5]))
        Tensor x = Tensor.of(new double[] {0.3, -1.2, 2.0, 0.1, -0.5, 0.8}, 3, 2).requiresGrad(true);
        Tensor t = Tensor.of(new double[] {1, 0, 0, 1, 1, 1}, 3, 2);
        Tensor loss = Losses.bceWithLogits(x, t, Tensor.of(new double[] {3.0, 0.5}, 2), Reduction.MEAN);
        loss.backward();
        assertEquals(1.2472093045562633, loss.item(), 1e-12);
        assertArrayEquals(new double[] {-0.2127787415941705, 0.03857920275016373, 0.14679951299631372,
                -0.03958506771008833, -0.3112296656009273, -0.025835459906032292}, x.grad().d(), 1e-12);
    }

    @Test
    void regressionLosses() {
        Tensor p = Tensor.of(new double[] {0.5, -1.0, 3.0, 0.2}, 4);
        Tensor q = Tensor.of(new double[] {0.0, 1.0, 1.0, 0.2}, 4);
        assertEquals(2.0625, Losses.mse(p, q).item(), 1e-12);
        assertEquals(1.125, Losses.l1(p, q).item(), 1e-12);
        assertEquals(0.96875, Losses.huber(p, q, 1.5).item(), 1e-12);
    }

    @Test
    void pinballLossWithATie() {
        // torch.maximum(q * d, (q - 1) * d).mean() with d = y.unsqueeze(-1) - f, q = [0.1, 0.5, 0.9];
        // f[1, 2, 0] equals its target, where the derivative is 0.5 - q
        Tensor f = Tensor.of(new double[] {0.2, 0.5, 1.4, -1.0, 0.3, 0.1, 2.0, 2.5, 2.6,
                0.0, -0.4, 0.7, 1.1, 1.2, 1.3, 0.25, 0.3, 0.5}, 2, 3, 3).requiresGrad(true);
        Tensor y = Tensor.of(new double[] {0.6, -0.2, 2.2, 0.1, 1.0, 0.25}, 2, 3).requiresGrad(true);
        Tensor loss = Losses.pinball(f, y, new double[] {0.1, 0.5, 0.9}, Reduction.MEAN);
        loss.backward();
        assertEquals(0.07388888888888889, loss.item(), 1e-12);
        assertArrayEquals(new double[] {-0.005555555555555556, -0.027777777777777776, 0.005555555555555554,
                -0.005555555555555556, 0.027777777777777776, 0.005555555555555554, -0.005555555555555556,
                0.027777777777777776, 0.005555555555555554, -0.005555555555555556, -0.027777777777777776,
                0.005555555555555554, 0.049999999999999996, 0.027777777777777776, 0.005555555555555554,
                0.02222222222222222, 0.027777777777777776, 0.005555555555555554}, f.grad().d(), 1e-12);
        assertArrayEquals(new double[] {0.02777777777777778, -0.027777777777777773, -0.027777777777777773,
                0.02777777777777778, -0.08333333333333333, -0.05555555555555555}, y.grad().d(), 1e-12);
    }
}
