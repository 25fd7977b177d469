package dev.rnn4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.router.Endpoint;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves trained models over HTTP in TorchServe's shape, on Javalin (Jetty 12):
 * <ul>
 *   <li>{@code GET /ping}: {@code {"status": "Healthy"}}</li>
 *   <li>{@code GET /models}: the models served, by name and task</li>
 *   <li>{@code GET /models/{name}}: what one model takes and gives ({@link dev.rnn4j.predict.ModelInfo}) and its batching</li>
 *   <li>{@code POST /predictions/{name}}: one prediction; a JSON body, or {@code text/plain} for text models</li>
 *   <li>{@code POST /explanations/{name}}: the token attributions of a text classifier's prediction
 *       ({@link ExplanationCodec}); {@code 501} for a model the server cannot explain</li>
 *   <li>{@code GET /metrics}: Prometheus text ({@link ServerMetrics})</li>
 *   <li>{@code GET /openapi.json}: the OpenAPI 3 description of these routes</li>
 *   <li>{@code GET /} and {@code GET /static/{file}}: a page to try the models in a browser</li>
 * </ul>
 * Concurrent predictions of one model are batched ({@link DynamicBatcher}); explanations run on a few threads of
 * their own behind a bounded queue ({@link ExplanationWorkers}). Every error is a JSON body
 * {@code {"code", "type", "message"}}; no stack trace reaches a client (they go to the server's log).
 * {@link #close()} refuses new predictions and explanations, answers those in flight, then stops.
 */
public final class ModelServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelServer.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The files of the page, served from {@code /static/} in the jar. */
    private static final Map<String, String> STATIC_FILES = Map.of(
            "app.js", "text/javascript; charset=utf-8",
            "style.css", "text/css; charset=utf-8");
    /** Explanations computed at once: each is a batch of steps + 1 texts, so a few keep the cores busy. */
    static final int EXPLANATION_THREADS = 2;
    /** Explanations that may wait for a thread before new ones get {@code 503}. */
    static final int EXPLANATION_QUEUE = 16;

    private final ObjectMapper json = RequestBodies.JSON;
    private final Map<String, ServedModel<?, ?>> models = new LinkedHashMap<>();
    private final ServerOptions options;
    private final ServerMetrics metrics = new ServerMetrics();
    private final List<String> routes = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ExplanationWorkers explanations = new ExplanationWorkers(EXPLANATION_THREADS, EXPLANATION_QUEUE);
    private volatile boolean draining;
    private final Javalin app;

    private ModelServer(List<ServedModel<?, ?>> served, ServerOptions options) {
        this.options = options;
        for (ServedModel<?, ?> model : served) {
            if (models.putIfAbsent(model.name(), model) != null) {
                throw new IllegalArgumentException("models: the name '" + model.name() + "' is given twice");
            }
        }
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = options.maxBodyBytes();
            config.http.prefer405over404 = true;
            // on stop, Jetty refuses new requests and waits (up to the grace period) for the answers in flight
            // to be written, after close() has waited for their predictions
            config.jetty.modifyServer(server -> {
                server.setErrorHandler(quietErrorHandler());
                server.setStopTimeout(Math.max(1000, options.shutdownGraceMillis()));
            });
            config.jetty.modifyServletContextHandler(context -> context.insertHandler(new GracefulHandler()));
            config.events.handlerAdded(meta -> routes.add(meta.getHttpMethod().name() + " " + meta.getPath()));
            config.requestLogger.http((ctx, ms) -> metrics.request(ctx.method().name(), route(ctx),
                    ctx.statusCode(), ms / 1000.0));
            config.routes.get("/ping", ctx -> json(ctx, NODES.objectNode().put("status", "Healthy")));
            config.routes.get("/models", this::listModels);
            config.routes.get("/models/{name}", this::describeModel);
            config.routes.post("/predictions/{name}", this::predict);
            config.routes.post("/explanations/{name}", this::explain);
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(metrics.scrape()));
            config.routes.get("/openapi.json", ctx -> resource(ctx, "openapi.json", "application/json"));
            config.routes.get("/", ctx -> resource(ctx, "index.html", "text/html; charset=utf-8"));
            config.routes.get("/static/{file}", this::staticFile);
            config.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, fromJavalin(e, ctx)));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                error(ctx, new ApiException(500, "InternalServerException", "the server failed to answer; see its log"));
            });
            config.routes.error(404, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) {
                    error(ctx, new ApiException(404, "ResourceNotFoundException", "no such resource: " + ctx.path()));
                }
            });
        });
        for (ServedModel<?, ?> model : models.values()) {
            model.start(options, metrics);
        }
        try {
            app.start(options.host(), options.port());
        } catch (RuntimeException e) {
            models.values().forEach(ServedModel::stop);
            explanations.close(0);
            throw e;
        }
    }

    /**
     * Starts serving {@code models} (at least one, names unique) as {@code options} say.
     *
     * @throws IllegalArgumentException for no model or a name given twice
     */
    public static ModelServer start(List<ServedModel<?, ?>> models, ServerOptions options) {
        if (models == null || models.isEmpty()) {
            throw new IllegalArgumentException("models: expected at least one model to serve, got none");
        }
        if (options == null) {
            throw new IllegalArgumentException("options: expected server options, got null");
        }
        return new ModelServer(models, options);
    }

    /** The port the server listens on (the one picked when the options asked for 0). */
    public int port() {
        return app.port();
    }

    /** The address the server is bound to. */
    public String host() {
        return options.host();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8080}. */
    public String url() {
        String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
        return "http://" + host + ":" + port();
    }

    /** Every route served, as {@code METHOD /path} with Javalin's {@code {param}} placeholders. */
    public List<String> routes() {
        return List.copyOf(routes);
    }

    /** Predictions queued or running whose answer is not yet set. */
    int predictionsInFlight() {
        return inFlight.get();
    }

    /** Whether Jetty's graceful-shutdown handler counts the requests in flight. */
    boolean countsRequestsInFlight() {
        return app.jettyServer().server().getDescendant(GracefulHandler.class) != null;
    }

    /** The local addresses of the listening connectors. */
    List<InetSocketAddress> boundAddresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (var connector : app.jettyServer().server().getConnectors()) {
            if (connector instanceof org.eclipse.jetty.server.ServerConnector c
                    && c.getTransport() instanceof java.nio.channels.ServerSocketChannel channel) {
                try {
                    out.add((InetSocketAddress) channel.getLocalAddress());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return out;
    }

    /**
     * Graceful shutdown: new predictions and explanations get {@code 503}; the requests in flight, and those queued,
     * are answered (waiting up to the options' grace period); then the models' batchers, the explanation threads
     * and the HTTP server stop.
     */
    @Override
    public void close() {
        draining = true;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(options.shutdownGraceMillis());
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        models.values().forEach(ServedModel::stop);
        explanations.close(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        app.stop();
    }

    private void listModels(Context ctx) {
        ObjectNode body = NODES.objectNode();
        ArrayNode list = body.putArray("models");
        for (ServedModel<?, ?> model : models.values()) {
            list.addObject().put("name", model.name()).put("task", model.info().task())
                    .put("url", "/predictions/" + model.name());
        }
        json(ctx, body);
    }

    private void describeModel(Context ctx) {
        ServedModel<?, ?> model = model(ctx.pathParam("name"));
        ObjectNode body = NODES.objectNode();
        body.put("name", model.name());
        body.put("task", model.info().task());
        body.put("input", model.info().input());
        body.put("output", model.info().output());
        body.put("accepts_plain_text", model.codec().acceptsPlainText());
        body.put("explains", model.explains());
        body.set("settings", json.valueToTree(model.info().settings()));
        body.putObject("batching").put("max_batch", options.maxBatch()).put("max_wait_ms", options.maxWaitMillis())
                .put("queue_capacity", options.queueCapacity()).put("timeout_ms", options.timeoutMillis());
        json(ctx, body);
    }

    private void predict(Context ctx) {
        ServedModel<?, ?> model = model(ctx.pathParam("name"));
        if (draining) {
            throw ApiException.unavailable("the server is shutting down", 5);
        }
        CompletableFuture<JsonNode> prediction = model.predict(ctx.contentType(), body(ctx), options.maxBodyBytes(),
                options.timeoutMillis(), NODES);
        respond(ctx, prediction, model.name());
    }

    private void explain(Context ctx) {
        ServedModel<?, ?> model = model(ctx.pathParam("name"));
        ClassifierExplainer explainer = model.explainer();
        if (explainer == null) {
            // the request may be fine; the server has no explanation method for this kind of model
            throw new ApiException(501, "NotImplementedException", "model '" + model.name() + "' (task "
                    + model.info().task() + ") cannot be explained: the server explains text classifiers only");
        }
        if (draining) {
            throw ApiException.unavailable("the server is shutting down", 5);
        }
        ExplanationCodec.Request request = ExplanationCodec.decode(model, ctx.contentType(), body(ctx),
                options.maxBodyBytes());
        CompletableFuture<JsonNode> explanation = explanations.submit(
                () -> ExplanationCodec.toJson(explainer.explain(request), NODES));
        explanation.orTimeout(options.timeoutMillis(), TimeUnit.MILLISECONDS);
        respond(ctx, explanation, model.name());
    }

    // sets the answer of a prediction or explanation on the context when it is done
    private void respond(Context ctx, CompletableFuture<JsonNode> result, String model) {
        inFlight.incrementAndGet();
        // the answer is set on the context here, so the future's value is nothing Javalin would serialise
        CompletableFuture<Void> answer = result.handle((out, failure) -> {
            try {
                ctx.contentType("application/json")
                        .result(failure == null ? out.toString() : answer(ctx, failure, model));
                return null;
            } finally {
                inFlight.decrementAndGet();
            }
        });
        ctx.future(() -> answer);
    }

    // the response to a failed prediction or explanation: 400 for an input the model refuses, 504 for a timeout,
    // else 500
    private String answer(Context ctx, Throwable failure, String model) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        ApiException e;
        if (cause instanceof ApiException api) {
            e = api;
        } else if (cause instanceof IllegalArgumentException) {
            e = ApiException.badRequest(cause.getMessage());
        } else if (cause instanceof TimeoutException) {
            e = new ApiException(504, "GatewayTimeoutException", "model '" + model + "' gave no answer within "
                    + options.timeoutMillis() + " ms");
        } else {
            String what = ctx.path().startsWith("/explanations/") ? "explanation" : "prediction";
            LOG.error("{} of model '{}' failed", what, model, cause);
            e = new ApiException(500, "InternalServerException", "the " + what + " failed; see the server's log");
        }
        ctx.status(e.status());
        return errorBody(e).toString();
    }

    private ServedModel<?, ?> model(String name) {
        ServedModel<?, ?> model = models.get(name);
        if (model == null) {
            throw new ApiException(404, "ModelNotFoundException", "model not found: '" + name + "' (served: "
                    + String.join(", ", models.keySet()) + ")");
        }
        return model;
    }

    // the body's bytes, refused with 413 past the limit whether or not the client sent its length
    private byte[] body(Context ctx) {
        long declared = ctx.contentLength();
        if (declared > options.maxBodyBytes()) {
            throw RequestBodies.tooLarge(options.maxBodyBytes(), declared + " bytes");
        }
        try (InputStream in = ctx.bodyInputStream()) {
            byte[] bytes = in.readNBytes(options.maxBodyBytes() + 1);
            if (bytes.length > options.maxBodyBytes()) {
                throw RequestBodies.tooLarge(options.maxBodyBytes(), "more");
            }
            return bytes;
        } catch (IOException e) {
            throw ApiException.badRequest("body: could not be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private void staticFile(Context ctx) {
        String file = ctx.pathParam("file");
        String type = STATIC_FILES.get(file);
        if (type == null) {
            throw new ApiException(404, "ResourceNotFoundException", "no such file: /static/" + file);
        }
        resource(ctx, file, type);
    }

    private static void resource(Context ctx, String file, String type) {
        InputStream in = ModelServer.class.getResourceAsStream("static/" + file);
        if (in == null) {
            throw new IllegalStateException("the jar lacks the resource dev/rnn4j/server/static/" + file);
        }
        ctx.contentType(type).result(in);
    }

    private void json(Context ctx, JsonNode body) {
        ctx.contentType("application/json").result(body.toString());
    }

    private void error(Context ctx, ApiException e) {
        if (e.retryAfterSeconds() != null) {
            ctx.header("Retry-After", e.retryAfterSeconds());
        }
        ctx.status(e.status()).contentType("application/json").result(errorBody(e).toString());
    }

    private static ObjectNode errorBody(ApiException e) {
        return NODES.objectNode().put("code", e.status()).put("type", e.type()).put("message", e.getMessage());
    }

    // Javalin's own refusals (405 for a known path with another method, 413 from its body limit) in our shape
    private ApiException fromJavalin(HttpResponseException e, Context ctx) {
        return switch (e.getStatus()) {
            case 405 -> {
                String allowed = e.getDetails().getOrDefault("availableMethods", "");
                if (!allowed.isEmpty()) {
                    ctx.header("Allow", allowed);
                }
                yield new ApiException(405, "MethodNotAllowedException", "method " + ctx.method().name()
                        + " is not allowed on " + ctx.path() + (allowed.isEmpty() ? "" : " (allowed: " + allowed + ")"));
            }
            case 413 -> RequestBodies.tooLarge(options.maxBodyBytes(), "more");
            case 404 -> new ApiException(404, "ResourceNotFoundException", "no such resource: " + ctx.path());
            default -> new ApiException(e.getStatus(), "HttpException", e.getMessage() == null ? "HTTP "
                    + e.getStatus() : e.getMessage());
        };
    }

    private static String route(Context ctx) {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        return endpoint == null ? "unmatched" : endpoint.path;
    }

    private static ErrorHandler quietErrorHandler() {
        ErrorHandler handler = new ErrorHandler();
        handler.setShowStacks(false);
        handler.setShowCauses(false);
        handler.setShowMessageInTitle(false);
        return handler;
    }
}
