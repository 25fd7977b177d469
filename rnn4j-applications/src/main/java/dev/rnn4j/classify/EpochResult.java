package dev.rnn4j.classify;

/**
 * One epoch of training one network.
 *
 * @param epoch 1-based
 * @param trainLoss mean cross entropy over the epoch's batches (with dropout on)
 * @param devAccuracy accuracy on the dev set after the epoch
 * @param seconds wall time of the epoch, dev evaluation and checkpoint included (NaN for epochs
 *     run before a resume)
 * @param sentencesPerSecond training examples per second of wall time
 * @param best whether this is the epoch whose weights were kept
 */
public record EpochResult(int epoch, double trainLoss, double devAccuracy, double seconds,
                          double sentencesPerSecond, boolean best) {
}
