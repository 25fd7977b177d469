package dev.rnn4j.recurrent;

import dev.rnn4j.tensor.Tensor;
import dev.rnn4j.testkit.GradCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sequence long enough for its backward to gather the weight gradients in several chunks of
 * steps ({@code GateGradientProducts}: T·B above {@value GateGradientProducts#CHUNK_ROWS} rows, the
 * last chunk partial) gives, in float64, the gradients of the same layer run as T one-step
 * sequences chained through their states (each of those one chunk), to 1e-10: every gradient,
 * both directions, a cell with W_hh h apart (GRU), one without cell state, and a projection.
 */
class ChunkedGateGradientsTest {

    private static final int INPUT = 3;
    private static final int HIDDEN = 4;

    @ParameterizedTest(name = "{0} reverse={1} projection={2} T={3} B={4}")
    @CsvSource({
            "LSTM, false, 0, 300, 3",
            "LSTM, true, 2, 260, 2",
            "GRU, false, 0, 270, 2",
            "GRU, true, 0, 130, 5",
            "RNN_TANH, true, 0, 520, 1",
    })
    void chunkedGradientsEqualThoseOfOneStepAtATime(CellType type, boolean reverse, int projection, int steps,
                                                    int batch) {
        assertTrue(steps * batch > GateGradientProducts.CHUNK_ROWS, "several chunks");
        Cell cell = type.cell();
        int state = projection > 0 ? projection : HIDDEN;
        int gates = cell.gates() * HIDDEN;
        Tensor x = GradCheck.random(1, steps, batch, INPUT);
        Tensor h0 = GradCheck.random(2, batch, state);
        Tensor c0 = cell.hasCellState() ? GradCheck.random(3, batch, HIDDEN) : null;
        Tensor wIh = GradCheck.random(4, gates, INPUT).mul(0.5);
        Tensor wHh = GradCheck.random(5, gates, state).mul(0.5);
        Tensor bIh = GradCheck.random(6, gates);
        Tensor bHh = GradCheck.random(7, gates);
        Tensor wHr = projection > 0 ? GradCheck.random(8, projection, HIDDEN) : null;
        Tensor weights = GradCheck.random(9, steps, batch, state);
        List<Tensor> leaves = new ArrayList<>(List.of(x, h0, wIh, wHh, bIh, bHh));
        if (c0 != null) {
            leaves.add(c0);
        }
        if (wHr != null) {
            leaves.add(wHr);
        }

        List<double[]> whole = gradients(leaves, () -> {
            Tensor[] r = RecurrentSequence.run(cell, reverse, x, null, h0, c0, wIh, wHh, bIh, bHh, wHr, new Tensor[0],
                    null);
            return loss(r, weights);
        });
        List<double[]> stepwise = gradients(leaves, () -> {
            Tensor h = h0;
            Tensor c = c0;
            Tensor[] outputs = new Tensor[steps];
            for (int i = 0; i < steps; i++) {
                int t = reverse ? steps - 1 - i : i;
                Tensor[] r = RecurrentSequence.run(cell, false, x.narrow(0, t, 1), null, h, c, wIh, wHh, bIh, bHh, wHr,
                        new Tensor[0], null);
                outputs[t] = r[0];
                h = r[1];
                c = r[2];
            }
            return loss(new Tensor[] {Tensor.cat(List.of(outputs), 0), h, c}, weights);
        });
        for (int k = 0; k < leaves.size(); k++) {
            double[] expected = stepwise.get(k);
            double[] actual = whole.get(k);
            assertEquals(expected.length, actual.length, "gradient " + k + ": length");
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-10 * Math.max(1, Math.abs(expected[i])),
                        "gradient of input " + k + " at " + i);
            }
        }
    }

    /** A weighted sum of the output and the final states, so that every output gets a gradient. */
    private static Tensor loss(Tensor[] r, Tensor weights) {
        Tensor loss = r[0].mul(weights).sum().add(r[1].square().sum());
        return r[2] == null ? loss : loss.add(r[2].sum());
    }

    private static List<double[]> gradients(List<Tensor> leaves, java.util.function.Supplier<Tensor> loss) {
        for (Tensor leaf : leaves) {
            leaf.clearGrad();
            leaf.requiresGrad(true);
        }
        loss.get().backward();
        List<double[]> grads = new ArrayList<>();
        for (Tensor leaf : leaves) {
            assertNotNull(leaf.grad(), "every input gets a gradient");
            grads.add(leaf.grad().toDoubleArray());
        }
        return grads;
    }
}
