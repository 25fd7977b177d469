package dev.rnn4j.classify;

import java.util.List;

/**
 * How training one network went.
 *
 * @param epochs every epoch run
 * @param bestEpoch the epoch with the best dev accuracy, whose parameters were kept (averaged with
 *     a neighbouring epoch's when that scored higher on dev, see
 *     {@link ClassifierConfig#averageNeighbourEpochs()})
 * @param bestDevAccuracy the dev accuracy of the kept parameters
 * @param seconds total wall time of training, dev evaluations included
 * @param stoppedEarly whether training stopped before the configured number of epochs
 */
public record TrainingSummary(List<EpochResult> epochs, int bestEpoch, double bestDevAccuracy, double seconds,
                              boolean stoppedEarly) {
}
