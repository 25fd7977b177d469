package dev.rnn4j.recurrent;

import dev.rnn4j.nn.Embedding;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.nn.RecurrentOutput;
import dev.rnn4j.tensor.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Token streaming, folded or not, gives what embedding → whole-sequence layer gives, step by step. */
class TokenStepperTest {

    @ParameterizedTest
    @ValueSource(strings = {"LSTM", "GRU", "RNN_TANH", "LSTM_LN", "GRU_LN"})
    void foldedAndPlainStepsMatchTheSequenceForward(String cellName) {
        check(cellName, 7, 19); // V < E: folded
        check(cellName, 23, 6); // V ≥ E: embedding rows copied in
    }

    private static void check(String cellName, int vocab, int dim) {
        int steps = 6;
        int batch = 3;
        int hidden = 13;
        Rng rng = new Rng(5);
        Embedding emb = new Embedding(vocab, dim, -1, rng);
        RecurrentLayer layer = RecurrentLayer.of(Cells.forName(cellName),
                new RecurrentLayer.Options(dim, hidden).numLayers(2), rng);
        int[] tokens = new int[steps * batch]; // (T, B)
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = rng.nextInt(vocab);
        }
        RecurrentOutput full = layer.forward(emb.forward(tokens, steps, batch));
        TokenStepper stepper = new TokenStepper(emb, layer, batch);
        assertEquals(vocab < dim, stepper.folded());
        for (int t = 0; t < steps; t++) {
            float[] h = stepper.step(java.util.Arrays.copyOfRange(tokens, t * batch, (t + 1) * batch));
            for (int i = 0; i < batch * hidden; i++) {
                assertEquals(full.output().getFlat(t * batch * hidden + i), h[i], 1e-5,
                        cellName + " V " + vocab + " step " + t + " element " + i);
            }
        }
        stepper.reset();
        float[] h = stepper.step(java.util.Arrays.copyOfRange(tokens, 0, batch));
        assertEquals(full.output().getFlat(0), h[0], 1e-5, "after reset");
    }

    @Test
    void rejectsBadTokensAndMismatchedSizes() {
        Rng rng = new Rng(1);
        Embedding emb = new Embedding(5, 8, -1, rng);
        RecurrentLayer layer = RecurrentLayer.of(CellType.LSTM, new RecurrentLayer.Options(8, 4), rng);
        TokenStepper stepper = new TokenStepper(emb, layer, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> stepper.step(new int[] {0, 5}));
        assertTrue(e.getMessage().contains("token 5 of stream 1 is outside 0..4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> stepper.step(new int[] {0}));
        assertTrue(e.getMessage().contains("expected 2 tokens"), e.getMessage());
        RecurrentLayer wide = RecurrentLayer.of(CellType.LSTM, new RecurrentLayer.Options(9, 4), rng);
        e = assertThrows(IllegalArgumentException.class, () -> new TokenStepper(emb, wide, 1));
        assertTrue(e.getMessage().contains("input size 8 (the embedding size), got 9"), e.getMessage());
        assertFalse(new TokenStepper(new Embedding(8, 8, -1, rng), layer, 1).folded());
    }
}
