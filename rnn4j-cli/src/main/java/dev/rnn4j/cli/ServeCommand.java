package dev.rnn4j.cli;

import dev.rnn4j.server.ModelServer;
import dev.rnn4j.server.ServedModel;
import dev.rnn4j.server.ServerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code rnn4j serve}: trained models over HTTP, with dynamic batching and a page to try them. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serves trained models over HTTP in TorchServe's shape: GET /ping, GET /models,",
                "GET /models/{name}, POST /predictions/{name}, POST /explanations/{name} (text classifiers),",
                "GET /metrics (Prometheus), GET /openapi.json,",
                "and a page at / to try the models in a browser. Concurrent requests to one model are batched.",
                "Ctrl-C stops after answering the requests in flight. README.md, \"Serving\", shows every request."})
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "NAME=DIR",
            description = "A model folder (from classify, forecast, lm or translate train) served as /predictions/NAME; repeatable.")
    LinkedHashMap<String, Path> models;

    @Option(names = "--host", description = "Address to bind (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 opens it to the network).")
    String host = ServerOptions.LOOPBACK;

    @Option(names = "--port", description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port = ServerOptions.defaults().port();

    @Option(names = "--max-batch", description = "Most requests gathered into one batch; 1 serves one at a time (default: ${DEFAULT-VALUE}).")
    int maxBatch = ServerOptions.defaults().maxBatch();

    @Option(names = "--max-wait-ms", description = "Longest wait of a batch's first request for others (default: ${DEFAULT-VALUE}).")
    long maxWaitMillis = ServerOptions.defaults().maxWaitMillis();

    @Option(names = "--queue", description = "Requests a model holds waiting; past it 503 with Retry-After (default: ${DEFAULT-VALUE}).")
    int queue = ServerOptions.defaults().queueCapacity();

    @Option(names = "--timeout-ms", description = "Longest time for one prediction, else 504 (default: ${DEFAULT-VALUE}).")
    long timeoutMillis = ServerOptions.defaults().timeoutMillis();

    @Option(names = "--max-body-bytes", description = "Largest request body, else 413 (default: ${DEFAULT-VALUE}).")
    int maxBodyBytes = ServerOptions.defaults().maxBodyBytes();

    @Option(names = "--threads", description = "Threads for the kernels (default: all cores).")
    Integer threads;

    @Option(names = "--stacktrace", description = "Print the stack trace of an error.")
    boolean stacktrace;

    private final CountDownLatch stopped = new CountDownLatch(1);

    /** Loads every model and starts the server; messages go to {@code out}. */
    ModelServer start(PrintStream out) {
        Main.useThreads(threads);
        ServerOptions defaults = ServerOptions.defaults();
        ServerOptions options = new ServerOptions(host, port, maxBatch, maxWaitMillis, queue, timeoutMillis,
                maxBodyBytes, defaults.shutdownGraceMillis());
        List<ServedModel<?, ?>> served = new ArrayList<>();
        for (Map.Entry<String, Path> e : models.entrySet()) {
            ServedModel<?, ?> model = ServedModel.load(e.getKey(), e.getValue());
            out.println("rnn4j serve: " + model.name() + " (" + model.info().task() + ") from " + e.getValue());
            served.add(model);
        }
        ModelServer server = ModelServer.start(served, options);
        out.println("rnn4j serve: listening on " + server.url() + "/ (batches of up to " + maxBatch + ", "
                + maxWaitMillis + " ms wait; Ctrl-C stops after answering the requests in flight)");
        return server;
    }

    @Override
    public Integer call() throws InterruptedException {
        ModelServer server = start(System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("rnn4j serve: stopping: answering the requests in flight");
            server.close();
            stopped.countDown();
        }, "rnn4j-serve-shutdown"));
        stopped.await();
        return 0;
    }
}
