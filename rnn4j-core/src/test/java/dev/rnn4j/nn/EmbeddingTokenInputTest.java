package dev.rnn4j.nn;

import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.tensor.DType;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;
import dev.rnn4j.testkit.GradCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A recurrent layer fed straight from an embedding lookup over a small vocabulary runs its first
 * layer on the tokens ({@code RecurrentSequence.runTokens}: the table's projection gathered, the
 * gradient summed by token). Its output, final states and every gradient must equal those of the
 * same layer fed the looked-up rows (the lookup's output passed through {@code + 0}, which the layer
 * does not recognise), up to the order of the sums: in float64 to 1e-12, through both directions,
 * several layers, per-row lengths, batch-first or not and a padding index; and the gradients must
 * match finite differences.
 */
class EmbeddingTokenInputTest {

    private static final int VOCAB = 5;
    private static final int EMBED = 3;
    private static final int HIDDEN = 4;

    @ParameterizedTest(name = "{0} layers={1} bidir={2} lengths={3} T={4} B={5} batchFirst={6} pad={7}")
    @CsvSource({
            "LSTM, 1, false, false, 6, 4, true, -1",
            "GRU, 1, false, false, 6, 4, false, -1",
            "LSTM, 2, true, true, 5, 4, false, 2",
            "GRU, 2, false, true, 5, 4, true, 0",
            "RNN_TANH, 1, true, false, 4, 3, true, 4",
            "LSTM, 3, false, true, 7, 2, true, 1",
    })
    void tokensGiveWhatTheLookedUpRowsGive(CellType cell, int layers, boolean bidir, boolean withLengths, int steps,
                                          int batch, boolean batchFirst, int pad) {
        Model folded = new Model(cell, layers, bidir, batchFirst, pad);
        Model rows = new Model(cell, layers, bidir, batchFirst, pad);
        int[] ids = ids(steps * batch, pad, 7);
        int[] lengths = withLengths ? lengths(batch, steps) : null;
        Tensor[] a = folded.run(ids, steps, batch, lengths, true);
        Tensor[] b = rows.run(ids, steps, batch, lengths, false);
        for (int k = 0; k < a.length; k++) {
            assertClose(b[k].toDoubleArray(), a[k].toDoubleArray(), "output " + k);
        }
        List<Tensor> pa = folded.parameters();
        List<Tensor> pb = rows.parameters();
        for (int k = 0; k < pa.size(); k++) {
            assertNotNull(pa.get(k).grad(), "gradient of parameter " + k);
            assertClose(pb.get(k).grad().toDoubleArray(), pa.get(k).grad().toDoubleArray(), "gradient of parameter " + k);
        }
        if (pad >= 0) {
            double[] g = folded.embedding.weight().grad().toDoubleArray();
            for (int j = 0; j < EMBED; j++) {
                assertEquals(0.0, g[pad * EMBED + j], "the padding row gets no gradient");
            }
        }
    }

    @Test
    void foldedGradientsMatchFiniteDifferences() {
        // no padding index: finite differences would move the padding row, which by contract gets no gradient
        Model m = new Model(CellType.LSTM, 2, true, true, -1);
        int steps = 3;
        int batch = 4;
        int[] ids = ids(steps * batch, -1, 11);
        int[] lengths = {3, 1, 2, 3};
        List<Tensor> leaves = m.parameters();
        List<String> names = new ArrayList<>();
        for (int k = 0; k < leaves.size(); k++) {
            names.add("parameter " + k);
        }
        double worst = GradCheck.check(() -> m.loss(ids, steps, batch, lengths, true), leaves, names);
        assertTrue(worst < 1e-6, "worst error " + worst);
    }

