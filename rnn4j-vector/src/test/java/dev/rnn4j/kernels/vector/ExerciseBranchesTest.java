package dev.rnn4j.kernels.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorKernels#exerciseBranches()} (the warm-up's kernel rounds) works on its own operands
 * only: a product and a gate pass the caller runs meanwhile, on another thread, with the same
 * worker pool, give bit for bit what they give with no warm-up running.
 */
class ExerciseBranchesTest {

    private static final VectorKernels VECTOR = new VectorKernels();

    @Test
    void leavesTheCallersResultsAsTheyAreWhileItRunsOnAnotherThread() throws InterruptedException {
        Random random = new Random(11);
        int m = 64;
        int n = 200;
        int k = 300;   // products large enough to take the parallel paths
        float[] a = spread(random, m * k);
        float[] b = spread(random, k * n);
        int rows = 32;
        int hidden = 300; // rows × hidden above PARALLEL_MIN_GATE_ELEMENTS: the parallel gate pass
        float[] gates = spread(random, rows * 4 * hidden);
        float[] cPrev = spread(random, rows * hidden);

        float[] expectedProduct = product(a, b, m, n, k);
        float[][] expectedGates = gatePass(gates, cPrev, rows, hidden);

        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread warmup = new Thread(() -> {
            try {
                while (!stop.get()) {
                    VECTOR.exerciseBranches();
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        warmup.start();
        try {
            for (int round = 0; round < 20; round++) {
                assertArrayEquals(expectedProduct, product(a, b, m, n, k), "product, round " + round);
                float[][] actual = gatePass(gates, cPrev, rows, hidden);
                for (int i = 0; i < actual.length; i++) {
                    assertArrayEquals(expectedGates[i], actual[i], "gate pass output " + i + ", round " + round);
                }
            }
        } finally {
            stop.set(true);
            warmup.join();
        }
        assertNull(failure.get(), "exerciseBranches threw");
    }

    private static float[] product(float[] a, float[] b, int m, int n, int k) {
        float[] c = new float[m * n];
        VECTOR.sgemm(false, false, m, n, k, a, 0, k, b, 0, n, 0f, c, 0, n);
        return c;
    }

    private static float[][] gatePass(float[] gates, float[] cPrev, int rows, int hidden) {
        float[] acts = gates.clone();
        float[] c = new float[rows * hidden];
        float[] h = new float[rows * hidden];
        VECTOR.lstmGatesForward(acts, 0, cPrev, 0, c, 0, h, 0, rows, hidden);
        return new float[][] {acts, c, h};
    }

    private static float[] spread(Random random, int count) {
        float[] x = new float[count];
        for (int i = 0; i < count; i++) {
            x[i] = random.nextFloat() * 2f - 1f;
        }
        return x;
    }
}
