package dev.rnn4j.onnx;

import dev.rnn4j.models.seq2seq.AttentionScore;
import dev.rnn4j.models.seq2seq.DecoderStyle;
import dev.rnn4j.models.seq2seq.Seq2Seq;
import dev.rnn4j.models.seq2seq.Seq2SeqConfig;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.onnx.proto.OnnxProto.ModelProto;
import dev.rnn4j.onnx.proto.OnnxProto.TensorProto;
import dev.rnn4j.recurrent.CellType;

import java.util.Locale;
import java.util.Map;

/**
 * One step of a translation model's decoder as an ONNX graph: {@code Decoder.step} followed by the
 * log-softmax of {@code Seq2Seq.step}, for B rows at once.
 *
 * <p>Inputs: {@code previous} int64 (batch); the state {@code hidden} float (batch, H), with an
 * LSTM decoder {@code cell}, with input feeding {@code attentional}; the encoder graph's
 * {@code encoder_outputs} (batch, source_steps, V), {@code attention_keys} (batch, source_steps, H)
 * for additive and general scores, and {@code source_mask} bool (batch, source_steps). Outputs:
 * {@code log_probs} (batch, target vocabulary), {@code attention} (batch, source_steps), 0 past each
 * source's length, and {@code next_hidden} (with {@code next_cell}, {@code next_attentional}).
 *
 * <p>With e = embedding(previous):
 * <ul>
 *   <li>Bahdanau: (a, ctx) = attention(hidden); h' = cell([e; ctx], hidden);
 *       logits = fc_out([h'; ctx; e]);</li>
 *   <li>Luong: h' = cell(e, hidden) (input feeding: cell([e; attentional], hidden));
 *       (a, ctx) = attention(h'); h̃ = tanh(concat([h'; ctx])); logits = fc_out(h̃); h̃ is
 *       {@code next_attentional}.</li>
 * </ul>
 * The cell is one step of ONNX's {@code GRU} (with {@code linear_before_reset}) or {@code LSTM}
 * ({@link RecurrentExport#layer}). Attention scores q against each position j: additive
 * {@code v · tanh(keys_j + W_q q)}, general {@code keys_j · q}, dot {@code h_j · q}; masked positions
 * take −10¹⁰ before the softmax over the source ({@code masked_fill} as the model does), so their
 * weight is exactly 0; the context is the weighted sum of {@code encoder_outputs}.
 */
final class DecoderStepExport {

    private DecoderStepExport() {
    }

    /** Whether the decoder carries an LSTM cell state. */
    static boolean hasCell(Seq2SeqConfig c) {
        return c.decoderCell() == CellType.LSTM;
    }

