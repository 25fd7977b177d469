package dev.rnn4j.bench;

import dev.rnn4j.models.seq2seq.Seq2Seq;
import dev.rnn4j.models.seq2seq.Seq2SeqConfig;
import dev.rnn4j.tensor.Rng;

/**
 * {@code translate_greedy} of the reference: the model of {@link TrainSeq2Seq} untrained, one
 * 24-token source, encoded and then greedily decoded for 24 tokens at batch 1 (no stopping at
 * {@code <eos>}), under no-grad ({@link Seq2Seq#greedy}). Throughput in tokens/s = steps / median
 * run time.
 */
public final class TranslateGreedy implements Workload {

    private final int srcVocab;
    private final int trgVocab;
    private final int embedding;
    private final int hidden;
    private final int srcSteps;
    private final int steps;
    private final int warmup;
    private final int reps;

    /** The reference sizes. */
    public TranslateGreedy() {
        // 20 warm-up runs instead of the reference's 3, as for the stream workloads: 3 runs of 24
        // steps leave the decoder step in the interpreter and the first compilation tiers
        this(8000, 6000, 256, 512, 24, 24, 20, 7);
    }

    public TranslateGreedy(int srcVocab, int trgVocab, int embedding, int hidden, int srcSteps, int steps, int warmup,
                           int reps) {
        RandomData.checkPositive("translate greedy", srcVocab, trgVocab, embedding, hidden, srcSteps, steps);
        RandomData.checkRepetitions("translate greedy", warmup, reps);
        if (srcVocab <= 3 || trgVocab <= 3) {
            throw new IllegalArgumentException("translate greedy: expected vocabularies above 3 (ids 0..2 are "
                    + "special), got " + srcVocab + " and " + trgVocab);
        }
        this.srcVocab = srcVocab;
        this.trgVocab = trgVocab;
        this.embedding = embedding;
        this.hidden = hidden;
        this.srcSteps = srcSteps;
        this.steps = steps;
        this.warmup = warmup;
        this.reps = reps;
    }

    @Override
    public String name() {
        return "translate_greedy";
    }

    @Override
    public String unit() {
        return "tokens/s";
    }

    @Override
    public double measure() {
        Rng rng = new Rng(0);
        Seq2Seq model = new Seq2Seq(Seq2SeqConfig.bahdanau(srcVocab, trgVocab, embedding, hidden, hidden), rng);
        model.eval();
        int[] src = RandomData.randint(rng, 3, srcVocab, srcSteps); // (S, 1)
        int[] lengths = {srcSteps};
        Runnable run = () -> {
            int[][] tokens = model.greedy(src, lengths, steps, false);
            if (tokens[0].length != steps) {
                throw new IllegalStateException("translate greedy: expected " + steps + " tokens, got "
                        + tokens[0].length);
            }
        };
        return steps / Timing.medianSeconds(run, warmup, reps);
    }
}
