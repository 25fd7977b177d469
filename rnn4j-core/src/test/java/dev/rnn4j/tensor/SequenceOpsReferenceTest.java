package dev.rnn4j.tensor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn4j.nn.Losses;
import dev.rnn4j.nn.Reduction;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The attention encoder-decoder's tensor operations against PyTorch 1.13 in float32: outputs and
 * the gradients of {@code Σ_k sum(outputs[k] · weights[k])}, for every case of
 * {@code ops/reference.json} (written by {@code tools/make_ops_reference.py}; see the README there),
 * within {@code |actual − expected| ≤ 1e-5 + 1e-4·|expected|}.
 */
class SequenceOpsReferenceTest {

    private static final double ATOL = 1e-5;
    private static final double RTOL = 1e-4;

    private static JsonNode cases() throws IOException {
        try (InputStream in = SequenceOpsReferenceTest.class.getResourceAsStream("/ops/reference.json")) {
            if (in == null) {
                throw new IllegalStateException("test resource /ops/reference.json is missing");
            }
            return new ObjectMapper().readTree(in).get("cases");
        }
    }

    @Test
    void everyOperationHasCases() throws IOException {
        List<String> ops = new ArrayList<>();
        for (JsonNode c : cases()) {
            ops.add(c.get("op").asText());
        }
        for (String op : List.of("bmm", "softmax", "log_softmax", "cross_entropy", "cat", "stack", "index_select",
                "narrow", "select", "expand", "unsqueeze", "squeeze", "add", "sub", "mul", "div", "tanh", "sum_dim",
                "additive_attention")) {
            assertTrue(ops.contains(op), "no reference case for " + op);
        }
        assertEquals(42, ops.size(), "cases in ops/reference.json");
    }

    @TestFactory
    List<DynamicTest> matchesPyTorch() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases()) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> check(c)));
        }
        return tests;
    }

    private static void check(JsonNode c) {
        String name = c.get("name").asText();
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = c.get("inputs").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            inputs.put(e.getKey(), tensor(e.getValue()).requiresGrad(true));
        }
        List<Tensor> outputs = run(c.get("op").asText(), c.get("params"), inputs);
        JsonNode expectedOutputs = c.get("outputs");
        assertEquals(expectedOutputs.size(), outputs.size(), name + ": number of outputs");
        Tensor total = null;
        for (int k = 0; k < outputs.size(); k++) {
            assertClose(tensor(expectedOutputs.get(k)), outputs.get(k), name + " output " + k);
            Tensor term = outputs.get(k).mul(tensor(c.get("weights").get(k))).sum();
            total = total == null ? term : total.add(term);
        }
        total.backward();
        for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
            Tensor grad = e.getValue().grad();
            Tensor actual = grad != null ? grad : e.getValue().zerosLike();
            assertClose(tensor(c.get("grads").get(e.getKey())), actual, name + " gradient of " + e.getKey());
        }
    }

    /** The rnn4j counterpart of each case's PyTorch computation (see run() in the generator). */
    private static List<Tensor> run(String op, JsonNode p, Map<String, Tensor> x) {
        return switch (op) {
            case "bmm" -> List.of(BatchOps.bmm(x.get("a"), x.get("b")));
            case "softmax" -> List.of(SoftmaxOps.softmax(x.get("input"), mask(p.get("mask"))));
            case "log_softmax" -> List.of(SoftmaxOps.logSoftmax(x.get("input"), mask(p.get("mask"))));
            case "cross_entropy" -> {
                Tensor weight = p.get("weight").isNull() ? null : Tensor.of(floats(p.get("weight")),
                        p.get("weight").size());
                Reduction reduction = Reduction.valueOf(p.get("reduction").asText().toUpperCase(Locale.ROOT));
                yield List.of(Losses.crossEntropy(x.get("logits"), ints(p.get("targets")), weight,
                        p.get("ignore_index").asInt(), p.get("label_smoothing").asDouble(), reduction));
            }
            case "cat" -> List.of(Tensor.cat(new ArrayList<>(x.values()), p.get("dim").asInt()));
            case "stack" -> List.of(Tensor.stack(new ArrayList<>(x.values()), p.get("dim").asInt()));
            case "index_select" -> List.of(x.get("input").indexSelect(p.get("dim").asInt(), ints(p.get("index"))));
            case "narrow" -> List.of(x.get("input").narrow(p.get("dim").asInt(), p.get("start").asInt(),
                    p.get("length").asInt()));
            case "select" -> List.of(x.get("input").select(p.get("dim").asInt(), p.get("index").asInt()));
            case "expand" -> List.of(x.get("input").expand(ints(p.get("shape"))));
            case "unsqueeze" -> List.of(x.get("input").unsqueeze(p.get("dim").asInt()));
            case "squeeze" -> List.of(x.get("input").squeeze(p.get("dim").asInt()));
            case "add" -> List.of(x.get("a").add(x.get("b")));
            case "sub" -> List.of(x.get("a").sub(x.get("b")));
            case "mul" -> List.of(x.get("a").mul(x.get("b")));
            case "div" -> List.of(x.get("a").div(x.get("b")));
            case "tanh" -> List.of(x.get("input").tanh());
            case "sum_dim" -> List.of(x.get("input").sum(p.get("dim").asInt()));
            case "additive_attention" -> additiveAttention(x, mask(p.get("mask")));
            default -> throw new AssertionError("no rnn4j counterpart for reference op " + op);
        };
    }

    /**
     * Bahdanau attention as the seq2seq golden cases lay it out: state (B, Hd), encoder outputs
     * (S, B, 2He) → weights (B, S) and context (B, 2He).
     */
    private static List<Tensor> additiveAttention(Map<String, Tensor> x, Mask mask) {
        Tensor state = x.get("state");
        Tensor enc = x.get("enc");
        int steps = enc.size(0);
        Tensor repeated = state.unsqueeze(1).expand(-1, steps, -1);                    // (B, S, Hd)
        Tensor batchMajor = enc.transpose(0, 1);                                        // (B, S, 2He)
        Tensor energy = Ops.linear(Tensor.cat(List.of(repeated, batchMajor), 2), x.get("attn_weight"),
                x.get("attn_bias")).tanh();                                             // (B, S, Hd)
        Tensor scores = Ops.linear(energy, x.get("v_weight"), null).squeeze(2);         // (B, S)
        Tensor weights = scores.softmax(mask);
        Tensor context = weights.unsqueeze(1).bmm(batchMajor).squeeze(1);               // (B, 2He)
        return List.of(weights, context);
    }

    private static Mask mask(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        JsonNode keep = node.get("keep");
        boolean[] values = new boolean[keep.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = keep.get(i).asInt() != 0;
        }
        return Mask.of(values, ints(node.get("shape")));
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    private static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }

    /** Decodes {"dtype": "F32", "shape", "bits"} (IEEE bits as hex) into a float32 tensor. */
    private static Tensor tensor(JsonNode node) {
        JsonNode bits = node.get("bits");
        float[] data = new float[bits.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = Float.intBitsToFloat(Integer.parseUnsignedInt(bits.get(i).asText(), 16));
        }
        return Tensor.of(data, ints(node.get("shape")));
    }

    private static void assertClose(Tensor expected, Tensor actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        for (int i = 0; i < expected.numel(); i++) {
            double e = expected.getFlat(i);
            double a = actual.getFlat(i);
            if (Double.isNaN(e) && Double.isNaN(a)) {
                continue;
            }
            if (!(Math.abs(a - e) <= ATOL + RTOL * Math.abs(e))) {
                fail(what + ": element " + i + " is " + a + ", PyTorch has " + e);
            }
        }
    }
}
