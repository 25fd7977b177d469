package dev.rnn4j.kernels.vector;

import dev.rnn4j.kernels.KernelProvider;
import dev.rnn4j.kernels.KernelThreads;
import dev.rnn4j.kernels.Kernels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * A row's gate-pass bits do not depend on which other rows share the call: the LSTM and GRU gate
 * passes, forward and backward, on 130 rows at once give the same bits as on rows [0, 65) and [65,
 * 130) in two calls, and as on [0, 1) and [1, 130). The sequence kernels rely on it when they split
 * a batch's rows across threads (65 rows each here) and when rows drop out of a batch of mixed
 * lengths. Hidden sizes that are not a multiple of the vector width put a scalar tail in every row.
 *
 * <p>Regression: the LSTM forward took tanh(c) in one pass over the contiguous (rows, H), so the
 * scalar tail (rounded differently from the vector polynomial) fell on the last rows·H mod 16 values
 * of the call: on 65 rows of H = 24 the last 8 values of row 64, on 130 rows none. The inference
 * forward (its 130 rows split across two threads, 65 each) then differed from the recorded forward
 * (one gate pass over all 130 rows) in the last bit of some of those values.
 */
class GateRowSplitTest {

    private static final int ROWS = 130;

    @ParameterizedTest(name = "hidden={0} split at {1}")
    @CsvSource({"24, 65", "24, 1", "19, 65", "37, 1", "32, 65"})
    void rowsGetTheSameBitsHoweverTheCallsSplitThem(int hidden, int split) {
        Kernels k = KernelProvider.get();
        assertInstanceOf(VectorKernels.class, k);
        int before = KernelThreads.configured();
        KernelThreads.set(1); // each call on the caller alone: the split is the test's own
        try {
            Random random = new Random(hidden * 131L + split);
            float[] gates = gaussian(random, ROWS * 4 * hidden);
            float[] cPrev = gaussian(random, ROWS * hidden);
            float[] dh = gaussian(random, ROWS * hidden);
            float[] dc = gaussian(random, ROWS * hidden);
            float[] ih = gaussian(random, ROWS * 3 * hidden);
            float[] hh = gaussian(random, ROWS * 3 * hidden);
            float[] hPrev = gaussian(random, ROWS * hidden);
            float[][] whole = passes(k, hidden, gates, cPrev, dh, dc, ih, hh, hPrev, new int[] {0, ROWS});
            float[][] parts = passes(k, hidden, gates, cPrev, dh, dc, ih, hh, hPrev, new int[] {0, split, ROWS});
            String[] names = {"LSTM activations", "LSTM c", "LSTM h", "LSTM dGates", "LSTM dcPrev",
                "GRU activations", "GRU h", "GRU dIh", "GRU dHh", "GRU dhPrev"};
            for (int i = 0; i < names.length; i++) {
                assertArrayEquals(whole[i], parts[i], names[i]);
            }
        } finally {
            KernelThreads.set(before);
        }
    }

    /** Every pass over rows [bounds[q], bounds[q + 1]) for each q, on copies of the inputs. */
    private static float[][] passes(Kernels k, int hidden, float[] gates0, float[] cPrev, float[] dh0, float[] dc0,
                                    float[] ih, float[] hh, float[] hPrev, int[] bounds) {
        float[] acts = gates0.clone();
        float[] c = new float[ROWS * hidden];
        float[] h = new float[ROWS * hidden];
        float[] dGates = new float[ROWS * 4 * hidden];
        float[] dc = dc0.clone();
        float[] gruActs = new float[ROWS * 3 * hidden];
        float[] gruH = new float[ROWS * hidden];
        float[] dIh = new float[ROWS * 3 * hidden];
        float[] dHh = new float[ROWS * 3 * hidden];
        float[] dhPrev = new float[ROWS * hidden];
        for (int q = 0; q + 1 < bounds.length; q++) {
            int r0 = bounds[q];
            int rows = bounds[q + 1] - r0;
            int s = r0 * hidden;
            k.lstmGatesForward(acts, 4 * s, cPrev, s, c, s, h, s, rows, hidden);
            k.lstmGatesBackward(acts, 4 * s, cPrev, s, c, s, dh0, s, dc, s, dGates, 4 * s, dc, s, rows, hidden);
            k.gruGatesForward(ih, 3 * s, hh, 3 * s, hPrev, s, gruActs, 3 * s, gruH, s, rows, hidden);
            k.gruGatesBackward(gruActs, 3 * s, hh, 3 * s, hPrev, s, dh0, s, dIh, 3 * s, dHh, 3 * s, dhPrev, s, rows,
                    hidden);
        }
        return new float[][] {acts, c, h, dGates, dc, gruActs, gruH, dIh, dHh, dhPrev};
    }

    private static float[] gaussian(Random random, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) random.nextGaussian();
        }
        return a;
    }
}
