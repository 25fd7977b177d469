package dev.rnn4j.predict;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Loads any trained model from its folder by the {@code task} its {@code config.json} names. */
public final class Predictors {

    /** The file every model folder holds, with a {@code task} field. */
    public static final String CONFIG_FILE = "config.json";

    // trailing tokens make a file malformed, as any JSON parser outside would say
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private Predictors() {
    }

    /**
     * Loads the model saved in {@code folder}.
     *
     * @throws IllegalArgumentException if the folder or its {@code config.json} is missing or
     *                                  malformed, or no application loads its task (the message names the file)
     * @throws UncheckedIOException     if a file exists but cannot be read
     */
    public static Predictor<?, ?> load(Path folder) {
        String task = task(folder);
        Map<String, PredictorFactory> all = factories();
        PredictorFactory factory = all.get(task);
        if (factory == null) {
            throw new IllegalArgumentException(folder.resolve(CONFIG_FILE) + ": no application loads models of task \""
                    + task + "\" (known: " + String.join(", ", all.keySet()) + ")");
        }
        return factory.load(folder);
    }

    /**
     * The task named by {@code folder/config.json}.
     *
     * @throws IllegalArgumentException if the file is missing, is not a JSON object, or has no string
     *                                  {@code task} (the message names the file)
     * @throws UncheckedIOException     if the file exists but cannot be read
     */
    public static String task(Path folder) {
        if (folder == null) {
            throw new IllegalArgumentException("folder: expected a model folder, got null");
        }
        Path config = folder.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(config)) {
            throw new IllegalArgumentException(config + ": not found, so " + folder + " is not a model folder");
        }
        JsonNode root;
        try {
            root = JSON.readTree(config.toFile());
        } catch (JacksonException e) {
            throw new IllegalArgumentException(config + ": not valid JSON"
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : "") + ": "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(config + ": cannot read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            String got = root == null || root.isMissingNode() ? "an empty file"
                    : root.getNodeType().name().toLowerCase(Locale.ROOT);
            throw new IllegalArgumentException(config + ": expected a JSON object with a \"task\", got " + got);
        }
        JsonNode task = root.get("task");
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
}
