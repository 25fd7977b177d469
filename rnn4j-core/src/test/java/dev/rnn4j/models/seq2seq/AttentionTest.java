package dev.rnn4j.models.seq2seq;

import dev.rnn4j.tensor.DType;
import dev.rnn4j.tensor.Mask;
import dev.rnn4j.tensor.Ops;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.SoftmaxOps;
import dev.rnn4j.tensor.Tensor;
import dev.rnn4j.testkit.GradCheck;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fused attention read against the same attention written with the primitive operations, as
 * the PyTorch tutorials write it (repeat, cat, linear, tanh, masked_fill + softmax, bmm): values and
 * gradients in float64, the mask, and reading memory rows through a row map.
 */
class AttentionTest {

    private static final int BATCH = 3;
    private static final int STEPS = 4;
    private static final int QUERY = 3;
    private static final int MEMORY = 5;
    private static final int[] LENGTHS = {4, 1, 2};

    /** The composed reference: weights (B, S) and context (B, V). */
    private static Tensor[] composed(Attention attention, Tensor query, Tensor values, int[] lengths) {
        int batch = values.size(0);
        int steps = values.size(1);
        Tensor scores = switch (attention.score()) {
            case ADDITIVE -> {
                Tensor repeated = query.unsqueeze(1).expand(batch, steps, QUERY); // (B, S, Q)
                Tensor energy = Ops.linear(Tensor.cat(List.of(repeated, values), 2),
                        attention.namedParameters().get("attn.weight"), attention.namedParameters().get("attn.bias"))
                        .tanh();
                yield Ops.linear(energy, attention.namedParameters().get("v.weight"), null).squeeze(2);
            }
            case DOT -> values.bmm(query.unsqueeze(2)).squeeze(2);
            case GENERAL -> Ops.linear(values, attention.namedParameters().get("attn.weight"), null)
                    .bmm(query.unsqueeze(2)).squeeze(2);
        };
        Tensor weights = SoftmaxOps.softmax(scores, Mask.fromLengths(lengths, steps));
        Tensor context = weights.unsqueeze(1).bmm(values).squeeze(1);
        return new Tensor[] {weights, context};
    }

    private static Attention attention(AttentionScore score) {
        int query = score == AttentionScore.DOT ? MEMORY : QUERY;
        Attention a = new Attention(score, query, MEMORY, new Rng(3));
        a.to(DType.F64);
        return a;
    }

    @Test
    void additiveMatchesTheComposedOperationsWithGradients() {
        matchesComposed(AttentionScore.ADDITIVE);
    }

    @Test
    void dotMatchesTheComposedOperationsWithGradients() {
        matchesComposed(AttentionScore.DOT);
    }

    @Test
    void generalMatchesTheComposedOperationsWithGradients() {
        matchesComposed(AttentionScore.GENERAL);
    }

    private static void matchesComposed(AttentionScore score) {
        Attention attention = attention(score);
        int q = attention.querySize();
        Tensor query = GradCheck.random(11, BATCH, q).requiresGrad(true);
        Tensor values = GradCheck.random(12, BATCH, STEPS, MEMORY).requiresGrad(true);
        Tensor dWeights = GradCheck.random(13, BATCH, STEPS);
        Tensor dContext = GradCheck.random(14, BATCH, MEMORY);
        List<Tensor> leaves = new ArrayList<>(List.of(query, values));
        leaves.addAll(attention.parameters());

        Tensor[] expected = composed(attention, query, values, LENGTHS);
        expected[0].mul(dWeights).sum().add(expected[1].mul(dContext).sum()).backward();
        List<double[]> expectedGrads = new ArrayList<>();
        for (Tensor leaf : leaves) {
            expectedGrads.add(leaf.grad().d().clone());
            leaf.clearGrad();
        }

        Attention.Read read = attention.attend(query, attention.prepare(values, LENGTHS), null);
        assertArrayEquals(expected[0].d(), read.weights().d(), 1e-12);
        assertArrayEquals(expected[1].d(), read.context().d(), 1e-12);
        read.weights().mul(dWeights).sum().add(read.context().mul(dContext).sum()).backward();
        for (int i = 0; i < leaves.size(); i++) {
            assertArrayEquals(expectedGrads.get(i), leaves.get(i).grad().d(), 1e-12, "gradient of leaf " + i);
        }
    }

