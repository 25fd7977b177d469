package dev.rnn4j.nn;

import dev.rnn4j.tensor.DType;
import dev.rnn4j.tensor.NormOps;
import dev.rnn4j.tensor.Shape;
import dev.rnn4j.tensor.Tensor;
import dev.rnn4j.testkit.GradCheck;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link NormOps#layerNorm} and {@link LayerNorm}: finite-difference gradients in float64 (batch 1
 * and length 1 included), a closed-form case, PyTorch's parameter names and initialisation, and
 * argument errors. The PyTorch reference cases run in {@code GoldenSeqCasesTest}.
 */
class LayerNormTest {

    private static void checkGradients(int[] shape, int[] normalizedShape, boolean withWeight, boolean withBias) {
        long seed = Shape.size(shape) * 17L + normalizedShape.length;
        Tensor x = GradCheck.random(seed, shape);
        for (int i = 0; i < x.numel(); i++) {
            x.d()[i] *= 3; // spread beyond eps so the check sees the normalisation, not the eps floor
        }
        x.requiresGrad(true);
        Tensor weight = withWeight ? GradCheck.random(seed + 1, normalizedShape).requiresGrad(true) : null;
        Tensor bias = withBias ? GradCheck.random(seed + 2, normalizedShape).requiresGrad(true) : null;
        Tensor w = GradCheck.random(seed + 3, shape);
        List<Tensor> leaves = new ArrayList<>(List.of(x));
        List<String> names = new ArrayList<>(List.of("x " + Shape.str(shape)));
        if (weight != null) {
            leaves.add(weight);
            names.add("weight " + Shape.str(shape));
        }
        if (bias != null) {
            leaves.add(bias);
            names.add("bias " + Shape.str(shape));
        }
        GradCheck.check(() -> NormOps.layerNorm(x, normalizedShape, weight, bias, 1e-5).mul(w).sum(), leaves, names);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        checkGradients(new int[] {3, 4, 7}, new int[] {7}, true, true);
        checkGradients(new int[] {5, 6}, new int[] {6}, false, false);
        checkGradients(new int[] {2, 3, 4}, new int[] {3, 4}, true, true);
        checkGradients(new int[] {4, 5}, new int[] {5}, true, false);
        checkGradients(new int[] {4, 5}, new int[] {5}, false, true);
    }

    @Test
    void gradientsWithBatchOneAndLengthOne() {
        checkGradients(new int[] {1, 1, 5}, new int[] {5}, true, true); // (T=1, B=1, H)
        checkGradients(new int[] {1, 5}, new int[] {5}, false, false);
        checkGradients(new int[] {3}, new int[] {3}, true, true);
        checkGradients(new int[] {1, 2}, new int[] {2}, true, true); // two elements: x̂ is ±1
    }

    @Test
    void closedForm() {
        // row (1, 2, 3): mean 2, variance 2/3, so x̂ = (−1, 0, 1)/√(2/3 + eps)
        Tensor x = Tensor.of(new double[] {1, 2, 3, 10, 10, 10}, 2, 3);
        Tensor weight = Tensor.of(new double[] {2, 1, -1}, 3);
        Tensor bias = Tensor.of(new double[] {0.5, 0, 0}, 3);
        Tensor y = NormOps.layerNorm(x, new int[] {3}, weight, bias, 1e-5);
        double s = 1 / Math.sqrt(2.0 / 3 + 1e-5);
        assertArrayEquals(new double[] {-2 * s + 0.5, 0, -s, 0.5, 0, 0}, y.d(), 1e-12);
    }

    @Test
    void oneElementRowsGiveTheBias() {
        Tensor x = Tensor.of(new double[] {4, -7}, 2, 1).requiresGrad(true);
        Tensor bias = Tensor.of(new double[] {0.25}, 1);
        Tensor y = NormOps.layerNorm(x, new int[] {1}, Tensor.of(new double[] {3}, 1), bias, 1e-5);
        assertArrayEquals(new double[] {0.25, 0.25}, y.d(), 0);
        y.sum().backward();
        assertArrayEquals(new double[] {0, 0}, x.grad().d(), 0);
    }

    @Test
    void nonFiniteElementsMakeTheirRowNaN() {
        Tensor x = Tensor.of(new double[] {1, Double.POSITIVE_INFINITY, 3, 1, 2, 3}, 2, 3);
        Tensor y = NormOps.layerNorm(x, new int[] {3}, null, null, 1e-5);
        for (int j = 0; j < 3; j++) {
            assertTrue(Double.isNaN(y.d()[j]));
            assertTrue(Double.isFinite(y.d()[3 + j]));
        }
    }

    @Test
    void moduleSpeaksPyTorch() {
        LayerNorm norm = new LayerNorm(4);
        assertEquals(List.of("weight", "bias"), new ArrayList<>(norm.namedParameters().keySet()));
        assertArrayEquals(new float[] {1, 1, 1, 1}, norm.weight().f());
        assertArrayEquals(new float[] {0, 0, 0, 0}, norm.bias().f());
        assertEquals(1e-5, norm.eps());
        assertTrue(norm.weight().requiresGrad());

        LayerNorm plain = new LayerNorm(new int[] {2, 3}, 1e-6, false);
        assertTrue(plain.namedParameters().isEmpty());
        assertNull(plain.weight());
        Tensor y = plain.forward(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 1, 2, 3));
        assertArrayEquals(new int[] {1, 2, 3}, y.shape());

        LayerNorm inDouble = (LayerNorm) new LayerNorm(3).to(DType.F64);
        assertEquals(DType.F64, inDouble.weight().dtype());
        assertEquals(DType.F64, inDouble.forward(Tensor.of(new double[] {1, 2, 4}, 3)).dtype());
    }

    @Test
    void argumentErrorsSayWhatWasExpected() {
        Tensor x = Tensor.zeros(2, 5);
        IllegalArgumentException wrongShape = assertThrows(IllegalArgumentException.class,
                () -> new LayerNorm(4).forward(x));
        assertEquals("layer_norm: expected input of shape (..., 4) for normalized_shape (4,), got (2, 5)",
                wrongShape.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LayerNorm(2, 5).forward(Tensor.zeros(5)));
        assertThrows(IllegalArgumentException.class, () -> new LayerNorm());
        assertThrows(IllegalArgumentException.class, () -> new LayerNorm(0));
        assertThrows(IllegalArgumentException.class, () -> new LayerNorm(new int[] {3}, 0, true));
        IllegalArgumentException wrongWeight = assertThrows(IllegalArgumentException.class,
                () -> NormOps.layerNorm(x, new int[] {5}, Tensor.zeros(4), null, 1e-5));
        assertEquals("layer_norm: expected weight of shape (5,), got (4,)", wrongWeight.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> NormOps.layerNorm(x, new int[] {5}, null, Tensor.zeros(DType.F64, 5), 1e-5));
    }
}
