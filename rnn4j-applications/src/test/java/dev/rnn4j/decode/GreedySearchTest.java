package dev.rnn4j.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

class GreedySearchTest {

    @Test
    void takesTheMostProbableTokenAtEveryStepAndStopsAtEos() {
        int sos = 0;
        int eos = 1;
        ToyDecoder model = new ToyDecoder(6, 21, 3.0, eos, 0.5);
        DecodeSettings settings = new DecodeSettings(sos, eos, 2.0, 3, new int[] {sos});
        int[] sourceLengths = {2, 4, 1};
        List<Hypothesis> results = new GreedySearch(settings).search(model, ToyDecoder.initialStates(3), sourceLengths);
        for (int b = 0; b < 3; b++) {
            // replay by hand: argmax over the unblocked tokens, <eos> forced at the maximum length
            int older = -1;
            int previous = sos;
            int[] expected = new int[0];
            while (true) {
                double[] lp = model.logProbabilities(b, older, previous);
                int best = 1;
                for (int v = 2; v < 6; v++) {
                    if ((float) lp[v] > (float) lp[best]) {
                        best = v;
                    }
                }
                if (expected.length == settings.maxLength(sourceLengths[b]) || best == eos) {
                    break;
                }
                expected = java.util.Arrays.copyOf(expected, expected.length + 1);
                expected[expected.length - 1] = best;
                older = previous;
                previous = best;
            }
            Hypothesis h = results.get(b);
            assertArrayEquals(expected, h.tokens(), "row " + b);
            assertEquals(model.replay(b, sos, expected), h.logProbability(), 1e-9);
            assertEquals(h.logProbability(), h.score(), 0);
        }
        // rows that finish leave the batch: the number of rows per step never grows
        for (int i = 1; i < model.rowsPerStep.size(); i++) {
            assertFalse(model.rowsPerStep.get(i) > model.rowsPerStep.get(i - 1));
        }
    }
}
