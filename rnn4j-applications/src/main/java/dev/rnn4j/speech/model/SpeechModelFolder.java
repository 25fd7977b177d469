package dev.rnn4j.speech.model;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.io.SafeTensorsFormatException;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.speech.features.FeatureNormalizer;
import dev.rnn4j.tensor.Rng;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The model folder of a {@link Transcriber}: {@code weights.safetensors} (PyTorch's names, see
 * {@link AcousticNetwork}), {@code normalizer.json} (the global feature statistics of the training set) and
 * {@code config.json}:
 * <pre>{@code
 * {"task": "speech-digits", "format": 1, "sample_rate": 8000,
 *  "model": {"task": "DIGITS", "cell": "GRU", "features": 40, "stack": 2, "hidden": 64, "layers": 2, "dropout": 0.1}}
 * }</pre>
 * The features are {@link dev.rnn4j.speech.features.FeatureSettings#defaults(int)} log-mel energies at
 * {@code sample_rate}.
 */
public final class SpeechModelFolder {
    public static final String TASK = "speech-digits";
    static final int FORMAT = 1;
    static final String WEIGHTS = "weights.safetensors";
    static final String NORMALIZER = "normalizer.json";
    static final String CONFIG = "config.json";

    private SpeechModelFolder() {
    }

    /** Writes the three files into {@code dir}, creating it. */
    public static void save(Path dir, AcousticNetwork network, FeatureNormalizer normalizer, int sampleRate)
            throws IOException {
        if (dir == null || network == null || normalizer == null || sampleRate < 1) {
            throw new IllegalArgumentException("dir, network, normalizer, sampleRate: expected a folder, a network, "
                    + "statistics and a rate >= 1, got " + dir + ", " + network + ", " + normalizer + ", "
                    + sampleRate);
        }
        Files.createDirectories(dir);
        SafeTensors.write(dir.resolve(WEIGHTS), network.stateDict(), Map.of("task", TASK));
        normalizer.save(dir.resolve(NORMALIZER));
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode c = json.createObjectNode();
        c.put("task", TASK).put("format", FORMAT).put("sample_rate", sampleRate);
        AcousticModelConfig m = network.config();
        c.putObject("model").put("task", m.task().name()).put("cell", m.cell().name()).put("features", m.features())
                .put("stack", m.stack()).put("hidden", m.hidden()).put("layers", m.layers())
                .put("dropout", m.dropout());
        Files.write(dir.resolve(CONFIG), json.writeValueAsBytes(c));
    }

    /**
     * Reads a folder written by {@link #save}.
     *
     * @throws IllegalArgumentException naming the file that is missing or malformed
     */
    public static Transcriber load(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("model folder: expected a folder, got " + dir);
        }
        Path configFile = dir.resolve(CONFIG);
        JsonNode c;
        try {
            c = new ObjectMapper().readTree(configFile.toFile());
        } catch (JacksonException e) {
            throw new IllegalArgumentException(configFile + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(configFile + ": cannot be read (" + e.getMessage() + ")", e);
        }
        if (c == null || !TASK.equals(c.path("task").asText(null))) {
            throw new IllegalArgumentException(configFile + ": expected task '" + TASK + "', got "
                    + (c == null ? "nothing" : c.path("task")));
        }
        if (c.path("format").asInt(-1) != FORMAT) {
            throw new IllegalArgumentException(configFile + ": format " + c.path("format")
                    + " is not supported (expected " + FORMAT + ")");
        }
        AcousticNetwork network;
        try {
            JsonNode m = c.path("model");
            AcousticModelConfig config = new AcousticModelConfig(
                    SpeechTask.valueOf(m.path("task").asText("").toUpperCase(Locale.ROOT)),
                    CellType.valueOf(m.path("cell").asText("").toUpperCase(Locale.ROOT)), m.path("features").asInt(),
                    m.path("stack").asInt(), m.path("hidden").asInt(), m.path("layers").asInt(),
                    m.path("dropout").asDouble());
            network = new AcousticNetwork(config, new Rng(0));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(configFile + ": inconsistent model: " + e.getMessage(), e);
        }
        Path weightsFile = dir.resolve(WEIGHTS);
        try {
            network.loadStateDict(SafeTensors.read(weightsFile).tensors(), true);
        } catch (SafeTensorsFormatException | IllegalArgumentException e) {
            throw new IllegalArgumentException(weightsFile + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(weightsFile + ": cannot be read (" + e.getMessage() + ")", e);
        }
        FeatureNormalizer normalizer = FeatureNormalizer.load(dir.resolve(NORMALIZER));
        int sampleRate = c.path("sample_rate").asInt(-1);
        if (sampleRate < 1) {
            throw new IllegalArgumentException(configFile + ": expected a sample_rate >= 1, got "
                    + c.path("sample_rate"));
        }
        network.eval();
        return new Transcriber(network, normalizer, sampleRate);
    }
}
