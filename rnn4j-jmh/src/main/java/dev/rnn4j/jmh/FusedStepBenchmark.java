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
 * One fused streaming step at batch 1 ({@code Kernels.lstmStep} / {@code gruStep}, the step of
 * {@code infer_lstm_stream} and {@code infer_gru_stream} without the stepper around it): input 128,
 * hidden 256, the new h carried to the next call. With the vector kernels and 2 threads the hidden
 * units split over both cores, each reading its fixed half of the packed weights per step; compare
 * with {@link L2ReadBenchmark} (BENCHMARKS.md, "Streaming: the step against its bound"). The setup
 * compares a few steps with the scalar reference.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Drnn4j.java21Paths=true"})
public class FusedStepBenchmark {

    @Param({"lstm", "gru"})
    public String cell;

    @Param({"2"})
    public int threads;

    @Param({"vector"})
    public String kernels;

    private static final int INPUT = 128;
    private static final int HIDDEN = 256;

    private Kernels impl;
    private boolean lstm;
    private float[] packed;
    // x: (1, I); hPrev, h, c: (1, H)
    private float[] x;
    private float[] hPrev;
    private float[] h;
    private float[] c;

    @Setup
    public void setUp() {
        impl = BenchSupport.kernels(kernels, threads);
        lstm = switch (cell) {
            case "lstm" -> true;
            case "gru" -> false;
            default -> throw new IllegalArgumentException("cell must be lstm or gru, got " + cell);
        };
        int gates = (lstm ? 4 : 3) * HIDDEN;
        Random random = new Random(lstm ? 41 : 43);
        float scale = (float) (1 / Math.sqrt(HIDDEN));
        float[] wIh = BenchSupport.random(random, gates * INPUT, scale);
        float[] wHh = BenchSupport.random(random, gates * HIDDEN, scale);
        float[] bIh = BenchSupport.random(random, gates, scale);
        float[] bHh = BenchSupport.random(random, gates, scale);
        x = BenchSupport.random(random, INPUT, 1f);
        packed = pack(impl, wIh, wHh, bIh, bHh);

        float[] refPacked = pack(ScalarKernels.INSTANCE, wIh, wHh, bIh, bHh);
        float[] refH = new float[HIDDEN];
        float[] refC = new float[HIDDEN];
        h = new float[HIDDEN];
        c = new float[HIDDEN];
        hPrev = new float[HIDDEN];
        for (int t = 0; t < 5; t++) {
            System.arraycopy(refH, 0, hPrev, 0, HIDDEN);
            step(ScalarKernels.INSTANCE, refPacked, hPrev, refC, refH);
            System.arraycopy(h, 0, hPrev, 0, HIDDEN);
            step(impl, packed, hPrev, c, h);
        }
        BenchSupport.check(cell + " step h", refH, h, 1e-5, 1e-4);
        if (lstm) {
            BenchSupport.check(cell + " step c", refC, c, 1e-5, 1e-4);
        }
    }

    private float[] pack(Kernels k, float[] wIh, float[] wHh, float[] bIh, float[] bHh) {
        return lstm ? k.packLstmStep(INPUT, HIDDEN, wIh, wHh, bIh, bHh)
                : k.packGruStep(INPUT, HIDDEN, wIh, wHh, bIh, bHh);
    }

    private void step(Kernels k, float[] weights, float[] hIn, float[] cState, float[] hOut) {
        if (lstm) {
            k.lstmStep(1, INPUT, HIDDEN, weights, x, 0, hIn, cState, hOut);
        } else {
            k.gruStep(1, INPUT, HIDDEN, weights, x, 0, hIn, hOut);
        }
    }

    /** One step from the last one's h (copied to hPrev first, as the stepper does). */
    @Benchmark
    public float[] step() {
        System.arraycopy(h, 0, hPrev, 0, HIDDEN);
        step(impl, packed, hPrev, c, h);
        return h;
    }
}
