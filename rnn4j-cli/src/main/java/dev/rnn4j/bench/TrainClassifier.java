package dev.rnn4j.bench;

import dev.rnn4j.models.Pooling;
import dev.rnn4j.models.SequenceClassifier;
import dev.rnn4j.nn.Losses;
import dev.rnn4j.optim.Adam;
import dev.rnn4j.optim.GradClip;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;

/**
 * {@code train_classifier(cell)} of the reference: Embedding(vocab, emb) → LSTM or GRU(emb, hid)
 * → Linear(hid, 2) on the last step, batch-first; one training step is zero_grad, cross entropy,
 * backward, clip_grad_norm(5.0), Adam(lr 1e-3) on one fixed random batch. Throughput in
 * sequences/s = B / median step time (3 warm-up steps, 7 timed).
 */
public final class TrainClassifier implements Workload {

    private final CellType cell;
    private final int vocab;
    private final int embedding;
    private final int hidden;
    private final int batch;
    private final int steps;
    private final int warmup;
    private final int reps;

    /** The reference sizes: vocab 20000, embedding 128, hidden 256, batch 64, length 128. */
    public TrainClassifier(CellType cell) {
        this(cell, 20000, 128, 256, 64, 128, 3, 7);
    }

    public TrainClassifier(CellType cell, int vocab, int embedding, int hidden, int batch, int steps, int warmup, int reps) {
        if (cell != CellType.LSTM && cell != CellType.GRU) {
            throw new IllegalArgumentException("train classifier: cell must be LSTM or GRU, got " + cell);
        }
        RandomData.checkPositive("train classifier", vocab, embedding, hidden, batch, steps);
        RandomData.checkRepetitions("train classifier", warmup, reps);
        this.cell = cell;
        this.vocab = vocab;
        this.embedding = embedding;
        this.hidden = hidden;
        this.batch = batch;
        this.steps = steps;
        this.warmup = warmup;
        this.reps = reps;
    }

    @Override
    public String name() {
        return cell == CellType.LSTM ? "train_lstm_classifier" : "train_gru_classifier";
    }

    @Override
    public String unit() {
        return "sequences/s";
    }

    @Override
    public double measure() {
        Rng rng = new Rng(0);
        // no padding index, no dropout: nn.Embedding, nn.LSTM/GRU and nn.Linear as in the reference
        SequenceClassifier model = new SequenceClassifier(new SequenceClassifier.Config(vocab, embedding, cell, hidden,
                1, false, 0.0, 0.0, Pooling.LAST, 2, -1), rng);
        Adam adam = new Adam(model.parameters(), 1e-3);
        int[] ids = RandomData.randint(rng, vocab, batch * steps); // x: (B, T)
        int[] labels = RandomData.randint(rng, 2, batch);           // y: (B)
        Runnable step = () -> {
            adam.zeroGrad();
            Tensor loss = Losses.crossEntropy(model.forward(ids, batch, steps, null), labels);
            loss.backward();
            GradClip.clipGradNorm(model.parameters(), 5.0);
            adam.step();
        };
        return batch / Timing.medianSeconds(step, warmup, reps);
    }
}
