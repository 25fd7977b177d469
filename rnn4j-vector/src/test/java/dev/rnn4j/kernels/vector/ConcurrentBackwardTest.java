package dev.rnn4j.kernels.vector;

import dev.rnn4j.kernels.KernelProvider;
import dev.rnn4j.kernels.KernelThreads;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.recurrent.RecurrentSequence;
import dev.rnn4j.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * The recorded forward runs the steps on one thread beside the input projections of later chunks
 * of steps on the other (then, a batch of full-length rows, each thread half of the rows through
 * the remaining steps), and the backward runs the recurrent chain beside the products over many
 * steps' gate gradients, a chunk of steps at a time as the chain finishes them
 * ({@code GateGradientProducts}); where one side stands when the other looks depends on timing.
 * The output and every gradient must still be the same bits on two threads, on one, and on every
 * repeat, and close to the float64 reference.
 */
class ConcurrentBackwardTest {

    private static final int INPUT = 40;
    private static final int HIDDEN = 48;

    @ParameterizedTest(name = "{0} reverse={1} lengths={2} T={3} B={4}")
    @CsvSource({
            "LSTM, false, false, 70, 24",
            "LSTM, true, true, 45, 33",
            "GRU, false, true, 60, 20",
            "GRU, true, false, 9, 64",
            "LSTM, false, false, 40, 72",
    })
    void gradientsAreTheSameBitsOnAnyThreadCount(CellType cell, boolean reverse, boolean mixedLengths, int steps,
                                                 int batch) {
        assertInstanceOf(VectorKernels.class, KernelProvider.get());
        Random random = new Random(11);
        int gates = (cell == CellType.LSTM ? 4 : 3) * HIDDEN;
        float[][] inputs = {
                gaussian(random, steps * batch * INPUT, 1f), gaussian(random, batch * HIDDEN, 0.5f),
                gaussian(random, batch * HIDDEN, 0.5f), gaussian(random, gates * INPUT, 0.2f),
                gaussian(random, gates * HIDDEN, 0.2f), gaussian(random, gates, 0.1f), gaussian(random, gates, 0.1f),
                gaussian(random, steps * batch * HIDDEN, 1f)};
        int[] lengths = null;
        if (mixedLengths) {
            lengths = new int[batch];
            for (int b = 0; b < batch; b++) {
                lengths[b] = 1 + random.nextInt(steps);
            }
            lengths[batch / 3] = steps;
        }
        int threadsBefore = KernelThreads.configured();
        List<float[]> first;
        List<float[]> oneThread;
        List<List<float[]>> repeats = new ArrayList<>();
        try {
            KernelThreads.set(2);
            assertEquals(2, KernelProvider.get().partThreads());
            first = gradients(cell, reverse, inputs, lengths, steps, batch, false);
            for (int r = 0; r < 5; r++) {
                repeats.add(gradients(cell, reverse, inputs, lengths, steps, batch, false));
            }
            KernelThreads.set(1);
            oneThread = gradients(cell, reverse, inputs, lengths, steps, batch, false);
        } finally {
            KernelThreads.set(threadsBefore);
        }
        List<float[]> reference = gradients(cell, reverse, inputs, lengths, steps, batch, true);
        for (int k = 0; k < first.size(); k++) {
            assertArrayEquals(first.get(k), oneThread.get(k), "output/gradient " + k + ": two threads against one");
            for (List<float[]> repeat : repeats) {
                assertArrayEquals(first.get(k), repeat.get(k), "gradient " + k + ": a repeat on two threads");
            }
            float[] expected = reference.get(k);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], first.get(k)[i], 2e-4 * Math.max(1, Math.abs(expected[i])),
                        "gradient " + k + " at " + i + " against float64");
            }
        }
    }

    /**
     * The output, then the gradients of x, h0, c0 (LSTM), W_ih, W_hh, b_ih, b_hh for {@code sum(out · weights) + sum(h_n²)},
     * in float32 or through the float64 reference (rounded to float).
     */
    private static List<float[]> gradients(CellType cell, boolean reverse, float[][] in, int[] lengths, int steps,
                                           int batch, boolean float64) {
        int gates = in[5].length;
        List<Tensor> leaves = new ArrayList<>();
        int[][] shapes = {{steps, batch, INPUT}, {1, batch, HIDDEN}, {1, batch, HIDDEN}, {gates, INPUT},
                {gates, HIDDEN}, {gates}, {gates}};
        for (int i = 0; i < shapes.length; i++) {
            Tensor t = Tensor.of(in[i].clone(), shapes[i]);
            if (float64) {
                t = t.to(dev.rnn4j.tensor.DType.F64);
            }
            leaves.add(t.requiresGrad(true));
        }
        Tensor weights = Tensor.of(in[7].clone(), steps, batch, HIDDEN);
        if (float64) {
            weights = weights.to(dev.rnn4j.tensor.DType.F64);
        }
        Tensor h0 = leaves.get(1).reshape(batch, HIDDEN);
        Tensor c0 = cell == CellType.LSTM ? leaves.get(2).reshape(batch, HIDDEN) : null;
        Tensor[] r = RecurrentSequence.run(cell, reverse, leaves.get(0), lengths, h0, c0, leaves.get(3), leaves.get(4),
                leaves.get(5), leaves.get(6));
        r[0].mul(weights).sum().add(r[1].square().sum()).backward();
        List<float[]> grads = new ArrayList<>();
        grads.add(r[0].toFloatArray()); // the output first
        for (int i = 0; i < leaves.size(); i++) {
            if (i == 2 && c0 == null) {
                continue;
            }
            grads.add(leaves.get(i).grad().toFloatArray());
        }
        return grads;
    }

    private static float[] gaussian(Random random, int n, float scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) random.nextGaussian() * scale;
        }
        return a;
    }
}
