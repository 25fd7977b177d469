package dev.rnn4j.kernels;

/**
 * The seam between rnn4j's numerics and the code that runs them fast.
 *
 * <p>Every method is a plain function over {@code float[]} with offsets and leading dimensions,
 * row-major, as in netlib's {@code sgemm}. Nothing here knows about tensors or autograd, so each
 * kernel can be tested and benchmarked alone. {@link ScalarKernels} is the reference
 * implementation, kept forever; the Vector API implementation in the {@code rnn4j-vector} module
 * overrides what it makes faster and is tested against the reference. {@link KernelProvider}
 * chooses one at start-up.
 *
 * <p>Callers validate arguments; kernels do not (public edge validates, inner loops don't).
 *
 * <p>Gate layouts follow PyTorch: LSTM rows are {@code [i | f | g | o]} (4H wide), GRU rows are
 * {@code [r | z | n]} (3H wide).
 */
public interface Kernels {

    /** Short name for the log line, e.g. {@code "scalar"} or {@code "vector (AVX2, 256-bit)"}. */
    String name();

    /**
     * Tells the kernels how many threads they may use from the next call on ({@link KernelThreads#set}
     * calls it; validated there). The scalar reference runs on the calling thread and ignores it.
     */
    default void useThreads(int threads) {
    }

    /**
     * How many parts {@link #runParts} runs at once: the kernels' threads (1 for the reference, which
     * runs everything on the calling thread).
     */
    default int partThreads() {
        return 1;
    }

    /**
     * Runs {@code part.accept(p)} for every p in [0, parts), each part on one of the kernels' threads
     * when they are free (else several on the calling thread), and returns when all are done; an
     * exception thrown by a part is rethrown here. Kernel calls made inside a part run on that part's
     * thread alone, so independent work (the two halves of a batch through a whole sequence) needs no
     * hand-off per product. The reference runs the parts one after another on the calling thread.
     */
    default void runParts(int parts, java.util.function.IntConsumer part) {
        for (int p = 0; p < parts; p++) {
            part.accept(p);
        }
    }

    /**
     * {@code C = op(A) · op(B) + beta · C}, row-major, with op(X) = X or Xᵀ.
     *
     * <p>Shapes: op(A) is (m, k), op(B) is (k, n), C is (m, n). {@code lda} is the row stride of A
     * as stored (k when A is not transposed, m when it is); likewise {@code ldb}, {@code ldc}.
     * {@code beta} is 0 (overwrite; C's old contents, even NaN, are ignored) or 1 (accumulate).
     */
    void sgemm(boolean transA, boolean transB, int m, int n, int k,
               float[] a, int aOff, int lda,
               float[] b, int bOff, int ldb,
               float beta, float[] c, int cOff, int ldc);

    /**
     * Prepares the right-hand operand op(B) (k, n) of many products {@code C = A · op(B)} that share
     * it (a recurrent weight, multiplied once per time step), for {@link #sgemmPacked}. B is stored
     * as for {@link #sgemm}: (k, n) with row stride {@code ldb}, or (n, k) when {@code transB}.
     *
     * <p>An implementation may copy B into the layout its products stream best (the Vector API
     * kernels do) or keep a reference (the reference implementation does): either way the caller
     * must not change B while it uses the handle, and prepares it again after B changed.
     */
    default PackedMatrix packRight(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        return new PackedMatrix(transB, k, n, b, bOff, ldb);
    }

    /**
     * {@code C = A · op(B) + beta · C} with op(B) prepared by {@link #packRight} (of this same
     * kernels instance): A (m, k) not transposed, row stride {@code lda}; C (m, n), row stride
     * {@code ldc}; {@code beta} 0 or 1 as for {@link #sgemm}, whose result this equals (up to the
     * order of the sums).
     */
    default void sgemmPacked(int m, float[] a, int aOff, int lda, PackedMatrix b,
                             float beta, float[] c, int cOff, int ldc) {
        sgemm(false, b.transposed(), m, b.columns(), b.depth(), a, aOff, lda, b.array(), b.offset(), b.stride(),
                beta, c, cOff, ldc);
    }