    @Test
    void paddedPositionsGetWeightZeroAndNoGradient() {
        for (AttentionScore score : AttentionScore.values()) {
            Attention attention = attention(score);
            Tensor query = GradCheck.random(21, BATCH, attention.querySize());
            Tensor values = GradCheck.random(22, BATCH, STEPS, MEMORY).requiresGrad(true);
            Attention.Read read = attention.attend(query, attention.prepare(values, LENGTHS), null);
            read.context().sum().add(read.weights().mul(GradCheck.random(23, BATCH, STEPS)).sum()).backward();
            for (int b = 0; b < BATCH; b++) {
                double sum = 0;
                for (int j = 0; j < STEPS; j++) {
                    double w = read.weights().get(b, j);
                    if (j >= LENGTHS[b]) {
                        assertEquals(0.0, w, 0.0, score + " weight of padded position " + j + " of row " + b);
                        for (int k = 0; k < MEMORY; k++) {
                            assertEquals(0.0, values.grad().get(b, j, k), 0.0, score + " gradient of a padded value");
                        }
                    } else {
                        assertTrue(w > 0, score + " weight of a kept position");
                    }
                    sum += w;
                }
                assertEquals(1.0, sum, 1e-12);
            }
            assertEquals(1.0, read.weights().get(1, 0), 1e-15, "a source of length 1 puts all weight on position 0");
        }
    }

