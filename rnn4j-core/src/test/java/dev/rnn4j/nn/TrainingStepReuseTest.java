package dev.rnn4j.nn;

import dev.rnn4j.optim.Adam;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.tensor.ArrayCache;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whole training steps reuse arrays from step to step (ArrayCache, Java 21+ paths, which the tests
 * turn on): layer-internal activations, intermediate and parameter gradients, the recurrent
 * kernel's work buffers. A run with reuse must equal, bit for bit, the same run with every array
 * allocated anew ({@code ArrayCache.setKeeping(false)}), through steps that change the batch size
 * and mix variable-length with full-length batches, after a different model has left its arrays
 * (other values, other shapes) in the cache; and what a step hands to its caller (output, final
 * states, loss) must not change when later steps run.
 *
 * <p>Sizes: (T, B, H) = 32 × 32 × 64 = 65,536 floats, the smallest array the cache keeps.
 */
class TrainingStepReuseTest {

    private static final int VOCAB = 40;
    private static final int EMBED = 64;   // (B, T, E) embeddings are cached too
    private static final int HIDDEN = 64;
    private static final int STEPS = 32;
    private static final int[] BATCHES = {32, 40, 32, 40, 32};

    @AfterEach
    void keepingBackOn() {
        ArrayCache.setKeeping(true);
    }

    @ParameterizedTest(name = "{0}, bidirectional {1}, dropout {2}")
    @CsvSource({"LSTM, false, 0", "GRU, false, 0", "LSTM, true, 0.25", "GRU, true, 0.25"})
    void stepsWithReusedArraysEqualStepsWithFreshOnes(CellType cell, boolean bidirectional, double dropout) {
        assertTrue(ArrayCache.enabled(), "the tests run with -Drnn4j.java21Paths=true (pom.xml)");

        ArrayCache.setKeeping(false);
        Trainer fresh = new Trainer(cell, bidirectional, dropout, 5);
        List<List<float[]>> expected = new ArrayList<>();
        for (int i = 0; i < BATCHES.length; i++) {
            expected.add(fresh.step(i));
        }

        ArrayCache.setKeeping(true);
        Trainer other = new Trainer(cell, bidirectional, dropout, 99); // leaves other values in every array size
        for (int i = 0; i < BATCHES.length; i++) {
            other.step(BATCHES.length - 1 - i);
        }
        Trainer reused = new Trainer(cell, bidirectional, dropout, 5);
        List<Tensor[]> handedOut = new ArrayList<>();
        List<List<float[]>> actual = new ArrayList<>();
        for (int i = 0; i < BATCHES.length; i++) {
            actual.add(reused.step(i));
            handedOut.add(reused.lastHandedOut);
        }

        for (int i = 0; i < BATCHES.length; i++) {
            List<float[]> e = expected.get(i);
            List<float[]> a = actual.get(i);
            assertEquals(e.size(), a.size());
            for (int k = 0; k < e.size(); k++) {
                assertArrayEquals(e.get(k), a.get(k), "step " + i + ", " + Trainer.describe(k));
            }
            // what step i handed out is still what it was after all later steps ran
            Tensor[] held = handedOut.get(i);
            for (int k = 0; k < held.length; k++) {
                if (held[k] != null) {
                    assertArrayEquals(e.get(k), held[k].toFloatArray(), "step " + i + ", " + Trainer.describe(k)
                            + " as held by the caller after later steps");
                }
            }
        }
    }

    /** Embedding → 2-layer recurrent layer (batch-first) → linear → cross entropy → Adam. */
    private static final class Trainer {
        private final Embedding embedding;
        private final RecurrentLayer layer;
        private final Linear head;
        private final List<Tensor> params = new ArrayList<>();
        private final Adam adam;
        private final long dataSeed;
        Tensor[] lastHandedOut;

        Trainer(CellType cell, boolean bidirectional, double dropout, long seed) {
            Rng rng = new Rng(seed);
            embedding = new Embedding(VOCAB, EMBED, -1, rng);
            RecurrentLayer.Options options = new RecurrentLayer.Options(EMBED, HIDDEN).numLayers(2).batchFirst(true)
                    .bidirectional(bidirectional).dropout(dropout);
            layer = cell == CellType.LSTM ? new LSTM(options, rng) : new GRU(options, rng);
            head = new Linear(HIDDEN * (bidirectional ? 2 : 1), VOCAB, rng);
            params.addAll(embedding.parameters());
            params.addAll(layer.parameters());
            params.addAll(head.parameters());
            adam = new Adam(params, 1e-2);
            dataSeed = seed * 1000;
        }

        /** Names the arrays step() returns, by position. */
        static String describe(int k) {
            return switch (k) {
                case 0 -> "output";
                case 1 -> "h_n";
                case 2 -> "c_n";
                case 3 -> "loss";
                default -> "gradient of parameter " + (k - 4);
            };
        }

        /**
         * One training step on batch {@code i} (odd steps: variable lengths, even: full length);
         * returns output, h_n, c_n (empty for the GRU), loss, every parameter's gradient.
         */
        List<float[]> step(int i) {
            int batch = BATCHES[i];
            Rng rng = new Rng(dataSeed + i);
            int[] tokens = new int[batch * STEPS];
            int[] targets = new int[batch * STEPS];
            for (int j = 0; j < tokens.length; j++) {
                tokens[j] = (int) (rng.nextDouble() * VOCAB);
                targets[j] = (int) (rng.nextDouble() * VOCAB);
            }
            int[] lengths = null;
            if (i % 2 == 1) {
                lengths = new int[batch];
                for (int b = 0; b < batch; b++) {
                    lengths[b] = 1 + (b * 7 + i) % STEPS; // unsorted, 1..32
                }
            }
            adam.zeroGrad();
            RecurrentOutput r = layer.forward(embedding.forward(tokens, batch, STEPS), lengths, null, null);
            Tensor logits = head.forward(r.output()).reshape(batch * STEPS, VOCAB);
            Tensor loss = Losses.crossEntropy(logits, targets);
            loss.backward();
            lastHandedOut = new Tensor[] {r.output(), r.hN(), r.cN(), loss};
            List<float[]> arrays = new ArrayList<>();
            arrays.add(r.output().toFloatArray());
            arrays.add(r.hN().toFloatArray());
            arrays.add(r.cN() == null ? new float[0] : r.cN().toFloatArray());
            arrays.add(loss.toFloatArray());
            for (Tensor p : params) {
                arrays.add(p.grad().toFloatArray());
            }
            adam.step();
            return arrays;
        }
    }
}
