/**
 * The model server: any trained model ({@link dev.rnn4j.predict.Predictor}) over HTTP in TorchServe's shape,
 * on Javalin and Jetty. {@link dev.rnn4j.server.ModelServer} holds the routes and the hard edges (body limit,
 * JSON errors naming the field, 404, 405, timeouts, graceful shutdown, loopback by default);
 * {@link dev.rnn4j.server.DynamicBatcher} gathers concurrent requests of one model into
 * {@code predictBatch} calls behind a bounded queue; {@link dev.rnn4j.server.PredictionCodec} is the only place
 * a task's JSON is known (one per task, listed in {@link dev.rnn4j.server.PredictionCodecs});
 * {@link dev.rnn4j.server.ClassifierExplainer} and {@link dev.rnn4j.server.ExplanationCodec} give a text
 * classifier's token attributions at {@code POST /explanations/{name}}, computed on
 * {@link dev.rnn4j.server.ExplanationWorkers}' few threads;
 * {@link dev.rnn4j.server.ServerMetrics} writes the Prometheus text; {@link dev.rnn4j.server.LoadGenerator}
 * drives a running server for the load figures, each client over one keep-alive socket
 * ({@link dev.rnn4j.server.KeepAliveConnection}). The page and the OpenAPI description are static files in
 * {@code dev/rnn4j/server/static/}.
 *
 * <p>Why Javalin: a small, actively maintained library over Jetty 12 (itself the HTTP server of many
 * Java services) with a plain Java API of routes and handlers, no annotation scanning, dependency injection or
 * code generation; async handlers ({@code ctx.future}) let a request wait for its batch without holding a Jetty
 * thread, and Jetty's graceful handler gives the shutdown that finishes the requests in flight.
 */
package dev.rnn4j.server;