    @Test
    void aRowMapReadsTheSameAsCopiedMemoryAndScattersItsGradients() {
        int[] rows = {2, 0, 2, 1};
        for (AttentionScore score : AttentionScore.values()) {
            Attention attention = attention(score);
            Tensor query = GradCheck.random(31, rows.length, attention.querySize());
            Tensor values = GradCheck.random(32, BATCH, STEPS, MEMORY).requiresGrad(true);
            Tensor dContext = GradCheck.random(33, rows.length, MEMORY);

            int[] copiedLengths = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                copiedLengths[i] = LENGTHS[rows[i]];
            }
            Attention.Read copied = attention.attend(query,
                    attention.prepare(values.indexSelect(0, rows), copiedLengths), null);
            copied.context().mul(dContext).sum().backward();
            double[] copiedGrad = values.grad().d().clone();
            values.clearGrad();

            Attention.Read mapped = attention.attend(query, attention.prepare(values, LENGTHS), rows);
            assertArrayEquals(copied.weights().d(), mapped.weights().d(), 1e-14, score + " weights");
            assertArrayEquals(copied.context().d(), mapped.context().d(), 1e-14, score + " context");
            mapped.context().mul(dContext).sum().backward();
            assertArrayEquals(copiedGrad, values.grad().d(), 1e-14, score + " gradient of the values");
        }
    }

    @Test
    void finiteDifferencesOfTheAdditiveReadWithARowMap() {
        Attention attention = attention(AttentionScore.ADDITIVE);
        Tensor query = GradCheck.random(41, 2, QUERY).requiresGrad(true);
        Tensor values = GradCheck.random(42, BATCH, STEPS, MEMORY).requiresGrad(true);
        Tensor dWeights = GradCheck.random(43, 2, STEPS);
        Tensor dContext = GradCheck.random(44, 2, MEMORY);
        List<Tensor> leaves = new ArrayList<>(List.of(query, values));
        leaves.addAll(attention.parameters());
        GradCheck.check(() -> {
            Attention.Read r = attention.attend(query, attention.prepare(values, LENGTHS), new int[] {2, 2});
            return r.weights().mul(dWeights).sum().add(r.context().mul(dContext).sum());
        }, leaves, List.of("query", "values", "attn.weight", "attn.bias", "v.weight"));
    }

    @Test
    void theFloat32PathAgreesWithFloat64InValuesAndGradients() {
        int steps = 37; // rows of 37 · 19 energies: vector tails of every width
        int width = 19;
        int[] lengths = {37, 5, 1, 20};
        for (AttentionScore score : AttentionScore.values()) {
            int query = score == AttentionScore.DOT ? 11 : width;
            Attention wide = new Attention(score, query, 11, new Rng(4));
            Tensor q64 = GradCheck.random(71, 4, query).requiresGrad(true);
            Tensor values64 = GradCheck.random(72, 4, steps, 11).requiresGrad(true);
            Tensor dContext = GradCheck.random(73, 4, 11);
            Tensor q32 = q64.to(DType.F32).requiresGrad(true);
            Tensor values32 = values64.to(DType.F32).requiresGrad(true);
            Attention.Read r32 = wide.attend(q32, wide.prepare(values32, lengths), new int[] {3, 2, 1, 0});
            r32.context().mul(dContext.to(DType.F32)).sum().backward();
            List<double[]> grads32 = new ArrayList<>();
            for (Tensor p : wide.parameters()) {
                grads32.add(p.grad().toDoubleArray());
            }
            wide.to(DType.F64);
            Attention.Read r64 = wide.attend(q64, wide.prepare(values64, lengths), new int[] {3, 2, 1, 0});
            r64.context().mul(dContext).sum().backward();
            assertArrayEquals(r64.weights().d(), r32.weights().toDoubleArray(), 1e-5, score + " weights");
            assertArrayEquals(r64.context().d(), r32.context().toDoubleArray(), 1e-5, score + " context");
            assertArrayEquals(q64.grad().d(), q32.grad().toDoubleArray(), 1e-5, score + " query gradient");
            assertArrayEquals(values64.grad().d(), values32.grad().toDoubleArray(), 1e-5, score + " values gradient");
            for (int i = 0; i < grads32.size(); i++) {
                assertArrayEquals(wide.parameters().get(i).grad().d(), grads32.get(i), 1e-5, score + " parameter " + i);
            }
        }
    }

    @Test
    void parametersCarryPyTorchNames() {
        assertEquals(List.of("attn.weight", "attn.bias", "v.weight"),
                List.copyOf(new Attention(AttentionScore.ADDITIVE, 3, 5, new Rng(1)).namedParameters().keySet()));
        assertEquals(List.of("attn.weight"),
                List.copyOf(new Attention(AttentionScore.GENERAL, 3, 5, new Rng(1)).namedParameters().keySet()));
        assertEquals(List.of(),
                List.copyOf(new Attention(AttentionScore.DOT, 5, 5, new Rng(1)).namedParameters().keySet()));
        assertArrayEquals(new int[] {3, 8}, new Attention(AttentionScore.ADDITIVE, 3, 5, new Rng(1))
                .namedParameters().get("attn.weight").shape());
    }

    @Test
    void dotScoresPrepareNoKeysOfTheirOwn() {
        Attention attention = attention(AttentionScore.DOT);
        Tensor values = GradCheck.random(51, BATCH, STEPS, MEMORY);
        assertSame(values, attention.prepare(values, LENGTHS).keys());
    }

    @Test
    void badArgumentsSayWhatWasExpected() {
        Attention attention = attention(AttentionScore.ADDITIVE);
        Tensor values = GradCheck.random(61, BATCH, STEPS, MEMORY);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> attention.prepare(values, new int[] {4, 0, 2}));
        assertEquals("Attention: length 0 of source 1 is outside 1..4", e.getMessage());
        AttentionMemory memory = attention.prepare(values, LENGTHS);
        e = assertThrows(IllegalArgumentException.class,
                () -> attention.attend(GradCheck.random(62, 2, QUERY), memory, new int[] {0, 3}));
        assertEquals("Attention: memory row 3 of query row 1 is outside 0..2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> attention.attend(GradCheck.random(63, BATCH, 4), memory, null));
        assertEquals("Attention: expected query (B, 3), got (3, 4)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Attention(AttentionScore.DOT, 3, 5, new Rng(1)));
        assertEquals("Attention: DOT scores need query size = memory size, got 3 and 5", e.getMessage());
    }
}
