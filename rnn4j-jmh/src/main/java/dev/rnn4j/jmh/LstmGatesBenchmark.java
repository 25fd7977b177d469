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
 * The LSTM gate pass, forward and backward, on (rows, 4H) pre-activations. The forward pass runs in
 * place on the same buffer each time (its outputs are valid inputs; the vector code has no
 * data-dependent branches, so the time does not depend on the values). The setup compares both
 * passes with the scalar reference.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class LstmGatesBenchmark {

    @Param({"64"})
    public int rows;

    @Param({"256"})
    public int hidden;

    /** Threads of the vector kernels; the pass is split by rows when rows × H ≥ 8192. */
    @Param({"2"})
    public int threads;

    @Param({"vector"})
    public String kernels;

    private Kernels impl;
    // gates, dGates: (rows, 4H); cPrev, c, h, dh, dc, dcPrev: (rows, H)
    private float[] gates;
    private float[] cPrev;
    private float[] c;
    private float[] h;
    private float[] dh;
    private float[] dc;
    private float[] dGates;
    private float[] dcPrev;

    @Setup
    public void setUp() {
        impl = BenchSupport.kernels(kernels, threads);
        Random random = new Random(rows * 31 + hidden);
        int width = 4 * hidden;
        float[] pre = BenchSupport.random(random, rows * width, 6f);
        cPrev = BenchSupport.random(random, rows * hidden, 2f);
        dh = BenchSupport.random(random, rows * hidden, 1f);
        dc = BenchSupport.random(random, rows * hidden, 1f);
        gates = pre.clone();
        c = new float[rows * hidden];
        h = new float[rows * hidden];
        dGates = new float[rows * width];
        dcPrev = new float[rows * hidden];

        float[] expGates = pre.clone();
        float[] expC = new float[rows * hidden];
        float[] expH = new float[rows * hidden];
        float[] expDGates = new float[rows * width];
        float[] expDcPrev = new float[rows * hidden];
        ScalarKernels ref = ScalarKernels.INSTANCE;
        ref.lstmGatesForward(expGates, 0, cPrev, 0, expC, 0, expH, 0, rows, hidden);
        ref.lstmGatesBackward(expGates, 0, cPrev, 0, expC, 0, dh, 0, dc, 0, expDGates, 0, expDcPrev, 0,
                rows, hidden);
        impl.lstmGatesForward(gates, 0, cPrev, 0, c, 0, h, 0, rows, hidden);
        impl.lstmGatesBackward(gates, 0, cPrev, 0, c, 0, dh, 0, dc, 0, dGates, 0, dcPrev, 0, rows, hidden);
        BenchSupport.check("lstm gates", expGates, gates, 1e-6, 1e-5);
        BenchSupport.check("lstm c", expC, c, 1e-6, 1e-5);
        BenchSupport.check("lstm h", expH, h, 1e-6, 1e-5);
        BenchSupport.check("lstm dGates", expDGates, dGates, 1e-6, 1e-5);
        BenchSupport.check("lstm dcPrev", expDcPrev, dcPrev, 1e-6, 1e-5);
    }

    @Benchmark
    public float[] forward() {
        impl.lstmGatesForward(gates, 0, cPrev, 0, c, 0, h, 0, rows, hidden);
        return h;
    }

    @Benchmark
    public float[] backward() {
        impl.lstmGatesBackward(gates, 0, cPrev, 0, c, 0, dh, 0, dc, 0, dGates, 0, dcPrev, 0, rows, hidden);
        return dGates;
    }
}
