package dev.rnn4j.train;

import dev.rnn4j.tensor.Tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link StepFunction} returns for one batch.
 *
 * @param loss      the scalar loss to minimise (one element, connected to the parameters)
 * @param sequences how many sequences the batch held (weights the epoch means; drives seq/s)
 * @param metrics   extra per-batch metrics (for example {@code accuracy}), averaged over the epoch
 *                  weighted by {@code sequences}; insertion order is kept
 */
public record StepResult(Tensor loss, int sequences, Map<String, Double> metrics) {

    public StepResult {
        Objects.requireNonNull(loss, "loss");
        if (sequences <= 0) {
            throw new IllegalArgumentException("sequences: a batch holds at least 1 sequence, got " + sequences);
        }
        Objects.requireNonNull(metrics, "metrics");
        Map<String, Double> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            if (e.getKey() == null || e.getKey().isBlank() || e.getValue() == null) {
                throw new IllegalArgumentException("metrics: names must be non-blank and values non-null, got "
                        + e.getKey() + " = " + e.getValue());
            }
            if (e.getKey().equals("loss") || e.getKey().equals("lr")) {
                throw new IllegalArgumentException("metrics: '" + e.getKey() + "' is recorded by the trainer itself");
            }
            copy.put(e.getKey(), e.getValue());
        }
        metrics = Collections.unmodifiableMap(copy);
    }

    /** A loss without extra metrics. */
    public static StepResult of(Tensor loss, int sequences) {
        return new StepResult(loss, sequences, Map.of());
    }

    /** A loss with extra metrics. */
    public static StepResult of(Tensor loss, int sequences, Map<String, Double> metrics) {
        return new StepResult(loss, sequences, metrics);
    }
}
