package dev.rnn4j.onnx;

import dev.rnn4j.classify.TextClassifier;
import dev.rnn4j.models.Pooling;
import dev.rnn4j.models.SequenceClassifier;
import dev.rnn4j.onnx.proto.OnnxProto.ModelProto;
import dev.rnn4j.onnx.proto.OnnxProto.TensorProto;
import dev.rnn4j.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A text classifier's networks as one ONNX graph.
 *
 * <p>Inputs: {@code ids} int64 (batch, steps), token ids of {@code vocab.json} batch-first with
 * any id past a row's length; {@code lengths} int64 (batch), each in 1..steps. Outputs:
 * {@code logits} float (batch, classes), the mean of the ensemble's networks' logits, and
 * {@code probabilities} float (batch, classes), their softmax divided by the temperature. Both
 * axes are dynamic ({@code batch}, {@code steps}); the classes are in {@code labels.json}'s order,
 * also in the model's metadata under {@code labels}.
 *
 * <p>Each network is {@code Gather} (the embedding) → the recurrent stack ({@link RecurrentExport})
 * → the pooling → {@code Gemm} (the linear head). Poolings over the outputs use a (steps, batch, 1)
 * mask built from {@code lengths}: MEAN sums the masked outputs and divides by the length, MAX and
 * ATTENTION add −10⁹ at padded steps before the maximum or the softmax, as the network does.
 *
 * <p>The n-gram expert of the default classifier is a table lookup over the text's words and
 * characters, not a network, and has no ONNX form. A classifier with an expert (a weight above 0)
 * is refused unless {@code networksOnly} is set; then the export is the networks' part alone,
 * {@code softmax(mean logits)} at temperature 1, since the fitted temperature belongs to the
 * mixture. Without an expert, {@code probabilities} are the classifier's own.
 */
final class ClassifierExport {

    private ClassifierExport() {
    }

    /**
     * The ONNX model of {@code classifier}'s networks.
     *
     * @throws OnnxExportException for an n-gram expert without {@code networksOnly}, or a layer
     *     ONNX cannot express
     */
    static ModelProto export(TextClassifier classifier, boolean networksOnly) {
        boolean hasExpert = classifier.ngramExpert() != null && classifier.ngramExpert().weight() > 0;
        if (hasExpert && !networksOnly) {
            throw new OnnxExportException("this classifier adds an n-gram expert (weight "
                    + classifier.ngramExpert().weight() + ") to its networks' logits; the expert is a table over the"
                    + " text's n-grams, not a network, and has no ONNX form. Export the networks alone (rnn4j export"
                    + " --networks-only: their softmax at temperature 1) or train without it (--ngram-order 0)");
        }
        List<SequenceClassifier> networks = classifier.members();
        for (int k = 0; k < networks.size(); k++) {
            RecurrentExport.checkSupported(networks.get(k).rnn(), memberName(k, networks.size()) + "rnn");
        }
        int classes = classifier.labels().size();
        OnnxGraph graph = new OnnxGraph("rnn4j_classifier");
        graph.input(OnnxGraph.value("ids", TensorProto.DataType.INT64, "batch", "steps"));
        graph.input(OnnxGraph.value("lengths", TensorProto.DataType.INT64, "batch"));
        String lens32 = graph.fresh("lengths_int32");
        graph.node("Cast", new String[] {"lengths"}, lens32).addAttribute(OnnxGraph.integer("to",
                TensorProto.DataType.INT32.getNumber()));
        String mask = needsMask(networks.get(0).config().pooling()) ? stepMask(graph) : null;

        List<String> logits = new ArrayList<>();
        for (int k = 0; k < networks.size(); k++) {
            logits.add(network(graph, networks.get(k), "net" + k, lens32, mask));
        }
        String mean = logits.size() == 1 ? logits.get(0) : graph.op("Mul",
                graph.op("Sum", logits.toArray(String[]::new)),
                graph.floats("inverse_members", new float[] {1f / networks.size()}));
        graph.node("Identity", new String[] {mean}, "logits");
        double temperature = hasExpert ? 1.0 : classifier.temperature();
        String scaled = graph.op("Div", "logits", graph.floats("temperature", new float[] {(float) temperature}));
        graph.node("Softmax", new String[] {scaled}, "probabilities").addAttribute(OnnxGraph.integer("axis", 1));
        graph.output(OnnxGraph.value("logits", TensorProto.DataType.FLOAT, "batch", (long) classes));
        graph.output(OnnxGraph.value("probabilities", TensorProto.DataType.FLOAT, "batch", (long) classes));

        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("rnn4j.task", "classify");
        metadata.put("labels", OnnxExport.jsonArray(classifier.labels().labels()));
        metadata.put("temperature", Double.toString(temperature));
        metadata.put("outputs", hasExpert ? "networks only (the n-gram expert is not exported)"
                : "the whole classifier");
        String doc = String.format(Locale.ROOT, "rnn4j text classifier: %d %s network(s), %s pooling, %d classes;"
                        + " inputs ids (batch, steps) of vocab.json and lengths (batch)", networks.size(),
                networks.get(0).config().cell(), networks.get(0).config().pooling(), classes);
        return graph.model(doc, metadata);
    }

    private static String memberName(int k, int members) {
        return members == 1 ? "" : "member " + k + " ";
    }

    private static boolean needsMask(Pooling pooling) {
        return pooling != Pooling.LAST;
    }

