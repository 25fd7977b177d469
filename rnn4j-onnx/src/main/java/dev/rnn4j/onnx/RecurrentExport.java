package dev.rnn4j.onnx;

import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.onnx.proto.OnnxProto.NodeProto;
import dev.rnn4j.tensor.Tensor;

import java.util.Map;

/**
 * Writes a {@link RecurrentLayer} stack as ONNX {@code LSTM}, {@code GRU} or {@code RNN} nodes,
 * one per layer (ONNX's recurrent operators are single-layer), each in one or both directions.
 *
 * <p>PyTorch stacks the gates of {@code weight_ih} (G·H, I) as LSTM i, f, g, o and GRU r, z, n;
 * ONNX stacks them as LSTM i, o, f, c and GRU z, r, h, so the blocks of H rows are reordered.
 * ONNX's {@code W} is (D, G·H, I), {@code R} (D, G·H, H) and {@code B} (D, 2·G·H), the input
 * bias then the recurrent one ({@code [Wb; Rb]}), direction 0 forward and 1 reverse. PyTorch's GRU
 * applies the reset gate to {@code W_hn h + b_hn}, which is ONNX's {@code linear_before_reset=1}.
 *
 * <p>Layer k's output Y (T, D, B, H) becomes the next layer's input (T, B, D·H) by a transpose and
 * a reshape; dropout between layers is a training-time operation and has no node. The nodes of a
 * padded batch take {@code sequence_lens}, so padded steps never reach a state and the final states
 * {@code Y_h} are those at each row's last valid step (step 0 for the reverse direction). A stack
 * may also start from given states ({@link #addWithStates}, a language model's carried state) and
 * give every layer's final states, and a single layer may run one step ({@link #layer}, a decoder
 * cell).
 */
final class RecurrentExport {

    /** The stack's outputs: {@code sequence} (T, B, D·H) of the last layer, {@code lastStates} its Y_h (D, B, H). */
    record Outputs(String sequence, String lastStates) {
    }

    private RecurrentExport() {
    }

    /**
     * Checks that ONNX's recurrent operators express {@code rnn}.
     *
     * @param where names the layer in the message, e.g. {@code "rnn"}
     * @throws OnnxExportException naming the layer and what ONNX lacks: a cell other than LSTM,
     *     GRU and the Elman RNN (a layer-normalised cell, a custom one) or an LSTM projection
     */
    static void checkSupported(RecurrentLayer rnn, String where) {
        String cell = rnn.cell().name();
        if (!(cell.equals("LSTM") || cell.equals("GRU") || cell.equals("RNN_TANH") || cell.equals("RNN_RELU"))) {
            throw new OnnxExportException("layer '" + where + "' (" + rnn.cell().layerName() + ", cell " + cell
                    + "): ONNX has no operator for this cell; export supports LSTM, GRU, RNN_TANH and RNN_RELU layers");
        }
        if (rnn.int8() != null) {
            throw new OnnxExportException("layer '" + where + "' holds int8 weights (a folder written by rnn4j"
                    + " quantize); export the float model folder it was quantized from");
        }
        if (rnn.projSize() > 0) {
            throw new OnnxExportException("layer '" + where + "' (LSTM with projSize " + rnn.projSize()
                    + "): ONNX's LSTM has no output projection");
        }
    }

    /**
     * Adds the nodes of {@code rnn} reading {@code input} (T, B, I) with {@code sequenceLens}
     * (B) int32, named after {@code prefix}.
     */
    static Outputs add(OnnxGraph graph, RecurrentLayer rnn, String prefix, String input, String sequenceLens) {
        checkSupported(rnn, prefix);
        String x = input;
        String lastStates = null;
        for (int layer = 0; layer < rnn.numLayers(); layer++) {
            LayerOutputs out = layer(graph, rnn, layer, prefix, x, sequenceLens, "", "", false);
            x = stepsBatchFeatures(graph, out.sequence());
            lastStates = out.lastHidden();
        }
        return new Outputs(x, lastStates);
    }

