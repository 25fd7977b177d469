package dev.rnn4j.spark;

import dev.rnn4j.predict.Predictor;
import dev.rnn4j.predict.Predictors;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The models loaded in this JVM (an executor, or the driver in local mode), by their local folder: a model is
 * loaded by the first task that needs it and shared by every later task and thread, which predictors allow
 * (they are safe to call from several threads at once). Loaded models stay for the life of the JVM, as Spark
 * keeps the shipped files.
 */
final class ExecutorModels {

    private static final Map<String, Predictor<?, ?>> LOADED = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    private ExecutorModels() {
    }

    /**
     * The predictor of {@code model}, loaded on first use in this JVM.
     *
     * @throws IllegalStateException    if the folder is not on this executor ({@link ShippedModel#localFolder()})
     * @throws IllegalArgumentException if the folder is not a model folder an application loads
     */
    static Predictor<?, ?> predictor(ShippedModel model) {
        Path folder = model.localFolder();
        return LOADED.computeIfAbsent(folder.toString(), key -> {
            LOADS.incrementAndGet();
            return Predictors.load(folder);
        });
    }

    /** How many model folders this JVM has loaded so far (each at most once). */
    static int loads() {
        return LOADS.get();
    }
}
