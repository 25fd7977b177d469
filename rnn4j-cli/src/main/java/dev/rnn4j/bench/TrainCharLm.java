package dev.rnn4j.bench;

import dev.rnn4j.nn.Embedding;
import dev.rnn4j.nn.Linear;
import dev.rnn4j.nn.Losses;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.optim.Adam;
import dev.rnn4j.recurrent.Cells;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code train_charlm} of the reference: Embedding(65, hid) → 2-layer LSTM(hid, hid),
 * batch-first → Linear(hid, 65) on every step; cross entropy over all B·T positions, backward,
 * Adam(lr 2e-3), no clipping. Throughput in tokens/s = B·T / median step time (2 warm-up steps,
 * 5 timed).
 *
 * <p>With the cell {@code LSTM_LN} (the layer-normalised LSTM of {@code Cells}) it is
 * {@code train_lstm_ln_charlm}: the same workload, to measure what layer normalisation costs. PyTorch
 * has no such cell, so that one has no reference figure.
 */
public final class TrainCharLm implements Workload {

    private final String cell;
    private final int hidden;
    private final int layers;
    private final int batch;
    private final int steps;
    private final int vocab;
    private final int warmup;
    private final int reps;

    /** The reference sizes: hidden 512, 2 layers, batch 32, length 100, vocabulary 65. */
    public TrainCharLm() {
        this("LSTM");
    }

    /** The reference sizes with the cell {@code LSTM} or {@code LSTM_LN}. */
    public TrainCharLm(String cell) {
        this(cell, 512, 2, 32, 100, 65, 2, 5);
    }

    public TrainCharLm(int hidden, int layers, int batch, int steps, int vocab, int warmup, int reps) {
        this("LSTM", hidden, layers, batch, steps, vocab, warmup, reps);
    }

    /** @param cell {@code LSTM} or {@code LSTM_LN} */
    public TrainCharLm(String cell, int hidden, int layers, int batch, int steps, int vocab, int warmup, int reps) {
        if (!"LSTM".equals(cell) && !"LSTM_LN".equals(cell)) {
            throw new IllegalArgumentException("train charlm: cell must be LSTM or LSTM_LN, got " + cell);
        }
        RandomData.checkPositive("train charlm", hidden, layers, batch, steps, vocab);
        RandomData.checkRepetitions("train charlm", warmup, reps);
        this.cell = cell;
        this.hidden = hidden;
        this.layers = layers;
        this.batch = batch;
        this.steps = steps;
        this.vocab = vocab;
        this.warmup = warmup;
        this.reps = reps;
    }

    @Override
    public String name() {
        return "LSTM".equals(cell) ? "train_lstm_charlm" : "train_lstm_ln_charlm";
    }

    @Override
    public String unit() {
        return "tokens/s";
    }

    @Override
    public double measure() {
        Rng rng = new Rng(0);
        Embedding emb = new Embedding(vocab, hidden, -1, rng);
        RecurrentLayer rnn = RecurrentLayer.of(Cells.forName(cell),
                new RecurrentLayer.Options(hidden, hidden).numLayers(layers).batchFirst(true), rng);
        Linear fc = new Linear(hidden, vocab, rng);
        List<Tensor> params = new ArrayList<>(emb.parameters());
        params.addAll(rnn.parameters());
        params.addAll(fc.parameters());
        Adam adam = new Adam(params, 2e-3);
        int[] x = RandomData.randint(rng, vocab, batch * steps); // (B, T)
        int[] y = RandomData.randint(rng, vocab, batch * steps); // (B, T), flattened as y.reshape(-1)
        Runnable step = () -> {
            adam.zeroGrad();
            Tensor out = rnn.forward(emb.forward(x, batch, steps)).output(); // (B, T, H)
            Tensor logits = fc.forward(out).reshape(batch * steps, vocab);   // (B·T, V)
            Losses.crossEntropy(logits, y).backward();
            adam.step();
        };
        return (double) batch * steps / Timing.medianSeconds(step, warmup, reps);
    }
}