    /**
     * The outputs of a stack read from given initial states: {@code sequence} (T, B, D·H) of the
     * last layer, {@code hN} (L·D, B, H) and {@code cN} (L·D, B, H) the final states of every layer
     * and direction in PyTorch's order (layer-major, forward before reverse); {@code cN} is null for a
     * cell without a cell state.
     */
    record StackOutputs(String sequence, String hN, String cN) {
    }

    /**
     * Adds the nodes of {@code rnn} reading {@code input} (T, B, I) from the initial states
     * {@code h0} and {@code c0} (L·D, B, H), as PyTorch's {@code rnn(x, (h0, c0))}: layer k starts
     * from rows [k·D, (k+1)·D) of them.
     *
     * @param sequenceLens (B) int32, or {@code ""} when every row has all T steps
     * @param c0           the initial cell states for an LSTM, ignored (may be null) otherwise
     */
    static StackOutputs addWithStates(OnnxGraph graph, RecurrentLayer rnn, String prefix, String input,
                                      String sequenceLens, String h0, String c0) {
        checkSupported(rnn, prefix);
        boolean hasCell = rnn.cell().hasCellState();
        int dirs = rnn.directions();
        String axisZero = graph.longs(graph.fresh(prefix + "_slice_axis"), new long[] {0}, 1);
        String x = input;
        String[] lastHidden = new String[rnn.numLayers()];
        String[] lastCell = new String[rnn.numLayers()];
        for (int layer = 0; layer < rnn.numLayers(); layer++) {
            String start = graph.longs(graph.fresh(prefix + "_slice_start"), new long[] {(long) layer * dirs}, 1);
            String end = graph.longs(graph.fresh(prefix + "_slice_end"), new long[] {(long) (layer + 1) * dirs}, 1);
            String layerH0 = graph.op("Slice", h0, start, end, axisZero); // (D, B, H)
            String layerC0 = hasCell ? graph.op("Slice", c0, start, end, axisZero) : "";
            LayerOutputs out = layer(graph, rnn, layer, prefix, x, sequenceLens, layerH0, layerC0, hasCell);
            x = stepsBatchFeatures(graph, out.sequence());
            lastHidden[layer] = out.lastHidden();
            lastCell[layer] = out.lastCell();
        }
        return new StackOutputs(x, concatLayers(graph, lastHidden), hasCell ? concatLayers(graph, lastCell) : null);
    }

    /** One layer's node outputs: Y (T, D, B, H), Y_h (D, B, H) and Y_c (D, B, H) or null. */
    record LayerOutputs(String sequence, String lastHidden, String lastCell) {
    }

