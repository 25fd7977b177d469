package dev.rnn4j.qa;

import dev.rnn4j.nn.Embedding;
import dev.rnn4j.nn.Losses;
import dev.rnn4j.tensor.DType;
import dev.rnn4j.tensor.Mask;
import dev.rnn4j.tensor.Ops;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.SoftmaxOps;
import dev.rnn4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.rnn4j.qa.FiniteDifferences.check;
import static dev.rnn4j.qa.FiniteDifferences.random;
import static dev.rnn4j.qa.FiniteDifferences.weights;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finite differences in float64 against autograd for the question-answering layers (positional encoding,
 * attention gate, attention GRU) and for both whole networks on a padded batch, each also with one fact of one
 * word and a batch of one; and the fused attention gate and GRU against their equations built from
 * {@code Ops}.
 */
class QaGradientTest {

    @Test
    void positionalEncodingWeightsFollowTheFormula() {
        // M = 2 words, D = 2: l_jd = (1 − j/M) − (d/D)(1 − 2j/M)
        Tensor l = PositionalEncoding.weights(new int[] {2}, 3, 2, DType.F64);
        assertEquals(0.5 - 0.5 * 0.0, l.getFlat(0), 1e-12);   // j 1, d 1
        assertEquals(0.5 - 1.0 * 0.0, l.getFlat(1), 1e-12);   // j 1, d 2
        assertEquals(0.0 - 0.5 * -1.0, l.getFlat(2), 1e-12);  // j 2, d 1
        assertEquals(0.0 - 1.0 * -1.0, l.getFlat(3), 1e-12);  // j 2, d 2
        assertEquals(0.0, l.getFlat(4), 0.0, "past the sentence's length");
    }

    @Test
    void positionalEncodingGradient() {
        for (int[] counts : new int[][] {{3, 1, 0}, {1}}) {
            int w = counts.length == 1 ? 1 : 3;
            Tensor words = random(1, counts.length, w, 4);                     // (N, W, D)
            Tensor r = weights(2, counts.length, 4);
            Map<String, Tensor> leaves = Map.of("words", words);
            check(() -> Ops.sumAll(Ops.mul(PositionalEncoding.encode(words, counts), r)), leaves);
        }
    }

    /** Looking up and encoding in one operation equals the lookup followed by {@link PositionalEncoding#encode}. */
    @Test
    void positionalEncodingOfWordIdsMatchesEncodingTheLookedUpVectors() {
        int[] ids = {4, 5, 6, 1, 0, 0, 7, 4, 0};                                 // (N 3, W 3); 0 is padding
        int[] counts = {3, 1, 2};
        for (DType dtype : new DType[] {DType.F64, DType.F32}) {
            Embedding embedding = new Embedding(9, 4, QaVocabulary.PAD, new Rng(40));
            embedding.to(dtype);
            Tensor r = weights(41, 3, 4).to(dtype);
            Tensor fused = PositionalEncoding.encodeWords(embedding.weight(), ids, counts, QaVocabulary.PAD);
            Ops.sumAll(Ops.mul(fused, r)).backward();
            double[] fusedGrad = embedding.weight().grad().toDoubleArray();
            embedding.weight().clearGrad();
            Tensor reference = PositionalEncoding.encode(embedding.forward(ids, 3, 3), counts);
            Ops.sumAll(Ops.mul(reference, r)).backward();
            double tolerance = dtype == DType.F64 ? 1e-12 : 1e-6;
            assertArrayEquals(reference.toDoubleArray(), fused.toDoubleArray(), tolerance, dtype.toString());
            assertArrayEquals(embedding.weight().grad().toDoubleArray(), fusedGrad, tolerance, dtype.toString());
        }
        Embedding embedding = new Embedding(9, 4, QaVocabulary.PAD, new Rng(42));
        embedding.to(DType.F64);
        Tensor r = weights(43, 3, 4);
        check(() -> Ops.sumAll(Ops.mul(PositionalEncoding.encodeWords(embedding.weight(), ids, counts,
                QaVocabulary.PAD), r)), Map.of("embedding", embedding.weight()));
        check(() -> Ops.sumAll(Ops.mul(PositionalEncoding.encodeWords(embedding.weight(), new int[] {5},
                new int[] {1}, QaVocabulary.PAD), weights(44, 1, 4))), Map.of("embedding", embedding.weight()));
        assertThrows(IllegalArgumentException.class,
                () -> PositionalEncoding.encodeWords(embedding.weight(), new int[] {9}, new int[] {1}, 0));
        assertThrows(IllegalArgumentException.class,
                () -> PositionalEncoding.encodeWords(embedding.weight(), new int[] {4, 4}, new int[] {3}, 0));
    }

