package dev.rnn4j.recurrent;

import dev.rnn4j.kernels.KernelProvider;
import dev.rnn4j.kernels.Kernels;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.tensor.DType;
import dev.rnn4j.tensor.Tensor;

import java.util.Arrays;

/**
 * Streaming inference: one time step per call, input and state in, output and state out, for a
 * batch of 1..N independent streams, with no allocation per step.
 *
 * <p>Each step costs, per layer, the two small products {@code x · W_ihᵀ} and {@code h · W_hhᵀ}
 * (one GEMM each, which the Vector API kernels split across the cores when the weights are large)
 * and one fused gate pass that updates the state in place. The weights are read from the
 * layer's parameter arrays on every step, so a stepper follows a model that is still training.
 *
 * <pre>{@code
 * RecurrentStepper s = new RecurrentStepper(lstm, 1);
 * for (float[] frame : frames) {        // frame: (1, inputSize)
 *     float[] h = s.step(frame);        // (1, hiddenSize), valid until the next call
 * }
 * }</pre>
 *
 * <p>Not thread-safe; one stepper per stream group. Unidirectional float32 layers only (a
 * reverse direction needs the future). Dropout is not applied (inference).
 */
public final class RecurrentStepper {

    private final RecurrentLayer layer;
    private final CellType cell;
    private final int layers;
    private final int hidden;
    private final int gateWidth;
    private final Kernels kernels;
    private int batch;
    private float[][] h;      // per layer (B, H)
    private float[][] c;      // per layer (B, H), LSTM only
    private float[] gates;    // (B, GH)
    private float[] hh;       // (B, GH), GRU only
    private float[] acts;     // (B, GH), GRU only

    /** A stepper for {@code batch} streams, all starting from zero state. */
    public RecurrentStepper(RecurrentLayer layer, int batch) {
        if (layer.bidirectional()) {
            throw new IllegalArgumentException("streaming needs a unidirectional layer: a reverse direction reads the "
                    + "future");
        }
        if (layer.parameter("weight_ih_l0").dtype() != DType.F32) {
            throw new IllegalArgumentException("streaming runs in float32; the layer is "
                    + layer.parameter("weight_ih_l0").dtype());
        }
        this.layer = layer;
        this.cell = layer.cell();
        this.layers = layer.numLayers();
        this.hidden = layer.hiddenSize();
        this.gateWidth = cell.gates() * hidden;
        this.kernels = KernelProvider.get();
        resize(batch);
    }

    /**
     * Changes the number of streams; all state is reset to zero. Buffers are reallocated only
     * when the batch grows past what was allocated before.
     */
    public void resize(int newBatch) {
        if (newBatch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, got " + newBatch);
        }
        if (h == null || newBatch * hidden > h[0].length) {
            h = new float[layers][newBatch * hidden];
            c = cell.hasCellState() ? new float[layers][newBatch * hidden] : null;
            gates = new float[newBatch * gateWidth];
            if (cell == CellType.GRU) {
                hh = new float[newBatch * gateWidth];
                acts = new float[newBatch * gateWidth];
            }
        }
        this.batch = newBatch;
        reset();
    }

    /** Sets every stream's state to zero. */
    public void reset() {
        for (int l = 0; l < layers; l++) {
            Arrays.fill(h[l], 0f);
            if (c != null) {
                Arrays.fill(c[l], 0f);
            }
        }
    }

    /** Sets the state of one stream (row) to zero, e.g. when that stream starts a new sequence. */
    public void reset(int row) {
        if (row < 0 || row >= batch) {
            throw new IllegalArgumentException("row " + row + " is outside 0.." + (batch - 1));
        }
        for (int l = 0; l < layers; l++) {
            Arrays.fill(h[l], row * hidden, (row + 1) * hidden, 0f);
            if (c != null) {
                Arrays.fill(c[l], row * hidden, (row + 1) * hidden, 0f);
            }
        }
    }

    public int batch() {
        return batch;
    }

    /**
     * Advances every stream one step.
     *
     * @param x input (B, I) row-major
     * @return the last layer's hidden state (B, H); the array is the stepper's own, valid until
     *         the next call (copy it to keep it)
     */
    public float[] step(float[] x) {
        int inputSize = layer.inputSize();
        if (x == null || x.length < batch * inputSize) {
            throw new IllegalArgumentException("step: expected input (" + batch + ", " + inputSize + ") = "
                    + batch * inputSize + " values, got " + (x == null ? "null" : x.length));
        }
        float[] in = x;
        int inWidth = inputSize;
        for (int l = 0; l < layers; l++) {
            String suffix = "_l" + l;
            float[] wIh = layer.parameter("weight_ih" + suffix).f();
            float[] wHh = layer.parameter("weight_hh" + suffix).f();
            Tensor bIh = layer.parameter("bias_ih" + suffix);
            Tensor bHh = layer.parameter("bias_hh" + suffix);
            // gates (B, GH) = x · W_ihᵀ + b_ih
            kernels.sgemm(false, true, batch, gateWidth, inWidth, in, 0, inWidth, wIh, 0, inWidth, 0f, gates, 0,
                    gateWidth);
            if (bIh != null) {
                kernels.addRowVector(gates, 0, batch, gateWidth, bIh.f(), 0);
            }
            float[] state = h[l];
            switch (cell) {
                case LSTM -> {
                    kernels.sgemm(false, true, batch, gateWidth, hidden, state, 0, hidden, wHh, 0, hidden, 1f, gates, 0,
                            gateWidth);
                    if (bHh != null) {
                        kernels.addRowVector(gates, 0, batch, gateWidth, bHh.f(), 0);
                    }
                    // c and h update in place: each element reads its own old value before writing it
                    kernels.lstmGatesForward(gates, 0, c[l], 0, c[l], 0, state, 0, batch, hidden);
                }
                case GRU -> {
                    kernels.sgemm(false, true, batch, gateWidth, hidden, state, 0, hidden, wHh, 0, hidden, 0f, hh, 0,
                            gateWidth);
                    if (bHh != null) {
                        kernels.addRowVector(hh, 0, batch, gateWidth, bHh.f(), 0);
                    }
                    kernels.gruGatesForward(gates, 0, hh, 0, state, 0, acts, 0, state, 0, batch, hidden);
                }
                case RNN_TANH, RNN_RELU -> {
                    kernels.sgemm(false, true, batch, gateWidth, hidden, state, 0, hidden, wHh, 0, hidden, 1f, gates, 0,
                            gateWidth);
                    if (bHh != null) {
                        kernels.addRowVector(gates, 0, batch, gateWidth, bHh.f(), 0);
                    }
                    kernels.rnnActivationForward(gates, 0, state, 0, batch * hidden, cell == CellType.RNN_RELU);
                }
            }
            in = state;
            inWidth = hidden;
        }
        return h[layers - 1];
    }

    /** The hidden state of layer {@code l} (B, H), live. */
    public float[] hidden(int l) {
        return h[l];
    }

    /** The cell state of layer {@code l} (B, H), live; LSTM only. */
    public float[] cellState(int l) {
        if (c == null) {
            throw new IllegalStateException(cell + " has no cell state");
        }
        return c[l];
    }
}
