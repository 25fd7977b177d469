package dev.rnn4j.train;

import java.nio.file.Path;

/**
 * The settings every training run shares: seed, epochs, batch size, learning rate, output folder,
 * resume and quiet. The command-line tool fills it from its flags; a program builds it directly.
 *
 * <pre>{@code
 * TrainingOptions options = new TrainingOptions(42, 5, 64, 2e-3, Path.of("runs/x"), false, true);
 * Trainer.builder(model, new Adam(model.parameters(), options.lr()), data, step)
 *        .options(options)   // epochs, seed, output folder, resume, quiet
 *        .build().fit();
 * }</pre>
 *
 * @param seed      random seed: initialisation, data order, dropout
 * @param epochs    number of epochs, at least 1
 * @param batchSize sequences per batch, at least 1
 * @param lr        learning rate, finite and positive
 * @param out       output folder for checkpoints, metrics.jsonl and the model, or null
 * @param resume    continue from the last checkpoint in {@code out}
 * @param quiet     no progress bar; one line per epoch
 */
public record TrainingOptions(long seed, int epochs, int batchSize, double lr, Path out, boolean resume,
                              boolean quiet) {

    /** @throws IllegalArgumentException for a count below 1, a rate that is not finite and positive, or resume without a folder */
    public TrainingOptions {
        if (epochs < 1 || batchSize < 1) {
            throw new IllegalArgumentException("TrainingOptions: expected epochs >= 1 and batch size >= 1, got "
                    + epochs + ", " + batchSize);
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("TrainingOptions: expected a finite learning rate > 0, got " + lr);
        }
        if (resume && out == null) {
            throw new IllegalArgumentException("TrainingOptions: resume needs the output folder to resume from");
        }
    }

    /** Seed 42, no output folder, not resuming, with a progress bar. */
    public static TrainingOptions of(int epochs, int batchSize, double lr) {
        return new TrainingOptions(42, epochs, batchSize, lr, null, false, false);
    }
}
