package dev.rnn4j.onnx;

import dev.rnn4j.lm.BpeVocabulary;
import dev.rnn4j.lm.CharVocabulary;
import dev.rnn4j.lm.LanguageModel;
import dev.rnn4j.lm.LanguageModelConfig;
import dev.rnn4j.lm.LanguageModelNetwork;
import dev.rnn4j.lm.TokenVocabulary;
import dev.rnn4j.onnx.proto.OnnxProto.ModelProto;
import dev.rnn4j.onnx.proto.OnnxProto.TensorProto;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A character language model's network as one ONNX graph, one window of the contiguous streams
 * that {@link LanguageModelNetwork#forward} reads.
 *
 * <p>Inputs: {@code ids} int64 (steps, batch), time-major, ids of the model's vocabulary (0 the
 * unknown symbol); {@code h0} float (layers, batch, hidden), the state carried from the previous
 * window (zeros to start); for an LSTM also {@code c0} float (layers, batch, hidden). Outputs:
 * {@code logits} float (steps, batch, vocabulary), the next character's scores at every position
 * (the network's (T·B, V) rows {@code t·B + b} as (T, B, V), the same numbers in the same order);
 * {@code hN} (layers, batch, hidden) and, for an LSTM, {@code cN}: the states to feed to the next
 * window. Steps and batch are dynamic.
 *
 * <p>The graph is {@code Gather} (the embedding) → one ONNX {@code LSTM}, {@code GRU} or
 * {@code RNN} node per layer ({@link RecurrentExport#addWithStates}), each starting from its rows of
 * {@code h0}/{@code c0} → {@code Gemm} (the decoder) over the (T·B, H) outputs. With tied weights the
 * decoder reads the embedding's initializer ({@code transB}), so the matrix is stored once. Dropout,
 * weight dropout and embedding dropout act only in training and have no node. Layer-normalised
 * cells have no ONNX operator and are refused, naming the layer.
 */
final class LanguageModelExport {

    private LanguageModelExport() {
    }

    /**
     * The ONNX model of {@code model}'s network.
     *
     * @throws OnnxExportException for int8 layers or a cell ONNX has no operator for
     */
    static ModelProto export(LanguageModel model) {
        return export(model.network(), tokens(model.vocabulary()));
    }

    /** The vocabulary's tokens by id: characters, or the BPE subwords' strings. */
    private static List<String> tokens(TokenVocabulary vocabulary) {
        if (vocabulary instanceof CharVocabulary chars) {
            return chars.symbols();
        }
        BpeVocabulary subwords = (BpeVocabulary) vocabulary;
        List<String> tokens = new ArrayList<>(subwords.size());
        for (int id = 0; id < subwords.size(); id++) {
            tokens.add(subwords.token(id));
        }
        return tokens;
    }

    /**
     * The ONNX model of {@code network}, whose ids are those of {@code symbols} (kept in the
     * model's metadata).
     *
     * @throws OnnxExportException for int8 layers or a cell ONNX has no operator for
     */
    static ModelProto export(LanguageModelNetwork network, List<String> symbols) {
        OnnxExport.refuseInt8(network);
        RecurrentExport.checkSupported(network.rnn(), "rnn");
        LanguageModelConfig c = network.config();
        boolean hasCell = network.rnn().cell().hasCellState();
        OnnxGraph graph = new OnnxGraph("rnn4j_language_model");
        graph.input(OnnxGraph.value("ids", TensorProto.DataType.INT64, "steps", "batch"));
        graph.input(OnnxGraph.value("h0", TensorProto.DataType.FLOAT, (long) c.layers(), "batch", (long) c.hidden()));
        if (hasCell) {
            graph.input(OnnxGraph.value("c0", TensorProto.DataType.FLOAT, (long) c.layers(), "batch",
                    (long) c.hidden()));
        }
        String table = graph.floats("encoder_weight", network.embeddingWeight().toFloatArray(), c.vocabulary(),
                c.embedding()); // (V, E)
        String embedded = graph.op("Gather", table, "ids"); // (T, B, E)
        RecurrentExport.StackOutputs r = RecurrentExport.addWithStates(graph, network.rnn(), "rnn", embedded, "",
                "h0", hasCell ? "c0" : null);
        String rows = graph.op("Reshape", r.sequence(), graph.longs("shape_rows_h", new long[] {-1, c.hidden()}, 2));
        String weight = c.tieWeights() ? table
                : graph.floats("decoder_weight", network.decoderWeight().toFloatArray(), c.vocabulary(), c.hidden());
        String bias = graph.floats("decoder_bias", network.decoderBias().toFloatArray(), c.vocabulary());
        String flatLogits = graph.fresh("logits_rows");
        graph.node("Gemm", new String[] {rows, weight, bias}, flatLogits)
                .addAttribute(OnnxGraph.integer("transB", 1)); // (T·B, V)
        String shape = graph.fresh("shape_t_b_v");
        graph.node("Concat", new String[] {graph.op("Shape", "ids"), graph.longs("minus_one", new long[] {-1}, 1)},
                shape).addAttribute(OnnxGraph.integer("axis", 0));
        graph.node("Reshape", new String[] {flatLogits, shape}, "logits"); // (T, B, V)
        graph.node("Identity", new String[] {r.hN()}, "hN");
        graph.output(OnnxGraph.value("logits", TensorProto.DataType.FLOAT, "steps", "batch", (long) c.vocabulary()));
        graph.output(OnnxGraph.value("hN", TensorProto.DataType.FLOAT, (long) c.layers(), "batch", (long) c.hidden()));
        if (hasCell) {
            graph.node("Identity", new String[] {r.cN()}, "cN");
            graph.output(OnnxGraph.value("cN", TensorProto.DataType.FLOAT, (long) c.layers(), "batch",
                    (long) c.hidden()));
        }

        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("rnn4j.task", LanguageModel.TASK);
        metadata.put("symbols", OnnxExport.jsonArray(symbols));
        metadata.put("unknown_id", "0");
        String doc = String.format(Locale.ROOT, "rnn4j language model: %s, %d layer(s) of %d, embedding %d%s,"
                        + " %d symbols; inputs ids (steps, batch) and h0%s (layers, batch, hidden), outputs logits"
                        + " (steps, batch, %d) and hN%s", c.cell(), c.layers(), c.hidden(), c.embedding(),
                c.tieWeights() ? " (tied)" : "", c.vocabulary(), hasCell ? ", c0" : "", c.vocabulary(),
                hasCell ? ", cN" : "");
        return graph.model(doc, metadata);
    }
}
