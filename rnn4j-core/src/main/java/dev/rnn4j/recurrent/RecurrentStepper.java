package dev.rnn4j.recurrent;

import dev.rnn4j.kernels.KernelProvider;
import dev.rnn4j.kernels.Kernels;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.quant.QuantizedStepper;
import dev.rnn4j.tensor.DType;
import dev.rnn4j.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * Streaming inference: one time step per call, input and state in, output and state out, for a
 * batch of 1..N independent streams, with no allocation per step.
 *
 * <p>Each step costs, per layer, ONE small product {@code [x | h] · W_catᵀ} against the layer's
 * input and recurrent weights stacked side by side (so the two products of the textbook step
 * share one pass over the weights and one hand-off between the cores, which is what bounds a
 * batch-1 step) and one fused gate pass that updates the state in place. The {@link Cell} lays out
 * the stacked matrix (the GRU's has a fourth block so that {@code W_hn h} stays separate for the reset
 * gate) and runs the gate pass.
 *
 * <p>Cells with a fused streaming step (LSTM and GRU) at batch up to {@value #FUSED_MAX_BATCH} take a
 * shorter road: one fused step per layer ({@link Kernels#lstmStep}, {@link Kernels#gruStep}), which
 * does both products, the biases and the gate pass in one call against weights packed for it (with
 * the Vector API kernels each core owns a fixed share of the hidden units and keeps their weights in
 * its own cache; see {@code FusedCellStep}).
 *
 * <p>An LSTM with a projection (PyTorch's {@code proj_size} P) keeps h at P features: the gate pass
 * writes the cell's output (B, H) to a buffer and one more product {@code h = h_cell · W_hrᵀ} gives h.
 * A cell's own parameters ({@link Cell#extraParameterShapes}) reach its gate pass as float32 copies.
 *
 * <p>The stacked and packed weights are a snapshot taken at construction: call {@link #refreshWeights()}
 * after the layer's parameters change (e.g. between training steps).
 *
 * <p>A layer with an int8 form ({@link RecurrentLayer#int8()}) steps through a {@link QuantizedStepper}
 * instead: the same calls, int8 products, the int8 form's snapshot of the weights.
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

    /**
     * Largest batch stepped with the fused kernel; larger batches take the stacked product, whose
     * GEMM reads each weight once for all rows while the fused kernel reads them once per row.
     * Measured at I = 128, H = 256 (Vector API, 2 cores, ns per step, stacked vs fused): LSTM batch
     * 2: 10.8k vs 13.1k; GRU batch 2: 10.6k vs 8.3k, batch 3: 11.5k vs 12.5k. One limit for both
     * cells keeps the rule simple; the GRU would gain ~20 % at batch 2 from a limit of its own.
     */
    public static final int FUSED_MAX_BATCH = 1;

    private final RecurrentLayer layer;
    private final Cell cell;
    private final int layers;
    private final int hidden;     // H: rows of a gate block, width of c
    private final int stateWidth; // S: width of h, P with a projection, else H
    private final boolean projecting;
    private final int outWidth;   // columns of the stacked product: cell.stackedRows(H)
    private final Kernels kernels;
    private final float[][] stacked;  // per layer (outWidth, in_l + H)
    private final float[][] bias;     // per layer (outWidth)
    private final boolean fusable;    // the cell has a fused step and the kernels prefer it
    private final float[][] packed;   // per layer, in the cell's fused-step layout (fusable cells only)
    private final float[][] projection; // per layer W_hr (P, H), projecting layers only
    private final float[][][] extra;  // per layer, the cell's own parameters
    private final List<Cell.ParameterShape> extraShapes;
    private int batch;
    private float[][] h;      // per layer (B, S)
    private float[][] c;      // per layer (B, H), cells with a cell state only
    private float[] joined;   // (B, maxIn + S): [x | h] of the layer being stepped
    private float[] out;      // (B, outWidth)
    private float[] scratch;  // the cell's gate-pass scratch (cell.stepScratchFloats)
    private float[] hPrev;    // (B, H): the fused step reads the old h of the layer here while it writes h
    private float[] hCell;    // (B, H), projecting layers: the gate pass's output before W_hr
    private final double[] rowScratch; // the cell's gate-pass scratch in doubles (cell.rowScratchDoubles)
    private final QuantizedStepper int8; // the int8 stepper that does the work, when the layer has an int8 form

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
        this.projecting = layer.projSize() > 0;
        this.stateWidth = projecting ? layer.projSize() : hidden;
        this.outWidth = cell.stackedRows(hidden);
        this.kernels = KernelProvider.get();
        this.stacked = new float[layers][];
        this.bias = new float[layers][];
        this.extraShapes = cell.extraParameterShapes(hidden, layer.hasBias());
        this.fusable = cell.hasFusedStep() && !projecting && extraShapes.isEmpty() && kernels.prefersCellStep();
        this.packed = new float[layers][];
        this.projection = new float[layers][];
        this.extra = new float[layers][][];
        this.rowScratch = new double[cell.rowScratchDoubles(hidden)];
        this.int8 = layer.int8() == null ? null : new QuantizedStepper(layer.int8(), batch);
        if (int8 == null) {
            refreshWeights();
            resize(batch);
        }
    }

    private int inputWidth(int l) {
        return l == 0 ? layer.inputSize() : stateWidth;
    }

    /**
     * Re-reads the layer's weights into the stacked matrices (and the fused step's packed copy). Row j
     * of layer l's matrix is {@code [W_ih[j] | W_hh[j]]} with bias {@code b_ih[j] + b_hh[j]}; for the
     * GRU the n gate takes two rows, {@code [W_in | 0]} and {@code [0 | W_hn]}, with their own biases.
     */
    public void refreshWeights() {
        if (int8 != null) {
            return; // the int8 form holds its own weights
        }
        for (int l = 0; l < layers; l++) {
            int in = inputWidth(l);
            int width = in + stateWidth;
            float[] w = new float[outWidth * width];
            float[] b = new float[outWidth];
            float[] wIh = layer.parameter("weight_ih_l" + l).f();
            float[] wHh = layer.parameter("weight_hh_l" + l).f();
            Tensor bIh = layer.parameter("bias_ih_l" + l);
            Tensor bHh = layer.parameter("bias_hh_l" + l);
            float[] bIhData = bIh == null ? null : bIh.f();
            float[] bHhData = bHh == null ? null : bHh.f();
            cell.stack(in, stateWidth, hidden, wIh, wHh, bIhData, bHhData, w, b);
            stacked[l] = w;
            bias[l] = b;
            if (projecting) {
                projection[l] = layer.parameter("weight_hr_l" + l).f().clone();
            }
            extra[l] = new float[extraShapes.size()][];
            for (int i = 0; i < extraShapes.size(); i++) {
                extra[l][i] = layer.parameter(extraShapes.get(i).name() + "_l" + l).f().clone();
            }
            if (fusable) {
                packed[l] = cell.packFusedStep(kernels, in, hidden, wIh, wHh, bIhData, bHhData);
            }
        }
    }

    /**
     * Changes the number of streams; all state is reset to zero. Buffers are reallocated only
     * when the batch grows past what was allocated before.
     */
    public void resize(int newBatch) {
        if (int8 != null) {
            int8.resize(newBatch);
            return;
        }
        if (newBatch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, got " + newBatch);
        }
        if (h == null || newBatch * stateWidth > h[0].length) {
            h = new float[layers][newBatch * stateWidth];
            c = cell.hasCellState() ? new float[layers][newBatch * hidden] : null;
            joined = new float[newBatch * (Math.max(layer.inputSize(), stateWidth) + stateWidth)];
            out = new float[newBatch * outWidth];
            hPrev = new float[newBatch * hidden];
            hCell = projecting ? new float[newBatch * hidden] : null;
            scratch = new float[cell.stepScratchFloats(newBatch, hidden)];
        }
        this.batch = newBatch;
        reset();
    }

    /** Sets every stream's state to zero. */
    public void reset() {
        if (int8 != null) {
            int8.reset();
            return;
        }
        for (int l = 0; l < layers; l++) {
            Arrays.fill(h[l], 0f);
            if (c != null) {
                Arrays.fill(c[l], 0f);
            }
        }
    }

    /** Sets the state of one stream (row) to zero, e.g. when that stream starts a new sequence. */
    public void reset(int row) {
        if (int8 != null) {
            int8.reset(row);
            return;
        }
        if (row < 0 || row >= batch) {
            throw new IllegalArgumentException("row " + row + " is outside 0.." + (batch - 1));
        }
        for (int l = 0; l < layers; l++) {
            Arrays.fill(h[l], row * stateWidth, (row + 1) * stateWidth, 0f);
            if (c != null) {
                Arrays.fill(c[l], row * hidden, (row + 1) * hidden, 0f);
            }
        }
    }

    public int batch() {
        return int8 != null ? int8.batch() : batch;
    }

    /**
     * Advances every stream one step.
     *
     * @param x input (B, I) row-major
     * @return the last layer's hidden state (B, S), S = P with a projection, else H; the array is the
     *         stepper's own, valid until
     *         the next call (copy it to keep it)
     */
    public float[] step(float[] x) {
        if (int8 != null) {
            return int8.step(x);
        }
        int inputSize = layer.inputSize();
        if (x == null || x.length < batch * inputSize) {
            throw new IllegalArgumentException("step: expected input (" + batch + ", " + inputSize + ") = "
                    + batch * inputSize + " values, got " + (x == null ? "null" : x.length));
        }
        float[] in = x;
        if (fusable && batch <= FUSED_MAX_BATCH) {
            for (int l = 0; l < layers; l++) {
                System.arraycopy(h[l], 0, hPrev, 0, batch * hidden);
                cell.fusedStep(kernels, batch, inputWidth(l), hidden, packed[l], in, 0, hPrev, c == null ? null : c[l],
                        h[l]);
                in = h[l];
            }
            return h[layers - 1];
        }
        for (int l = 0; l < layers; l++) {
            int inW = inputWidth(l);
            int width = inW + stateWidth;
            float[] state = h[l];
            // joined (B, in + S) = [x | h]
            for (int r = 0; r < batch; r++) {
                System.arraycopy(in, r * inW, joined, r * width, inW);
                System.arraycopy(state, r * stateWidth, joined, r * width + inW, stateWidth);
            }
            // out (B, outWidth) = joined · stackedᵀ + bias: one pass over all of the layer's weights
            kernels.sgemm(false, true, batch, outWidth, width, joined, 0, width, stacked[l], 0, width, 0f, out, 0,
                    outWidth);
            kernels.addRowVector(out, 0, batch, outWidth, bias[l], 0);
            float[] cellOut = projecting ? hCell : state;
            cell.stepGates(kernels, out, cellOut, c == null ? null : c[l], scratch, extra[l], rowScratch, batch,
                    hidden);
            if (projecting) { // h (B, P) = hCell (B, H) · W_hrᵀ
                kernels.sgemm(false, true, batch, stateWidth, hidden, hCell, 0, hidden, projection[l], 0, hidden, 0f,
                        state, 0, stateWidth);
            }
            in = state;
        }
        return h[layers - 1];
    }

    /** The hidden state of layer {@code l} (B, S), live. */
    public float[] hidden(int l) {
        return int8 != null ? int8.hidden(l) : h[l];
    }

    /** The cell state of layer {@code l} (B, H), live; LSTM only. */
    public float[] cellState(int l) {
        if (int8 != null) {
            return int8.cellState(l);
        }
        if (c == null) {
            throw new IllegalStateException(cell + " has no cell state");
        }
        return c[l];
    }
}
