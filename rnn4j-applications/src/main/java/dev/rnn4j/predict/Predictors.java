package dev.rnn4j.predict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Loads any trained model from its folder by the {@code task} its {@code config.json} names. */
public final class Predictors {

    /** The file every model folder holds, with a {@code task} field. */
    public static final String CONFIG_FILE = "config.json";

    private Predictors() {
    }

    /**
     * Loads the model saved in {@code folder}.
     *
     * @throws IllegalArgumentException if the folder or its {@code config.json} is missing or
     *                                  malformed, or no application loads its task
     */
    public static Predictor<?, ?> load(Path folder) {
        return factoryFor(task(folder)).load(folder);
    }

    /**
     * The task named by {@code folder/config.json}.
     *
     * @throws IllegalArgumentException if the file is missing, is not JSON, or has no string {@code task}
     */
    public static String task(Path folder) {
        Path config = folder.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(config)) {
            throw new IllegalArgumentException(folder + ": not a model folder (no " + CONFIG_FILE + ")");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(config.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(config + ": not valid JSON: " + e.getMessage(), e);
        }
        JsonNode task = root == null ? null : root.get("task");
        if (task == null || !task.isTextual()) {
            throw new IllegalArgumentException(config + ": no \"task\" string saying which kind of model this is");
        }
        return task.asText();
    }

    /** The factories on the class path, by task. */
    public static Map<String, PredictorFactory> factories() {
        Map<String, PredictorFactory> byTask = new TreeMap<>();
        for (PredictorFactory f : ServiceLoader.load(PredictorFactory.class, Predictors.class.getClassLoader())) {
            byTask.putIfAbsent(f.task(), f);
        }
        return byTask;
    }

    private static PredictorFactory factoryFor(String task) {
        Map<String, PredictorFactory> all = factories();
        PredictorFactory f = all.get(task);
        if (f == null) {
            throw new IllegalArgumentException("no application loads models of task \"" + task + "\" (known: "
                    + String.join(", ", all.keySet()) + ")");
        }
        return f;
    }
}
