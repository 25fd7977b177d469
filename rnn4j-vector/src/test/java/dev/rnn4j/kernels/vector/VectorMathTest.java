package dev.rnn4j.kernels.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** Relative error of the polynomial exp, sigmoid and tanh against {@link Math} in double precision. */
class VectorMathTest {

    private static final int L = VectorMath.SPECIES.length();

    @Test
    void relativeErrorBelowTwoTenthsOfAMillionth() {
        Random random = new Random(7);
        float[] x = new float[1 << 16];
        for (int i = 0; i < x.length; i++) {
            // a third tiny (tanh's cancellation zone), the rest across the whole useful range
            x[i] = i % 3 == 0 ? (float) (random.nextGaussian() * 1e-3)
                    : (float) ((random.nextDouble() * 2 - 1) * (i % 3 == 1 ? 9 : 90));
        }
        double worstSigmoid = 0;
        double worstTanh = 0;
        double worstExp = 0;
        for (int i = 0; i < x.length; i += L) {
            FloatVector v = FloatVector.fromArray(VectorMath.SPECIES, x, i);
            float[] sigmoid = VectorMath.sigmoid(v).toArray();
            float[] tanh = VectorMath.tanh(v).toArray();
            float[] exp = VectorMath.exp(v).toArray();
            for (int lane = 0; lane < L; lane++) {
                double xv = x[i + lane];
                double s = 1 / (1 + Math.exp(-xv));
                double t = Math.tanh(xv);
                double e = Math.exp(xv);
                if (s > 1e-37) {
                    worstSigmoid = Math.max(worstSigmoid, Math.abs(sigmoid[lane] - s) / s);
                }
                if (t != 0) {
                    worstTanh = Math.max(worstTanh, Math.abs(tanh[lane] - t) / Math.abs(t));
                }
                if (e > 1e-37 && e < 1e38) {
                    worstExp = Math.max(worstExp, Math.abs(exp[lane] - e) / e);
                }
            }
        }
        assertTrue(worstSigmoid < 3e-7, "sigmoid relative error " + worstSigmoid);
        assertTrue(worstTanh < 3e-7, "tanh relative error " + worstTanh);
        assertTrue(worstExp < 3e-7, "exp relative error " + worstExp);
    }

    @Test
    void limitsAndNan() {
        float[] special = new float[L];
        float[] input = {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1000f, -1000f, Float.NaN, 0f};
        System.arraycopy(input, 0, special, 0, Math.min(L, input.length));
        FloatVector v = FloatVector.fromArray(VectorMath.SPECIES, special, 0);
        float[] sigmoid = VectorMath.sigmoid(v).toArray();
        float[] tanh = VectorMath.tanh(v).toArray();
        assertEquals(1f, sigmoid[0]);
        assertEquals(0f, sigmoid[1], 1e-37f);
        assertEquals(1f, sigmoid[2]);
        assertEquals(0f, sigmoid[3], 1e-37f);
        assertEquals(1f, tanh[0]);
        assertEquals(-1f, tanh[1]);
        assertEquals(1f, tanh[2]);
        assertEquals(-1f, tanh[3]);
        if (L > 5) {
            assertTrue(Float.isNaN(sigmoid[4]) && Float.isNaN(tanh[4]), "NaN must stay NaN");
            assertEquals(0.5f, sigmoid[5]);
            assertEquals(0f, tanh[5]);
        }
    }
}
