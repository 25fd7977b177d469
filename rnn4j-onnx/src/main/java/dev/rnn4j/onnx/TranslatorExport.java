package dev.rnn4j.onnx;

import dev.rnn4j.models.seq2seq.AttentionScore;
import dev.rnn4j.models.seq2seq.Seq2Seq;
import dev.rnn4j.models.seq2seq.Seq2SeqConfig;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.onnx.proto.OnnxProto.ModelProto;
import dev.rnn4j.onnx.proto.OnnxProto.TensorProto;
import dev.rnn4j.tensor.Tensor;
import dev.rnn4j.translate.TranslationModel;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A translation model's attention encoder-decoder as two ONNX graphs, one per file: the encoder,
 * run once per batch of sources, and one decoder step, run once per output token by the caller's
 * search (greedy, beam). Two plain models rather than one model with two graphs: an ONNX model has
 * one main graph, and any runtime loads each file as it is, with no convention for picking a graph.
 *
 * <p>The encoder graph. Inputs: {@code source_ids} int64 (source_steps, batch), time-major, the
 * source side's subword ids ending with {@code <eos>} (2) and padded with {@code <pad>} (0);
 * {@code source_lengths} int64 (batch), each in 1..source_steps, {@code <eos>} counted. Outputs,
 * every one named as the decoder step input it becomes:
 * <ul>
 *   <li>{@code encoder_outputs} float (batch, source_steps, 2·encoder_hidden): the bidirectional
 *       stack's last layer, batch-major, zero past each length;</li>
 *   <li>{@code attention_keys} float (batch, source_steps, decoder_hidden), additive and general
 *       scores only: the part of the score that depends on the source alone ({@code W_h h_j + b},
 *       {@code W h_j}), computed once as {@code Attention.prepare} does;</li>
 *   <li>{@code source_mask} bool (batch, source_steps): true at each source's valid positions;</li>
 *   <li>{@code hidden} float (batch, decoder_hidden): the decoder's first state
 *       {@code tanh(fc([h_fwd; h_bwd]))}; {@code cell} (LSTM decoder) and {@code attentional}
 *       (input feeding) float (batch, decoder_hidden), zeros.</li>
 * </ul>
 *
 * <p>The decoder step graph ({@link DecoderStepExport}) reads {@code previous} int64 (batch), the
 * previous token ({@code <sos>} (1) at the first step), and the encoder's outputs by name; it returns
 * {@code log_probs} (batch, target vocabulary), {@code attention} (batch, source_steps) and the next
 * state {@code next_hidden} (and {@code next_cell}, {@code next_attentional}) to feed back as
 * {@code hidden} (...). The rows of the state and of the encoder's outputs correspond one to one: a
 * beam search repeats or reorders the encoder's rows ({@code Gather} on axis 0) with its hypotheses.
 *
 * <p>Covered: GRU and LSTM encoders of any depth and decoders, Bahdanau and Luong layouts, additive,
 * general and dot scores, input feeding: every model {@link Seq2SeqConfig} admits. Int8 folders are
 * refused (export the float folder they were quantized from).
 */
final class TranslatorExport {

    /** The two graphs of a translation model. */
    record Graphs(ModelProto encoder, ModelProto decoderStep) {
    }

    private TranslatorExport() {
    }

    /**
     * The encoder and decoder step graphs of {@code model}'s network.
     *
     * @throws OnnxExportException for int8 layers
     */
    static Graphs export(TranslationModel model) {
        Seq2Seq network = model.network();
        OnnxExport.refuseInt8(network);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("rnn4j.task", TranslationModel.TASK);
        Seq2SeqConfig c = network.config();
        metadata.put("pad_id", Integer.toString(c.pad()));
        metadata.put("sos_id", Integer.toString(c.sos()));
        metadata.put("eos_id", Integer.toString(c.eos()));
        metadata.put("max_tokens", Integer.toString(model.maxTokens()));
        metadata.put("source_subwords", OnnxExport.jsonArray(model.sourceVocabulary().tokens()));
        metadata.put("target_subwords", OnnxExport.jsonArray(model.targetVocabulary().tokens()));
        return new Graphs(encoder(network, metadata), DecoderStepExport.export(network, metadata));
    }

    /** The parameter {@code name} of {@code network} ({@code encoder.fc.weight}, ...). */
    static Tensor parameter(Seq2Seq network, String name) {
        Tensor t = network.namedParameters().get(name);
        if (t == null) {
            throw new IllegalStateException("the translation network has no parameter '" + name + "'");
        }
        return t;
    }

    /** The recurrent layer {@code name} of {@code network} ({@code encoder.rnn}, {@code decoder.rnn}). */
    static RecurrentLayer recurrent(Seq2Seq network, String name) {
        if (network.namedModules().get(name) instanceof RecurrentLayer layer) {
            return layer;
        }
        throw new IllegalStateException("the translation network has no recurrent layer '" + name + "'");
    }

