package dev.rnn4j.qa;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.io.ReplaceFile;
import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.io.SafeTensorsFile;
import dev.rnn4j.io.SafeTensorsFormatException;
import dev.rnn4j.tensor.Rng;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The model folder of a {@link QuestionAnswerer}: {@code weights.safetensors} (the network's parameter names,
 * PyTorch style) and {@code config.json}:
 * <pre>{@code
 * {"task": "question-answering", "format": 1,
 *  "model": {"model": "dmn", "words": 40, "answers": 6, "embedding": 80, "hidden": 80, "hops": 3,
 *            "dropout": 0.1, "max_facts": 50},
 *  "vocabulary": {"words": ["<pad>", "<unk>", ".", "back", ...], "answers": ["bathroom", ...]},
 *  "training": {"tasks": [1], "set": "en", ...}}
 * }</pre>
 * The config file is written to a temporary name and moved into place.
 */
final class QaModelFolder {
    static final String WEIGHTS = "weights.safetensors";
    static final String CONFIG = "config.json";

    private QaModelFolder() {
    }

    static void save(QuestionAnswerer model, Path dir) throws IOException {
        if (dir == null) {
            throw new IllegalArgumentException("folder: expected a folder to write, got null");
        }
        Files.createDirectories(dir);
        SafeTensors.write(dir.resolve(WEIGHTS), model.network().namedParameters(),
                Map.of("task", QuestionAnswerer.TASK, "format", Integer.toString(QuestionAnswerer.FORMAT)));
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode c = json.createObjectNode();
        c.put("task", QuestionAnswerer.TASK).put("format", QuestionAnswerer.FORMAT);
        QaConfig m = model.config();
        c.putObject("model").put("model", m.model()).put("words", m.words()).put("answers", m.answers())
                .put("embedding", m.embedding()).put("hidden", m.hidden()).put("hops", m.hops())
                .put("dropout", m.dropout()).put("max_facts", m.maxFacts());
        ObjectNode v = c.putObject("vocabulary");
        ArrayNode words = v.putArray("words");
        model.vocabulary().words().forEach(words::add);
        ArrayNode answers = v.putArray("answers");
        model.vocabulary().answers().forEach(answers::add);
        if (model.trainingInfoNode() != null) {
            c.set("training", model.trainingInfoNode());
        }
        ReplaceFile.write(dir.resolve(CONFIG), json.writeValueAsBytes(c));
    }

    static QuestionAnswerer load(Path dir) throws IOException {
        if (dir == null) {
            throw new IllegalArgumentException("model folder: expected a path, got null");
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": model folder not found");
        }
        Path configFile = dir.resolve(CONFIG);
        if (!Files.isRegularFile(configFile)) {
            throw new IllegalArgumentException(dir + ": not a model folder (no " + CONFIG + ")");
        }
        JsonNode c;
        try {
            c = new ObjectMapper().readTree(configFile.toFile());
        } catch (JacksonException e) {
            throw new IllegalArgumentException(configFile + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        String task = c == null ? null : c.path("task").asText(null);
        if (!QuestionAnswerer.TASK.equals(task)) {
            throw new IllegalArgumentException(configFile + ": this folder holds a model for task '" + task
                    + "', not a question-answering model (task '" + QuestionAnswerer.TASK + "'); train one with"
                    + " 'rnn4j qa train'");
        }
        if (c.path("format").asInt(-1) != QuestionAnswerer.FORMAT) {
            throw new IllegalArgumentException(configFile + ": format " + c.path("format") + " is not supported"
                    + " (expected " + QuestionAnswerer.FORMAT + ")");
        }
        QaVocabulary vocabulary;
        QaNetwork network;
        try {
            vocabulary = new QaVocabulary(strings(c.path("vocabulary").path("words")),
                    strings(c.path("vocabulary").path("answers")));
            JsonNode m = c.path("model");
            QaConfig config = new QaConfig(m.path("model").asText(null), m.path("words").asInt(),
                    m.path("answers").asInt(), m.path("embedding").asInt(), m.path("hidden").asInt(),
                    m.path("hops").asInt(), m.path("dropout").asDouble(), m.path("max_facts").asInt());
            network = QaNetwork.of(config, new Rng(0));
            if (config.words() != vocabulary.wordCount() || config.answers() != vocabulary.answerCount()) {
                throw new IllegalArgumentException("the model has " + config.words() + " words and "
                        + config.answers() + " answers, the vocabulary " + vocabulary.wordCount() + " and "
                        + vocabulary.answerCount());
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(configFile + ": inconsistent model: " + e.getMessage(), e);
        }
        Path weightsFile = dir.resolve(WEIGHTS);
        if (!Files.isRegularFile(weightsFile)) {
            throw new IllegalArgumentException(dir + ": " + WEIGHTS + " not found");
        }
        SafeTensorsFile weights;
        try {
            weights = SafeTensors.read(weightsFile);
        } catch (SafeTensorsFormatException e) {
            throw new IllegalArgumentException(weightsFile + ": " + e.getMessage(), e);
        }
        try {
            network.loadStateDict(weights.tensors(), true);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(weightsFile + ": does not fit " + CONFIG + ": " + e.getMessage(), e);
        }
        ObjectNode info = c.path("training").isObject() ? (ObjectNode) c.path("training").deepCopy() : null;
        return new QuestionAnswerer(vocabulary, network, info);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(s -> out.add(s.isTextual() ? s.asText() : null));
        }
        return out;
    }
}
