package dev.rnn4j.jmh;

import dev.rnn4j.kernels.KernelProvider;
import dev.rnn4j.kernels.Kernels;
import dev.rnn4j.kernels.ScalarKernels;
import dev.rnn4j.kernels.vector.VectorKernels;
import java.util.Random;

/** Shared helpers: choosing the implementation, random data, and the result check. */
final class BenchSupport {

    private BenchSupport() {
    }

    /**
     * The implementation named by the {@code kernels} parameter: {@code vector} (fails if the Vector
     * API is not enabled) or {@code scalar}; {@code threads} is applied to the vector GEMM.
     */
    static Kernels kernels(String name, int threads) {
        switch (name) {
            case "scalar":
                return ScalarKernels.INSTANCE;
            case "vector":
                Kernels vector = KernelProvider.tryVector();
                if (!(vector instanceof VectorKernels)) {
                    throw new IllegalStateException("kernels=vector needs --add-modules jdk.incubator.vector");
                }
                VectorKernels.setThreads(threads);
                return vector;
            default:
                throw new IllegalArgumentException("kernels must be vector or scalar, got " + name);
        }
    }

    static float[] random(Random random, int length, float range) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (random.nextFloat() * 2f - 1f) * range;
        }
        return values;
    }

    /**
     * Throws unless every {@code actual[i]} is within {@code atol + rtol·|expected[i]|}: a benchmark
     * of a wrong kernel measures nothing.
     */
    static void check(String what, float[] expected, float[] actual, double atol, double rtol) {
        if (expected.length != actual.length) {
            throw new IllegalStateException(what + ": length " + actual.length + ", expected " + expected.length);
        }
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - actual[i]) <= atol + rtol * Math.abs(expected[i]))) {
                throw new IllegalStateException(what + " is wrong at " + i + ": expected " + expected[i]
                        + ", got " + actual[i]);
            }
        }
    }
}
