package dev.rnn4j.kernels.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Lane-wise exp, expm1, sigmoid and tanh for {@link FloatVector}, written with plain arithmetic.
 *
 * <p>Why not {@code lanewise(VectorOperators.EXP / TANH)}: those are fast only where the JDK build
 * has its SVML stubs (x86-64 Linux); elsewhere each lane falls back to scalar {@code Math}, and
 * even with the stubs they are slower than these polynomials (BENCHMARKS.md, "Where the time
 * goes"). This code runs the same way on every JDK and CPU, and its accuracy is ours to test.
 *
 * <p>Method: {@code e^x = 2^n · e^r} with {@code n = round(x / ln 2)} and {@code |r| ≤ ln 2 / 2};
 * {@code e^r − 1} is the degree-7 Taylor polynomial {@code r + r²/2! + … + r⁷/7!} (truncation error
 * below 6e-9 on that interval); {@code 2^n} is built from its exponent bits. Keeping
 * {@code e^r − 1} rather than {@code e^r} makes expm1 accurate near 0, which tanh needs for small
 * arguments: {@code tanh(x) = expm1(2x) / (expm1(2x) + 2)} has no cancellation anywhere.
 * Measured error against {@code Math.exp}/{@code Math.tanh} in double precision: at most 1.5e-7
 * relative for sigmoid and exp, 2.2e-7 for tanh (VectorMathTest asserts below 3e-7).
 *
 * <p>Non-finite input: arguments are clamped to [-87, 88.3] first, so ±∞ give the limits
 * (sigmoid 1, or 4.5e-39 for −∞; tanh ±1); NaN stays NaN.
 */
final class VectorMath {

    private VectorMath() {
    }

    /** Largest argument whose 2^n still fits in a normal float (n ≤ 127). */
    private static final float MAX_ARG = 88.3f;
    /** Below this, e^x − 1 is −1 in float and e^x is far below what anything here can see. */
    private static final float MIN_ARG = -87f;
    private static final float LOG2E = 1.44269504088896341f;
    // ln 2 split in two so that n · LN2_HI is exact for |n| ≤ 128 (LN2_HI has 16 significant bits).
    private static final float LN2_HI = 0.693145751953125f;
    private static final float LN2_LO = 1.428606765330187045e-06f;
    /**
     * 1.5 · 2²³ + 127: adding it to v (|v| ≤ 2²²) rounds v to the nearest integer n, and leaves
     * n + 127 (the biased exponent of 2^n) in the low mantissa bits of the sum.
     */
    private static final float ROUND_MAGIC = 12582912f + 127f;

    private static final float C2 = 1f / 2f;
    private static final float C3 = 1f / 6f;
    private static final float C4 = 1f / 24f;
    private static final float C5 = 1f / 120f;
    private static final float C6 = 1f / 720f;
    private static final float C7 = 1f / 5040f;

    // Each public function below is written out in full, without calls to helpers of ours: every
    // call C2 declines to inline (its decisions follow the profile gathered while the Vector API
    // still ran in its slow Java fallback) boxes the vectors that cross it, which allocates on every
    // gate pass and makes it several times slower. The Vector API's own methods
    // are @ForceInline. Keep each body well below C2's FreqInlineSize (325 bytes of bytecode).

    /** e^x, relative error below 2e-7 (see class comment). */
    static FloatVector exp(FloatVector x) {
        x = x.max(MIN_ARG).min(MAX_ARG);
        FloatVector shifted = x.fma(x.broadcast(LOG2E), x.broadcast(ROUND_MAGIC));
        FloatVector n = shifted.sub(ROUND_MAGIC);
        FloatVector r = n.fma(x.broadcast(-LN2_HI), x);
        r = n.fma(x.broadcast(-LN2_LO), r);
        // (n + 127) sits in the low mantissa bits of shifted; moving it to bits 23..30 builds 2^n.
        FloatVector scale = shifted.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        // e^r − 1 by Horner (degree-7 Taylor), then e^x = 2^n · (q + 1)
        FloatVector q = r.fma(r.broadcast(C7), r.broadcast(C6));
        q = q.fma(r, r.broadcast(C5));
        q = q.fma(r, r.broadcast(C4));
        q = q.fma(r, r.broadcast(C3));
        q = q.fma(r, r.broadcast(C2));
        q = q.fma(r, r.broadcast(1f)).mul(r);
        return q.fma(scale, scale);
    }

    /** e^x − 1, accurate near 0 (relative error below 2e-7 everywhere). */
    static FloatVector expm1(FloatVector x) {
        x = x.max(MIN_ARG).min(MAX_ARG);
        FloatVector shifted = x.fma(x.broadcast(LOG2E), x.broadcast(ROUND_MAGIC));
        FloatVector n = shifted.sub(ROUND_MAGIC);
        FloatVector r = n.fma(x.broadcast(-LN2_HI), x);
        r = n.fma(x.broadcast(-LN2_LO), r);
        FloatVector scale = shifted.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector q = r.fma(r.broadcast(C7), r.broadcast(C6));
        q = q.fma(r, r.broadcast(C5));
        q = q.fma(r, r.broadcast(C4));
        q = q.fma(r, r.broadcast(C3));
        q = q.fma(r, r.broadcast(C2));
        q = q.fma(r, r.broadcast(1f)).mul(r);
        // 2^n · (q + 1) − 1 = 2^n · q + (2^n − 1); for n = 0 this is q exactly, so no cancellation.
        return q.fma(scale, scale.sub(1f));
    }

    /** σ(x) = 1 / (1 + e^−x) (the body of {@link #exp} on −x, inlined by hand). */
    static FloatVector sigmoid(FloatVector x) {
        FloatVector y = x.neg().max(MIN_ARG).min(MAX_ARG);
        FloatVector shifted = y.fma(y.broadcast(LOG2E), y.broadcast(ROUND_MAGIC));
        FloatVector n = shifted.sub(ROUND_MAGIC);
        FloatVector r = n.fma(y.broadcast(-LN2_HI), y);
        r = n.fma(y.broadcast(-LN2_LO), r);
        FloatVector scale = shifted.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector q = r.fma(r.broadcast(C7), r.broadcast(C6));
        q = q.fma(r, r.broadcast(C5));
        q = q.fma(r, r.broadcast(C4));
        q = q.fma(r, r.broadcast(C3));
        q = q.fma(r, r.broadcast(C2));
        q = q.fma(r, r.broadcast(1f)).mul(r);
        FloatVector e = q.fma(scale, scale);
        return x.broadcast(1f).div(e.add(1f));
    }

    /** tanh(x) = expm1(2x) / (expm1(2x) + 2) (the body of {@link #expm1} inlined by hand); limits exactly ±1. */
    static FloatVector tanh(FloatVector x) {
        FloatVector y = x.add(x).max(MIN_ARG).min(MAX_ARG);
        FloatVector shifted = y.fma(y.broadcast(LOG2E), y.broadcast(ROUND_MAGIC));
        FloatVector n = shifted.sub(ROUND_MAGIC);
        FloatVector r = n.fma(y.broadcast(-LN2_HI), y);
        r = n.fma(y.broadcast(-LN2_LO), r);
        FloatVector scale = shifted.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector q = r.fma(r.broadcast(C7), r.broadcast(C6));
        q = q.fma(r, r.broadcast(C5));
        q = q.fma(r, r.broadcast(C4));
        q = q.fma(r, r.broadcast(C3));
        q = q.fma(r, r.broadcast(C2));
        q = q.fma(r, r.broadcast(1f)).mul(r);
        FloatVector e = q.fma(scale, scale.sub(1f));
        return e.div(e.add(2f));
    }

    /** The species every kernel here uses: the widest the CPU runs natively. */
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
}
