package dev.rnn4j.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How a {@link Trainer#fit()} ended.
 *
 * @param epochsCompleted epochs fully done (including those before a resume)
 * @param steps           global steps taken
 * @param stoppedEarly    whether early stopping ended the run
 * @param stopReason      why training ended, in words
 * @param monitor         the monitored metric, or null
 * @param bestValue       its best value, or null
 * @param bestEpoch       the 1-based epoch of the best value (0 if none)
 * @param bestCheckpoint  the checkpoint folder holding the best model, or null
 * @param lastCheckpoint  the newest checkpoint folder, or null (no output folder)
 * @param history         the metrics of every epoch, with {@code epoch} first
 * @param averaging       what averaging neighbouring epochs tried and kept, or null when the run does not
 *                        average ({@link Trainer.Builder#averageNeighbourEpochs}) or kept no best epoch
 */
public record TrainResult(int epochsCompleted, long steps, boolean stoppedEarly, String stopReason, String monitor,
                          Double bestValue, int bestEpoch, Path bestCheckpoint, Path lastCheckpoint,
                          List<Map<String, Double>> history, EpochSnapshots.Averaging averaging) {

    /** The last epoch's metrics (empty if no epoch completed). */
    public Map<String, Double> lastEpoch() {
        return history.isEmpty() ? Map.of() : history.get(history.size() - 1);
    }
}
