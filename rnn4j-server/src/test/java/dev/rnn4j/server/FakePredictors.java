package dev.rnn4j.server;

import dev.rnn4j.classify.Prediction;
import dev.rnn4j.predict.ModelInfo;
import dev.rnn4j.predict.Predictor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Text classifiers whose timing or failure a test sets: one that takes a fixed time per batch (for timeouts
 * and shutdown) and one that always fails with an internal error (for the 500 path).
 */
final class FakePredictors {

    private FakePredictors() {
    }

    /** Answers every text {@code slow} after {@code millis} ms per batch. */
    static Predictor<String, Prediction> slow(long millis) {
        return new Predictor<>() {
            @Override
            public ModelInfo describe() {
                return new ModelInfo("text-classification", "a text", "a label", Map.of());
            }

            @Override
            public Prediction predict(String input) {
                return predictBatch(List.of(input)).get(0);
            }

            @Override
            public List<Prediction> predictBatch(List<String> inputs) {
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                List<Prediction> out = new ArrayList<>();
                for (String ignored : inputs) {
                    out.add(new Prediction("slow", Map.of("slow", 1.0)));
                }
                return out;
            }
        };
    }

    /** Fails every call with an internal error whose message must never reach a client. */
    static Predictor<String, Prediction> failing() {
        return new Predictor<>() {
            @Override
            public ModelInfo describe() {
                return new ModelInfo("text-classification", "a text", "a label", Map.of());
            }

            @Override
            public Prediction predict(String input) {
                throw new IllegalStateException("internal detail at /secret/path");
            }

            @Override
            public List<Prediction> predictBatch(List<String> inputs) {
                throw new IllegalStateException("internal detail at /secret/path");
            }
        };
    }
}
