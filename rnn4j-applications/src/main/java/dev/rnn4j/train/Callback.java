package dev.rnn4j.train;

import java.nio.file.Path;
import java.util.Map;

/**
 * Hooks into the training loop. All methods default to doing nothing; call
 * {@link Trainer#requestStop(String)} from any of them to end training after the current step.
 */
public interface Callback {

    /** After every step (including skipped ones). */
    default void onStep(Trainer<?, ?> trainer, StepInfo step) {
    }

    /** After validation, logging and early-stopping bookkeeping of each epoch, before its checkpoint. */
    default void onEpochEnd(Trainer<?, ?> trainer, EpochInfo epoch) {
    }

    /** After a checkpoint folder is complete and {@code latest} points to it. */
    default void onCheckpoint(Trainer<?, ?> trainer, Path checkpoint, long step) {
    }

    /**
     * One finished step.
     *
     * @param epoch        1-based epoch
     * @param batch        1-based batch index within the epoch
     * @param step         1-based global step (batches processed since the start of training)
     * @param loss         the batch loss (NaN or infinite if the step was skipped)
     * @param learningRate the learning rate used
     * @param sequences    sequences in the batch
     * @param metrics      the step function's extra metrics
     * @param skipped      whether the step was skipped for a non-finite loss or gradient
     */
    record StepInfo(int epoch, int batch, long step, double loss, double learningRate, int sequences,
                    Map<String, Double> metrics, boolean skipped) {
    }

    /**
     * One finished epoch.
     *
     * @param epoch              1-based epoch
     * @param step               global step at the end of the epoch
     * @param metrics            {@code loss}, the step metrics' means, {@code lr}, validation metrics
     * @param improved           whether the monitored metric improved (false without a monitor)
     * @param sequencesPerSecond training throughput of this epoch (this process only)
     */
    record EpochInfo(int epoch, long step, Map<String, Double> metrics, boolean improved, double sequencesPerSecond) {
    }
}