    @Test
    void attentionGateGradientWithPaddingFacts() {
        AttentionGate gate = new AttentionGate(3, new Rng(3));
        gate.to(DType.F64);
        Tensor facts = random(4, 4, 2, 3);                                        // (F, B, H)
        Tensor q = random(5, 2, 3);
        Tensor m = random(6, 2, 3);
        Mask keep = Mask.fromLengths(new int[] {4, 2}, 4);
        Tensor r = weights(7, 2, 4);
        Map<String, Tensor> leaves = new LinkedHashMap<>(gate.namedParameters());
        leaves.put("facts", facts);
        leaves.put("q", q);
        leaves.put("m", m);
        check(() -> Ops.sumAll(Ops.mul(gate.forward(facts, q, m, keep), r)), leaves);
        Tensor g = gate.forward(facts, q, m, keep);
        assertEquals(0.0, g.getFlat(1 * 4 + 2), 0.0, "a padding fact gets no attention");
        assertEquals(1.0, g.getFlat(4) + g.getFlat(5), 1e-12);
    }

    @Test
    void attentionGruGradient() {
        for (int[] size : new int[][] {{3, 2}, {1, 1}}) {
            int f = size[0];
            int b = size[1];
            AttentionGru gru = new AttentionGru(3, 2, new Rng(8));
            gru.to(DType.F64);
            Tensor facts = random(9, f, b, 3);                                     // (F, B, I)
            Tensor scores = random(10, b, f);                                      // (B, F)
            int[] lengths = b == 2 ? new int[] {3, 2} : new int[] {1};
            Tensor r = weights(11, b, 2);
            Map<String, Tensor> leaves = new LinkedHashMap<>(gru.namedParameters());
            leaves.put("facts", facts);
            leaves.put("scores", scores);
            check(() -> {
                Tensor g = SoftmaxOps.softmax(scores, Mask.fromLengths(lengths, f));
                return Ops.sumAll(Ops.mul(gru.forward(gru.project(facts), g), r));
            }, leaves);
        }
    }

    /**
     * The fused recurrence against the same equations built from {@link Ops}, which autograd differentiates:
     * the final state and every gradient agree, in float64 to rounding and in float32 to float precision.
     */
    @Test
    void fusedAttentionGruMatchesTheRecurrenceBuiltFromOps() {
        for (DType dtype : new DType[] {DType.F64, DType.F32}) {
            for (int[] size : new int[][] {{5, 3, 4}, {1, 1, 1}, {13, 7, 3}}) {
                int f = size[0];
                int b = size[1];
                int h = size[2];
                AttentionGru gru = new AttentionGru(3, h, new Rng(20));
                gru.to(dtype);
                Tensor facts = random(21, f, b, 3).to(dtype);                      // (F, B, I)
                Tensor scores = random(22, b, f).to(dtype);                        // (B, F)
                Tensor r = weights(23, b, h).to(dtype);
                Map<String, Tensor> leaves = new LinkedHashMap<>(gru.namedParameters());
                leaves.put("facts", facts.requiresGrad(true));
                leaves.put("scores", scores.requiresGrad(true));
                double tolerance = dtype == DType.F64 ? 1e-12 : 2e-5;
                Map<String, double[]> fused = new LinkedHashMap<>();
                Map<String, double[]> reference = new LinkedHashMap<>();
                for (boolean useFused : new boolean[] {true, false}) {
                    leaves.values().forEach(Tensor::clearGrad);
                    Tensor g = SoftmaxOps.softmax(scores, Mask.fromLengths(lengths(b, f), f));
                    Tensor projected = gru.project(facts);
                    Tensor state = useFused ? gru.forward(projected, g) : referenceRun(gru, projected, g);
                    Ops.sumAll(Ops.mul(state, r)).backward();
                    Map<String, double[]> into = useFused ? fused : reference;
                    into.put("state", state.toDoubleArray());
                    leaves.forEach((name, t) -> into.put(name, t.grad().toDoubleArray()));
                }
                for (String name : fused.keySet()) {
                    double[] x = fused.get(name);
                    double[] y = reference.get(name);
                    for (int i = 0; i < x.length; i++) {
                        assertEquals(y[i], x[i], tolerance * Math.max(1, Math.abs(y[i])),
                                dtype + " " + f + "x" + b + "x" + h + " " + name + "[" + i + "]");
                    }
                }
            }
        }
    }

