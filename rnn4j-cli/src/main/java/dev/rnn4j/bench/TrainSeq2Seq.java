package dev.rnn4j.bench;

import dev.rnn4j.models.seq2seq.Seq2Seq;
import dev.rnn4j.models.seq2seq.Seq2SeqConfig;
import dev.rnn4j.models.seq2seq.TeacherForced;
import dev.rnn4j.optim.Adam;
import dev.rnn4j.optim.GradClip;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;

import java.util.Arrays;

/**
 * {@code train_seq2seq_attention} of the reference: the additive-attention encoder-decoder of the
 * golden cases ({@link Seq2SeqConfig#bahdanau}: source vocabulary 8000, target 6000, embeddings
 * 256, bidirectional GRU encoder 512, GRU decoder 512), batch 64, source and target length 24, no
 * padding, teacher forcing; cross entropy over the T−1 predicted steps, backward, clip grad norm 1,
 * Adam(lr 1e-3). Throughput in target tokens/s = B·(T−1) / median step time (2 warm-up steps,
 * 5 timed).
 */
public final class TrainSeq2Seq implements Workload {

    private final int srcVocab;
    private final int trgVocab;
    private final int embedding;
    private final int hidden;
    private final int batch;
    private final int srcSteps;
    private final int trgSteps;
    private final int warmup;
    private final int reps;

    /** The reference sizes. */
    public TrainSeq2Seq() {
        this(8000, 6000, 256, 512, 64, 24, 24, 2, 5);
    }

    /**
     * @param hidden   encoder (per direction) and decoder hidden size
     * @param trgSteps T, target length including {@code <sos>}, at least 2
     */
    public TrainSeq2Seq(int srcVocab, int trgVocab, int embedding, int hidden, int batch, int srcSteps, int trgSteps,
                        int warmup, int reps) {
        RandomData.checkPositive("train seq2seq", srcVocab, trgVocab, embedding, hidden, batch, srcSteps, trgSteps);
        RandomData.checkRepetitions("train seq2seq", warmup, reps);
        if (srcVocab <= 3 || trgVocab <= 3 || trgSteps < 2) {
            throw new IllegalArgumentException("train seq2seq: expected vocabularies above 3 (ids 0..2 are special) "
                    + "and a target length of at least 2, got " + srcVocab + ", " + trgVocab + " and " + trgSteps);
        }
        this.srcVocab = srcVocab;
        this.trgVocab = trgVocab;
        this.embedding = embedding;
        this.hidden = hidden;
        this.batch = batch;
        this.srcSteps = srcSteps;
        this.trgSteps = trgSteps;
        this.warmup = warmup;
        this.reps = reps;
    }

    @Override
    public String name() {
        return "train_seq2seq_attention";
    }

    @Override
    public String unit() {
        return "target tokens/s";
    }

    @Override
    public double measure() {
        Rng rng = new Rng(0);
        Seq2Seq model = new Seq2Seq(Seq2SeqConfig.bahdanau(srcVocab, trgVocab, embedding, hidden, hidden), rng);
        Adam adam = new Adam(model.parameters(), 1e-3);
        int[] src = RandomData.randint(rng, 3, srcVocab, srcSteps * batch); // (S, B), no special ids
        int[] trg = RandomData.randint(rng, 3, trgVocab, trgSteps * batch); // (T, B)
        int[] lengths = new int[batch];
        Arrays.fill(lengths, srcSteps); // no padding
        Runnable step = () -> {
            adam.zeroGrad();
            TeacherForced out = model.forward(src, lengths, trg);
            Tensor loss = model.loss(out, trg, 0.0); // no pad in trg, so the same as the reference's plain mean
            loss.backward();
            GradClip.clipGradNorm(model.parameters(), 1.0);
            adam.step();
        };
        return (double) batch * (trgSteps - 1) / Timing.medianSeconds(step, warmup, reps);
    }
}