    /** The decoder step graph of {@code network}, with {@code metadata} as its properties. */
    static ModelProto export(Seq2Seq network, Map<String, String> metadata) {
        Seq2SeqConfig c = network.config();
        RecurrentLayer rnn = TranslatorExport.recurrent(network, "decoder.rnn");
        RecurrentExport.checkSupported(rnn, "decoder.rnn");
        int hidden = c.decoderHidden();
        int memory = c.memorySize();
        boolean luong = c.style() == DecoderStyle.LUONG;
        boolean cell = hasCell(c);
        OnnxGraph graph = new OnnxGraph("rnn4j_translation_decoder_step");
        graph.input(OnnxGraph.value("previous", TensorProto.DataType.INT64, "batch"));
        graph.input(OnnxGraph.value("hidden", TensorProto.DataType.FLOAT, "batch", (long) hidden));
        if (cell) {
            graph.input(OnnxGraph.value("cell", TensorProto.DataType.FLOAT, "batch", (long) hidden));
        }
        if (c.inputFeeding()) {
            graph.input(OnnxGraph.value("attentional", TensorProto.DataType.FLOAT, "batch", (long) hidden));
        }
        graph.input(OnnxGraph.value("encoder_outputs", TensorProto.DataType.FLOAT, "batch", "source_steps",
                (long) memory));
        if (c.score() != AttentionScore.DOT) {
            graph.input(OnnxGraph.value("attention_keys", TensorProto.DataType.FLOAT, "batch", "source_steps",
                    (long) hidden));
        }
        graph.input(OnnxGraph.value("source_mask", TensorProto.DataType.BOOL, "batch", "source_steps"));
        Axes axes = new Axes(graph);

        String table = graph.floats("decoder_embedding", TranslatorExport.parameter(network,
                "decoder.embedding.weight").toFloatArray(), c.trgVocab(), c.embeddingDim());
        String embedded = graph.op("Gather", table, "previous"); // (B, E)
        String features;
        String weights;
        String nextHidden;
        String nextCell;
        if (luong) {
            String input = c.inputFeeding() ? concat(graph, embedded, "attentional") : embedded;
            String[] state = cellStep(graph, rnn, axes, input, cell);
            nextHidden = state[0];
            nextCell = state[1];
            String[] read = attend(graph, network, axes, nextHidden);
            weights = read[0];
            String concatWeight = graph.floats("concat_weight", TranslatorExport.parameter(network,
                    "decoder.concat.weight").toFloatArray(), hidden, hidden + memory);
            String concatBias = graph.floats("concat_bias", TranslatorExport.parameter(network,
                    "decoder.concat.bias").toFloatArray(), hidden);
            String projected = graph.fresh("concat");
            graph.node("Gemm", new String[] {concat(graph, nextHidden, read[1]), concatWeight, concatBias}, projected)
                    .addAttribute(OnnxGraph.integer("transB", 1));
            features = graph.op("Tanh", projected); // h̃ (B, H)
        } else {
            String[] read = attend(graph, network, axes, "hidden");
            weights = read[0];
            String[] state = cellStep(graph, rnn, axes, concat(graph, embedded, read[1]), cell);
            nextHidden = state[0];
            nextCell = state[1];
            features = concat(graph, nextHidden, read[1], embedded); // (B, H + V + E)
        }
        int featureSize = luong ? hidden : hidden + memory + c.embeddingDim();
        String logits = graph.fresh("logits");
        graph.node("Gemm", new String[] {features,
                graph.floats("fc_out_weight", TranslatorExport.parameter(network, "decoder.fc_out.weight")
                        .toFloatArray(), c.trgVocab(), featureSize),
                graph.floats("fc_out_bias", TranslatorExport.parameter(network, "decoder.fc_out.bias")
                        .toFloatArray(), c.trgVocab())}, logits).addAttribute(OnnxGraph.integer("transB", 1));
        graph.node("LogSoftmax", new String[] {logits}, "log_probs").addAttribute(OnnxGraph.integer("axis", 1));
        graph.node("Identity", new String[] {weights}, "attention");
        graph.node("Identity", new String[] {nextHidden}, "next_hidden");

        graph.output(OnnxGraph.value("log_probs", TensorProto.DataType.FLOAT, "batch", (long) c.trgVocab()));
        graph.output(OnnxGraph.value("attention", TensorProto.DataType.FLOAT, "batch", "source_steps"));
        graph.output(OnnxGraph.value("next_hidden", TensorProto.DataType.FLOAT, "batch", (long) hidden));
        if (cell) {
            graph.node("Identity", new String[] {nextCell}, "next_cell");
            graph.output(OnnxGraph.value("next_cell", TensorProto.DataType.FLOAT, "batch", (long) hidden));
        }
        if (c.inputFeeding()) {
            graph.node("Identity", new String[] {features}, "next_attentional");
            graph.output(OnnxGraph.value("next_attentional", TensorProto.DataType.FLOAT, "batch", (long) hidden));
        }
        String doc = String.format(Locale.ROOT, "rnn4j translation decoder step: %s %d, %s layout, %s attention%s,"
                        + " %d target subwords; inputs previous (batch), the state and the encoder's outputs,"
                        + " outputs log_probs (batch, %d), attention and the next state", c.decoderCell(), hidden,
                c.style().name().toLowerCase(Locale.ROOT), c.score().name().toLowerCase(Locale.ROOT),
                c.inputFeeding() ? " with input feeding" : "", c.trgVocab(), c.trgVocab());
        return graph.model(doc, metadata);
    }