    /**
     * A right-hand GEMM operand op(B) (k, n) made by {@link #packRight}: the matrix as the caller
     * stores it (kept by reference), which implementations may extend with their own copy.
     */
    class PackedMatrix {
        private final boolean transposed;
        private final int depth;
        private final int columns;
        private final float[] array;
        private final int offset;
        private final int stride;

        /** Refers to B as stored: (k, n) with row stride {@code ldb}, or (n, k) when {@code transB}. */
        protected PackedMatrix(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
            this.transposed = transB;
            this.depth = k;
            this.columns = n;
            this.array = b;
            this.offset = bOff;
            this.stride = ldb;
        }

        /**
         * Whether the implementation copied B into a layout of its own, so that products with only a
         * few hundred rows of A run at full speed (false: {@link #sgemmPacked} is a plain
         * {@link #sgemm} on B as stored, and callers are better off with fewer, larger products).
         */
        public boolean prepared() {
            return false;
        }

        /**
         * Says the caller is done with this operand: an implementation may hand its own copy back for
         * reuse. The matrix must not be used afterwards. The default keeps nothing, so does nothing.
         */
        public void release() {
        }

        /** Whether B is stored (n, k), i.e. op(B) = Bᵀ. */
        public final boolean transposed() {
            return transposed;
        }

        /** k: rows of op(B). */
        public final int depth() {
            return depth;
        }

        /** n: columns of op(B). */
        public final int columns() {
            return columns;
        }

        /** The array B is stored in. */
        public final float[] array() {
            return array;
        }

        /** Index of B's first element in {@link #array}. */
        public final int offset() {
            return offset;
        }

        /** Row stride of B as stored. */
        public final int stride() {
            return stride;
        }
    }

    /**
     * LSTM gate pass for {@code rows} rows of hidden size {@code H}, in place.
     *
     * <p>On entry {@code gates} (rows, 4H) holds the pre-activations {@code W_ih x + b_ih + W_hh h + b_hh};
     * on exit it holds the activations {@code [σ(i) | σ(f) | tanh(g) | σ(o)]}, which backward needs.
     * Writes {@code c = f ⊙ cPrev + i ⊙ g} and {@code h = o ⊙ tanh(c)}; cPrev, c, h are (rows, H).
     */
    void lstmGatesForward(float[] gates, int gatesOff, float[] cPrev, int cPrevOff,
                          float[] c, int cOff, float[] h, int hOff, int rows, int hidden);

    /**
     * Backward of {@link #lstmGatesForward}. Reads the activations {@code acts} (rows, 4H),
     * cPrev and c (rows, H), the incoming gradients dh and dc (rows, H; dc is the gradient that
     * arrives at c from later steps). Writes the pre-activation gradients {@code dGates} (rows, 4H)
     * and the gradient of cPrev into {@code dcPrev} (rows, H; may alias dc).
     */
    void lstmGatesBackward(float[] acts, int actsOff, float[] cPrev, int cPrevOff, float[] c, int cOff,
                           float[] dh, int dhOff, float[] dc, int dcOff,
                           float[] dGates, int dGatesOff, float[] dcPrev, int dcPrevOff, int rows, int hidden);

    /**
     * GRU gate pass. {@code ih} (rows, 3H) holds {@code W_ih x + b_ih}, {@code hh} (rows, 3H) holds
     * {@code W_hh h + b_hh}. Computes r = σ(ih_r + hh_r), z = σ(ih_z + hh_z),
     * n = tanh(ih_n + r ⊙ hh_n), h = (1 − z) ⊙ n + z ⊙ hPrev, and stores [r | z | n] in
     * {@code acts} (rows, 3H) for backward.
     */
    void gruGatesForward(float[] ih, int ihOff, float[] hh, int hhOff, float[] hPrev, int hPrevOff,
                         float[] acts, int actsOff, float[] h, int hOff, int rows, int hidden);

    /**
     * Backward of {@link #gruGatesForward}. From dh (rows, H) writes {@code dIh} (rows, 3H), the
     * gradient of the input pre-activations, {@code dHh} (rows, 3H), the gradient of
     * {@code W_hh h + b_hh}, and {@code dhPrev} = dh ⊙ z (rows, H; the part that does not pass through
     * W_hh).
     */
    void gruGatesBackward(float[] acts, int actsOff, float[] hh, int hhOff, float[] hPrev, int hPrevOff,
                          float[] dh, int dhOff, float[] dIh, int dIhOff, float[] dHh, int dHhOff,
                          float[] dhPrev, int dhPrevOff, int rows, int hidden);

