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
 * One LSTM time step as the fused sequence kernel runs it, with the input projection of the step
 * already computed (it is one big GEMM for all steps): copy the step's input projection into the
 * gate buffer, add {@code h · W_hhᵀ} (sgemm, B transposed, beta 1), run the gate pass, and carry
 * the new (h, c) to the next call. Sizes: batch × 4H gates, H = 256 as in the reference workloads.
 * The setup compares one step with the scalar reference.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class LstmStepBenchmark {

    @Param({"1", "64"})
    public int batch;

    @Param({"256"})
    public int hidden;

    @Param({"2"})
    public int threads;

    @Param({"vector"})
    public String kernels;

    private Kernels impl;
    // wHh: (4H, H) as PyTorch stores weight_hh; inputProjection, gates: (batch, 4H); h, c: (batch, H)
    private float[] wHh;
    private float[] inputProjection;
    private float[] gates;
    private float[] h;
    private float[] c;
    private float[] hNext;
    private float[] cNext;

    @Setup
    public void setUp() {
        impl = BenchSupport.kernels(kernels, threads);
        Random random = new Random(batch * 17 + hidden);
        int width = 4 * hidden;
        float scale = (float) (1 / Math.sqrt(hidden));
        wHh = BenchSupport.random(random, width * hidden, scale);
        inputProjection = BenchSupport.random(random, batch * width, 1f);
        h = BenchSupport.random(random, batch * hidden, 0.5f);
        c = BenchSupport.random(random, batch * hidden, 1f);
        gates = new float[batch * width];
        hNext = new float[batch * hidden];
        cNext = new float[batch * hidden];

        float[] expGates = new float[batch * width];
        float[] expH = new float[batch * hidden];
        float[] expC = new float[batch * hidden];
        step(ScalarKernels.INSTANCE, h, c, expGates, expH, expC);
        step(impl, h, c, gates, hNext, cNext);
        BenchSupport.check("step gates", expGates, gates, 1e-5, 1e-4);
        BenchSupport.check("step h", expH, hNext, 1e-5, 1e-4);
        BenchSupport.check("step c", expC, cNext, 1e-5, 1e-4);
    }

    private void step(Kernels k, float[] hIn, float[] cIn, float[] g, float[] hOut, float[] cOut) {
        System.arraycopy(inputProjection, 0, g, 0, g.length);
        k.sgemm(false, true, batch, 4 * hidden, hidden, hIn, 0, hidden, wHh, 0, hidden, 1f, g, 0, 4 * hidden);
        k.lstmGatesForward(g, 0, cIn, 0, cOut, 0, hOut, 0, batch, hidden);
    }

    @Benchmark
    public float[] step() {
        step(impl, h, c, gates, hNext, cNext);
        float[] t = h;
        h = hNext;
        hNext = t;
        t = c;
        c = cNext;
        cNext = t;
        return h;
    }
}
