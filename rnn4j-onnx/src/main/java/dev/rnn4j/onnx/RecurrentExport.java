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
 * a reshape; dropout between layers is a training-time operation and has no node. Every node
 * takes {@code sequence_lens}, so padded steps never reach a state and the final states
 * {@code Y_h} are those at each row's last valid step (step 0 for the reverse direction).
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
        String x = input;
        String lastStates = null;
        for (int layer = 0; layer < rnn.numLayers(); layer++) {
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
                    reorder(params.get("bias_hh" + suffix).toFloatArray(), order, hidden, 1, b,
                            offset + gates * hidden);
                }
            }
            String name = prefix + "_l" + layer;
            String wName = graph.floats(name + "_W", w, dirs, (long) gates * hidden, in);
            String rName = graph.floats(name + "_R", r, dirs, (long) gates * hidden, hidden);
            String bName = graph.floats(name + "_B", b, dirs, 2L * gates * hidden);
            String y = graph.fresh(name + "_Y");
            String yH = graph.fresh(name + "_Y_h");
            String opType = cell.startsWith("RNN") ? "RNN" : cell;
            NodeProto.Builder node = graph.node(opType, new String[] {x, wName, rName, bName, sequenceLens}, y, yH)
                    .addAttribute(OnnxGraph.integer("hidden_size", hidden))
                    .addAttribute(OnnxGraph.string("direction", dirs == 2 ? "bidirectional" : "forward"));
            if (cell.equals("GRU")) {
                node.addAttribute(OnnxGraph.integer("linear_before_reset", 1));
            } else if (opType.equals("RNN")) {
                String activation = cell.equals("RNN_RELU") ? "Relu" : "Tanh";
                node.addAttribute(dirs == 2 ? OnnxGraph.strings("activations", activation, activation)
                        : OnnxGraph.strings("activations", activation));
            }
            // Y (T, D, B, H) -> (T, B, D, H) -> (T, B, D·H)
            String transposed = graph.op("Transpose", "perm", new long[] {0, 2, 1, 3}, y);
            x = graph.op("Reshape", transposed, graph.longs(graph.fresh("shape_t_b_dh"), new long[] {0, 0, -1}, 3));
            lastStates = yH;
        }
        return new Outputs(x, lastStates);
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
