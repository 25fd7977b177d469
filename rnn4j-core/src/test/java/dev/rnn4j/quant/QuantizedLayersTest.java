package dev.rnn4j.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn4j.nn.Embedding;
import dev.rnn4j.nn.Linear;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.nn.RecurrentOutput;
import dev.rnn4j.recurrent.Cells;
import dev.rnn4j.recurrent.RecurrentStepper;
import dev.rnn4j.recurrent.TokenStepper;
import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The int8 layers against the float ones on random models (weights as PyTorch initialises them,
 * inputs N(0, 1)): outputs and final states within {@value #TOLERANCE} (max abs), zero past each
 * length; the streaming path equal to the sequence path exactly; the int8 form used only for
 * inference.
 */
class QuantizedLayersTest {

    /** Max abs difference allowed between int8 and float outputs of the random layers here. */
    static final double TOLERANCE = 0.02;

    private static final String[] CELLS = {"LSTM", "GRU", "RNN_TANH", "RNN_RELU"};

    @ParameterizedTest
    @ValueSource(strings = {"LSTM", "GRU", "RNN_TANH", "RNN_RELU"})
    void int8LayersStayCloseToTheFloatOnes(String cell) {
        check(cell, false, false, null);
        check(cell, true, false, new int[] {7, 3, 5});
        check(cell, true, true, new int[] {2, 7, 1});
        check(cell, false, true, new int[] {7, 6, 4});
    }

    private static void check(String cell, boolean bidirectional, boolean batchFirst, int[] lengths) {
        int steps = 7;
        int batch = 3;
        int input = 11;
        int hidden = 24;
        Rng rng = new Rng(cell.hashCode() + (bidirectional ? 1 : 0));
        RecurrentLayer layer = RecurrentLayer.of(Cells.forName(cell), new RecurrentLayer.Options(input, hidden)
                .numLayers(2).bidirectional(bidirectional).batchFirst(batchFirst), rng);
        layer.eval();
        Tensor x = gaussian(rng, batchFirst ? new int[] {batch, steps, input} : new int[] {steps, batch, input});
        RecurrentOutput expected;
        RecurrentOutput actual;
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            expected = layer.forward(x, lengths);
            actual = QuantizedRecurrent.quantize(layer).forward(x, lengths, null, null);
        }
        String what = cell + (bidirectional ? " bidirectional" : "") + (batchFirst ? " batch-first" : "")
                + (lengths == null ? "" : " lengths " + Arrays.toString(lengths));
        assertArrayEquals(expected.output().shape(), actual.output().shape(), what);
        assertClose(expected.output(), actual.output(), TOLERANCE, what + " output");
        assertClose(expected.hN(), actual.hN(), TOLERANCE, what + " h_n");
        if (expected.cN() != null) {
            assertClose(expected.cN(), actual.cN(), TOLERANCE, what + " c_n");
        }
        float[] out = actual.output().toFloatArray();
        int width = out.length / (steps * batch);
        for (int b = 0; lengths != null && b < batch; b++) {
            for (int t = lengths[b]; t < steps; t++) { // past the length: zero
                int row = batchFirst ? b * steps + t : t * batch + b;
                for (int j = 0; j < width; j++) {
                    assertEquals(0f, out[row * width + j], what + " row " + b + " step " + t);
                }
            }
        }
    }

    @Test
    void theInt8FormRunsOnlyForInferenceWithoutGradients() {
        Rng rng = new Rng(3);
        RecurrentLayer layer = RecurrentLayer.of(Cells.forName("LSTM"), new RecurrentLayer.Options(5, 8), rng);
        Tensor x = gaussian(rng, 4, 2, 5);
        Tensor floatOut = layer.forward(x).output();
        QuantizedRecurrent q = QuantizedRecurrent.quantize(layer);
        layer.useInt8(q);
        assertSame(q, layer.int8());
        layer.eval();
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            assertArrayEquals(q.forward(x, null, null, null).output().toFloatArray(),
                    layer.forward(x).output().toFloatArray(), 0f, "eval, no grad: int8");
        }
        Tensor withGrad = layer.forward(x).output(); // gradients recorded: float
        assertArrayEquals(floatOut.toFloatArray(), withGrad.toFloatArray(), 0f);
        assertTrue(withGrad.requiresGrad());
        layer.train(true);
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            assertArrayEquals(floatOut.toFloatArray(), layer.forward(x).output().toFloatArray(), 0f, "training: float");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"LSTM", "GRU", "RNN_TANH", "RNN_RELU"})
    void steppingEqualsTheSequencePathExactly(String cell) {
        int steps = 6;
        int batch = 3;
        int input = 9;
        int hidden = 17;
        Rng rng = new Rng(11);
        RecurrentLayer layer = RecurrentLayer.of(Cells.forName(cell), new RecurrentLayer.Options(input, hidden)
                .numLayers(2), rng);
        layer.useInt8(QuantizedRecurrent.quantize(layer));
        layer.eval();
        Tensor x = gaussian(rng, steps, batch, input);
        RecurrentOutput full;
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            full = layer.forward(x);
        }
        RecurrentStepper stepper = new RecurrentStepper(layer, batch);
        float[] xs = x.toFloatArray();
        float[] out = full.output().toFloatArray();
        for (int t = 0; t < steps; t++) {
            float[] h = stepper.step(Arrays.copyOfRange(xs, t * batch * input, (t + 1) * batch * input));
            assertArrayEquals(Arrays.copyOfRange(out, t * batch * hidden, (t + 1) * batch * hidden),
                    Arrays.copyOf(h, batch * hidden), 0f, cell + " step " + t);
        }
        if (full.cN() != null) {
            float[] cN = full.cN().toFloatArray();
            assertArrayEquals(Arrays.copyOfRange(cN, batch * hidden, 2 * batch * hidden), stepper.cellState(1), 0f);
        }
        stepper.reset();
        float[] h = stepper.step(Arrays.copyOf(xs, batch * input));
        assertArrayEquals(Arrays.copyOf(out, batch * hidden), Arrays.copyOf(h, batch * hidden), 0f, "after reset");
    }

    @Test
    void tokenStreamingReadsTheEmbeddedRowsThroughTheInt8Layer() {
        int vocab = 7; // V < E: a float layer would be folded
        int dim = 19;
        int steps = 5;
        int batch = 2;
        Rng rng = new Rng(8);
        Embedding emb = new Embedding(vocab, dim, -1, rng);
        RecurrentLayer layer = RecurrentLayer.of(Cells.forName("LSTM"), new RecurrentLayer.Options(dim, 13), rng);
        layer.useInt8(QuantizedRecurrent.quantize(layer));
        layer.eval();
        int[] tokens = new int[steps * batch];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = rng.nextInt(vocab);
        }
        RecurrentOutput full;
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            full = layer.forward(emb.forward(tokens, steps, batch));
        }
        TokenStepper stepper = new TokenStepper(emb, layer, batch);
        assertFalse(stepper.folded());
        float[] out = full.output().toFloatArray();
        for (int t = 0; t < steps; t++) {
            float[] h = stepper.step(Arrays.copyOfRange(tokens, t * batch, (t + 1) * batch));
            assertArrayEquals(Arrays.copyOfRange(out, t * batch * 13, (t + 1) * batch * 13), h, 0f, "step " + t);
        }
    }

    @Test
    void int8LinearStaysCloseToTheFloatOne() {
        Rng rng = new Rng(4);
        Linear linear = new Linear(37, 10, rng);
        linear.eval();
        Tensor x = gaussian(rng, 2, 3, 37);
        Tensor expected;
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            expected = linear.forward(x);
            linear.useInt8(QuantizedLinear.quantize(linear));
            Tensor actual = linear.forward(x);
            assertArrayEquals(new int[] {2, 3, 10}, actual.shape());
            assertClose(expected, actual, TOLERANCE, "linear");
            assertFalse(Arrays.equals(expected.toFloatArray(), actual.toFloatArray()), "the int8 path ran");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> linear.useInt8(QuantizedLinear.quantize(new Linear(36, 10, rng))));
        assertTrue(e.getMessage().contains("int8 weight is (10, 36)"), e.getMessage());
    }

    @Test
    void cellsWithoutAnInt8PathAreRejectedByName() {
        Rng rng = new Rng(2);
        RecurrentLayer ln = RecurrentLayer.of(Cells.forName("LSTM_LN"), new RecurrentLayer.Options(4, 6), rng);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QuantizedRecurrent.quantize(ln));
        assertTrue(e.getMessage().contains("LSTM_LN") && e.getMessage().contains("no int8 path"), e.getMessage());
        RecurrentLayer projected = RecurrentLayer.of(Cells.forName("LSTM"), new RecurrentLayer.Options(4, 6)
                .projSize(3), rng);
        e = assertThrows(IllegalArgumentException.class, () -> QuantizedRecurrent.quantize(projected));
        assertTrue(e.getMessage().contains("proj_size 3"), e.getMessage());
        RecurrentLayer gru = RecurrentLayer.of(Cells.forName("GRU"), new RecurrentLayer.Options(4, 6), rng);
        RecurrentLayer lstm = RecurrentLayer.of(Cells.forName("LSTM"), new RecurrentLayer.Options(4, 6), rng);
        e = assertThrows(IllegalArgumentException.class, () -> gru.useInt8(QuantizedRecurrent.quantize(lstm)));
        assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
    }

    static Tensor gaussian(Rng rng, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            data[i] = (float) rng.nextGaussian();
        }
        return Tensor.of(data, shape);
    }

    static void assertClose(Tensor expected, Tensor actual, double tolerance, String what) {
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        assertEquals(e.length, a.length, what);
        double max = 0;
        for (int i = 0; i < e.length; i++) {
            max = Math.max(max, Math.abs(e[i] - a[i]));
        }
        assertTrue(max <= tolerance, what + ": max abs difference " + max + " above " + tolerance);
    }
}
