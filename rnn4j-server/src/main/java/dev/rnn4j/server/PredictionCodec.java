package dev.rnn4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The JSON seam between HTTP and one task's {@link dev.rnn4j.predict.Predictor}: turns a request body into the
 * predictor's input type and its prediction into a response body. The server knows nothing else of a model's
 * kind; serving a new task means one codec more in {@link PredictionCodecs}.
 *
 * <p>Implementations are stateless and safe to call from several threads at once.
 *
 * @param <I> the predictor's input, e.g. a text
 * @param <O> the predictor's output, e.g. a label with its probabilities
 */
public interface PredictionCodec<I, O> {

    /** The {@code task} of the model folders this codec serves, e.g. {@code text-classification}. */
    String task();

    /**
     * The input of a JSON request body.
     *
     * @throws ApiException {@code 400} naming the field that is missing or of the wrong kind
     */
    I fromJson(JsonNode body);

    /** Whether a {@code text/plain} body is one input as it stands (true for text models). */
    default boolean acceptsPlainText() {
        return false;
    }

    /**
     * The input of a {@code text/plain} body; only called when {@link #acceptsPlainText()}.
     *
     * @throws ApiException {@code 400} if the text cannot be an input
     */
    default I fromText(String text) {
        throw new ApiException(415, "UnsupportedMediaTypeException",
                "models of task " + task() + " take a JSON body (Content-Type: application/json)");
    }

    /** The response body of one prediction. */
    JsonNode toJson(O output, JsonNodeFactory json);
}
