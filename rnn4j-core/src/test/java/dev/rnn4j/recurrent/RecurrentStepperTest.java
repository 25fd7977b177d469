package dev.rnn4j.recurrent;

import dev.rnn4j.nn.GRU;
import dev.rnn4j.nn.LSTM;
import dev.rnn4j.nn.RNN;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.nn.RecurrentOutput;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The streaming step API gives what the whole-sequence layer gives, step by step. */
class RecurrentStepperTest {

    @ParameterizedTest
    @EnumSource(CellType.class)
    void stepsMatchTheSequenceForward(CellType cell) {
        int steps = 7;
        int batch = 3;
        int input = 5;
        int hidden = 13;
        Rng rng = new Rng(11);
        RecurrentLayer.Options o = new RecurrentLayer.Options(input, hidden).numLayers(2);
        RecurrentLayer layer = switch (cell) {
            case LSTM -> new LSTM(o, rng);
            case GRU -> new GRU(o, rng);
            default -> new RNN(o, cell == CellType.RNN_RELU, rng);
        };
        float[] x = new float[steps * batch * input];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextFloat() * 2 - 1;
        }
        RecurrentOutput full = layer.forward(Tensor.of(x, steps, batch, input));
        RecurrentStepper stepper = new RecurrentStepper(layer, batch);
        for (int t = 0; t < steps; t++) {
            float[] frame = java.util.Arrays.copyOfRange(x, t * batch * input, (t + 1) * batch * input);
            float[] h = stepper.step(frame);
            for (int i = 0; i < batch * hidden; i++) {
                assertEquals(full.output().getFlat(t * batch * hidden + i), h[i], 1e-5, "step " + t + " element " + i);
            }
        }
        // a fresh stream in row 1 matches a one-step forward from zero state
        stepper.reset(1);
        float[] first = java.util.Arrays.copyOfRange(x, 0, batch * input);
        float[] h = stepper.step(first);
        for (int j = 0; j < hidden; j++) {
            assertEquals(full.output().getFlat(hidden + j), h[hidden + j], 1e-5);
        }
        // batch size is free: resize to 1 and run row 0's stream again
        stepper.resize(1);
        float[] h1 = stepper.step(java.util.Arrays.copyOfRange(x, 0, input));
        for (int j = 0; j < hidden; j++) {
            assertEquals(full.output().getFlat(j), h1[j], 1e-5);
        }
        assertThrows(IllegalArgumentException.class, () -> stepper.step(new float[input - 1]));

        // the stacked weights are a snapshot until refreshWeights()
        dev.rnn4j.nn.Init.constant(layer.parameter("weight_ih_l0"), 0.05); // matters from the first step
        stepper.reset();
        float before = stepper.step(java.util.Arrays.copyOfRange(x, 0, input))[0];
        assertEquals(full.output().getFlat(0), before, 1e-5, "old weights until refreshed");
        stepper.refreshWeights();
        stepper.reset();
        float after = stepper.step(java.util.Arrays.copyOfRange(x, 0, input))[0];
        float expected = layer.forward(Tensor.of(java.util.Arrays.copyOfRange(x, 0, input), 1, 1, input)).output()
                .f()[0];
        assertEquals(expected, after, 1e-5, "new weights after refreshWeights()");
        org.junit.jupiter.api.Assertions.assertNotEquals(before, after, 1e-4, "the change is visible");
    }

    /**
     * Batch 1 (the fused step of LSTM and GRU) and batch FUSED_MAX_BATCH + 1 (the stacked product)
     * against the whole-sequence forward, on awkward hidden sizes, two layers, with and without biases.
     */
    @ParameterizedTest
    @EnumSource(CellType.class)
    void bothStepPathsMatchTheSequenceForwardOnAwkwardSizes(CellType cell) {
        int steps = 4;
        int input = 13;
        for (int hidden : new int[] {1, 3, 13, 207}) {
            for (int batch : new int[] {1, RecurrentStepper.FUSED_MAX_BATCH + 1}) {
                boolean bias = hidden != 3;
                Rng rng = new Rng(hidden * 31 + batch);
                RecurrentLayer.Options o = new RecurrentLayer.Options(input, hidden).numLayers(2).bias(bias);
                RecurrentLayer layer = switch (cell) {
                    case LSTM -> new LSTM(o, rng);
                    case GRU -> new GRU(o, rng);
                    default -> new RNN(o, cell == CellType.RNN_RELU, rng);
                };
                float[] x = new float[steps * batch * input];
                for (int i = 0; i < x.length; i++) {
                    x[i] = rng.nextFloat() * 4 - 2;
                }
                RecurrentOutput full = layer.forward(Tensor.of(x, steps, batch, input));
                RecurrentStepper stepper = new RecurrentStepper(layer, batch);
                for (int t = 0; t < steps; t++) {
                    float[] h = stepper.step(java.util.Arrays.copyOfRange(x, t * batch * input, (t + 1) * batch * input));
                    for (int i = 0; i < batch * hidden; i++) {
                        assertEquals(full.output().getFlat(t * batch * hidden + i), h[i], 2e-5,
                                cell + " hidden " + hidden + " batch " + batch + " step " + t + " element " + i);
                    }
                }
            }
        }
    }
}