    /** A float (steps, batch, 1) mask, 1 at each row's valid steps and 0 past its length. */
    private static String stepMask(OnnxGraph graph) {
        String shape = graph.op("Shape", "ids"); // (2): batch, steps
        String one = graph.longs("scalar_one", new long[] {1}); // a scalar: no dims
        String steps = graph.op("Gather", shape, one); // a scalar: T
        String range = graph.op("Range", graph.longs("scalar_zero", new long[] {0}), steps, one); // (T)
        String row = graph.op("Unsqueeze", range, graph.longs("axes_zero", new long[] {0}, 1)); // (1, T)
        String column = graph.op("Unsqueeze", "lengths", graph.longs("axes_one", new long[] {1}, 1)); // (B, 1)
        String valid = graph.op("Less", row, column); // (B, T) bool
        String asFloat = graph.fresh("mask_float");
        graph.node("Cast", new String[] {valid}, asFloat).addAttribute(OnnxGraph.integer("to",
                TensorProto.DataType.FLOAT.getNumber()));
        String stepsFirst = graph.op("Transpose", "perm", new long[] {1, 0}, asFloat); // (T, B)
        return graph.op("Unsqueeze", stepsFirst, graph.longs("axes_two", new long[] {2}, 1)); // (T, B, 1)
    }

    /** Adds one network reading the graph inputs and returns the name of its logits (B, C). */
    private static String network(OnnxGraph graph, SequenceClassifier network, String prefix, String lens32,
                                  String mask) {
        Map<String, Tensor> p = network.namedParameters();
        SequenceClassifier.Config c = network.config();
        String table = graph.floats(prefix + "_embedding", p.get("embedding.weight").toFloatArray(), c.vocabSize(),
                c.embeddingDim());
        String embedded = graph.op("Gather", table, "ids"); // (B, T, E)
        String stepsFirst = graph.op("Transpose", "perm", new long[] {1, 0, 2}, embedded); // (T, B, E)
        RecurrentExport.Outputs r = RecurrentExport.add(graph, network.rnn(), prefix + "_rnn", stepsFirst, lens32);
        int features = c.hiddenSize() * (c.bidirectional() ? 2 : 1);
        String pooled = switch (c.pooling()) {
            case LAST -> {
                // Y_h (D, B, H) -> (B, D, H) -> (B, D·H): forward then reverse, as the network concatenates
                String batchFirst = graph.op("Transpose", "perm", new long[] {1, 0, 2}, r.lastStates());
                yield graph.op("Reshape", batchFirst, graph.longs(graph.fresh("shape_b_dh"), new long[] {0, -1}, 2));
            }
            case MEAN -> {
                String masked = graph.op("Mul", r.sequence(), mask);
                String sum = reduceSumSteps(graph, masked); // (B, F)
                String lengthsFloat = graph.fresh("lengths_float");
                graph.node("Cast", new String[] {"lengths"}, lengthsFloat).addAttribute(OnnxGraph.integer("to",
                        TensorProto.DataType.FLOAT.getNumber()));
                yield graph.op("Div", sum, graph.op("Unsqueeze", lengthsFloat, "axes_one"));
            }
            case MAX -> {
                String out = graph.fresh("reducemax");
                graph.node("ReduceMax", new String[] {graph.op("Add", r.sequence(), paddingBias(graph, mask))}, out)
                        .addAttribute(OnnxGraph.ints("axes", 0)).addAttribute(OnnxGraph.integer("keepdims", 0));
                yield out;
            }
            case ATTENTION -> {
                String projected = graph.op("Add", graph.op("MatMul", r.sequence(), transposed(graph,
                        prefix + "_attention_weight_t", p.get("attention.weight"), features, features)),
                        graph.floats(prefix + "_attention_bias", p.get("attention.bias").toFloatArray(), features));
                String scores = graph.op("MatMul", graph.op("Tanh", projected), transposed(graph,
                        prefix + "_attention_score_t", p.get("attention_score.weight"), 1, features)); // (T, B, 1)
                String weights = graph.fresh("attention_weights");
                graph.node("Softmax", new String[] {graph.op("Add", scores, paddingBias(graph, mask))}, weights)
                        .addAttribute(OnnxGraph.integer("axis", 0));
                yield reduceSumSteps(graph, graph.op("Mul", r.sequence(), weights));
            }
        };
        String fcWeight = graph.floats(prefix + "_fc_weight", p.get("fc.weight").toFloatArray(), c.outputs(), features);
        String fcBias = graph.floats(prefix + "_fc_bias", p.get("fc.bias").toFloatArray(), c.outputs());
        String logits = graph.fresh(prefix + "_logits");
        graph.node("Gemm", new String[] {pooled, fcWeight, fcBias}, logits)
                .addAttribute(OnnxGraph.integer("transB", 1));
        return logits;
    }

    /** (T, B, F) summed over the steps: (B, F). */
    private static String reduceSumSteps(OnnxGraph graph, String input) {
        String out = graph.fresh("reducesum");
        graph.node("ReduceSum", new String[] {input, "axes_zero"}, out).addAttribute(OnnxGraph.integer("keepdims", 0));
        return out;
    }

    /** (mask − 1) · 10⁹: 0 at valid steps, −10⁹ past each length, (T, B, 1). */
    private static String paddingBias(OnnxGraph graph, String mask) {
        String minusOne = graph.op("Sub", mask, graph.floats(graph.fresh("one"), new float[] {1f}));
        return graph.op("Mul", minusOne, graph.floats(graph.fresh("big"), new float[] {1e9f}));
    }

    /** A Linear weight (out, in) stored transposed, (in, out), for {@code MatMul}. */
    private static String transposed(OnnxGraph graph, String name, Tensor weight, int out, int in) {
        float[] w = weight.toFloatArray();
        float[] t = new float[w.length];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                t[i * out + o] = w[o * in + i];
            }
        }
        return graph.floats(name, t, in, out);
    }
}
