package dev.rnn4j.kernels;

/**
 * The scalar reference implementation of {@link Kernels}, plus float64 twins of every kernel for
 * gradient checks. Plain loops, written to be obviously right; the Vector API kernels are tested
 * against these, and these are tested against PyTorch through the golden cases.
 *
 * <p>The float64 overloads exist because Java has no generics over primitives: finite-difference
 * gradient checks need the very same equations in double precision.
 */
public class ScalarKernels implements Kernels {

    /** Shared instance; the class holds no state. */
    public static final ScalarKernels INSTANCE = new ScalarKernels();

    @Override
    public String name() {
        return "scalar";
    }

    // ---------------------------------------------------------------- GEMM

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int cRow = cOff + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, cRow, cRow + n, 0f);
            }
            for (int p = 0; p < k; p++) {
                float aip = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                if (aip == 0f) {
                    continue;
                }
                if (transB) {
                    for (int j = 0; j < n; j++) {
                        c[cRow + j] += aip * b[bOff + j * ldb + p];
                    }
                } else {
                    int bRow = bOff + p * ldb;
                    for (int j = 0; j < n; j++) {
                        c[cRow + j] += aip * b[bRow + j];
                    }
                }
            }
        }
    }

    /** The reference row quantization ({@link Kernels#quantizeRowsInt8}). */
    @Override
    public void quantizeRowsInt8(int rows, int cols, float[] x, int xOff, int ldx, byte[] q, int qOff,
                                 float[] scales, int scalesOff) {
        for (int r = 0; r < rows; r++) {
            int row = xOff + r * ldx;
            float max = 0f;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, Math.abs(x[row + j]));
            }
            int out = qOff + r * cols;
            if (max == 0f) {
                java.util.Arrays.fill(q, out, out + cols, (byte) 0);
                scales[scalesOff + r] = 0f;
                continue;
            }
            float inverse = 127f / max;
            for (int j = 0; j < cols; j++) {
                // |x · inverse| <= 127 up to one rounding, so the clamp only guards that rounding
                int v = Math.round(x[row + j] * inverse);
                q[out + j] = (byte) Math.max(-127, Math.min(127, v));
            }
            scales[scalesOff + r] = max / 127f;
        }
    }

    /** The reference dequantization ({@link Kernels#dequantizeInt32}). */
    @Override
    public void dequantizeInt32(int m, int n, int[] acc, float[] aScale, int aScaleOff, float[] bScale,
                                float[] bias, float beta, float[] y, int yOff, int ldy) {
        for (int i = 0; i < m; i++) {
            float rowScale = aScale[aScaleOff + i];
            int row = yOff + i * ldy;
            for (int j = 0; j < n; j++) {
                float v = acc[i * n + j] * (rowScale * bScale[j]);
                if (bias != null) {
                    v += bias[j];
                }
                y[row + j] = beta == 0f ? v : y[row + j] + v;
            }
        }
    }

    /** The reference int8 product: one dot product of int8 rows per element of C, summed in int32. */
    @Override
    public void int8Gemm(int m, int n, int k, byte[] a, int aOff, int lda, byte[] b, int bOff, int ldb,
                         int[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int aRow = aOff + i * lda;
            for (int j = 0; j < n; j++) {
                int bRow = bOff + j * ldb;
                int sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += a[aRow + p] * b[bRow + p];
                }
                c[cOff + i * ldc + j] = sum;
            }
        }
    }

    /** float64 twin of {@link #sgemm}. */
    public void dgemm(boolean transA, boolean transB, int m, int n, int k,
                      double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                      double beta, double[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int cRow = cOff + i * ldc;
            if (beta == 0) {
                java.util.Arrays.fill(c, cRow, cRow + n, 0);
            }
            for (int p = 0; p < k; p++) {
                double aip = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                if (aip == 0) {
                    continue;
                }
                if (transB) {
                    for (int j = 0; j < n; j++) {
                        c[cRow + j] += aip * b[bOff + j * ldb + p];
                    }
                } else {
                    int bRow = bOff + p * ldb;
                    for (int j = 0; j < n; j++) {
                        c[cRow + j] += aip * b[bRow + j];
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- activations

    static float sigmoid(float x) {
        return 1f / (1f + (float) Math.exp(-x));
    }

    static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    // ---------------------------------------------------------------- fused streaming step

    /**
     * The reference layout: {@code [W_ih (4H, I) | W_hh (4H, H) | b_ih (4H) | b_hh (4H)]}, a missing bias
     * stored as zeros.
     */
    @Override
    public float[] packLstmStep(int input, int hidden, float[] wIh, float[] wHh, float[] bIh, float[] bHh) {
        return packStep(4 * hidden, input, hidden, wIh, wHh, bIh, bHh);
    }

    /** The reference layout, as {@link #packLstmStep} with 3H rows. */
    @Override
    public float[] packGruStep(int input, int hidden, float[] wIh, float[] wHh, float[] bIh, float[] bHh) {
        return packStep(3 * hidden, input, hidden, wIh, wHh, bIh, bHh);
    }

    /** {@code [W_ih (G·H, I) | W_hh (G·H, H) | b_ih (G·H) | b_hh (G·H)]} with G·H = {@code rows}. */
    private static float[] packStep(int rows, int input, int hidden, float[] wIh, float[] wHh, float[] bIh,
                                    float[] bHh) {
        float[] packed = new float[rows * (input + hidden + 2)];
        System.arraycopy(wIh, 0, packed, 0, rows * input);
        System.arraycopy(wHh, 0, packed, rows * input, rows * hidden);
        int biases = rows * (input + hidden);
        if (bIh != null) {
            System.arraycopy(bIh, 0, packed, biases, rows);
        }
        if (bHh != null) {
            System.arraycopy(bHh, 0, packed, biases + rows, rows);
        }
        return packed;
    }

    /** Unit by unit: the gate rows' dot products, then the LSTM equations; nothing is allocated. */
    @Override
    public void lstmStep(int rows, int input, int hidden, float[] packed, float[] x, int xOff, float[] hPrev,
                         float[] c, float[] h) {
        int gateRows = 4 * hidden;
        int hhBase = gateRows * input;
        int bIhBase = gateRows * (input + hidden);
        int bHhBase = bIhBase + gateRows;
        for (int r = 0; r < rows; r++) {
            int x0 = xOff + r * input;
            int h0 = r * hidden;
            for (int j = 0; j < hidden; j++) {
                float i = sigmoid(gatePre(packed, j, input, hidden, hhBase, bIhBase, bHhBase, x, x0, hPrev, h0));
                float f = sigmoid(gatePre(packed, hidden + j, input, hidden, hhBase, bIhBase, bHhBase, x, x0,
                        hPrev, h0));
                float g = (float) Math.tanh(gatePre(packed, 2 * hidden + j, input, hidden, hhBase, bIhBase,
                        bHhBase, x, x0, hPrev, h0));
                float o = sigmoid(gatePre(packed, 3 * hidden + j, input, hidden, hhBase, bIhBase, bHhBase, x,
                        x0, hPrev, h0));
                float cNew = f * c[h0 + j] + i * g;
                c[h0 + j] = cNew;
                h[h0 + j] = o * (float) Math.tanh(cNew);
            }
        }
    }

    /** Unit by unit: the gate rows' dot products, then the GRU equations; nothing is allocated. */
    @Override
    public void gruStep(int rows, int input, int hidden, float[] packed, float[] x, int xOff, float[] hPrev,
                        float[] h) {
        int gateRows = 3 * hidden;
        int hhBase = gateRows * input;
        int bIhBase = gateRows * (input + hidden);
        int bHhBase = bIhBase + gateRows;
        for (int r = 0; r < rows; r++) {
            int x0 = xOff + r * input;
            int h0 = r * hidden;
            for (int j = 0; j < hidden; j++) {
                float rGate = sigmoid(gatePre(packed, j, input, hidden, hhBase, bIhBase, bHhBase, x, x0,
                        hPrev, h0));
                float z = sigmoid(gatePre(packed, hidden + j, input, hidden, hhBase, bIhBase, bHhBase, x, x0,
                        hPrev, h0));
                int n = 2 * hidden + j;
                float inputPart = packed[bIhBase + n] + dot(packed, n * input, x, x0, input);
                float hiddenPart = packed[bHhBase + n] + dot(packed, hhBase + n * hidden, hPrev, h0, hidden);
                float nGate = (float) Math.tanh(inputPart + rGate * hiddenPart);
                h[h0 + j] = (1f - z) * nGate + z * hPrev[h0 + j];
            }
        }
    }

    /** {@code W_ih[row]·x + b_ih[row] + W_hh[row]·hPrev + b_hh[row]} in the reference layout. */
    private static float gatePre(float[] packed, int row, int input, int hidden, int hhBase, int bIhBase, int bHhBase,
                                 float[] x, int x0, float[] hPrev, int h0) {
        return dot(packed, row * input, x, x0, input) + packed[bIhBase + row]
                + dot(packed, hhBase + row * hidden, hPrev, h0, hidden) + packed[bHhBase + row];
    }

    private static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        float sum = 0f;
        for (int p = 0; p < n; p++) {
            sum += a[aOff + p] * b[bOff + p];
        }
        return sum;
    }

    // ---------------------------------------------------------------- LSTM

    @Override
    public void lstmGatesForward(float[] gates, int gatesOff, float[] cPrev, int cPrevOff,
                                 float[] c, int cOff, float[] h, int hOff, int rows, int hidden) {
        int width = 4 * hidden;
        for (int r = 0; r < rows; r++) {
            int g0 = gatesOff + r * width;
            int s0 = r * hidden;
            for (int j = 0; j < hidden; j++) {
                float i = sigmoid(gates[g0 + j]);
                float f = sigmoid(gates[g0 + hidden + j]);
                float g = (float) Math.tanh(gates[g0 + 2 * hidden + j]);
                float o = sigmoid(gates[g0 + 3 * hidden + j]);
                gates[g0 + j] = i;
                gates[g0 + hidden + j] = f;
                gates[g0 + 2 * hidden + j] = g;
                gates[g0 + 3 * hidden + j] = o;
                float cNew = f * cPrev[cPrevOff + s0 + j] + i * g;
                c[cOff + s0 + j] = cNew;
                h[hOff + s0 + j] = o * (float) Math.tanh(cNew);
            }
        }
    }

    /** float64 twin of {@link #lstmGatesForward}. */
    public void lstmGatesForward(double[] gates, int gatesOff, double[] cPrev, int cPrevOff,
                                 double[] c, int cOff, double[] h, int hOff, int rows, int hidden) {
        int width = 4 * hidden;
        for (int r = 0; r < rows; r++) {
            int g0 = gatesOff + r * width;
            int s0 = r * hidden;
            for (int j = 0; j < hidden; j++) {
                double i = sigmoid(gates[g0 + j]);
                double f = sigmoid(gates[g0 + hidden + j]);
                double g = Math.tanh(gates[g0 + 2 * hidden + j]);
                double o = sigmoid(gates[g0 + 3 * hidden + j]);
                gates[g0 + j] = i;
                gates[g0 + hidden + j] = f;
                gates[g0 + 2 * hidden + j] = g;
                gates[g0 + 3 * hidden + j] = o;
                double cNew = f * cPrev[cPrevOff + s0 + j] + i * g;
                c[cOff + s0 + j] = cNew;
                h[hOff + s0 + j] = o * Math.tanh(cNew);
            }
        }
    }

    @Override
    public void lstmGatesBackward(float[] acts, int actsOff, float[] cPrev, int cPrevOff, float[] c, int cOff,
                                  float[] dh, int dhOff, float[] dc, int dcOff,
                                  float[] dGates, int dGatesOff, float[] dcPrev, int dcPrevOff,
                                  int rows, int hidden) {
        int width = 4 * hidden;
        for (int r = 0; r < rows; r++) {
            int g0 = actsOff + r * width;
            int d0 = dGatesOff + r * width;
            int s0 = r * hidden;
            for (int j = 0; j < hidden; j++) {
                float i = acts[g0 + j];
                float f = acts[g0 + hidden + j];
                float g = acts[g0 + 2 * hidden + j];
                float o = acts[g0 + 3 * hidden + j];
                float tanhC = (float) Math.tanh(c[cOff + s0 + j]);
                float dhj = dh[dhOff + s0 + j];
                // dc total = incoming dc + dh · o · (1 − tanh²c)
                float dcj = dc[dcOff + s0 + j] + dhj * o * (1f - tanhC * tanhC);
                dGates[d0 + j] = dcj * g * i * (1f - i);
                dGates[d0 + hidden + j] = dcj * cPrev[cPrevOff + s0 + j] * f * (1f - f);
                dGates[d0 + 2 * hidden + j] = dcj * i * (1f - g * g);
                dGates[d0 + 3 * hidden + j] = dhj * tanhC * o * (1f - o);
                dcPrev[dcPrevOff + s0 + j] = dcj * f;
            }
        }
    }

    /** float64 twin of {@link #lstmGatesBackward}. */
    public void lstmGatesBackward(double[] acts, int actsOff, double[] cPrev, int cPrevOff, double[] c, int cOff,
                                  double[] dh, int dhOff, double[] dc, int dcOff,
                                  double[] dGates, int dGatesOff, double[] dcPrev, int dcPrevOff,
                                  int rows, int hidden) {
        int width = 4 * hidden;
        for (int r = 0; r < rows; r++) {
            int g0 = actsOff + r * width;
            int d0 = dGatesOff + r * width;
            int s0 = r * hidden;
            for (int j = 0; j < hidden; j++) {
                double i = acts[g0 + j];
                double f = acts[g0 + hidden + j];
                double g = acts[g0 + 2 * hidden + j];
                double o = acts[g0 + 3 * hidden + j];
                double tanhC = Math.tanh(c[cOff + s0 + j]);
                double dhj = dh[dhOff + s0 + j];
                double dcj = dc[dcOff + s0 + j] + dhj * o * (1 - tanhC * tanhC);
                dGates[d0 + j] = dcj * g * i * (1 - i);
                dGates[d0 + hidden + j] = dcj * cPrev[cPrevOff + s0 + j] * f * (1 - f);
                dGates[d0 + 2 * hidden + j] = dcj * i * (1 - g * g);
                dGates[d0 + 3 * hidden + j] = dhj * tanhC * o * (1 - o);
                dcPrev[dcPrevOff + s0 + j] = dcj * f;
            }
        }
    }

    // ---------------------------------------------------------------- GRU

    @Override
    public void gruGatesForward(float[] ih, int ihOff, float[] hh, int hhOff, float[] hPrev, int hPrevOff,
                                float[] acts, int actsOff, float[] h, int hOff, int rows, int hidden) {
        int width = 3 * hidden;
        for (int row = 0; row < rows; row++) {
            int x0 = ihOff + row * width;
            int y0 = hhOff + row * width;
            int a0 = actsOff + row * width;
            int s0 = row * hidden;
            for (int j = 0; j < hidden; j++) {
                float r = sigmoid(ih[x0 + j] + hh[y0 + j]);
                float z = sigmoid(ih[x0 + hidden + j] + hh[y0 + hidden + j]);
                float n = (float) Math.tanh(ih[x0 + 2 * hidden + j] + r * hh[y0 + 2 * hidden + j]);
                acts[a0 + j] = r;
                acts[a0 + hidden + j] = z;
                acts[a0 + 2 * hidden + j] = n;
                h[hOff + s0 + j] = (1f - z) * n + z * hPrev[hPrevOff + s0 + j];
            }
        }
    }

    /** float64 twin of {@link #gruGatesForward}. */
    public void gruGatesForward(double[] ih, int ihOff, double[] hh, int hhOff, double[] hPrev, int hPrevOff,
                                double[] acts, int actsOff, double[] h, int hOff, int rows, int hidden) {
        int width = 3 * hidden;
        for (int row = 0; row < rows; row++) {
            int x0 = ihOff + row * width;
            int y0 = hhOff + row * width;
            int a0 = actsOff + row * width;
            int s0 = row * hidden;
            for (int j = 0; j < hidden; j++) {
                double r = sigmoid(ih[x0 + j] + hh[y0 + j]);
                double z = sigmoid(ih[x0 + hidden + j] + hh[y0 + hidden + j]);
                double n = Math.tanh(ih[x0 + 2 * hidden + j] + r * hh[y0 + 2 * hidden + j]);
                acts[a0 + j] = r;
                acts[a0 + hidden + j] = z;
                acts[a0 + 2 * hidden + j] = n;
                h[hOff + s0 + j] = (1 - z) * n + z * hPrev[hPrevOff + s0 + j];
            }
        }
    }

    @Override
    public void gruGatesBackward(float[] acts, int actsOff, float[] hh, int hhOff, float[] hPrev, int hPrevOff,
                                 float[] dh, int dhOff, float[] dIh, int dIhOff, float[] dHh, int dHhOff,
                                 float[] dhPrev, int dhPrevOff, int rows, int hidden) {
        int width = 3 * hidden;
        for (int row = 0; row < rows; row++) {
            int a0 = actsOff + row * width;
            int y0 = hhOff + row * width;
            int dx0 = dIhOff + row * width;
            int dy0 = dHhOff + row * width;
            int s0 = row * hidden;
            for (int j = 0; j < hidden; j++) {
                float r = acts[a0 + j];
                float z = acts[a0 + hidden + j];
                float n = acts[a0 + 2 * hidden + j];
                float dhj = dh[dhOff + s0 + j];
                float dn = dhj * (1f - z) * (1f - n * n);          // through tanh
                float dz = dhj * (hPrev[hPrevOff + s0 + j] - n) * z * (1f - z);
                float hhN = hh[y0 + 2 * hidden + j];
                float dr = dn * hhN * r * (1f - r);
                dIh[dx0 + j] = dr;
                dIh[dx0 + hidden + j] = dz;
                dIh[dx0 + 2 * hidden + j] = dn;
                dHh[dy0 + j] = dr;
                dHh[dy0 + hidden + j] = dz;
                dHh[dy0 + 2 * hidden + j] = dn * r;
                dhPrev[dhPrevOff + s0 + j] = dhj * z;
            }
        }
    }

    /** float64 twin of {@link #gruGatesBackward}. */
    public void gruGatesBackward(double[] acts, int actsOff, double[] hh, int hhOff, double[] hPrev, int hPrevOff,
                                 double[] dh, int dhOff, double[] dIh, int dIhOff, double[] dHh, int dHhOff,
                                 double[] dhPrev, int dhPrevOff, int rows, int hidden) {
        int width = 3 * hidden;
        for (int row = 0; row < rows; row++) {
            int a0 = actsOff + row * width;
            int y0 = hhOff + row * width;
            int dx0 = dIhOff + row * width;
            int dy0 = dHhOff + row * width;
            int s0 = row * hidden;
            for (int j = 0; j < hidden; j++) {
                double r = acts[a0 + j];
                double z = acts[a0 + hidden + j];
                double n = acts[a0 + 2 * hidden + j];
                double dhj = dh[dhOff + s0 + j];
                double dn = dhj * (1 - z) * (1 - n * n);
                double dz = dhj * (hPrev[hPrevOff + s0 + j] - n) * z * (1 - z);
                double hhN = hh[y0 + 2 * hidden + j];
                double dr = dn * hhN * r * (1 - r);
                dIh[dx0 + j] = dr;
                dIh[dx0 + hidden + j] = dz;
                dIh[dx0 + 2 * hidden + j] = dn;
                dHh[dy0 + j] = dr;
                dHh[dy0 + hidden + j] = dz;
                dHh[dy0 + 2 * hidden + j] = dn * r;
                dhPrev[dhPrevOff + s0 + j] = dhj * z;
            }
        }
    }

    // ---------------------------------------------------------------- Elman RNN

    @Override
    public void rnnActivationForward(float[] pre, int preOff, float[] h, int hOff, int count, boolean relu) {
        for (int i = 0; i < count; i++) {
            float v = pre[preOff + i];
            h[hOff + i] = relu ? (v > 0f ? v : 0f) : (float) Math.tanh(v);
        }
    }

    /** float64 twin of {@link #rnnActivationForward}. */
    public void rnnActivationForward(double[] pre, int preOff, double[] h, int hOff, int count, boolean relu) {
        for (int i = 0; i < count; i++) {
            double v = pre[preOff + i];
            h[hOff + i] = relu ? (v > 0 ? v : 0) : Math.tanh(v);
        }
    }

    @Override
    public void rnnActivationBackward(float[] h, int hOff, float[] dh, int dhOff, float[] dPre, int dPreOff,
                                      int count, boolean relu) {
        for (int i = 0; i < count; i++) {
            float y = h[hOff + i];
            float d = dh[dhOff + i];
            dPre[dPreOff + i] = relu ? (y > 0f ? d : 0f) : d * (1f - y * y);
        }
    }

    /** float64 twin of {@link #rnnActivationBackward}. */
    public void rnnActivationBackward(double[] h, int hOff, double[] dh, int dhOff, double[] dPre, int dPreOff,
                                      int count, boolean relu) {
        for (int i = 0; i < count; i++) {
            double y = h[hOff + i];
            double d = dh[dhOff + i];
            dPre[dPreOff + i] = relu ? (y > 0 ? d : 0) : d * (1 - y * y);
        }
    }

    // ---------------------------------------------------------------- small helpers

    @Override
    public void axpy(int count, float alpha, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < count; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    /** float64 twin of {@link #axpy}. */
    public void axpy(int count, double alpha, double[] x, int xOff, double[] y, int yOff) {
        for (int i = 0; i < count; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public void addRowVector(float[] dst, int dstOff, int rows, int cols, float[] bias, int biasOff) {
        for (int r = 0; r < rows; r++) {
            int row = dstOff + r * cols;
            for (int j = 0; j < cols; j++) {
                dst[row + j] += bias[biasOff + j];
            }
        }
    }

    /** float64 twin of {@link #addRowVector}. */
    public void addRowVector(double[] dst, int dstOff, int rows, int cols, double[] bias, int biasOff) {
        for (int r = 0; r < rows; r++) {
            int row = dstOff + r * cols;
            for (int j = 0; j < cols; j++) {
                dst[row + j] += bias[biasOff + j];
            }
        }
    }

    @Override
    public void addColumnSums(float[] src, int srcOff, int rows, int cols, float[] dst, int dstOff) {
        for (int r = 0; r < rows; r++) {
            int row = srcOff + r * cols;
            for (int j = 0; j < cols; j++) {
                dst[dstOff + j] += src[row + j];
            }
        }
    }

    /** float64 twin of {@link #addColumnSums}. */
    public void addColumnSums(double[] src, int srcOff, int rows, int cols, double[] dst, int dstOff) {
        for (int r = 0; r < rows; r++) {
            int row = srcOff + r * cols;
            for (int j = 0; j < cols; j++) {
                dst[dstOff + j] += src[row + j];
            }
        }
    }
}
