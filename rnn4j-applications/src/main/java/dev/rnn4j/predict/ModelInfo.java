package dev.rnn4j.predict;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a trained model says about itself ({@link Predictor#describe}): enough for a person, a
 * server's {@code GET /models/{name}} or a report to know what to send and what comes back.
 *
 * @param task     the {@code task} of the model folder's {@code config.json}, e.g. {@code text-classification}
 * @param input    what one input is, in words, e.g. "a text (string)"
 * @param output   what one prediction is, in words, e.g. "a label with a probability per label"
 * @param settings the model's settings in the order the model gives them (sizes, labels, horizon, ...);
 *                 values are strings, numbers, booleans or lists of them
 */
public record ModelInfo(String task, String input, String output, Map<String, Object> settings) {

    public ModelInfo {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(settings, "settings")));
    }
}
