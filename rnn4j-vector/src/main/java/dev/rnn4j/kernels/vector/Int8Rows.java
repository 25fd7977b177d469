package dev.rnn4j.kernels.vector;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The elementwise ends of a dynamically quantized product on the Vector API: row quantization to
 * int8 ({@link dev.rnn4j.kernels.Kernels#quantizeRowsInt8}) and dequantization of the int32 sums
 * ({@link dev.rnn4j.kernels.Kernels#dequantizeInt32}), each with the scalar reference's results bit
 * for bit.
 *
 * <p>Quantization: the row's largest magnitude is a lanewise max and one lane reduction (max is exact
 * and order-free); each value is multiplied by the same {@code 127 / max} as the reference and rounded
 * as {@link Math#round(float)} does (to nearest, ties towards +∞) without a rounding instruction the
 * API lacks: {@code t = (int) v} truncates, {@code v − t} is exact for |v| below 2²³, and t moves up
 * by one when that fraction is ≥ 0.5 and down by one when it is below −0.5. Then the clamp to
 * [-127, 127] and the narrowing to bytes.
 *
 * <p>Dequantization: {@code acc · (aScale · bScale) + bias} in the reference's order of float
 * operations (int-to-float conversion, one product of the scales, one product, one sum), which IEEE
 * arithmetic rounds the same in every lane. Row tails finish with the reference's scalar loop.
 *
 * <p>Passes of at least {@value #PARALLEL_MIN_ELEMENTS} elements are split by rows over the GEMM's
 * {@link WorkerPool} (rows are independent, so the result does not change). Stateless apart from
 * per-thread call records; thread-safe. With 128-bit vectors (4 lanes, whose 4 bytes make no vector
 * shape) {@link VectorKernels} keeps the scalar reference for quantization.
 */
final class Int8Rows {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, FLOATS.vectorShape());
    private static final int L = FLOATS.length();
    /** Whether L bytes make a vector shape (64 bits at least): AVX2 and AVX-512 yes, 128-bit NEON and SSE no. */
    static final boolean QUANTIZE_SUPPORTED = L * 8 >= 64;
    private static final VectorSpecies<Byte> BYTES =
            QUANTIZE_SUPPORTED ? VectorSpecies.of(byte.class, VectorShape.forBitSize(L * 8)) : null;

    private Int8Rows() {
    }

    /**
     * rows × cols from which a pass is split by rows over the GEMM's {@link WorkerPool} (about 10 µs of
     * work, as for the gate passes); each part then takes about {@value #ELEMENTS_PER_PART} elements, many
     * small parts so that a thread the OS runs late delays little.
     */
    static final int PARALLEL_MIN_ELEMENTS = 16384;
    private static final int ELEMENTS_PER_PART = 4096;

    private static final int QUANTIZE = 0;
    private static final int DEQUANTIZE = 1;

    /** The arguments of one split pass; part p takes a block of rows. One per calling thread, reused. */
    private static final class RowsCall implements WorkerPool.Job {
        int kind;
        int rows;
        int cols;
        float[] x;
        int xOff;
        int ldx;
        byte[] q;
        int qOff;
        float[] scales;
        int scalesOff;
        int[] acc;
        float[] bScale;
        float[] bias;
        float beta;

        @Override
        public void run(int part, int parts) {
            int from = (int) ((long) rows * part / parts);
            int to = (int) ((long) rows * (part + 1) / parts);
            if (from >= to) {
                return;
            }
            if (kind == QUANTIZE) {
                quantizeRows(to - from, cols, x, xOff + from * ldx, ldx, q, qOff + from * cols, scales,
                        scalesOff + from);
            } else {
                // x, xOff, ldx are y; scales, scalesOff are aScale
                dequantizeRows(to - from, cols, acc, from * cols, scales, scalesOff + from, bScale, bias, beta, x,
                        xOff + from * ldx, ldx);
            }
        }

        void clear() {
            x = null;
            q = null;
            scales = null;
            acc = null;
            bScale = null;
            bias = null;
        }
    }

    private static final ThreadLocal<RowsCall> CALLS = ThreadLocal.withInitial(RowsCall::new);

    /** Runs {@code call} split by rows when it is large and the pool is free; false: run it here. */
    private static boolean split(RowsCall call) {
        long elements = (long) call.rows * call.cols;
        WorkerPool pool = call.rows >= 2 && elements >= PARALLEL_MIN_ELEMENTS ? Sgemm.pool() : null;
        if (pool == null) {
            call.clear();
            return false;
        }
        int parts = (int) Math.min(call.rows, Math.max(pool.size(), elements / ELEMENTS_PER_PART));
        boolean ran = pool.tryRun(call, parts);
        call.clear();
        return ran;
    }

    /** {@link dev.rnn4j.kernels.Kernels#quantizeRowsInt8}, when {@link #QUANTIZE_SUPPORTED}. */
    static void quantize(int rows, int cols, float[] x, int xOff, int ldx, byte[] q, int qOff,
                         float[] scales, int scalesOff) {
        RowsCall call = CALLS.get();
        call.kind = QUANTIZE;
        call.rows = rows;
        call.cols = cols;
        call.x = x;
        call.xOff = xOff;
        call.ldx = ldx;
        call.q = q;
        call.qOff = qOff;
        call.scales = scales;
        call.scalesOff = scalesOff;
        if (!split(call)) {
            quantizeRows(rows, cols, x, xOff, ldx, q, qOff, scales, scalesOff);
        }
    }

    /** {@link dev.rnn4j.kernels.Kernels#dequantizeInt32}. */
    static void dequantize(int m, int n, int[] acc, float[] aScale, int aScaleOff, float[] bScale,
                           float[] bias, float beta, float[] y, int yOff, int ldy) {
        RowsCall call = CALLS.get();
        call.kind = DEQUANTIZE;
        call.rows = m;
        call.cols = n;
        call.acc = acc;
        call.scales = aScale;
        call.scalesOff = aScaleOff;
        call.bScale = bScale;
        call.bias = bias;
        call.beta = beta;
        call.x = y;
        call.xOff = yOff;
        call.ldx = ldy;
        if (!split(call)) {
            dequantizeRows(m, n, acc, 0, aScale, aScaleOff, bScale, bias, beta, y, yOff, ldy);
        }
    }

    private static void quantizeRows(int rows, int cols, float[] x, int xOff, int ldx, byte[] q, int qOff,
                                     float[] scales, int scalesOff) {
        // x: (rows, cols) with row stride ldx; q: (rows, cols) with row stride cols; scales: (rows)
        int end = FLOATS.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int row = xOff + r * ldx;
            int out = qOff + r * cols;
            FloatVector maxes = FloatVector.zero(FLOATS);
            int j = 0;
            for (; j < end; j += L) {
                maxes = maxes.max(FloatVector.fromArray(FLOATS, x, row + j).abs());
            }
            float max = maxes.reduceLanes(VectorOperators.MAX);
            for (; j < cols; j++) {
                max = Math.max(max, Math.abs(x[row + j]));
            }
            if (max == 0f) {
                java.util.Arrays.fill(q, out, out + cols, (byte) 0);
                scales[scalesOff + r] = 0f;
                continue;
            }
            float inverse = 127f / max;
            j = 0;
            // Below max ≈ 3.7e-37 the multiplier overflows to +∞, which truncation does not round as
            // Math.round does: such rows (zero in all but name) go through the scalar loop below.
            for (; j < end && inverse != Float.POSITIVE_INFINITY; j += L) {
                FloatVector v = FloatVector.fromArray(FLOATS, x, row + j).mul(inverse);
                IntVector t = (IntVector) v.convert(VectorOperators.F2I, 0);
                FloatVector fraction = v.sub((FloatVector) t.convert(VectorOperators.I2F, 0));
                VectorMask<Integer> up = fraction.compare(VectorOperators.GE, 0.5f).cast(INTS);
                VectorMask<Integer> down = fraction.compare(VectorOperators.LT, -0.5f).cast(INTS);
                t = t.lanewise(VectorOperators.ADD, 1, up).lanewise(VectorOperators.SUB, 1, down);
                t = t.max(-127).min(127);
                ((ByteVector) t.convertShape(VectorOperators.I2B, BYTES, 0)).intoArray(q, out + j);
            }
            for (; j < cols; j++) {
                int v = Math.round(x[row + j] * inverse);
                q[out + j] = (byte) Math.max(-127, Math.min(127, v));
            }
            scales[scalesOff + r] = max / 127f;
        }
    }

    private static void dequantizeRows(int m, int n, int[] acc, int accOff, float[] aScale, int aScaleOff,
                                       float[] bScale, float[] bias, float beta, float[] y, int yOff, int ldy) {
        // acc: (m, n) with row stride n; aScale: (m); bScale, bias: (n); y: (m, n) with row stride ldy
        int end = FLOATS.loopBound(n);
        boolean accumulate = beta != 0f;
        for (int i = 0; i < m; i++) {
            float rowScale = aScale[aScaleOff + i];
            int row = yOff + i * ldy;
            int accRow = accOff + i * n;
            int j = 0;
            for (; j < end; j += L) {
                FloatVector scale = FloatVector.fromArray(FLOATS, bScale, j).mul(rowScale);
                FloatVector v = ((FloatVector) IntVector.fromArray(INTS, acc, accRow + j)
                        .convert(VectorOperators.I2F, 0)).mul(scale);
                if (bias != null) {
                    v = v.add(FloatVector.fromArray(FLOATS, bias, j));
                }
                if (accumulate) {
                    v = FloatVector.fromArray(FLOATS, y, row + j).add(v);
                }
                v.intoArray(y, row + j);
            }
            for (; j < n; j++) {
                float v = acc[accRow + j] * (rowScale * bScale[j]);
                if (bias != null) {
                    v += bias[j];
                }
                y[row + j] = accumulate ? y[row + j] + v : v;
            }
        }
    }
}
