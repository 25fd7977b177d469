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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Square SGEMM {@code C = A · B} (n × n, row-major, no transposition, beta 0). GFLOPS = 2n³ / time.
 * The setup compares one product with the scalar reference.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class SgemmBenchmark {

    @Param({"256", "512", "1024"})
    public int n;

    @Param({"2"})
    public int threads;

    @Param({"vector"})
    public String kernels;

    private Kernels impl;
    private float[] a;
    private float[] b;
    private float[] c;

    @Setup
    public void setUp() {
        impl = BenchSupport.kernels(kernels, threads);
        Random random = new Random(n);
        a = BenchSupport.random(random, n * n, 1f);
        b = BenchSupport.random(random, n * n, 1f);
        c = new float[n * n];
        float[] expected = new float[n * n];
        ScalarKernels.INSTANCE.sgemm(false, false, n, n, n, a, 0, n, b, 0, n, 0f, expected, 0, n);
        impl.sgemm(false, false, n, n, n, a, 0, n, b, 0, n, 0f, c, 0, n);
        BenchSupport.check("sgemm n=" + n, expected, c, 1e-6 * n, 0);
    }

    @Benchmark
    public float[] sgemm() {
        impl.sgemm(false, false, n, n, n, a, 0, n, b, 0, n, 0f, c, 0, n);
        return c;
    }
}
