package dev.rnn4j.jmh;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Read bandwidth of one core's cache, for the bound of the fused streaming step (BENCHMARKS.md,
 * "Streaming: the step against its bound"): each thread streams its own float array of
 * {@code kib} KiB, again and again, through 8 FMA chains with a broadcast factor, the
 * access pattern of {@code FusedCellStep}'s k-loop (8 vector loads and 8 FMAs per row, rows
 * contiguous). Two threads by default, one per core at once, as the two halves of a step run.
 *
 * <p>Sizes: 770 KiB is one core's half of the packed LSTM(128, 256) step weights (4 tiles of
 * 197,120 bytes), 578 KiB the GRU's (4 × 147,968 bytes); 32 KiB fits L1, 8192 KiB fits neither L2
 * nor (per core) the L3 share. Bandwidth per core in GB/s = kib · 1.024 / (µs/op). The setup checks
 * one sum against a scalar loop.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class L2ReadBenchmark {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int ROW = 8 * L;

    @Param({"32", "578", "770", "8192"})
    public int kib;

    // data: (rows, 8 vectors), rows = kib KiB / (8 vectors of L floats)
    private float[] data;
    private int rows;
    private float factor = 1f;

    @Setup
    public void setUp() {
        rows = kib * 1024 / 4 / ROW;
        data = BenchSupport.random(new java.util.Random(kib), rows * ROW, 1f);
        double expected = 0;
        for (int i = 0; i < rows * ROW; i++) {
            expected += data[i];
        }
        for (float actual : new float[] {read(), readWide()}) {
            if (Math.abs(actual - expected) > 1e-3 * rows * ROW) {
                throw new IllegalStateException("read sum " + actual + ", expected " + expected);
            }
        }
    }

    /** The sum of every element (factor 1): 8 independent FMA chains over the rows. */
    @Benchmark
    public float read() {
        float[] w = data;
        FloatVector v = FloatVector.broadcast(S, factor);
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = FloatVector.zero(S);
        FloatVector a2 = FloatVector.zero(S);
        FloatVector a3 = FloatVector.zero(S);
        FloatVector a4 = FloatVector.zero(S);
        FloatVector a5 = FloatVector.zero(S);
        FloatVector a6 = FloatVector.zero(S);
        FloatVector a7 = FloatVector.zero(S);
        int n = rows;
        for (int k = 0; k < n; k++) {
            int p = k * ROW;
            a0 = FloatVector.fromArray(S, w, p).fma(v, a0);
            a1 = FloatVector.fromArray(S, w, p + L).fma(v, a1);
            a2 = FloatVector.fromArray(S, w, p + 2 * L).fma(v, a2);
            a3 = FloatVector.fromArray(S, w, p + 3 * L).fma(v, a3);
            a4 = FloatVector.fromArray(S, w, p + 4 * L).fma(v, a4);
            a5 = FloatVector.fromArray(S, w, p + 5 * L).fma(v, a5);
            a6 = FloatVector.fromArray(S, w, p + 6 * L).fma(v, a6);
            a7 = FloatVector.fromArray(S, w, p + 7 * L).fma(v, a7);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).reduceLanes(VectorOperators.ADD);
    }

    /**
     * The same sum as plain adds into 16 chains, two rows at a time: the FMA chains of {@link #read}
     * are not what limits it when this is no faster.
     */
    @Benchmark
    public float readWide() {
        float[] w = data;
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = FloatVector.zero(S);
        FloatVector a2 = FloatVector.zero(S);
        FloatVector a3 = FloatVector.zero(S);
        FloatVector a4 = FloatVector.zero(S);
        FloatVector a5 = FloatVector.zero(S);
        FloatVector a6 = FloatVector.zero(S);
        FloatVector a7 = FloatVector.zero(S);
        FloatVector b0 = FloatVector.zero(S);
        FloatVector b1 = FloatVector.zero(S);
        FloatVector b2 = FloatVector.zero(S);
        FloatVector b3 = FloatVector.zero(S);
        FloatVector b4 = FloatVector.zero(S);
        FloatVector b5 = FloatVector.zero(S);
        FloatVector b6 = FloatVector.zero(S);
        FloatVector b7 = FloatVector.zero(S);
        int pairs = rows / 2;
        for (int k = 0; k < pairs; k++) {
            int p = 2 * k * ROW;
            int q = p + ROW;
            a0 = a0.add(FloatVector.fromArray(S, w, p));
            a1 = a1.add(FloatVector.fromArray(S, w, p + L));
            a2 = a2.add(FloatVector.fromArray(S, w, p + 2 * L));
            a3 = a3.add(FloatVector.fromArray(S, w, p + 3 * L));
            a4 = a4.add(FloatVector.fromArray(S, w, p + 4 * L));
            a5 = a5.add(FloatVector.fromArray(S, w, p + 5 * L));
            a6 = a6.add(FloatVector.fromArray(S, w, p + 6 * L));
            a7 = a7.add(FloatVector.fromArray(S, w, p + 7 * L));
            b0 = b0.add(FloatVector.fromArray(S, w, q));
            b1 = b1.add(FloatVector.fromArray(S, w, q + L));
            b2 = b2.add(FloatVector.fromArray(S, w, q + 2 * L));
            b3 = b3.add(FloatVector.fromArray(S, w, q + 3 * L));
            b4 = b4.add(FloatVector.fromArray(S, w, q + 4 * L));
            b5 = b5.add(FloatVector.fromArray(S, w, q + 5 * L));
            b6 = b6.add(FloatVector.fromArray(S, w, q + 6 * L));
            b7 = b7.add(FloatVector.fromArray(S, w, q + 7 * L));
        }
        FloatVector a = a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7);
        FloatVector b = b0.add(b1).add(b2).add(b3).add(b4).add(b5).add(b6).add(b7);
        return a.add(b).reduceLanes(VectorOperators.ADD);
    }
}
