package dev.rnn4j.kernels.vector;

import dev.rnn4j.kernels.Java21Paths;
import dev.rnn4j.kernels.KernelProvider;
import dev.rnn4j.kernels.KernelThreads;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.recurrent.RecurrentSequence;
import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sequence kernel's forward without a recorded graph (weights that need no gradient, or under
 * no-grad) gives the same bits as the recorded forward (weights that need one), with the Vector API
 * kernels: output, final h and final c, for the LSTM and the GRU, both directions, batches of full
 * and of mixed lengths (rows reordered, and in the reverse direction rows joining from the initial
 * state mid-sequence), non-zero initial states, and a batch wide enough that the input projections
 * take several chunks of steps and, when every row runs every step, that the rows are split across
 * the kernels' two threads (at 130 rows, 65 each: with H = 24 a row's values end in a scalar tail of
 * the gate pass, which must fall on the same columns as in the recorded forward's whole-batch pass).
 */
class InferenceSequenceTest {

    static final int INPUT = 19;
    static final int HIDDEN = 24;

    @ParameterizedTest(name = "{0} reverse={1} mixedLengths={2} batch={3}")
    @CsvSource({
        "LSTM, false, false, 7", "LSTM, true, false, 7", "LSTM, false, true, 7", "LSTM, true, true, 7",
        "GRU, false, false, 7", "GRU, true, false, 7", "GRU, false, true, 7", "GRU, true, true, 7",
        "LSTM, false, true, 200", "LSTM, true, true, 200", "GRU, false, true, 200", "GRU, true, true, 200",
        "LSTM, false, false, 200", "LSTM, true, false, 200", "GRU, false, false, 200", "GRU, true, false, 200",
        "LSTM, false, false, 3", "GRU, true, true, 3",
        "LSTM, false, false, 130", "GRU, true, false, 130",
    })
    void sameBitsAsTheRecordedForward(CellType cell, boolean reverse, boolean mixedLengths, int batch) {
        assertTrue(Java21Paths.enabled(), "-D" + Java21Paths.PROPERTY + "=true, as this module's tests set it");
        assertInstanceOf(VectorKernels.class, KernelProvider.get());
        int steps = 11; // at batch 200: chunks of 512 / 200 = 2 steps, six chunks
        int gates = cell == CellType.LSTM ? 4 : 3;
        Random random = new Random(batch * 31 + (reverse ? 1 : 0));
        float[] x = gaussian(random, steps * batch * INPUT);
        float[] h0 = gaussian(random, batch * HIDDEN);
        float[] c0 = gaussian(random, batch * HIDDEN);
        float[] wIh = gaussian(random, gates * HIDDEN * INPUT);
        float[] wHh = gaussian(random, gates * HIDDEN * HIDDEN);
        float[] bIh = gaussian(random, gates * HIDDEN);
        float[] bHh = gaussian(random, gates * HIDDEN);
        int[] lengths = null;
        if (mixedLengths) {
            lengths = new int[batch];
            for (int b = 0; b < batch; b++) {
                lengths[b] = 1 + random.nextInt(steps);
            }
            lengths[batch / 2] = steps;
        }
        Tensor[] recorded = run(cell, reverse, x, lengths, h0, c0, wIh, wHh, bIh, bHh, steps, batch, true);
        assertNotNull(recorded[0].gradFn(), "the reference forward records a graph");
        int threadsBefore = KernelThreads.configured();
        KernelThreads.set(2); // two threads whatever the machine, so that full batches of 200 rows are split
        Tensor[] inference;
        try {
            assertEquals(2, KernelProvider.get().partThreads());
            inference = run(cell, reverse, x, lengths, h0, c0, wIh, wHh, bIh, bHh, steps, batch, false);
        } finally {
            KernelThreads.set(threadsBefore);
        }
        assertNull(inference[0].gradFn(), "no graph without weights that need a gradient");
        Tensor[] noGrad;
        try (var scope = Autograd.noGrad()) {
            noGrad = run(cell, reverse, x, lengths, h0, c0, wIh, wHh, bIh, bHh, steps, batch, true);
        }
        for (Tensor[] got : new Tensor[][] {inference, noGrad}) {
            assertArrayEquals(recorded[0].toFloatArray(), got[0].toFloatArray(), "output");
            assertArrayEquals(recorded[1].toFloatArray(), got[1].toFloatArray(), "h_n");
            if (cell == CellType.LSTM) {
                assertArrayEquals(recorded[2].toFloatArray(), got[2].toFloatArray(), "c_n");
            } else {
                assertNull(got[2], "a GRU has no cell state");
            }
        }
        if (mixedLengths) { // rows past their length read as zeros
            float[] out = inference[0].toFloatArray();
            for (int b = 0; b < batch; b++) {
                for (int t = lengths[b]; t < steps; t++) {
                    assertEquals(0f, out[(t * batch + b) * HIDDEN], "row " + b + " step " + t);
                }
            }
        }
    }

    private static Tensor[] run(CellType cell, boolean reverse, float[] x, int[] lengths, float[] h0, float[] c0,
                                float[] wIh, float[] wHh, float[] bIh, float[] bHh, int steps, int batch,
                                boolean weightsNeedGrad) {
        int gates = cell == CellType.LSTM ? 4 : 3;
        Tensor wIhT = Tensor.of(wIh.clone(), gates * HIDDEN, INPUT).requiresGrad(weightsNeedGrad);
        Tensor wHhT = Tensor.of(wHh.clone(), gates * HIDDEN, HIDDEN).requiresGrad(weightsNeedGrad);
        return RecurrentSequence.run(cell, reverse, Tensor.of(x.clone(), steps, batch, INPUT),
                lengths == null ? null : lengths.clone(), Tensor.of(h0.clone(), batch, HIDDEN),
                cell == CellType.LSTM ? Tensor.of(c0.clone(), batch, HIDDEN) : null, wIhT, wHhT,
                Tensor.of(bIh.clone(), gates * HIDDEN), Tensor.of(bHh.clone(), gates * HIDDEN));
    }

    private static float[] gaussian(Random random, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (0.5 * random.nextGaussian());
        }
        return a;
    }
}
