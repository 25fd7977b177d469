package dev.rnn4j.qa;

import java.io.PrintStream;
import java.nio.file.Files;
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
 * @param attentionLoss the weight, >= 0, of the supporting-fact attention loss added to the answers' cross entropy:
 *                    hop k's attention is pushed onto the k-th supporting fact in reasoning order
 *                    ({@code SupportingFactLoss}; strong supervision, as the Memory Networks of Weston et al.
 *                    2015); 0 trains on the answers alone, weak supervision as DMN+ and End-to-End Memory
 *                    Networks; the LSTM reader has no attention and ignores it)
 * @param patience    stop after this many epochs without a better validation accuracy; 0 for never
 * @param restarts    at most this many further runs, each from the next seed ({@code seed + 1}, {@code seed + 2},
 *                    ...), while the best validation accuracy so far is below {@code restartBelow}; the run with
 *                    the best validation accuracy is kept; >= 0
 * @param restartBelow the validation accuracy in percent, in [0, 100], that a run must reach for no restart
 * @param maxSeconds  stop after this many seconds of training in this process, over all runs; 0 for no limit
 * @param runDir      the {@link dev.rnn4j.train.Trainer}'s folder of the first run (checkpoints, metrics.jsonl),
 *                    or null; restart {@code r} uses the sibling folder {@code <runDir>-restart-r}
 * @param resume      continue from the latest checkpoint in {@code runDir}
 * @param quiet       no progress bar
 * @param log         where the epoch lines go, or null for none
 */
public record QaTraining(long seed, int epochs, int batchSize, double lr, double weightDecay, double clipNorm,
                         double attentionLoss, int patience, int restarts, double restartBelow, double maxSeconds,
                         Path runDir, boolean resume, boolean quiet, PrintStream log) {

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
        if (!(attentionLoss >= 0) || Double.isInfinite(attentionLoss)) {
            throw new IllegalArgumentException("attention loss: expected a finite weight >= 0, got " + attentionLoss);
        }
        if (!(clipNorm > 0)) {
            throw new IllegalArgumentException("clip norm: expected > 0, got " + clipNorm);
        }
        if (patience < 0 || !(maxSeconds >= 0)) {
            throw new IllegalArgumentException("patience, max seconds: expected >= 0, got " + patience + ", "
                    + maxSeconds);
        }
        if (restarts < 0 || !(restartBelow >= 0 && restartBelow <= 100)) {
            throw new IllegalArgumentException("restarts, restart below: expected restarts >= 0 and a validation"
                    + " accuracy in [0, 100] %, got " + restarts + ", " + restartBelow);
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
                dmn ? QaDefaults.DMN_ATTENTION_LOSS : 0, dmn ? QaDefaults.DMN_PATIENCE : 0,
                dmn ? QaDefaults.DMN_RESTARTS : 0,
                dmn ? QaDefaults.DMN_RESTART_BELOW : 0, 0, null, false, true, null);
    }

    /** These settings with {@code epochs} and {@code batchSize}. */
    public QaTraining withEpochs(int epochs, int batchSize) {
        return new QaTraining(seed, epochs, batchSize, lr, weightDecay, clipNorm, attentionLoss, patience, restarts,
                restartBelow, maxSeconds, runDir, resume, quiet, log);
    }

    /** These settings with at most {@code restarts} further runs while the best validation accuracy is below
     * {@code restartBelow} percent. */
    public QaTraining withRestarts(int restarts, double restartBelow) {
        return new QaTraining(seed, epochs, batchSize, lr, weightDecay, clipNorm, attentionLoss, patience, restarts,
                restartBelow, maxSeconds, runDir, resume, quiet, log);
    }

    /** The settings of run {@code r} (0 the first): seed {@code seed + r}, its own run folder, and the time left. */
    QaTraining run(int r, double secondsLeft) {
        Path dir = runDir == null || r == 0 ? runDir : runDir.resolveSibling(runDir.getFileName() + "-restart-" + r);
        boolean resumeRun = r == 0 ? resume : resume && Files.isDirectory(dir);
        return new QaTraining(seed + r, epochs, batchSize, lr, weightDecay, clipNorm, attentionLoss, patience, 0,
                restartBelow, secondsLeft, dir, resumeRun, quiet, log);
    }
}
