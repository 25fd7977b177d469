package dev.rnn4j.classify;

import java.util.Map;

/**
 * A text classifier's prediction for one text.
 *
 * @param label         the most probable label (the argmax of the combined logits, so the same for
 *                      any temperature)
 * @param probabilities probability of every label, in the label set's order (sums to 1)
 */
public record Prediction(String label, Map<String, Double> probabilities) {
}