    /** The int64 axes initializers the step's Squeeze and Unsqueeze nodes read. */
    private record Axes(String zero, String one, String two) {
        Axes(OnnxGraph graph) {
            this(graph.longs("axes_zero", new long[] {0}, 1), graph.longs("axes_one", new long[] {1}, 1),
                    graph.longs("axes_two", new long[] {2}, 1));
        }
    }

    /** {@code parts} (B, ·) concatenated along axis 1. */
    private static String concat(OnnxGraph graph, String... parts) {
        String out = graph.fresh("concat_features");
        graph.node("Concat", parts, out).addAttribute(OnnxGraph.integer("axis", 1));
        return out;
    }

    /**
     * One cell step from the graph's state inputs over {@code input} (B, I): {next hidden (B, H),
     * next cell (B, H) or null}.
     */
    private static String[] cellStep(OnnxGraph graph, RecurrentLayer rnn, Axes axes, String input, boolean cell) {
        String x = graph.op("Unsqueeze", input, axes.zero()); // (1, B, I): one step
        String h0 = graph.op("Unsqueeze", "hidden", axes.zero()); // (1, B, H): one direction
        String c0 = cell ? graph.op("Unsqueeze", "cell", axes.zero()) : "";
        RecurrentExport.LayerOutputs out = RecurrentExport.layer(graph, rnn, 0, "decoder_rnn", x, "", h0, c0, cell);
        String h = graph.op("Squeeze", out.lastHidden(), axes.zero());
        return new String[] {h, cell ? graph.op("Squeeze", out.lastCell(), axes.zero()) : null};
    }

    /** One attention read of {@code query} (B, H): {weights (B, S), context (B, V)}. */
    private static String[] attend(OnnxGraph graph, Seq2Seq network, Axes axes, String query) {
        Seq2SeqConfig c = network.config();
        int q = c.decoderHidden();
        String scores; // (B, S)
        if (c.score() == AttentionScore.ADDITIVE) {
            // W_q q: the query columns [0, Q) of attn.weight (Q, Q + V), stored transposed for MatMul
            float[] w = TranslatorExport.parameter(network, "decoder.attention.attn.weight").toFloatArray();
            int columns = q + c.memorySize();
            float[] t = new float[q * q];
            for (int o = 0; o < q; o++) {
                for (int i = 0; i < q; i++) {
                    t[i * q + o] = w[o * columns + i];
                }
            }
            String projected = graph.op("MatMul", query, graph.floats("attention_query_weight_t", t, q, q)); // (B, Q)
            String energies = graph.op("Tanh", graph.op("Add", "attention_keys",
                    graph.op("Unsqueeze", projected, axes.one()))); // (B, S, Q)
            String v = graph.floats("attention_v_t", TranslatorExport.parameter(network, "decoder.attention.v.weight")
                    .toFloatArray(), q, 1); // v.weight (1, Q) transposed is (Q, 1): the same values
            scores = graph.op("Squeeze", graph.op("MatMul", energies, v), axes.two());
        } else {
            String keys = c.score() == AttentionScore.GENERAL ? "attention_keys" : "encoder_outputs";
            String column = graph.op("Unsqueeze", query, axes.two()); // (B, Q, 1)
            scores = graph.op("Squeeze", graph.op("MatMul", keys, column), axes.two());
        }
        String masked = graph.op("Where", "source_mask", scores, graph.floats("masked_score", new float[] {-1e10f}));
        String weights = graph.fresh("attention_weights");
        graph.node("Softmax", new String[] {masked}, weights).addAttribute(OnnxGraph.integer("axis", 1));
        String row = graph.op("Unsqueeze", weights, axes.one()); // (B, 1, S)
        String context = graph.op("Squeeze", graph.op("MatMul", row, "encoder_outputs"), axes.one()); // (B, V)
        return new String[] {weights, context};
    }
}