    @Test
    void theFirstLayerTakesTheTokensOnlyWhenTheyStandForTheRows() {
        // one layer, one direction, time-major: the output is the sequence node's own, named after its input
        Model m = new Model(CellType.LSTM, 1, false, false, -1);
        int[] ids = ids(6 * 4, -1, 3);
        assertEquals("lstm_tokens_sequence", m.output(ids, 6, 4, false).gradFn().name(), "V = 5 ≤ T·B / 2 = 12");
        assertEquals("lstm_sequence", m.output(ids, 6, 4, true).gradFn().name(),
                "the lookup's output keeps its own gradient");
        assertEquals("lstm_sequence", m.output(ids(2 * 4, -1, 3), 2, 4, false).gradFn().name(),
                "V = 5 > T·B / 2 = 4");
        Tensor x = m.embedding.forward(ids, 6, 4);
        assertEquals("lstm_sequence", m.rnn.forward(x.add(0.0)).output().gradFn().name(), "not the lookup's output");
    }

    /** Embedding → recurrent layer, float64, the same weights for the same arguments. */
    private static final class Model {
        final Embedding embedding;
        final RecurrentLayer rnn;
        final Tensor outWeights;

        Model(CellType cell, int layers, boolean bidir, boolean batchFirst, int pad) {
            Rng rng = new Rng(5);
            embedding = new Embedding(VOCAB, EMBED, pad, rng);
            embedding.to(DType.F64);
            rnn = RecurrentGradientTest.make(cell, new RecurrentLayer.Options(EMBED, HIDDEN).numLayers(layers)
                    .bidirectional(bidir).batchFirst(batchFirst), rng);
            rnn.to(DType.F64);
            outWeights = GradCheck.random(9, 64 * 64);
        }

        List<Tensor> parameters() {
            List<Tensor> all = new ArrayList<>(embedding.parameters());
            all.addAll(rnn.parameters());
            return all;
        }

        /** The layer's output for ids (T, B); the lookup's output keeps its own gradient when {@code retain}. */
        Tensor output(int[] ids, int steps, int batch, boolean retain) {
            Tensor x = embedding.forward(ids, steps, batch);
            return rnn.forward(retain ? x.retainGrad() : x).output();
        }

        /** Output, h_n and c_n (if any) after a backward pass of {@link #loss}. */
        Tensor[] run(int[] ids, int steps, int batch, int[] lengths, boolean tokens) {
            for (Tensor p : parameters()) {
                p.clearGrad();
            }
            Tensor[] out = new Tensor[3];
            loss(ids, steps, batch, lengths, tokens, out).backward();
            return out[2] == null ? new Tensor[] {out[0], out[1]} : out;
        }

        Tensor loss(int[] ids, int steps, int batch, int[] lengths, boolean tokens) {
            return loss(ids, steps, batch, lengths, tokens, new Tensor[3]);
        }

        /** A weighted sum of the output and the final states, so that every output gets a gradient. */
        private Tensor loss(int[] ids, int steps, int batch, int[] lengths, boolean tokens, Tensor[] out) {
            boolean batchFirst = rnn.batchFirst();
            Tensor x = batchFirst ? embedding.forward(ids, batch, steps) : embedding.forward(ids, steps, batch);
            RecurrentOutput r = rnn.forward(tokens ? x : x.add(0.0), lengths);
            out[0] = r.output();
            out[1] = r.hN();
            out[2] = r.cN();
            Tensor loss = weighted(r.output()).add(weighted(r.hN()));
            return r.cN() == null ? loss : loss.add(weighted(r.cN()));
        }

        private Tensor weighted(Tensor t) {
            Tensor w = outWeights.narrow(0, 0, t.numel()).reshape(t.shape());
            return t.mul(w).sum();
        }
    }

    private static int[] ids(int n, int pad, long seed) {
        Rng rng = new Rng(seed);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = (int) (rng.nextDouble() * VOCAB);
        }
        if (pad >= 0) {
            ids[n / 2] = pad; // the padding token occurs at least once
        }
        return ids;
    }

    private static int[] lengths(int batch, int steps) {
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++) {
            lengths[b] = 1 + (b * 3 + 1) % steps;
        }
        lengths[batch - 1] = steps;
        return lengths;
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-12 * Math.max(1, Math.abs(expected[i])), what + " at " + i);
        }
    }
}
