package dev.rnn4j.speech.model;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * How an {@link AcousticNetwork} is trained ({@link AcousticTrainer#train}).
 *
 * @param seed        initialisation, shuffling, dropout and SpecAugment masks
 * @param epochs      passes over the training utterances, at least 1
 * @param batchSize   utterances per step, at least 1
 * @param lr          Adam's learning rate, finite and > 0
 * @param lrDecay     the learning rate is multiplied by this after every epoch, in (0, 1]
 * @param clipNorm    the gradients' total 2-norm is clipped to this, > 0
 * @param specAugment mask the training features with {@link dev.rnn4j.speech.features.SpecAugment#speechDefaults()}
 * @param runDir      the {@link dev.rnn4j.train.Trainer}'s folder (checkpoints, metrics.jsonl), or null for none
 * @param resume      continue from the latest checkpoint in {@code runDir}
 * @param quiet       no progress bar
 * @param log         where epoch lines go, or null for none
 */
public record AcousticTraining(long seed, int epochs, int batchSize, double lr, double lrDecay, double clipNorm,
                               boolean specAugment, Path runDir, boolean resume, boolean quiet, PrintStream log) {

    /** @throws IllegalArgumentException for a value outside its range (the message names it) */
    public AcousticTraining {
        if (epochs < 1 || batchSize < 1) {
            throw new IllegalArgumentException("epochs, batch size: expected >= 1, got " + epochs + ", " + batchSize);
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
        if (resume && runDir == null) {
            throw new IllegalArgumentException("resume: needs the run folder to resume from");
        }
    }
}
