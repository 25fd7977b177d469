package dev.rnn4j.recurrent;

import dev.rnn4j.kernels.Java21Paths;
import dev.rnn4j.nn.GRU;
import dev.rnn4j.nn.LSTM;
import dev.rnn4j.nn.RNN;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sequence kernel's work buffers are reused from run to run (dev.rnn4j.tensor.ArrayCache, with the
 * Java 21+ paths, which the tests turn on): a run must not see what an earlier run left in them.
 * A variable-length batch is run, then full-length batches of the same shape with other data
 * (they leave every buffer of that size full of other values), then the first batch again:
 * outputs and gradients must be the same bit for bit, and zero past each row's length.
 */
class WorkBufferReuseTest {

    private static final int STEPS = 16;
    private static final int BATCH = 16;
    private static final int INPUT = 8;
    private static final int HIDDEN = 256; // (T, B, H) = 65,536 floats: large enough to be cached

    @ParameterizedTest
    @EnumSource(CellType.class)
    void aRunDoesNotSeeWhatAnEarlierRunLeftInTheBuffers(CellType cell) {
        assertTrue(Java21Paths.enabled(), "the tests run with -D" + Java21Paths.PROPERTY + "=true (pom.xml)");
        RecurrentLayer layer = switch (cell) {
            case LSTM -> new LSTM(new RecurrentLayer.Options(INPUT, HIDDEN), new Rng(1));
            case GRU -> new GRU(new RecurrentLayer.Options(INPUT, HIDDEN), new Rng(1));
            case RNN_TANH -> new RNN(new RecurrentLayer.Options(INPUT, HIDDEN), false, new Rng(1));
            case RNN_RELU -> new RNN(new RecurrentLayer.Options(INPUT, HIDDEN), true, new Rng(1));
        };
        int[] lengths = new int[BATCH];
        for (int b = 0; b < BATCH; b++) {
            lengths[b] = 1 + (b * 7) % STEPS; // 1..16, unsorted, one row of full length
        }
        List<float[]> first = run(layer, 10, lengths);
        for (int dirty = 0; dirty < 2; dirty++) {
            run(layer, 20 + dirty, null);
        }
        List<float[]> again = run(layer, 10, lengths);
        assertEquals(first.size(), again.size());
        for (int i = 0; i < first.size(); i++) {
            assertArrayEquals(first.get(i), again.get(i), "array " + i + " (0 = output, 1 = dL/dx, then parameters)");
        }
        float[] out = first.get(0); // (T, B, H)
        for (int t = 0; t < STEPS; t++) {
            for (int b = 0; b < BATCH; b++) {
                if (t >= lengths[b]) {
                    for (int j = 0; j < HIDDEN; j++) {
                        assertEquals(0f, out[(t * BATCH + b) * HIDDEN + j], "output at t=" + t + ", row " + b);
                    }
                }
            }
        }
    }

    /** Forward and backward of a weighted sum of the output; returns output, dL/dx and the parameter gradients. */
    private static List<float[]> run(RecurrentLayer layer, long seed, int[] lengths) {
        for (Tensor p : layer.parameters()) {
            p.clearGrad();
        }
        Tensor x = random(seed, STEPS, BATCH, INPUT).requiresGrad(true);
        Tensor weights = random(seed + 1, STEPS, BATCH, HIDDEN);
        Tensor out = layer.forward(x, lengths).output();
        out.mul(weights).sum().backward();
        List<float[]> arrays = new ArrayList<>();
        arrays.add(out.toFloatArray());
        arrays.add(x.grad().toFloatArray());
        for (Tensor p : layer.parameters()) {
            arrays.add(p.grad().toFloatArray());
        }
        return arrays;
    }

    private static Tensor random(long seed, int... shape) {
        Rng rng = new Rng(seed);
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            data[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        return Tensor.of(data, shape);
    }
}
