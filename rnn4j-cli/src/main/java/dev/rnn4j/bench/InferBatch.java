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
 * {@code infer_batch(cell)} of the reference: one recurrent layer (input 128, hidden 256),
 * batch-first, forward only under no-grad on a random (B, T, I) batch; 3 warm-up calls, 7 timed.
 *
 * <p>The reference workload {@code infer_lstm_batch} reports sequences/s = B / median time;
 * {@code infer_gru_batch} is the same with a GRU (the reference script has no GRU batch workload;
 * {@code bench/torch_extra.py} times it for PyTorch with the reference's {@code infer_batch("GRU")}). The
 * scaling sweeps reuse this class under other names and may report tokens/s = B·T / time instead,
 * so that a flat line means cost linear in the sequence length. {@code infer_lstm_batch_int8} (not
 * in the default run) is the same layer quantized with {@link QuantizedRecurrent#quantize} and run
 * in evaluation mode, so its forward is the dynamic int8 path. {@code infer_lstm_batch_mixed} and
 * {@code infer_gru_batch_mixed} (not in the default run) give the rows lengths drawn uniformly from
 * T/2..T (64..128, seeded), as a padded batch of real sentences or requests has: sequences/s as above.
 */
public final class InferBatch implements Workload {

    /** What the throughput counts. */
    public enum Per {
        /** B / time, unit {@code sequences/s}. */
        SEQUENCE,
        /** B·T / time, unit {@code tokens/s}. */
        TOKEN
    }

    private final String name;
    private final CellType cell;
    private final int input;
    private final int hidden;
    private final int batch;
    private final int steps;
    private final int warmup;
    private final int reps;
    private final Per per;
    private final boolean int8;
    private final boolean mixedLengths;

    /** The reference {@code infer_lstm_batch}: LSTM(128, 256), batch 256, length 128, sequences/s. */
    public InferBatch() {
        this(CellType.LSTM);
    }

    /**
     * {@code infer_lstm_batch} or {@code infer_gru_batch}: the cell (LSTM or GRU) at input 128,
     * hidden 256, batch 256, length 128, 3 warm-up calls and the median of 7, in sequences/s.
     */
    public InferBatch(CellType cell) {
        this(cell == CellType.GRU ? "infer_gru_batch" : "infer_lstm_batch", cell, 128, 256, 256, 128, 3, 7,
                Per.SEQUENCE);
    }

    public InferBatch(String name, CellType cell, int input, int hidden, int batch, int steps, int warmup, int reps, Per per) {
        this(name, cell, input, hidden, batch, steps, warmup, reps, per, false);
    }

    /** {@code infer_lstm_batch_int8}: the reference sizes with the layer quantized to int8. */
    public static InferBatch int8() {
        return new InferBatch("infer_lstm_batch_int8", CellType.LSTM, 128, 256, 256, 128, 3, 7, Per.SEQUENCE, true);
    }

    /**
     * {@code infer_lstm_batch_mixed} or {@code infer_gru_batch_mixed}: the reference sizes with rows of lengths
     * drawn uniformly from 64..128.
     */
    public static InferBatch mixedLengths(CellType cell) {
        return new InferBatch(cell == CellType.GRU ? "infer_gru_batch_mixed" : "infer_lstm_batch_mixed", cell, 128, 256,
                256, 128, 3, 7, Per.SEQUENCE, false, true);
    }

    /**
     * @param int8 whether to quantize the layer ({@link QuantizedRecurrent#quantize}) and run its int8
     *             forward instead of the float one
     */
    public InferBatch(String name, CellType cell, int input, int hidden, int batch, int steps, int warmup, int reps, Per per,
                      boolean int8) {
        this(name, cell, input, hidden, batch, steps, warmup, reps, per, int8, false);
    }

    /** @param mixedLengths whether the rows get lengths drawn uniformly from steps/2..steps (seeded) */
    public InferBatch(String name, CellType cell, int input, int hidden, int batch, int steps, int warmup, int reps, Per per,
                      boolean int8, boolean mixedLengths) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("infer batch: a workload name is required");
        }
        if (cell != CellType.LSTM && cell != CellType.GRU) {
            throw new IllegalArgumentException("infer batch: cell must be LSTM or GRU, got " + cell);
        }
        RandomData.checkPositive(name, input, hidden, batch, steps);
        RandomData.checkRepetitions(name, warmup, reps);
        this.name = name;
        this.cell = cell;
        this.input = input;
        this.hidden = hidden;
        this.batch = batch;
        this.steps = steps;
        this.warmup = warmup;
        this.reps = reps;
        this.per = java.util.Objects.requireNonNull(per, "per");
        this.int8 = int8;
        this.mixedLengths = mixedLengths;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String unit() {
        return per == Per.SEQUENCE ? "sequences/s" : "tokens/s";
    }

    @Override
    public double measure() {
        Rng rng = new Rng(0);
        RecurrentLayer.Options options = new RecurrentLayer.Options(input, hidden).batchFirst(true);
        RecurrentLayer rnn = cell == CellType.LSTM ? new LSTM(options, rng) : new GRU(options, rng);
        if (int8) {
            rnn.eval(); // the int8 form runs in evaluation mode only
            rnn.useInt8(QuantizedRecurrent.quantize(rnn));
        }
        Tensor x = RandomData.randn(rng, batch, steps, input); // (B, T, I)
        int[] lengths = null;
        if (mixedLengths) {
            lengths = new int[batch];
            java.util.Random draw = new java.util.Random(0);
            for (int b = 0; b < batch; b++) {
                lengths[b] = Math.max(1, steps / 2) + draw.nextInt(steps - Math.max(1, steps / 2) + 1);
            }
        }
        int[] rowLengths = lengths;
        Runnable forward = () -> {
            try (var scope = Autograd.noGrad()) {
                rnn.forward(x, rowLengths);
            }
        };
        double seconds = Timing.medianSeconds(forward, warmup, reps);
        return per == Per.SEQUENCE ? batch / seconds : (double) batch * steps / seconds;
    }
}
