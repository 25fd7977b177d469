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
 * {"task": "speech-digits", "format": 1, "sample_rate": 8000, "held_out_speaker": "lucas",
 *  "model": {"task": "DIGITS", "cell": "GRU", "features": 40, "subsampling": "stack", "factor": 2, "hidden": 64,
 *            "layers": 2, "dropout": 0.1}}
 * }</pre>
 * The features are {@link dev.rnn4j.speech.features.FeatureSettings#defaults(int)} log-mel energies at
 * {@code sample_rate}. {@code held_out_speaker} is present only for a model trained without that speaker's
 * recordings (leave one speaker out). A {@code model} without {@code subsampling} stacks frames, and its factor
 * may be named {@code stack}, as older folders write it.
 */
public final class SpeechModelFolder {
    public static final String TASK = "speech-digits";
    static final int FORMAT = 1;
    static final String WEIGHTS = "weights.safetensors";
    static final String NORMALIZER = "normalizer.json";
    static final String CONFIG = "config.json";
    static final String HELD_OUT_SPEAKER = "held_out_speaker";

    private SpeechModelFolder() {
    }

    /** Writes the three files into {@code dir}, creating it, for a model trained on every speaker. */
    public static void save(Path dir, AcousticNetwork network, FeatureNormalizer normalizer, int sampleRate)
            throws IOException {
        save(dir, network, normalizer, sampleRate, null);
    }

    /**
     * Writes the three files into {@code dir}, creating it.
     *
     * @param heldOutSpeaker the speaker whose recordings training never saw, or null if it saw every speaker
     */
    public static void save(Path dir, AcousticNetwork network, FeatureNormalizer normalizer, int sampleRate,
                            String heldOutSpeaker) throws IOException {
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
        if (heldOutSpeaker != null) {
            c.put(HELD_OUT_SPEAKER, heldOutSpeaker);
        }
        AcousticModelConfig m = network.config();
        c.putObject("model").put("task", m.task().name()).put("cell", m.cell().name()).put("features", m.features())
                .put("subsampling", m.subsampling().key()).put("factor", m.factor()).put("hidden", m.hidden())
                .put("layers", m.layers()).put("dropout", m.dropout());
        Files.write(dir.resolve(CONFIG), json.writeValueAsBytes(c));
    }

    /**
     * Reads a folder written by {@link #save}.
     *
     * @throws IllegalArgumentException naming the file that is missing or malformed
     */
    public static Transcriber load(Path dir) {
        JsonNode c = readConfig(dir);
        Path configFile = dir.resolve(CONFIG);
        AcousticNetwork network;
        try {
            JsonNode m = c.path("model");
            JsonNode factor = m.has("factor") ? m.path("factor") : m.path("stack");
            AcousticModelConfig config = new AcousticModelConfig(
                    SpeechTask.valueOf(m.path("task").asText("").toUpperCase(Locale.ROOT)),
                    CellType.valueOf(m.path("cell").asText("").toUpperCase(Locale.ROOT)), m.path("features").asInt(),
                    FrameSubsampling.parse(m.path("subsampling").asText("stack")), factor.asInt(),
                    m.path("hidden").asInt(), m.path("layers").asInt(), m.path("dropout").asDouble());
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

    /**
     * The speaker a model folder's training held out, or null if training saw every speaker.
     *
     * @throws IllegalArgumentException naming the file if the folder has no valid {@code config.json}
     */
    public static String heldOutSpeaker(Path dir) {
        JsonNode speaker = readConfig(dir).path(HELD_OUT_SPEAKER);
        return speaker.isTextual() ? speaker.asText() : null;
    }

    private static JsonNode readConfig(Path dir) {
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
        return c;
    }
}
