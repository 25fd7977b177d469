package dev.rnn4j.lm;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * How a language model is trained ({@link LanguageModel#train}).
 *
 * @param seed         initialisation, window lengths, dropout
 * @param epochs       passes over the training streams, at least 1
 * @param streams      B, parallel streams per batch, at least 1
 * @param window       T, time steps per window (the truncation length), at least 1
 * @param randomWindow draw window lengths as AWD-LSTM ({@link StreamBatches})
 * @param lr           Adam's learning rate, finite and > 0
 * @param lrDecay      the learning rate is multiplied by this after every epoch, in (0, 1]
 * @param clipNorm     the gradients' total 2-norm is clipped to this, > 0
 * @param patience     stop after this many epochs without a better validation loss; 0 for never
 * @param maxSeconds   stop after this many seconds of training in this process (a resumed run starts its count
 *                     afresh); 0 for no limit. The best epoch's weights are kept in any case
 * @param checkpointEvery also checkpoint every this many steps (0: at epoch ends only); a checkpoint holds the
 *                     carried hidden state, so a run resumed from the middle of an epoch continues exactly
 * @param runDir       the {@link dev.rnn4j.train.Trainer}'s folder (checkpoints, metrics.jsonl), or null for none
 * @param resume       continue from the latest checkpoint in {@code runDir}
 * @param quiet        no progress bar
 * @param log          where epoch lines and the periodic progress (tokens/s, ETA) go, or null for none
 */
public record LanguageModelTraining(long seed, int epochs, int streams, int window, boolean randomWindow, double lr,
                                    double lrDecay, double clipNorm, int patience, double maxSeconds, long checkpointEvery,
                                    Path runDir,
                                    boolean resume, boolean quiet, PrintStream log) {

    /** @throws IllegalArgumentException for a value outside its range (the message names it) */
    public LanguageModelTraining {
        if (epochs < 1 || streams < 1 || window < 1) {
            throw new IllegalArgumentException("epochs, streams, window: expected >= 1, got " + epochs + ", "
                    + streams + ", " + window);
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("lr: expected a finite rate > 0, got " + lr);
        }
        if (!(lrDecay > 0 && lrDecay <= 1)) {
            throw new IllegalArgumentException("lr decay: expected a factor in (0, 1], got " + lrDecay);
        }
        if (!(clipNorm > 0)) {
            throw new IllegalArgumentException("clip norm: expected > 0, got " + clipNorm);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience: expected >= 0, got " + patience);
        }
        if (!(maxSeconds >= 0)) {
            throw new IllegalArgumentException("max seconds: expected >= 0 (0 for no limit), got " + maxSeconds);
        }
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("checkpoint every: expected >= 0 steps (0 for epoch ends only), got "
                    + checkpointEvery);
        }
        if (resume && runDir == null) {
            throw new IllegalArgumentException("resume: needs the run folder to resume from");
        }
    }

    /**
     * The shared training settings (seed, epochs, batch size as the number of streams, learning rate, the output
     * folder as the run folder, resume, quiet) with {@link LanguageModelDefaults} for the rest: windows of
     * {@value LanguageModelDefaults#WINDOW}, the per-epoch decay, the clip; no patience, no time limit, checkpoints
     * at epoch ends; epoch lines and progress on standard output.
     */
    public static LanguageModelTraining of(dev.rnn4j.train.TrainingOptions options) {
        if (options == null) {
            throw new IllegalArgumentException("options: expected the training options, got null");
        }
        return new LanguageModelTraining(options.seed(), options.epochs(), options.batchSize(),
                LanguageModelDefaults.WINDOW, false, options.lr(), LanguageModelDefaults.LR_DECAY,
                LanguageModelDefaults.CLIP, 0, 0, 0, options.out(), options.resume(), options.quiet(), System.out);
    }
}