    private static ModelProto encoder(Seq2Seq network, Map<String, String> metadata) {
        Seq2SeqConfig c = network.config();
        RecurrentLayer rnn = recurrent(network, "encoder.rnn");
        RecurrentExport.checkSupported(rnn, "encoder.rnn");
        int memory = c.memorySize();
        int hidden = c.decoderHidden();
        OnnxGraph graph = new OnnxGraph("rnn4j_translation_encoder");
        graph.input(OnnxGraph.value("source_ids", TensorProto.DataType.INT64, "source_steps", "batch"));
        graph.input(OnnxGraph.value("source_lengths", TensorProto.DataType.INT64, "batch"));
        String lens32 = graph.fresh("lengths_int32");
        graph.node("Cast", new String[] {"source_lengths"}, lens32).addAttribute(OnnxGraph.integer("to",
                TensorProto.DataType.INT32.getNumber()));
        String table = graph.floats("encoder_embedding", parameter(network, "encoder.embedding.weight")
                .toFloatArray(), c.srcVocab(), c.embeddingDim());
        String embedded = graph.op("Gather", table, "source_ids"); // (S, B, E)
        RecurrentExport.Outputs r = RecurrentExport.add(graph, rnn, "encoder_rnn", embedded, lens32);

        // the last layer's final states (2, B, H) -> (B, 2, H) -> (B, 2H): [h_fwd; h_bwd]
        String batchFirst = graph.op("Transpose", "perm", new long[] {1, 0, 2}, r.lastStates());
        String finalStates = graph.op("Reshape", batchFirst, graph.longs("shape_b_2h", new long[] {0, -1}, 2));
        String projected = graph.fresh("fc");
        graph.node("Gemm", new String[] {finalStates,
                graph.floats("encoder_fc_weight", parameter(network, "encoder.fc.weight").toFloatArray(), hidden,
                        memory),
                graph.floats("encoder_fc_bias", parameter(network, "encoder.fc.bias").toFloatArray(), hidden)},
                projected).addAttribute(OnnxGraph.integer("transB", 1));
        graph.node("Tanh", new String[] {projected}, "hidden");

        // source_mask (B, S): position < length
        String steps = graph.op("Gather", graph.op("Shape", "source_ids"), graph.longs("scalar_zero", new long[] {0}));
        String range = graph.op("Range", "scalar_zero", steps, graph.longs("scalar_one", new long[] {1})); // (S)
        String row = graph.op("Unsqueeze", range, graph.longs("axes_zero", new long[] {0}, 1)); // (1, S)
        String axesOne = graph.longs("axes_one", new long[] {1}, 1);
        String column = graph.op("Unsqueeze", "source_lengths", axesOne); // (B, 1)
        graph.node("Less", new String[] {row, column}, "source_mask");

        // encoder_outputs (S, B, 2H) -> (B, S, 2H), times the mask so that padded positions are 0
        String maskFloat = graph.fresh("mask_float");
        graph.node("Cast", new String[] {"source_mask"}, maskFloat).addAttribute(OnnxGraph.integer("to",
                TensorProto.DataType.FLOAT.getNumber()));
        String maskColumn = graph.op("Unsqueeze", maskFloat, graph.longs("axes_two", new long[] {2}, 1)); // (B, S, 1)
        String outputs = graph.op("Transpose", "perm", new long[] {1, 0, 2}, r.sequence());
        graph.node("Mul", new String[] {outputs, maskColumn}, "encoder_outputs");

        graph.output(OnnxGraph.value("encoder_outputs", TensorProto.DataType.FLOAT, "batch", "source_steps",
                (long) memory));
        if (c.score() == AttentionScore.ADDITIVE) {
            graph.node("Add", new String[] {graph.op("MatMul", "encoder_outputs", keyWeight(graph, network)),
                    graph.floats("attention_key_bias", parameter(network, "decoder.attention.attn.bias")
                            .toFloatArray(), hidden)}, "attention_keys");
        } else if (c.score() == AttentionScore.GENERAL) {
            graph.node("MatMul", new String[] {"encoder_outputs", keyWeight(graph, network)}, "attention_keys");
        }
        if (c.score() != AttentionScore.DOT) {
            graph.output(OnnxGraph.value("attention_keys", TensorProto.DataType.FLOAT, "batch", "source_steps",
                    (long) hidden));
        }
        graph.output(OnnxGraph.value("source_mask", TensorProto.DataType.BOOL, "batch", "source_steps"));
        graph.output(OnnxGraph.value("hidden", TensorProto.DataType.FLOAT, "batch", (long) hidden));
        if (DecoderStepExport.hasCell(c)) {
            graph.node("ConstantOfShape", new String[] {graph.op("Shape", "hidden")}, "cell");
            graph.output(OnnxGraph.value("cell", TensorProto.DataType.FLOAT, "batch", (long) hidden));
        }
        if (c.inputFeeding()) {
            graph.node("ConstantOfShape", new String[] {graph.op("Shape", "hidden")}, "attentional");
            graph.output(OnnxGraph.value("attentional", TensorProto.DataType.FLOAT, "batch", (long) hidden));
        }
        String doc = String.format(Locale.ROOT, "rnn4j translation encoder: bidirectional %s, %d layer(s) of %d per"
                        + " direction, embedding %d, %d source subwords; inputs source_ids (source_steps, batch) and"
                        + " source_lengths (batch), outputs the decoder step's inputs but previous",
                c.encoderCell(), c.encoderLayers(), c.encoderHidden(), c.embeddingDim(), c.srcVocab());
        return graph.model(doc, metadata);
    }

    /**
     * The (V, Q) matrix that maps an encoder output to its key: the memory columns [Q, Q + V) of the
     * additive {@code attn.weight} (Q, Q + V), or the general {@code attn.weight} (Q, V), transposed.
     */
    private static String keyWeight(OnnxGraph graph, Seq2Seq network) {
        Seq2SeqConfig c = network.config();
        int q = c.decoderHidden();
        int v = c.memorySize();
        float[] w = parameter(network, "decoder.attention.attn.weight").toFloatArray();
        int columns = c.score() == AttentionScore.ADDITIVE ? q + v : v;
        int first = c.score() == AttentionScore.ADDITIVE ? q : 0;
        float[] t = new float[v * q];
        for (int o = 0; o < q; o++) {
            for (int i = 0; i < v; i++) {
                t[i * q + o] = w[o * columns + first + i];
            }
        }
        return graph.floats("attention_key_weight_t", t, v, q);
    }
}
