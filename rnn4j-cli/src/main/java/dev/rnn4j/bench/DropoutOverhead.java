package dev.rnn4j.bench;

import dev.rnn4j.nn.Embedding;
import dev.rnn4j.nn.LSTM;
import dev.rnn4j.nn.Linear;
import dev.rnn4j.nn.Losses;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.optim.Adam;
import dev.rnn4j.optim.GradClip;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code dropout_overhead}: how much slower the train_lstm_classifier step gets with every
 * recurrent regulariser on — embedding (word) dropout 0.1, variational input and output dropout
 * 0.25, recurrent-state dropout 0.25 inside the fused kernel, weight drop 0.25 on W_hh — than
 * the same model without them. Reported as percent slower (lower is better; the target is
 * under 15 %; noise can make it negative). The two models' steps alternate in the same process,
 * and each side takes the median of its reps.
 */
public final class DropoutOverhead implements Workload {

    private final int vocab;
    private final int embedding;
    private final int hidden;
    private final int batch;
    private final int steps;
    private final int warmup;
    private final int reps;

    /** The train_lstm_classifier sizes; more repetitions than the workloads use, since a difference is measured. */
    public DropoutOverhead() {
        this(20000, 128, 256, 64, 128, 5, 21);
    }

    public DropoutOverhead(int vocab, int embedding, int hidden, int batch, int steps, int warmup, int reps) {
        RandomData.checkPositive("dropout overhead", vocab, embedding, hidden, batch, steps);
        RandomData.checkRepetitions("dropout overhead", warmup, reps);
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
        return "dropout_overhead";
    }

    @Override
    public String unit() {
        return "% slower";
    }

    /** One training step of Embedding → LSTM → Linear on h_n, with or without the regularisers. */
    private Runnable step(boolean regularised) {
        Rng rng = new Rng(0);
        Embedding emb = new Embedding(vocab, embedding, -1, rng);
        RecurrentLayer.Options o = new RecurrentLayer.Options(embedding, hidden).batchFirst(true);
        if (regularised) {
            emb.wordDropout(0.1, rng);
            o.inputDropout(0.25).outputDropout(0.25).recurrentDropout(0.25).weightDropout(0.25);
        }
        LSTM lstm = new LSTM(o, rng);
        Linear fc = new Linear(hidden, 2, rng);
        List<Tensor> params = new ArrayList<>(emb.parameters());
        params.addAll(lstm.parameters());
        params.addAll(fc.parameters());
        Adam adam = new Adam(params, 1e-3);
        int[] ids = RandomData.randint(rng, vocab, batch * steps);
        int[] labels = RandomData.randint(rng, 2, batch);
        return () -> {
            adam.zeroGrad();
            Tensor h = lstm.forward(emb.forward(ids, batch, steps)).hN().select(0, 0);
            Losses.crossEntropy(fc.forward(h), labels).backward();
            GradClip.clipGradNorm(params, 5.0);
            adam.step();
        };
    }

    @Override
    public double measure() {
        Runnable plain = step(false);
        Runnable regularised = step(true);
        for (int i = 0; i < warmup; i++) {
            plain.run();
            regularised.run();
        }
        // interleaved, so a change in machine load during the run hits both alike
        double[] plainSeconds = new double[reps];
        double[] regularisedSeconds = new double[reps];
        for (int i = 0; i < reps; i++) {
            plainSeconds[i] = Timing.medianSeconds(plain, 0, 1);
            regularisedSeconds[i] = Timing.medianSeconds(regularised, 0, 1);
        }
        return 100 * (Timing.median(regularisedSeconds) / Timing.median(plainSeconds) - 1);
    }
}
