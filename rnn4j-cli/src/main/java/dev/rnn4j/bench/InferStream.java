package dev.rnn4j.bench;

import dev.rnn4j.nn.GRU;
import dev.rnn4j.nn.LSTM;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.quant.QuantizedRecurrent;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;

/**
 * {@code infer_stream(cell)} of the reference: an LSTM or GRU (input 128, hidden 256), batch 1,
 * fed one step per call with the state carried, 200 steps from a zero state, under no-grad;
 * 3 warm-up runs, 7 timed. Throughput in steps/s = steps / median run time.
 *
 * <p>{@code infer_lstm_stream_int8} (not in the default run) quantizes the LSTM with
 * {@link QuantizedRecurrent#quantize}; the stepper then hands every step to
 * {@link dev.rnn4j.quant.QuantizedStepper} (int8 products, float gates).
 */
public final class InferStream implements Workload {

    private final CellType cell;
    private final int input;
    private final int hidden;
    private final int steps;
    private final int warmup;
    private final int reps;
    private final boolean int8;

    /** The reference sizes: input 128, hidden 256, 200 steps. */
    public InferStream(CellType cell) {
        // 50 warm-up runs instead of the reference's 3: 600 steps are not enough for the JIT to
        // compile the Vector API paths when this workload runs alone (measured: ~20k steps/s cold
        // against ~110k warm); the timed part is the reference's 7 runs of 200 steps
        this(cell, 128, 256, 200, 50, 7);
    }

    public InferStream(CellType cell, int input, int hidden, int steps, int warmup, int reps) {
        this(cell, input, hidden, steps, warmup, reps, false);
    }

    /** {@code infer_lstm_stream_int8}: the reference sizes and warm-up with the LSTM quantized to int8. */
    public static InferStream int8() {
        return new InferStream(CellType.LSTM, 128, 256, 200, 50, 7, true);
    }

    /**
     * @param int8 whether to quantize the layer ({@link QuantizedRecurrent#quantize}) and step it in int8
     */
    public InferStream(CellType cell, int input, int hidden, int steps, int warmup, int reps, boolean int8) {
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
        this.int8 = int8;
    }

    @Override
    public String name() {
        return (cell == CellType.LSTM ? "infer_lstm_stream" : "infer_gru_stream") + (int8 ? "_int8" : "");
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
        if (int8) {
            rnn.eval();
            rnn.useInt8(QuantizedRecurrent.quantize(rnn));
        }
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
