package dev.rnn4j.quant;

import dev.rnn4j.kernels.KernelProvider;
import dev.rnn4j.kernels.Kernels;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.nn.RecurrentOutput;
import dev.rnn4j.recurrent.Cell;
import dev.rnn4j.tensor.Shape;
import dev.rnn4j.tensor.Tensor;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The int8 form of a {@link RecurrentLayer} (LSTM, GRU, or Elman RNN with tanh or ReLU, any number
 * of layers, one or two directions, with or without biases; no projection, no cell of its own
 * parameters): {@code weight_ih} and {@code weight_hh} of every layer and direction as
 * {@link Int8Matrix}es, the biases in float. Inference only, in evaluation mode (no dropout, no
 * gradients).
 *
 * <p>Each step runs as the float layer does, with both products quantized: the input projections
 * of all T·B rows of a layer in one int8 product, one int8 product of the hidden state (B, H) per
 * step, the gate nonlinearities in float32 through the same gate kernels
 * ({@link Kernels#lstmGatesForward}, {@link Kernels#gruGatesForward},
 * {@link Kernels#rnnActivationForward}). Activations are quantized per row (one time step of one
 * sequence), symmetrically: a row's result does not depend on the other rows of the batch, so a
 * prediction is the same alone or in any batch, and the products need no zero-point correction.
 * Variable lengths follow {@code pack_padded_sequence}: a row's state stops at its length, the
 * reverse direction starts there, and the output is zero past it.
 *
 * <p>Immutable and thread-safe: every call works in arrays of its own. {@link QuantizedStepper}
 * runs the same steps one at a time for streaming, with the same results.
 */
public final class QuantizedRecurrent {

    /** The built-in cells with an int8 path. */
    enum Kind {
        LSTM(4), GRU(3), RNN_TANH(1), RNN_RELU(1);

        final int gates;

        Kind(int gates) {
            this.gates = gates;
        }
    }

    private final Kind kind;
    private final int inputSize;
    private final int hidden;
    private final int layers;
    private final int directions;
    private final boolean batchFirst;
    private final Int8Matrix[] weightIh; // per layer·D + direction: (G·H, I_l)
    private final Int8Matrix[] weightHh; // (G·H, H)
    private final float[][] biasIh;      // (G·H) or null
    private final float[][] biasHh;

    private QuantizedRecurrent(RecurrentLayer layer, Kind kind, Map<String, Int8Matrix> matrices) {
        this.kind = kind;
        this.inputSize = layer.inputSize();
        this.hidden = layer.hiddenSize();
        this.layers = layer.numLayers();
        this.directions = layer.directions();
        this.batchFirst = layer.batchFirst();
        int slots = layers * directions;
        this.weightIh = new Int8Matrix[slots];
        this.weightHh = new Int8Matrix[slots];
        this.biasIh = new float[slots][];
        this.biasHh = new float[slots][];
        for (int l = 0; l < layers; l++) {
            for (int d = 0; d < directions; d++) {
                String suffix = "_l" + l + (d == 1 ? "_reverse" : "");
                int slot = l * directions + d;
                weightIh[slot] = checked(layer, "weight_ih" + suffix, matrices);
                weightHh[slot] = checked(layer, "weight_hh" + suffix, matrices);
                Tensor bIh = layer.parameter("bias_ih" + suffix);
                Tensor bHh = layer.parameter("bias_hh" + suffix);
                biasIh[slot] = bIh == null ? null : bIh.toFloatArray();
                biasHh[slot] = bHh == null ? null : bHh.toFloatArray();
            }
        }
    }

    private static Int8Matrix checked(RecurrentLayer layer, String name, Map<String, Int8Matrix> matrices) {
        Int8Matrix m = matrices.get(name);
        if (m == null) {
            throw new IllegalArgumentException(layer.cell().layerName() + ": no int8 matrix for '" + name
                    + "' (have " + matrices.keySet() + ")");
        }
        int[] expected = layer.parameter(name).shape();
        if (m.rows() != expected[0] || m.cols() != expected[1]) {
            throw new IllegalArgumentException(layer.cell().layerName() + ": int8 '" + name + "' is ("
                    + m.rows() + ", " + m.cols() + "), expected " + Shape.str(expected));
        }
        return m;
    }

    /**
     * Quantizes the weights of {@code layer} as they are now (a snapshot: later changes to the
     * layer's parameters do not reach it).
     *
     * @throws IllegalArgumentException if the layer has no int8 path (the message says why)
     */
    public static QuantizedRecurrent quantize(RecurrentLayer layer) {
        Kind kind = kindOf(layer);
        Map<String, Int8Matrix> matrices = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> p : layer.namedParameters().entrySet()) {
            if (p.getKey().startsWith("weight_")) {
                matrices.put(p.getKey(), Int8Matrix.quantize(p.getValue()));
            }
        }
        return new QuantizedRecurrent(layer, kind, matrices);
    }

    /**
     * The int8 form of {@code layer} with the given matrices, by parameter name ({@code weight_ih_l0},
     * {@code weight_hh_l0_reverse}, ...); biases are the layer's.
     *
     * @throws IllegalArgumentException if the layer has no int8 path, or a matrix is missing or of
     *                                  the wrong shape (the message names it)
     */
    public static QuantizedRecurrent of(RecurrentLayer layer, Map<String, Int8Matrix> matrices) {
        return new QuantizedRecurrent(layer, kindOf(layer), matrices);
    }

    /** The layer's cell as an int8 kind, or an error that says why it has none. */
    static Kind kindOf(RecurrentLayer layer) {
        if (layer == null) {
            throw new IllegalArgumentException("layer: expected a recurrent layer, got null");
        }
        Cell cell = layer.cell();
        String what = cell.layerName() + " (cell " + cell.name() + ")";
        if (layer.projSize() > 0) {
            throw new IllegalArgumentException(what + ": a layer with a projection (proj_size "
                    + layer.projSize() + ") has no int8 path");
        }
        if (!cell.extraParameterShapes(layer.hiddenSize(), layer.hasBias()).isEmpty()) {
            throw new IllegalArgumentException(what + ": a cell with parameters of its own has no int8 path;"
                    + " LSTM, GRU, RNN_TANH and RNN_RELU have one");
        }
        for (Kind k : Kind.values()) {
            if (k.name().equals(cell.name())) {
                return k;
            }
        }
        throw new IllegalArgumentException(what + ": no int8 path; LSTM, GRU, RNN_TANH and RNN_RELU have one");
    }

    /**
     * Whether this int8 form has the structure of {@code layer} (cell, sizes, layers, directions,
     * batch-first), so that the layer can run through it.
     */
    public boolean fits(RecurrentLayer layer) {
        return layer != null && kind.name().equals(layer.cell().name()) && layer.projSize() == 0
                && inputSize == layer.inputSize() && hidden == layer.hiddenSize() && layers == layer.numLayers()
                && directions == layer.directions() && batchFirst == layer.batchFirst();
    }

    int inputSize() {
        return inputSize;
    }

    int hidden() {
        return hidden;
    }

    int layers() {
        return layers;
    }

    int directions() {
        return directions;
    }

    Kind kind() {
        return kind;
    }

    Int8Matrix weightIh(int slot) {
        return weightIh[slot];
    }

    float[] biasIh(int slot) {
        return biasIh[slot];
    }

    /**
     * Runs the whole batch, as {@link RecurrentLayer#forward(Tensor, int[], Tensor, Tensor)} in
     * evaluation mode; the arguments are that method's, already validated by it (float32 only).
     */
    public RecurrentOutput forward(Tensor x, int[] lengths, Tensor h0, Tensor c0) {
        Kernels kernels = KernelProvider.get();
        Tensor seq = batchFirst ? x.transpose(0, 1) : x; // (T, B, I)
        int steps = seq.size(0);
        int batch = seq.size(1);
        int gateWidth = kind.gates * hidden;
        float[] h0Data = h0 == null ? null : h0.toFloatArray();
        float[] c0Data = c0 == null ? null : c0.toFloatArray();
        int slots = layers * directions;
        float[] hN = new float[slots * batch * hidden];
        float[] cN = kind == Kind.LSTM ? new float[slots * batch * hidden] : null;
        Int8Products products = new Int8Products();
        StepWork work = new StepWork(batch, hidden, gateWidth);
        float[] in = seq.toFloatArray();
        int inWidth = inputSize;
        boolean[] active = new boolean[batch];
        float[] ihStep = new float[batch * gateWidth];
        for (int l = 0; l < layers; l++) {
            int outWidth = directions * hidden;
            float[] out = new float[steps * batch * outWidth]; // (T, B, D·H), zero past each length
            for (int d = 0; d < directions; d++) {
                int slot = l * directions + d;
                // the input projections of all T·B rows: (T·B, G·H)
                float[] ih = new float[steps * batch * gateWidth];
                products.project(kernels, steps * batch, in, 0, inWidth, weightIh[slot], biasIh[slot], 0f, ih, 0,
                        gateWidth);
                float[] h = new float[batch * hidden];
                float[] c = kind == Kind.LSTM ? new float[batch * hidden] : null;
                if (h0Data != null) {
                    System.arraycopy(h0Data, slot * batch * hidden, h, 0, batch * hidden);
                }
                if (c != null && c0Data != null) {
                    System.arraycopy(c0Data, slot * batch * hidden, c, 0, batch * hidden);
                }
                for (int s = 0; s < steps; s++) {
                    for (int b = 0; b < batch; b++) {
                        int length = lengths == null ? steps : lengths[b];
                        active[b] = s < length;
                        if (active[b]) {
                            int t = d == 0 ? s : length - 1 - s;
                            System.arraycopy(ih, (t * batch + b) * gateWidth, ihStep, b * gateWidth, gateWidth);
                        }
                    }
                    step(kernels, products, work, slot, batch, ihStep, h, c, active);
                    for (int b = 0; b < batch; b++) {
                        if (active[b]) {
                            int length = lengths == null ? steps : lengths[b];
                            int t = d == 0 ? s : length - 1 - s;
                            System.arraycopy(h, b * hidden, out, (t * batch + b) * outWidth + d * hidden, hidden);
                        }
                    }
                }
                System.arraycopy(h, 0, hN, slot * batch * hidden, batch * hidden);
                if (c != null) {
                    System.arraycopy(c, 0, cN, slot * batch * hidden, batch * hidden);
                }
            }
            in = out;
            inWidth = outWidth;
        }
        Tensor output = Tensor.of(in, steps, batch, inWidth);
        return new RecurrentOutput(batchFirst ? output.transpose(0, 1) : output, Tensor.of(hN, slots, batch, hidden),
                cN == null ? null : Tensor.of(cN, slots, batch, hidden));
    }

    /**
     * One step of layer-direction {@code slot} for {@code rows} rows: from the input projections
     * {@code ih} (rows, G·H, biases included) and the state {@code h} (rows, H) (and {@code c} for the
     * LSTM), the new state, written into h and c for the rows that are {@code active} (all when null).
     */
    void step(Kernels kernels, Int8Products products, StepWork work, int slot, int rows, float[] ih, float[] h,
              float[] c, boolean[] active) {
        int gateWidth = kind.gates * hidden;
        // hh (rows, G·H) = h · W_hhᵀ + b_hh
        products.project(kernels, rows, h, 0, hidden, weightHh[slot], biasHh[slot], 0f, work.hh, 0, gateWidth);
        switch (kind) {
            case LSTM -> {
                for (int i = 0; i < rows * gateWidth; i++) {
                    work.gates[i] = ih[i] + work.hh[i];
                }
                kernels.lstmGatesForward(work.gates, 0, c, 0, work.cNew, 0, work.hNew, 0, rows, hidden);
            }
            case GRU -> kernels.gruGatesForward(ih, 0, work.hh, 0, h, 0, work.gates, 0, work.hNew, 0, rows, hidden);
            case RNN_TANH, RNN_RELU -> {
                for (int i = 0; i < rows * gateWidth; i++) {
                    work.gates[i] = ih[i] + work.hh[i];
                }
                kernels.rnnActivationForward(work.gates, 0, work.hNew, 0, rows * hidden, kind == Kind.RNN_RELU);
            }
            default -> throw new IllegalStateException(String.valueOf(kind));
        }
        for (int r = 0; r < rows; r++) {
            if (active == null || active[r]) {
                System.arraycopy(work.hNew, r * hidden, h, r * hidden, hidden);
                if (c != null) {
                    System.arraycopy(work.cNew, r * hidden, c, r * hidden, hidden);
                }
            }
        }
    }

    /** The work arrays of one step of up to {@code rows} rows. */
    static final class StepWork {
        final float[] hh;    // (rows, G·H)
        final float[] gates; // (rows, G·H): pre-activations, then activations
        final float[] hNew;  // (rows, H)
        final float[] cNew;  // (rows, H)

        StepWork(int rows, int hidden, int gateWidth) {
            this.hh = new float[rows * gateWidth];
            this.gates = new float[rows * gateWidth];
            this.hNew = new float[rows * hidden];
            this.cNew = new float[rows * hidden];
        }
    }

    @Override
    public String toString() {
        return "QuantizedRecurrent(" + kind + ", input " + inputSize + ", hidden " + hidden + ", layers " + layers
                + ", directions " + directions + ", int8 weights " + Arrays.stream(weightIh).mapToLong(m ->
                (long) m.rows() * m.cols()).sum() + " + " + Arrays.stream(weightHh).mapToLong(m ->
                (long) m.rows() * m.cols()).sum() + ")";
    }
}