    /**
     * Elman RNN step activation in place: {@code pre} (rows, H) holds {@code W_ih x + b_ih + W_hh h + b_hh};
     * writes {@code h = tanh(pre)} or {@code relu(pre)}.
     */
    void rnnActivationForward(float[] pre, int preOff, float[] h, int hOff, int count, boolean relu);

    /** Backward of {@link #rnnActivationForward}: {@code dPre = dh ⊙ act'(h)}, from the output h. */
    void rnnActivationBackward(float[] h, int hOff, float[] dh, int dhOff, float[] dPre, int dPreOff,
                               int count, boolean relu);

    /**
     * Copies one LSTM layer's weights into the layout {@link #lstmStep} reads, which is the
     * implementation's own: only this implementation's {@code lstmStep} may read the result. Call it
     * again whenever the weights change.
     *
     * <p>Shapes (PyTorch's): {@code wIh} (4H, I), {@code wHh} (4H, H), {@code bIh} and {@code bHh}
     * (4H) or null for no bias, gates i, f, g, o.
     */
    float[] packLstmStep(int input, int hidden, float[] wIh, float[] wHh, float[] bIh, float[] bHh);

    /**
     * One fused LSTM step of one layer for {@code rows} independent streams (the streaming case,
     * batch 1 and a few): both products, the biases and the gate pass in one call, with no allocation.
     *
     * <p>Reads {@code x} (rows, I) from {@code xOff} and {@code hPrev} (rows, H); writes the new hidden
     * state {@code h} (rows, H), which must not overlap {@code hPrev}, and the cell state {@code c}
     * (rows, H) in place. The equations are those of {@link #lstmGatesForward} applied to
     * {@code W_ih x + b_ih + W_hh hPrev + b_hh}. {@code packed} comes from {@link #packLstmStep} with
     * the same input and hidden sizes.
     */
    void lstmStep(int rows, int input, int hidden, float[] packed, float[] x, int xOff, float[] hPrev, float[] c,
                  float[] h);

    /**
     * As {@link #packLstmStep}, for a GRU layer (gates r, z, n; {@code wIh} (3H, I), {@code wHh} (3H, H),
     * biases (3H) or null), for {@link #gruStep}.
     */
    float[] packGruStep(int input, int hidden, float[] wIh, float[] wHh, float[] bIh, float[] bHh);

    /**
     * One fused GRU step, as {@link #lstmStep} without a cell state: the equations of
     * {@link #gruGatesForward} applied to {@code W_ih x + b_ih} and {@code W_hh hPrev + b_hh}.
     * {@code packed} comes from {@link #packGruStep}.
     */
    void gruStep(int rows, int input, int hidden, float[] packed, float[] x, int xOff, float[] hPrev, float[] h);

    /**
     * Whether {@code RecurrentStepper} should step LSTM/GRU layers at batch 1 with {@link #lstmStep} and
     * {@link #gruStep} (true) or with the stacked product and gate pass (false). Both give the same results within
     * float32 rounding; this only says which is the safe fast path for this implementation on this
     * JVM.
     */
    default boolean prefersCellStep() {
        return true;
    }

    /**
     * Quantizes {@code rows} rows of {@code cols} floats to int8, symmetrically, one scale per row:
     * {@code scale[r] = max_j |x[r, j]| / 127} and {@code q[r, j] = round(x[r, j] / scale[r])} in
     * [-127, 127] (computed as {@code Math.round(x · (127 / max))}); a row of zeros gets scale 0 and
     * zeros. Dynamic int8 quantization runs this on the activations of every product, one row per
     * time step and sequence; the weights of a quantized layer were quantized by the same rule.
     *
     * <p>Shapes: {@code x} (rows, cols) with row stride {@code ldx}; {@code q} (rows, cols) with row
     * stride {@code cols}; {@code scales} (rows). The inputs must be finite. The result is the same in
     * every implementation (the vector kernels keep the reference's).
     */
    void quantizeRowsInt8(int rows, int cols, float[] x, int xOff, int ldx, byte[] q, int qOff,
                          float[] scales, int scalesOff);

