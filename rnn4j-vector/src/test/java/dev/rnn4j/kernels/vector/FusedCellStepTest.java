package dev.rnn4j.kernels.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rnn4j.kernels.Kernels;
import dev.rnn4j.kernels.ScalarKernels;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fused streaming steps of {@link VectorKernels} against the reference {@link ScalarKernels#lstmStep}
 * and {@link ScalarKernels#gruStep}
 * on awkward sizes: hidden sizes around the tile width (2·L units) and its halves, 1, 3, 13, 207 and the
 * benchmark's 256 (whose tiles split over the worker pool), inputs 1..128, batches 1..5, several steps
 * carrying the state, with and without biases. Tolerance 1e-5 + 1e-5·√(I + H) relative: the products
 * sum in a different order.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FusedCellStepTest {

    private static final ScalarKernels SCALAR = ScalarKernels.INSTANCE;
    private static final VectorKernels VECTOR = new VectorKernels();
    private static final int L = VectorMath.SPECIES.length();

    /** The two fused steps, as one interface for the checks below. */
    private enum Cell {
        LSTM(4, 2), GRU(3, 3);

        final int gates;
        final long seed;

        Cell(int gates, long seed) {
            this.gates = gates;
            this.seed = seed;
        }

        float[] pack(Kernels k, int input, int hidden, float[] wIh, float[] wHh, float[] bIh, float[] bHh) {
            return this == LSTM ? k.packLstmStep(input, hidden, wIh, wHh, bIh, bHh)
                    : k.packGruStep(input, hidden, wIh, wHh, bIh, bHh);
        }

        void step(Kernels k, int rows, int input, int hidden, float[] packed, float[] x, int xOff, float[] hPrev,
                  float[] c, float[] h) {
            if (this == LSTM) {
                k.lstmStep(rows, input, hidden, packed, x, xOff, hPrev, c, h);
            } else {
                k.gruStep(rows, input, hidden, packed, x, xOff, hPrev, h);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Cell.class)
    void matchesTheReference(Cell cell) {
        int[] hiddens = {1, 3, 13, L - 1, L, L + 1, 2 * L - 1, 2 * L, 2 * L + 1, 207, 256};
        int[] inputs = {1, 3, 13, 128};
        Random random = new Random(cell.seed);
        for (int hidden : hiddens) {
            for (int input : inputs) {
                for (int rows : new int[] {1, 2, 5}) {
                    boolean withBias = (hidden + input + rows) % 2 == 0;
                    check(cell, random, rows, input, hidden, withBias);
                }
            }
        }
    }

    /** The benchmark's sizes, stepped long enough for the JIT to compile the vector paths. */
    @Test
    void benchmarkSizesStayCloseOverManySteps() {
        Random random = new Random(7);
        for (Cell cell : Cell.values()) {
            int input = 128;
            int hidden = 256;
            int gates = cell.gates * hidden;
            float[] wIh = spread(random, gates * input, 0.25f);
            float[] wHh = spread(random, gates * hidden, 0.25f);
            float[] bIh = spread(random, gates, 0.5f);
            float[] bHh = spread(random, gates, 0.5f);
            float[] scalarPacked = cell.pack(SCALAR, input, hidden, wIh, wHh, bIh, bHh);
            float[] vectorPacked = cell.pack(VECTOR, input, hidden, wIh, wHh, bIh, bHh);
            float[] hs = new float[hidden];
            float[] hv = new float[hidden];
            float[] cs = new float[hidden];
            float[] cv = new float[hidden];
            float[] prev = new float[hidden];
            float[] x = spread(random, 40 * input, 1f);
            for (int rep = 0; rep < 200; rep++) {
                // both step from the reference's state (a chaotic network would amplify rounding)
                int xOff = (rep % 40) * input;
                System.arraycopy(hs, 0, prev, 0, hidden);
                System.arraycopy(cs, 0, cv, 0, hidden);
                cell.step(SCALAR, 1, input, hidden, scalarPacked, x, xOff, prev, cs, hs);
                cell.step(VECTOR, 1, input, hidden, vectorPacked, x, xOff, prev, cv, hv);
                for (int j = 0; j < hidden; j++) {
                    assertEquals(hs[j], hv[j], 1e-4, cell + " step " + rep + " h[" + j + "]");
                    assertEquals(cs[j], cv[j], 1e-4 * (1 + Math.abs(cs[j])), cell + " step " + rep + " c[" + j + "]");
                }
            }
        }
    }

    private static void check(Cell cell, Random random, int rows, int input, int hidden, boolean withBias) {
        int gates = cell.gates * hidden;
        float[] wIh = spread(random, gates * input, 1.5f / (float) Math.sqrt(input));
        float[] wHh = spread(random, gates * hidden, 1.5f / (float) Math.sqrt(hidden));
        float[] bIh = withBias ? spread(random, gates, 1f) : null;
        float[] bHh = withBias ? spread(random, gates, 1f) : null;
        float[] scalarPacked = cell.pack(SCALAR, input, hidden, wIh, wHh, bIh, bHh);
        float[] vectorPacked = cell.pack(VECTOR, input, hidden, wIh, wHh, bIh, bHh);
        int xOff = 3;
        float[] hPrev = spread(random, rows * hidden, 1f);
        float[] cScalar = cell == Cell.LSTM ? spread(random, rows * hidden, 2f) : null;
        float[] cVector = cScalar == null ? null : cScalar.clone();
        float[] hScalar = new float[rows * hidden];
        float[] hVector = new float[rows * hidden];
        double tolerance = 1e-5 * Math.sqrt(input + hidden);
        String where = cell + " rows=" + rows + " input=" + input + " hidden=" + hidden + " bias=" + withBias;
        for (int t = 0; t < 3; t++) {
            float[] x = spread(random, xOff + rows * input, 2f);
            cell.step(SCALAR, rows, input, hidden, scalarPacked, x, xOff, hPrev, cScalar, hScalar);
            cell.step(VECTOR, rows, input, hidden, vectorPacked, x, xOff, hPrev, cVector, hVector);
            for (int i = 0; i < rows * hidden; i++) {
                assertEquals(hScalar[i], hVector[i], 1e-5 + tolerance * Math.abs(hScalar[i]) + tolerance * 0.1,
                        where + " step " + t + " h[" + i + "]");
                if (cScalar != null) {
                    assertEquals(cScalar[i], cVector[i], 1e-5 + tolerance * Math.abs(cScalar[i]) + tolerance * 0.1,
                            where + " step " + t + " c[" + i + "]");
                }
            }
            // next step from the reference's state, so both read the same inputs
            System.arraycopy(hScalar, 0, hPrev, 0, hPrev.length);
            if (cVector != null) {
                System.arraycopy(cScalar, 0, cVector, 0, cVector.length);
            }
        }
    }

    private static float[] spread(Random random, int n, float scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (random.nextFloat() * 2 - 1) * scale;
        }
        return a;
    }
}