    /** The fused gate scores against the gate's equations built from {@link Ops}, as for the attention GRU. */
    @Test
    void fusedAttentionGateMatchesTheEquationsBuiltFromOps() {
        for (DType dtype : new DType[] {DType.F64, DType.F32}) {
            for (int[] size : new int[][] {{4, 3, 5}, {1, 1, 1}, {13, 7, 3}}) {
                int f = size[0];
                int b = size[1];
                int h = size[2];
                AttentionGate gate = new AttentionGate(h, new Rng(30));
                gate.to(dtype);
                Tensor facts = random(31, f, b, h).to(dtype).requiresGrad(true);
                Tensor q = random(32, b, h).to(dtype).requiresGrad(true);
                Tensor m = random(33, b, h).to(dtype).requiresGrad(true);
                Tensor r = weights(34, b, f).to(dtype);
                Mask keep = Mask.fromLengths(lengths(b, f), f);
                Map<String, Tensor> leaves = new LinkedHashMap<>(gate.namedParameters());
                leaves.put("facts", facts);
                leaves.put("q", q);
                leaves.put("m", m);
                double tolerance = dtype == DType.F64 ? 1e-12 : 2e-5;
                Map<String, double[]> fused = new LinkedHashMap<>();
                Map<String, double[]> reference = new LinkedHashMap<>();
                for (boolean useFused : new boolean[] {true, false}) {
                    leaves.values().forEach(Tensor::clearGrad);
                    Tensor g = useFused ? gate.forward(facts, q, m, keep) : referenceGate(gate, facts, q, m, keep);
                    Ops.sumAll(Ops.mul(g, r)).backward();
                    Map<String, double[]> into = useFused ? fused : reference;
                    into.put("attention", g.toDoubleArray());
                    leaves.forEach((name, t) -> into.put(name, t.grad().toDoubleArray()));
                }
                for (String name : fused.keySet()) {
                    double[] x = fused.get(name);
                    double[] y = reference.get(name);
                    for (int i = 0; i < x.length; i++) {
                        assertEquals(y[i], x[i], tolerance * Math.max(1, Math.abs(y[i])),
                                dtype + " " + f + "x" + b + "x" + h + " " + name + "[" + i + "]");
                    }
                }
            }
        }
    }

    /** The question as the first memory (DMN+'s first hop): both gradients land in one tensor. */
    @Test
    void attentionGateGradientWhenTheMemoryIsTheQuestion() {
        AttentionGate gate = new AttentionGate(3, new Rng(35));
        gate.to(DType.F64);
        Tensor facts = random(36, 3, 2, 3);
        Tensor q = random(37, 2, 3);
        Mask keep = Mask.fromLengths(new int[] {3, 1}, 3);
        Tensor r = weights(38, 2, 3);
        Map<String, Tensor> leaves = new LinkedHashMap<>(gate.namedParameters());
        leaves.put("facts", facts);
        leaves.put("q", q);
        check(() -> Ops.sumAll(Ops.mul(gate.forward(facts, q, q, keep), r)), leaves);
    }

    // the gate's equations on Ops: softmax(W2 tanh(W1 [f∘q; f∘m; |f−q|; |f−m|] + b1) + b2) over the kept facts
    private static Tensor referenceGate(AttentionGate gate, Tensor facts, Tensor q, Tensor m, Mask keep) {
        int f = facts.size(0);
        int b = facts.size(1);
        Tensor z = Ops.cat(List.of(Ops.mul(facts, q), Ops.mul(facts, m), Ops.abs(Ops.sub(facts, q)),
                Ops.abs(Ops.sub(facts, m))), 2);                                          // (F, B, 4H)
        Map<String, Tensor> p = gate.namedParameters();
        Tensor hidden = Ops.tanh(Ops.linear(z, p.get("hidden.weight"), p.get("hidden.bias")));   // (F, B, H)
        Tensor scores = Ops.linear(hidden, p.get("score.weight"), p.get("score.bias"));           // (F, B, 1)
        return SoftmaxOps.softmax(scores.reshape(f, b).transpose(0, 1), keep);           // (B, F)
    }

