package dev.rnn4j.qa;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * How a question-answering model is trained ({@link QuestionAnswerer#train}).
 *
 * @param seed        initialisation, batch order, dropout
 * @param epochs      passes over the training questions, >= 1
 * @param batchSize   questions per batch, >= 1
 * @param lr          Adam's learning rate, finite and > 0
 * @param weightDecay L2 weight decay added to the gradients (PyTorch Adam's {@code weight_decay}), >= 0
 * @param clipNorm    the gradients' total 2-norm is clipped to this, > 0
 * @param patience    stop after this many epochs without a better validation accuracy; 0 for never
 * @param maxSeconds  stop after this many seconds of training in this process; 0 for no limit
 * @param runDir      the {@link dev.rnn4j.train.Trainer}'s folder (checkpoints, metrics.jsonl), or null
 * @param resume      continue from the latest checkpoint in {@code runDir}
 * @param quiet       no progress bar
 * @param log         where the epoch lines go, or null for none
 */
public record QaTraining(long seed, int epochs, int batchSize, double lr, double weightDecay, double clipNorm,
                         int patience, double maxSeconds, Path runDir, boolean resume, boolean quiet,
                         PrintStream log) {

    /** @throws IllegalArgumentException for a value outside its range (the message names it) */
    public QaTraining {
        if (epochs < 1 || batchSize < 1) {
            throw new IllegalArgumentException("epochs, batch size: expected >= 1, got " + epochs + ", " + batchSize);
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("lr: expected a finite rate > 0, got " + lr);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay: expected a finite value >= 0, got " + weightDecay);
        }
        if (!(clipNorm > 0)) {
            throw new IllegalArgumentException("clip norm: expected > 0, got " + clipNorm);
        }
        if (patience < 0 || !(maxSeconds >= 0)) {
            throw new IllegalArgumentException("patience, max seconds: expected >= 0, got " + patience + ", "
                    + maxSeconds);
        }
        if (resume && runDir == null) {
            throw new IllegalArgumentException("resume: needs the run folder to resume from");
        }
    }

    /**
     * The defaults of {@code model} ({@link QaDefaults}) with the shared training settings, no run folder, quiet.
     */
    public static QaTraining defaults(String model, long seed) {
        boolean dmn = QaConfig.DMN.equals(model);
        return new QaTraining(seed, QaDefaults.epochs(model), QaDefaults.batchSize(model), QaDefaults.LR,
                dmn ? QaDefaults.DMN_WEIGHT_DECAY : QaDefaults.LSTM_WEIGHT_DECAY, QaDefaults.CLIP,
                dmn ? QaDefaults.DMN_PATIENCE : 0, 0, null, false, true, null);
    }

    /** These settings with {@code epochs} and {@code batchSize}. */
    public QaTraining withEpochs(int epochs, int batchSize) {
        return new QaTraining(seed, epochs, batchSize, lr, weightDecay, clipNorm, patience, maxSeconds, runDir,
                resume, quiet, log);
    }
}