    /**
     * Adds the node of layer {@code layer} of {@code rnn} (checked by the caller) reading
     * {@code input} (T, B, I_layer).
     *
     * @param sequenceLens (B) int32, or {@code ""} for none
     * @param initialH     (D, B, H), or {@code ""} for zeros
     * @param initialC     (D, B, H) for an LSTM, or {@code ""} for zeros
     * @param cellOutput   whether the node also gives its final cell states Y_c (LSTM only)
     */
    static LayerOutputs layer(OnnxGraph graph, RecurrentLayer rnn, int layer, String prefix, String input,
                              String sequenceLens, String initialH, String initialC, boolean cellOutput) {
        Map<String, Tensor> params = rnn.namedParameters();
        String cell = rnn.cell().name();
        int hidden = rnn.hiddenSize();
        int gates = rnn.cell().gates();
        int dirs = rnn.directions();
        int[] order = switch (cell) {
            case "LSTM" -> new int[] {0, 3, 1, 2}; // PyTorch i, f, g, o -> ONNX i, o, f, c
            case "GRU" -> new int[] {1, 0, 2};     // PyTorch r, z, n -> ONNX z, r, h
            default -> new int[] {0};
        };
        int in = layer == 0 ? rnn.inputSize() : hidden * dirs;
        float[] w = new float[dirs * gates * hidden * in];
        float[] r = new float[dirs * gates * hidden * hidden];
        float[] b = new float[dirs * 2 * gates * hidden];
        for (int d = 0; d < dirs; d++) {
            String suffix = "_l" + layer + (d == 1 ? "_reverse" : "");
            reorder(params.get("weight_ih" + suffix).toFloatArray(), order, hidden, in, w, d * gates * hidden * in);
            reorder(params.get("weight_hh" + suffix).toFloatArray(), order, hidden, hidden, r,
                    d * gates * hidden * hidden);
            if (rnn.hasBias()) {
                int offset = d * 2 * gates * hidden;
                reorder(params.get("bias_ih" + suffix).toFloatArray(), order, hidden, 1, b, offset);
                reorder(params.get("bias_hh" + suffix).toFloatArray(), order, hidden, 1, b, offset + gates * hidden);
            }
        }
        String name = prefix + "_l" + layer;
        String wName = graph.floats(name + "_W", w, dirs, (long) gates * hidden, in);
        String rName = graph.floats(name + "_R", r, dirs, (long) gates * hidden, hidden);
        String bName = graph.floats(name + "_B", b, dirs, 2L * gates * hidden);
        String y = graph.fresh(name + "_Y");
        String yH = graph.fresh(name + "_Y_h");
        String yC = cellOutput ? graph.fresh(name + "_Y_c") : null;
        String opType = cell.startsWith("RNN") ? "RNN" : cell;
        // inputs X, W, R, B, sequence_lens, initial_h, initial_c ("" for an absent optional input)
        String[] inputs = cell.equals("LSTM") && !initialC.isEmpty()
                ? new String[] {input, wName, rName, bName, sequenceLens, initialH, initialC}
                : initialH.isEmpty() ? new String[] {input, wName, rName, bName, sequenceLens}
                : new String[] {input, wName, rName, bName, sequenceLens, initialH};
        String[] outputs = yC == null ? new String[] {y, yH} : new String[] {y, yH, yC};
        NodeProto.Builder node = graph.node(opType, inputs, outputs)
                .addAttribute(OnnxGraph.integer("hidden_size", hidden))
                .addAttribute(OnnxGraph.string("direction", dirs == 2 ? "bidirectional" : "forward"));
        if (cell.equals("GRU")) {
            node.addAttribute(OnnxGraph.integer("linear_before_reset", 1));
        } else if (opType.equals("RNN")) {
            String activation = cell.equals("RNN_RELU") ? "Relu" : "Tanh";
            node.addAttribute(dirs == 2 ? OnnxGraph.strings("activations", activation, activation)
                    : OnnxGraph.strings("activations", activation));
        }
        return new LayerOutputs(y, yH, yC);
    }

    /** Y (T, D, B, H) -> (T, B, D, H) -> (T, B, D·H), the next layer's input. */
    private static String stepsBatchFeatures(OnnxGraph graph, String y) {
        String transposed = graph.op("Transpose", "perm", new long[] {0, 2, 1, 3}, y);
        return graph.op("Reshape", transposed, graph.longs(graph.fresh("shape_t_b_dh"), new long[] {0, 0, -1}, 3));
    }

    /** The layers' (D, B, H) states stacked along axis 0: (L·D, B, H). */
    private static String concatLayers(OnnxGraph graph, String[] states) {
        if (states.length == 1) {
            return states[0];
        }
        String out = graph.fresh("concat_layers");
        graph.node("Concat", states, out).addAttribute(OnnxGraph.integer("axis", 0));
        return out;
    }

    /**
     * Copies a PyTorch-stacked (G·H, cols) matrix (or (G·H) vector with cols 1) into {@code out}
     * at {@code offset}, gate block {@code order[k]} of the source becoming block k.
     */
    private static void reorder(float[] source, int[] order, int hidden, int cols, float[] out, int offset) {
        int block = hidden * cols;
        for (int k = 0; k < order.length; k++) {
            System.arraycopy(source, order[k] * block, out, offset + k * block, block);
        }
    }
}