    /**
     * {@code C = A · Bᵀ} in int32 for int8 A (m, k) and B (n, k), both row-major with row strides
     * {@code lda} and {@code ldb} (B is a weight as PyTorch stores it, one output per row); C (m, n)
     * with row stride {@code ldc} is overwritten. Every product of two int8 values lies in
     * [-16384, 16384], so the int32 sums cannot overflow for k below 131,072, and every
     * implementation gives the same C exactly (integer sums do not depend on their order).
     */
    void int8Gemm(int m, int n, int k, byte[] a, int aOff, int lda, byte[] b, int bOff, int ldb,
                  int[] c, int cOff, int ldc);

    /**
     * Prepares an int8 right-hand operand B (n, k), row stride {@code ldb} (a weight as PyTorch stores it,
     * one output per row), for many products {@link #int8GemmPacked} that share it. An implementation may
     * copy B into the layout its product streams best (the Vector API kernels do) or keep a reference
     * (the reference implementation does): either way the caller must not change B while it uses the
     * handle.
     */
    default PackedInt8 packInt8(int n, int k, byte[] b, int bOff, int ldb) {
        return new PackedInt8(n, k, b, bOff, ldb);
    }

    /**
     * {@code C = A · Bᵀ} in int32 as {@link #int8Gemm}, with B prepared by {@link #packInt8} (of this
     * same kernels instance): A (m, k) with row stride {@code lda}, C (m, n) with row stride
     * {@code ldc}, overwritten. The result equals {@link #int8Gemm}'s exactly.
     */
    default void int8GemmPacked(int m, byte[] a, int aOff, int lda, PackedInt8 b, int[] c, int cOff, int ldc) {
        int8Gemm(m, b.rows(), b.depth(), a, aOff, lda, b.array(), b.offset(), b.stride(), c, cOff, ldc);
    }

    /**
     * An int8 right-hand operand B (n, k) made by {@link #packInt8}: the matrix as the caller stores it
     * (kept by reference), which implementations may extend with their own copy.
     */
    class PackedInt8 {
        private final int rows;
        private final int depth;
        private final byte[] array;
        private final int offset;
        private final int stride;

        /** Refers to B (n, k) as stored, row stride {@code ldb}. */
        protected PackedInt8(int n, int k, byte[] b, int bOff, int ldb) {
            this.rows = n;
            this.depth = k;
            this.array = b;
            this.offset = bOff;
            this.stride = ldb;
        }

        /** n: rows of B, the outputs of the product. */
        public final int rows() {
            return rows;
        }

        /** k: columns of B, the length of each dot product. */
        public final int depth() {
            return depth;
        }

        /** The array B is stored in. */
        public final byte[] array() {
            return array;
        }

        /** Index of B's first element in {@link #array}. */
        public final int offset() {
            return offset;
        }

        /** Row stride of B as stored. */
        public final int stride() {
            return stride;
        }
    }

    /**
     * Dequantizes int32 products and adds a float bias:
     * {@code y[i, j] = beta · y[i, j] + acc[i, j] · (aScale[i] · bScale[j]) + bias[j]}, the last
     * term only when {@code bias} is non-null; {@code beta} is 0 (overwrite) or 1 (accumulate).
     * Shapes: {@code acc} (m, n) with row stride n, {@code aScale} (m), {@code bScale} and
     * {@code bias} (n), {@code y} (m, n) with row stride {@code ldy}. The scale product and the
     * order of the additions are fixed, so every implementation gives the same y.
     */
    void dequantizeInt32(int m, int n, int[] acc, float[] aScale, int aScaleOff, float[] bScale,
                         float[] bias, float beta, float[] y, int yOff, int ldy);

    /** {@code y[i] += alpha · x[i]} for {@code count} elements. */
    void axpy(int count, float alpha, float[] x, int xOff, float[] y, int yOff);

    /** {@code dst[r, :] += bias[:]} for rows × cols starting at dstOff (row stride cols). */
    void addRowVector(float[] dst, int dstOff, int rows, int cols, float[] bias, int biasOff);

    /** {@code dst[:] += Σ_r src[r, :]}: column sums of a (rows, cols) block, accumulated. */
    void addColumnSums(float[] src, int srcOff, int rows, int cols, float[] dst, int dstOff);
}
