package dev.rnn4j.jmh;

import dev.rnn4j.kernels.Kernels;
import dev.rnn4j.kernels.ScalarKernels;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One core's recurrent product of batch inference: {@code C (m, n) += A (m, k) · Wᵀ} with W (n, k)
 * prepared once ({@link Kernels#packRight}), as each core runs it for its half of the batch at every
 * step (LSTM(128, 256) at batch 256: m = 128, k = 256 for h · W_hhᵀ and 128 for x · W_ihᵀ, n = 1024).
 * GFLOPS = 2·m·k·n / time. The setup compares one product with the scalar reference.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class PreparedGemmBenchmark {

    @Param({"128"})
    public int m;

    @Param({"256"})
    public int k;

    @Param({"1024"})
    public int n;

    private Kernels impl;
    private Kernels.PackedMatrix packed;
    private float[] a;
    private float[] c;

    @Setup
    public void setUp() {
        impl = BenchSupport.kernels("vector", 1);
        Random random = new Random(m * 31L + k);
        a = BenchSupport.random(random, m * k, 1f);
        float[] w = BenchSupport.random(random, n * k, 1f);
        packed = impl.packRight(true, k, n, w, 0, k);
        float[] expected = new float[m * n];
        c = new float[m * n];
        ScalarKernels.INSTANCE.sgemm(false, true, m, n, k, a, 0, k, w, 0, k, 0f, expected, 0, n);
        impl.sgemmPacked(m, a, 0, k, packed, 0f, c, 0, n);
        BenchSupport.check("prepared sgemm m=" + m + " k=" + k, expected, c, 1e-6 * k, 0);
    }

    @TearDown
    public void tearDown() {
        packed.release();
    }

    @Benchmark
    public float[] accumulate() {
        impl.sgemmPacked(m, a, 0, k, packed, 1f, c, 0, n);
        return c;
    }
}
