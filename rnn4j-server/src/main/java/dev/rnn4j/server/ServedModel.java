package dev.rnn4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.rnn4j.predict.ModelInfo;
import dev.rnn4j.predict.Predictor;
import dev.rnn4j.predict.Predictors;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One model as the server holds it: its name in the URLs, its predictor, the codec of its task, its explainer
 * when the server can explain it (text classifiers) and, once the server runs, its batcher.
 *
 * @param <I> the predictor's input
 * @param <O> the predictor's output
 */
public final class ServedModel<I, O> {

    /** Names usable in a URL path without escaping. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final String name;
    private final Predictor<I, O> predictor;
    private final PredictionCodec<I, O> codec;
    private final ModelInfo info;
    private final ClassifierExplainer explainer;
    private DynamicBatcher<I, O> batcher;

    private ServedModel(String name, Predictor<I, O> predictor, PredictionCodec<I, O> codec) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name: expected 1 to 64 letters, digits, '.', '_' or '-' starting with"
                    + " a letter or digit, got " + (name == null ? "null" : "'" + name + "'"));
        }
        if (predictor == null) {
            throw new IllegalArgumentException("predictor: expected a predictor for model '" + name + "', got null");
        }
        this.name = name;
        this.predictor = predictor;
        this.info = predictor.describe();
        this.codec = codec;
        this.explainer = ClassifierExplainer.of(predictor);
    }

    /**
     * Serves {@code predictor} under {@code name} with the codec of its task ({@link ModelInfo#task()}).
     *
     * @throws IllegalArgumentException for a name that is not URL-safe, or a task the server has no codec for
     */
    @SuppressWarnings("unchecked")
    public static ServedModel<?, ?> of(String name, Predictor<?, ?> predictor) {
        if (predictor == null) {
            throw new IllegalArgumentException("predictor: expected a predictor for model '" + name + "', got null");
        }
        // the task names both the predictor's and the codec's types, so they agree
        PredictionCodec<Object, Object> codec =
                (PredictionCodec<Object, Object>) PredictionCodecs.forTask(predictor.describe().task());
        return new ServedModel<>(name, (Predictor<Object, Object>) predictor, codec);
    }

    /**
     * Loads the model folder {@code folder} ({@link Predictors#load}) and serves it under {@code name}.
     *
     * @throws IllegalArgumentException if the folder is not a model folder, or its task has no codec
     */
    public static ServedModel<?, ?> load(String name, Path folder) {
        return of(name, Predictors.load(folder));
    }

    /** The name in the URLs. */
    public String name() {
        return name;
    }

    /** What the model says about itself. */
    public ModelInfo info() {
        return info;
    }

    PredictionCodec<I, O> codec() {
        return codec;
    }

    /** The predictor the batcher calls. */
    Predictor<I, O> predictor() {
        return predictor;
    }

    /** Whether the server explains this model's predictions ({@code POST /explanations/{name}}). */
    public boolean explains() {
        return explainer != null;
    }

    /** The explainer of this model's predictions, or null when {@link #explains()} is false. */
    ClassifierExplainer explainer() {
        return explainer;
    }

    /** Starts batching with the server's options; {@code metrics} receives batch sizes and the queue length. */
    void start(ServerOptions options, ServerMetrics metrics) {
        batcher = new DynamicBatcher<>(name, predictor, options.maxBatch(), options.maxWaitMillis(),
                options.queueCapacity(), size -> metrics.batch(name, size));
        metrics.queue(name, n -> batcher.queued());
    }

    /** Stops batching after the queued requests are answered. */
    void stop() {
        if (batcher != null) {
            batcher.close();
        }
    }

    /**
     * The input a request body asks for, decoded as {@link RequestBodies#decode} does with this model's codec.
     *
     * @param contentType the request's {@code Content-Type}, or null for none
     * @throws ApiException {@code 413}, {@code 415} or {@code 400} as {@link RequestBodies#decode} says
     */
    I decode(String contentType, byte[] body, int maxBodyBytes) {
        return RequestBodies.decode(name, contentType, body, maxBodyBytes, codec.acceptsPlainText(), codec::fromJson,
                codec::fromText);
    }

    /**
     * Decodes a request body ({@link #decode}), queues it and encodes the prediction; errors as
     * {@link DynamicBatcher#submit}. After {@code timeoutMillis} the queued request itself times out
     * ({@link java.util.concurrent.TimeoutException}), so a batch forming later leaves it out.
     */
    CompletableFuture<JsonNode> predict(String contentType, byte[] body, int maxBodyBytes, long timeoutMillis,
                                        JsonNodeFactory json) {
        return encoded(decode(contentType, body, maxBodyBytes), timeoutMillis, json);
    }

    private CompletableFuture<JsonNode> encoded(I input, long timeoutMillis, JsonNodeFactory json) {
        CompletableFuture<O> queued = batcher.submit(input);
        queued.orTimeout(timeoutMillis, TimeUnit.MILLISECONDS);
        return queued.thenApply(out -> codec.toJson(out, json));
    }
}
