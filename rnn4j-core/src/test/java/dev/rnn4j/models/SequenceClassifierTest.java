package dev.rnn4j.models;

import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The classifier's dropouts follow train/eval mode, and padding never changes a row's logits. */
class SequenceClassifierTest {

    private static SequenceClassifier model(Pooling pooling, boolean bidirectional) {
        return new SequenceClassifier(new SequenceClassifier.Config(30, 6, CellType.LSTM, 5, 2, bidirectional, 0.5,
                0.3, pooling, 3, 0), new Rng(4));
    }

    @Test
    void evalModeTurnsEveryDropoutOff() {
        SequenceClassifier m = model(Pooling.MEAN, true);
        int[] ids = {3, 4, 5, 6, 7, 8};
        Tensor a = m.forward(ids, 2, 3, null);
        Tensor b = m.forward(ids, 2, 3, null);
        assertNotEquals(a.getFlat(0), b.getFlat(0), "training mode: dropout differs between calls");
        m.eval();
        Tensor c = m.forward(ids, 2, 3, null);
        Tensor d = m.forward(ids, 2, 3, null);
        for (int i = 0; i < c.numel(); i++) {
            assertEquals(c.getFlat(i), d.getFlat(i), 0.0, "eval mode is deterministic");
        }
    }

    @Test
    void paddingDoesNotChangeLogitsForAnyPooling() {
        for (Pooling pooling : Pooling.values()) {
            SequenceClassifier m = model(pooling, true);
            m.eval();
            Tensor alone = m.forward(new int[] {3, 4}, 1, 2, new int[] {2});
            Tensor padded = m.forward(new int[] {3, 4, 0, 0, 9, 9, 9, 9}, 2, 4, new int[] {2, 4});
            for (int j = 0; j < 3; j++) {
                assertEquals(alone.get(0, j), padded.get(0, j), 1e-5, pooling + " logit " + j);
            }
        }
    }
}
