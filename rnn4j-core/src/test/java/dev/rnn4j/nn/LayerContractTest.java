package dev.rnn4j.nn;

import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input to the layers: one test each, with a message that names the argument and says expected vs actual. */
class LayerContractTest {

    private final LSTM lstm = new LSTM(new RecurrentLayer.Options(5, 4).numLayers(2), new Rng(1));

    private static void assertMessage(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' should contain '" + f + "'");
        }
    }

    @Test
    void wrongRank() {
        assertMessage(() -> lstm.forward(Tensor.zeros(3, 5)), "3-D input", "(3, 5)");
    }

    @Test
    void wrongFeatureSize() {
        assertMessage(() -> lstm.forward(Tensor.zeros(2, 3, 6)), "input feature size 5", "got 6");
    }

    @Test
    void initialStateOfWrongShape() {
        assertMessage(() -> lstm.forward(Tensor.zeros(2, 3, 5), null, Tensor.zeros(1, 3, 4), null),
                "h_0 of shape (2, 3, 4)", "got (1, 3, 4)");
        assertMessage(() -> lstm.forward(Tensor.zeros(2, 3, 5), null, null, Tensor.zeros(2, 2, 4)),
                "c_0 of shape (2, 3, 4)", "got (2, 2, 4)");
    }

    @Test
    void zeroLength() {
        assertMessage(() -> lstm.forward(Tensor.zeros(4, 2, 5), new int[] {4, 0}), "length 0 of batch row 1",
                "1..4");
    }

    @Test
    void lengthLongerThanTheSequence() {
        assertMessage(() -> lstm.forward(Tensor.zeros(4, 2, 5), new int[] {5, 1}), "length 5 of batch row 0",
                "1..4");
    }

    @Test
    void wrongNumberOfLengths() {
        assertMessage(() -> lstm.forward(Tensor.zeros(4, 2, 5), new int[] {4, 3, 2}), "expected 2 lengths", "got 3");
    }

    @Test
    void nanInTheInput() {
        Tensor x = Tensor.zeros(2, 1, 5);
        x.setFlat(7, Float.NaN);
        assertMessage(() -> lstm.forward(x), "LSTM input contains NaN", "flat index 7");
    }

    @Test
    void emptySequence() {
        assertMessage(() -> lstm.forward(Tensor.zeros(0, 2, 5)), "no time steps");
    }

    @Test
    void cellStateForANonLstm() {
        GRU gru = new GRU(2, 3, new Rng(1));
        assertMessage(() -> gru.forward(Tensor.zeros(1, 1, 2), null, null, Tensor.zeros(1, 1, 3)), "no cell state");
    }

    @Test
    void loadStateDictChecksNamesAndShapes() {
        LSTM other = new LSTM(5, 4, new Rng(2));
        assertMessage(() -> lstm.loadStateDict(other.stateDict(), true), "missing parameters", "weight_ih_l1");
        LSTM wider = new LSTM(new RecurrentLayer.Options(6, 4).numLayers(2), new Rng(2));
        assertMessage(() -> lstm.loadStateDict(wider.stateDict(), true), "weight_ih_l0", "expected shape (16, 5)",
                "got (16, 6)");
    }

    @Test
    void parameterNamesAndShapesArePyTorchs() {
        LSTM l = new LSTM(new RecurrentLayer.Options(3, 2).numLayers(2).bidirectional(true), new Rng(1));
        assertEquals(java.util.List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
                "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
                "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse"),
                java.util.List.copyOf(l.namedParameters().keySet()));
        assertEquals(8, l.parameter("weight_ih_l1").size(0));
        assertEquals(4, l.parameter("weight_ih_l1").size(1), "layer 1 reads both directions: 2·H");
        double bound = 1 / Math.sqrt(2);
        for (Tensor p : l.parameters()) {
            for (int i = 0; i < p.numel(); i++) {
                assertTrue(Math.abs(p.getFlat(i)) <= bound, "default init is U(-1/sqrt(H), 1/sqrt(H))");
            }
        }
    }
}
