package dev.rnn4j.bench;

import dev.rnn4j.nn.GRU;
import dev.rnn4j.nn.LSTM;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;

/**
 * {@code infer_stream(cell)} of the reference: an LSTM or GRU (input 128, hidden 256), batch 1,
 * fed one step per call with the state carried, 200 steps from a zero state, under no-grad;
 * 3 warm-up runs, 7 timed. Throughput in steps/s = steps / median run time.
 */
public final class InferStream implements Workload {

    private final CellType cell;
    private final int input;
    private final int hidden;
    private final int steps;
    private final int warmup;
    private final int reps;

    /** The reference sizes: input 128, hidden 256, 200 steps. */
    public InferStream(CellType cell) {
        // 50 warm-up runs instead of the reference's 3: 600 steps are not enough for the JIT to
        // compile the Vector API paths when this workload runs alone (measured: ~20k steps/s cold
        // against ~110k warm); the timed part is the reference's 7 runs of 200 steps
        this(cell, 128, 256, 200, 50, 7);
    }

    public InferStream(CellType cell, int input, int hidden, int steps, int warmup, int reps) {
        if (cell != CellType.LSTM && cell != CellType.GRU) {
            throw new IllegalArgumentException("infer stream: cell must be LSTM or GRU, got " + cell);
        }
        RandomData.checkPositive("infer stream", input, hidden, steps);
        RandomData.checkRepetitions("infer stream", warmup, reps);
        this.cell = cell;
        this.input = input;
        this.hidden = hidden;
        this.steps = steps;
        this.warmup = warmup;
        this.reps = reps;
    }

    @Override
    public String name() {
        return cell == CellType.LSTM ? "infer_lstm_stream" : "infer_gru_stream";
    }

    @Override
    public String unit() {
        return "steps/s";
    }

    @Override
    public double measure() {
        Rng rng = new Rng(0);
        RecurrentLayer.Options options = new RecurrentLayer.Options(input, hidden);
        RecurrentLayer rnn = cell == CellType.LSTM ? new LSTM(options, rng) : new GRU(options, rng);
        Tensor xs = RandomData.randn(rng, steps, 1, 1, input); // (steps, T=1, B=1, I)
        Tensor[] inputs = new Tensor[steps];
        for (int t = 0; t < steps; t++) {
            inputs[t] = xs.select(0, t); // (1, 1, I), made before timing as the reference's xs is
        }
        StreamStepper stepper = new StreamStepper(rnn);
        Runnable run = () -> {
            try (var scope = Autograd.noGrad()) {
                stepper.reset();
                for (int t = 0; t < steps; t++) {
                    stepper.step(inputs[t]);
                }
            }
        };
        return steps / Timing.medianSeconds(run, warmup, reps);
    }
}
