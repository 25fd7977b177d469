package dev.rnn4j.kernels.vector;

import dev.rnn4j.kernels.Java21Paths;
import dev.rnn4j.kernels.KernelProvider;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.recurrent.RecurrentSequence;
import dev.rnn4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A batch of mixed lengths through the fused sequence kernel with the Vector API kernels: its input projections
 * cover the active rows only (on the Java 21+ paths, where W_ihᵀ is prepared and the projections run a chunk of
 * steps at a time), and every row's output is still that row's own: in both directions it agrees with the row run
 * alone, and over the steps every row runs, in the forward direction, it is the same bits as in a batch where no
 * row ends early (the product of the active rows computes each row as the product of all rows does).
 */
class PaddedBatchProjectionTest {

    static final int STEPS = 13;
    /** 40 rows: chunks of 512 / 40 = 12 steps, so the 13 steps take two chunks. */
    static final int BATCH = 40;
    static final int INPUT = 37;
    static final int HIDDEN = 24;
    /**
     * Steps that every row runs: there the two batches' step products and gate passes have the same rows, so
     * only the input projections differ in how they are computed (past them, a step of fewer rows may take
     * another product path of the kernels, equal to float rounding).
     */
    static final int FULL_STEPS = 4;

    @Test
    void mixedLengthsGiveEachRowItsOwnOutputs() {
        // this module's tests turn the Java 21+ paths on whatever the JDK (see its pom), so the chunked path runs
        assertTrue(Java21Paths.enabled(), "-D" + Java21Paths.PROPERTY + "=true, as this module's tests set it");
        assertInstanceOf(VectorKernels.class, KernelProvider.get());
        String failure = check();
        assertEquals("", failure, failure);
    }

    /** "" when every row's outputs are its own (see the class comment), else what differs. */
    static String check() {
        Random random = new Random(5);
        // five rows run every step, so at least five are active at each step (no step product of a few rows);
        // every row runs the first FULL_STEPS steps
        int[] lengths = new int[BATCH];
        for (int b = 0; b < BATCH; b++) {
            lengths[b] = b % 8 == 0 ? STEPS : FULL_STEPS + random.nextInt(STEPS - FULL_STEPS + 1);
        }
        float[] x = gaussian(random, STEPS * BATCH * INPUT); // (T, B, I)
        float[] wIh = gaussian(random, 4 * HIDDEN * INPUT);
        float[] wHh = gaussian(random, 4 * HIDDEN * HIDDEN);
        float[] bIh = gaussian(random, 4 * HIDDEN);
        float[] bHh = gaussian(random, 4 * HIDDEN);
        StringBuilder failure = new StringBuilder();
        float[] full = run(false, x, STEPS, BATCH, null, wIh, wHh, bIh, bHh);
        for (boolean reverse : new boolean[] {false, true}) {
            float[] mixed = run(reverse, x, STEPS, BATCH, lengths, wIh, wHh, bIh, bHh);
            for (int b = 0; b < BATCH; b++) {
                int len = lengths[b];
                float[] alone = run(reverse, rowOf(x, b, len), len, 1, null, wIh, wHh, bIh, bHh);
                for (int t = 0; t < STEPS; t++) {
                    for (int h = 0; h < HIDDEN; h++) {
                        float got = mixed[(t * BATCH + b) * HIDDEN + h];
                        if (t >= len) {
                            if (got != 0f) {
                                failure.append(String.format("reverse %s row %d step %d: %s past the length %d%n",
                                        reverse, b, t, got, len));
                            }
                            continue;
                        }
                        float own = alone[t * HIDDEN + h];
                        if (Math.abs(got - own) > 1e-5f * Math.max(1f, Math.abs(own))) {
                            failure.append(String.format("reverse %s row %d step %d unit %d: %s, alone %s%n",
                                    reverse, b, t, h, got, own));
                        }
                        float unpadded = full[(t * BATCH + b) * HIDDEN + h];
                        if (!reverse && t < FULL_STEPS
                                && Float.floatToRawIntBits(got) != Float.floatToRawIntBits(unpadded)) {
                            failure.append(String.format("row %d step %d unit %d: %s, in a batch of full rows %s%n",
                                    b, t, h, got, unpadded));
                        }
                    }
                }
            }
        }
        return failure.length() > 2000 ? failure.substring(0, 2000) + "..." : failure.toString();
    }

    // the output (T, B, H) of one LSTM direction from zero initial states
    private static float[] run(boolean reverse, float[] x, int steps, int batch, int[] lengths, float[] wIh,
                               float[] wHh, float[] bIh, float[] bHh) {
        Tensor[] out = RecurrentSequence.run(CellType.LSTM, reverse, Tensor.of(x.clone(), steps, batch, INPUT),
                lengths == null ? null : lengths.clone(), Tensor.zeros(batch, HIDDEN), Tensor.zeros(batch, HIDDEN),
                Tensor.of(wIh, 4 * HIDDEN, INPUT), Tensor.of(wHh, 4 * HIDDEN, HIDDEN), Tensor.of(bIh, 4 * HIDDEN),
                Tensor.of(bHh, 4 * HIDDEN));
        return out[0].toFloatArray();
    }

    // row b's first len steps of (T, B, I) data, as (len, 1, I)
    private static float[] rowOf(float[] x, int b, int len) {
        float[] row = new float[len * INPUT];
        for (int t = 0; t < len; t++) {
            System.arraycopy(x, (t * BATCH + b) * INPUT, row, t * INPUT, INPUT);
        }
        return row;
    }

    private static float[] gaussian(Random random, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (0.5 * random.nextGaussian());
        }
        return a;
    }
}
