package dev.rnn4j.qa;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's answer to a {@link QaQuestion}.
 *
 * @param answer        the most likely answer
 * @param probability   its probability
 * @param probabilities every answer the model knows with its probability, most likely first
 * @param firstFact     the index in the story of the first statement the model read (older ones are beyond its
 *                      memory of {@link QaConfig#maxFacts} statements)
 * @param attention     per hop, the attention weight of every statement read ({@code story[firstFact + i]}), summing
 *                      to 1; empty for a model without attention (the LSTM reader)
 * @param unknownWords  words of the story or question the model never saw in training, read as its unknown
 *                      symbol, in order of appearance without repeats
 */
public record QaAnswer(String answer, double probability, Map<String, Double> probabilities, int firstFact,
                       List<double[]> attention, List<String> unknownWords) {

    public QaAnswer {
        probabilities = Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
        attention = attention.stream().map(double[]::clone).toList();
        unknownWords = List.copyOf(unknownWords);
    }

    @Override
    public List<double[]> attention() {
        return attention.stream().map(double[]::clone).toList();
    }
}