    // lengths F, F-1, ... (at least 1): some rows with padding facts of zero attention
    private static int[] lengths(int b, int f) {
        int[] out = new int[b];
        for (int i = 0; i < b; i++) {
            out[i] = Math.max(1, f - i);
        }
        return out;
    }

    // the attention GRU's equations step by step on Ops: h_i = h_{i-1} + g_i (n_i − h_{i-1})
    private static Tensor referenceRun(AttentionGru gru, Tensor projected, Tensor gates) {
        int f = projected.size(0);
        int b = projected.size(1);
        int h = gru.hiddenSize();
        Tensor state = Tensor.zeros(projected.dtype(), b, h);
        Tensor weightHh = gru.parameter("weight_hh");
        Tensor biasHh = gru.parameter("bias_hh");
        for (int i = 0; i < f; i++) {
            Tensor gi = projected.select(0, i);                               // (B, 2H)
            Tensor gh = Ops.linear(state, weightHh, biasHh);                  // (B, 2H)
            Tensor r = Ops.sigmoid(Ops.add(gi.narrow(1, 0, h), gh.narrow(1, 0, h)));
            Tensor n = Ops.tanh(Ops.add(gi.narrow(1, h, h), Ops.mul(r, gh.narrow(1, h, h))));
            Tensor g = gates.narrow(1, i, 1);                                 // (B, 1)
            state = Ops.add(state, Ops.mul(g, Ops.sub(n, state)));
        }
        return state;
    }

    @Test
    void aFactWithZeroAttentionLeavesTheStateUnchanged() {
        AttentionGru gru = new AttentionGru(2, 2, new Rng(12));
        Tensor facts = Tensor.of(new float[] {1, -1, 0.5f, 2}, 2, 1, 2);        // (F 2, B 1, I 2)
        Tensor first = gru.forward(gru.project(facts.narrow(0, 0, 1)), Tensor.of(new float[] {1}, 1, 1));
        Tensor both = gru.forward(gru.project(facts), Tensor.of(new float[] {1, 0}, 1, 2));
        assertEquals(first.getFlat(0), both.getFlat(0), 0.0);
        assertEquals(first.getFlat(1), both.getFlat(1), 0.0);
    }

    @Test
    void dynamicMemoryNetworkGradient() {
        checkNetwork(new QaConfig(QaConfig.DMN, 9, 4, 3, 3, 2, 0, 0), tinyBatch());
        checkNetwork(new QaConfig(QaConfig.DMN, 9, 4, 3, 3, 1, 0, 0), oneOfOne());
    }

    @Test
    void lstmReaderGradient() {
        checkNetwork(new QaConfig(QaConfig.LSTM, 9, 4, 3, 2, 1, 0, 0), tinyBatch());
        checkNetwork(new QaConfig(QaConfig.LSTM, 9, 4, 3, 2, 1, 0, 0), oneOfOne());
    }

    // two questions: 3 facts of up to 3 words, and 1 fact of 1 word (the other rows padding)
    private static QaBatch tinyBatch() {
        List<EncodedQuestion> q = new ArrayList<>();
        q.add(new EncodedQuestion(new int[][] {{3, 4, 5}, {6, 3}, {7}}, new int[] {8, 3}, 2, 1, 0));
        q.add(new EncodedQuestion(new int[][] {{5}}, new int[] {4}, 0, 1, 0));
        return QaBatch.of(q, new int[] {0, 1});
    }

    private static QaBatch oneOfOne() {
        return QaBatch.of(List.of(new EncodedQuestion(new int[][] {{5}}, new int[] {6}, 3, 1, 0)), new int[] {0});
    }

    private static void checkNetwork(QaConfig config, QaBatch batch) {
        QaNetwork network = QaNetwork.of(config, new Rng(13));
        network.to(DType.F64);
        Map<String, Tensor> leaves = new LinkedHashMap<>(network.namedParameters());
        double worst = check(() -> Losses.crossEntropy(network.forward(batch).logits(), batch.answers()), leaves);
        assertTrue(worst < 1e-6, config.model() + ": " + worst);
    }
}
