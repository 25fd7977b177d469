package dev.rnn4j.nn;

import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The initialisers give the distributions torch.nn.init gives. */
class InitTest {

    private static double maxAbs(Tensor t) {
        double m = 0;
        for (int i = 0; i < t.numel(); i++) {
            m = Math.max(m, Math.abs(t.getFlat(i)));
        }
        return m;
    }

    private static double std(Tensor t) {
        double s = 0;
        double sq = 0;
        for (int i = 0; i < t.numel(); i++) {
            s += t.getFlat(i);
            sq += t.getFlat(i) * t.getFlat(i);
        }
        double mean = s / t.numel();
        return Math.sqrt(sq / t.numel() - mean * mean);
    }

    @Test
    void xavierAndKaimingBoundsAndSpread() {
        Tensor w = Init.xavierUniform(Tensor.zeros(200, 300), 1.0, new Rng(1));
        double a = Math.sqrt(6.0 / 500);
        assertTrue(maxAbs(w) <= a && maxAbs(w) > 0.99 * a);
        assertEquals(a / Math.sqrt(3), std(w), 0.01 * a);
        Tensor k = Init.kaimingNormal(Tensor.zeros(300, 400), 0, new Rng(2));
        assertEquals(Math.sqrt(2.0 / 400), std(k), 0.02 * Math.sqrt(2.0 / 400));
        Tensor ku = Init.kaimingUniform(Tensor.zeros(30, 40), Math.sqrt(5), new Rng(3));
        assertTrue(maxAbs(ku) <= 1 / Math.sqrt(40) + 1e-7, "PyTorch's Linear default bound 1/sqrt(fan_in)");
    }

    @Test
    void orthogonalRowsAndPerGateBlocks() {
        Tensor q = Init.orthogonal(Tensor.zeros(5, 8), 1.0, new Rng(4)); // wide: orthonormal rows
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                double dot = 0;
                for (int c = 0; c < 8; c++) {
                    dot += q.get(i, c) * q.get(j, c);
                }
                assertEquals(i == j ? 1 : 0, dot, 1e-5);
            }
        }
        int h = 6;
        Tensor stacked = Init.orthogonalPerGate(Tensor.zeros(4 * h, h), 4, new Rng(5));
        for (int g = 0; g < 4; g++) {
            for (int i = 0; i < h; i++) { // columns of each (H, H) block are orthonormal
                double norm = 0;
                for (int r = 0; r < h; r++) {
                    norm += Math.pow(stacked.get(g * h + r, i), 2);
                }
                assertEquals(1, norm, 1e-5);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Init.orthogonalPerGate(Tensor.zeros(10, 3), 4, new Rng(1)));
    }

    @Test
    void forgetGateBias() {
        Tensor b = Init.lstmForgetBias(Tensor.zeros(12), 1.0);
        for (int j = 0; j < 12; j++) {
            assertEquals(j >= 3 && j < 6 ? 1.0 : 0.0, b.getFlat(j));
        }
        assertThrows(IllegalArgumentException.class, () -> Init.lstmForgetBias(Tensor.zeros(10), 1.0));
    }
}
