package dev.rnn4j.lm;

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
import dev.rnn4j.quant.QuantizedWeights;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;
import dev.rnn4j.text.DataFormatException;
import dev.rnn4j.text.bpe.BpeModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model folder of a {@link LanguageModel}: {@code weights.safetensors} (PyTorch's names, a tied matrix under
 * both {@code encoder.weight} and {@code decoder.weight}) and {@code config.json}:
 * <pre>{@code
 * {"task": "language-model", "format": 1,
 *  "model": {"cell": "LSTM", "vocabulary": 66, "embedding": 128, "hidden": 512, "layers": 2, "dropout": 0.2, ...},
 *  "vocabulary": {"unknown_id": 0, "symbols": ["\n", " ", "!", ...]},
 *  "training": {...}}
 * }</pre>
 * A BPE model has {@code "tokens": "bpe"} and {@code "vocabulary": {"unknown_id": 0, "bpe": "bpe.json"}} instead,
 * with its {@link dev.rnn4j.text.bpe.BpeModel} in {@code bpe.json}; a config without {@code tokens} is a character
 * model. Each file is written to a temporary name and moved into place.
 */
final class LanguageModelFolder {
    static final String WEIGHTS = "weights.safetensors";
    static final String CONFIG = "config.json";
    static final String BPE = "bpe.json";

    private LanguageModelFolder() {
    }

    static void save(LanguageModel model, Path dir) throws IOException {
        if (dir == null) {
            throw new IllegalArgumentException("folder: expected a folder to write, got null");
        }
        Files.createDirectories(dir);
        SafeTensors.write(dir.resolve(WEIGHTS), model.network().pytorchStateDict(),
                Map.of("task", LanguageModel.TASK, "format", Integer.toString(LanguageModel.FORMAT)));
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode c = json.createObjectNode();
        c.put("task", LanguageModel.TASK).put("format", LanguageModel.FORMAT);
        if (model.vocabulary() instanceof BpeVocabulary bpe) {
            c.put("tokens", bpe.unit());
        }
        LanguageModelConfig m = model.config();
        c.putObject("model").put("cell", m.cell()).put("vocabulary", m.vocabulary()).put("embedding", m.embedding())
                .put("hidden", m.hidden()).put("layers", m.layers()).put("dropout", m.dropout())
                .put("weight_dropout", m.weightDropout()).put("embedding_dropout", m.embeddingDropout())
                .put("tie_weights", m.tieWeights());
        ObjectNode v = c.putObject("vocabulary");
        v.put("unknown_id", CharVocabulary.UNKNOWN);
        if (model.vocabulary() instanceof BpeVocabulary bpe) {
            bpe.bpe().save(dir.resolve(BPE));
            v.put("bpe", BPE);
        } else {
            ArrayNode symbols = v.putArray("symbols");
            ((CharVocabulary) model.vocabulary()).symbols().forEach(symbols::add);
        }
        if (model.trainingInfoNode() != null) {
            c.set("training", model.trainingInfoNode());
        }
        ReplaceFile.write(dir.resolve(CONFIG), json.writeValueAsBytes(c));
    }

    static LanguageModel load(Path dir) throws IOException {
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
        if (!LanguageModel.TASK.equals(task)) {
            throw new IllegalArgumentException(configFile + ": this folder holds a model for task '" + task
                    + "', not a language model (task '" + LanguageModel.TASK + "'); train one with 'rnn4j lm train'");
        }
        if (c.path("format").asInt(-1) != LanguageModel.FORMAT) {
            throw new IllegalArgumentException(configFile + ": format " + c.path("format") + " is not supported"
                    + " (expected " + LanguageModel.FORMAT + ")");
        }
        TokenVocabulary vocabulary;
        LanguageModelConfig config;
        String unit = c.path("tokens").asText("char");
        if (unit.equals("bpe")) {
            Path bpeFile = dir.resolve(c.path("vocabulary").path("bpe").asText(BPE));
            try {
                vocabulary = BpeVocabulary.of(BpeModel.load(bpeFile));
            } catch (DataFormatException e) {
                throw new IllegalArgumentException(e.getMessage(), e); // names the file
            }
        } else if (!unit.equals("char")) {
            throw new IllegalArgumentException(configFile + ": field \"tokens\": expected \"char\" or \"bpe\", found "
                    + c.path("tokens"));
        } else {
            vocabulary = null;
        }
        try {
            if (vocabulary == null) {
                List<String> symbols = new ArrayList<>();
                c.path("vocabulary").path("symbols").forEach(s -> symbols.add(s.asText()));
                vocabulary = CharVocabulary.ofSymbols(symbols);
            }
            JsonNode m = c.path("model");
            config = new LanguageModelConfig(m.path("cell").asText(null),
                    m.path("vocabulary").asInt(), m.path("embedding").asInt(), m.path("hidden").asInt(),
                    m.path("layers").asInt(), m.path("dropout").asDouble(), m.path("weight_dropout").asDouble(),
                    m.path("embedding_dropout").asDouble(), m.path("tie_weights").asBoolean());
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
        checkFileCanHold(config, weights, weightsFile);
        LanguageModelNetwork network;
        try {
            network = new LanguageModelNetwork(config, new Rng(0));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(configFile + ": inconsistent model: " + e.getMessage(), e);
        }
        QuantizedWeights quantized;
        try {
            quantized = QuantizedWeights.read(weights, weightsFile.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad int8 weights: " + e.getMessage(), e);
        }
        Map<String, Tensor> state = new LinkedHashMap<>(quantized.floatState());
        if (network.config().tieWeights()) {
            Tensor decoder = state.remove("decoder.weight");
            Tensor encoder = state.get("encoder.weight");
            if (decoder != null && encoder != null
                    && !Arrays.equals(decoder.toFloatArray(), encoder.toFloatArray())) {
                throw new IllegalArgumentException(weightsFile + ": the model ties its embeddings, but"
                        + " decoder.weight differs from encoder.weight");
            }
        }
        try {
            network.loadStateDict(state, true);
            quantized.attach(network, ""); // int8 layers, when the file holds int8 weights
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(weightsFile + ": does not fit " + CONFIG + ": " + e.getMessage(), e);
        }
        ObjectNode info = c.path("training").isObject() ? (ObjectNode) c.path("training").deepCopy() : null;
        return new LanguageModel(vocabulary, network, info);
    }

    /**
     * Refuses a config whose sizes need more parameters than the weights file holds, before the network is built
     * from them (it would allocate what no file of this size justifies). The bound counts the encoder (V, E) and
     * one gate of every layer's {@code weight_ih} and {@code weight_hh}; the full network has at most a few times
     * as many values.
     */
    private static void checkFileCanHold(LanguageModelConfig config, SafeTensorsFile weights, Path weightsFile) {
        long fileValues = 0;
        for (Tensor tensor : weights.tensors().values()) {
            fileValues += tensor.numel();
        }
        double hidden = config.hidden();
        double needed = (double) config.vocabulary() * config.embedding() + hidden * (config.embedding() + hidden)
                + (config.layers() - 1) * hidden * 2 * hidden;
        if (needed > fileValues) {
            throw new IllegalArgumentException(weightsFile + ": does not fit " + CONFIG + ": its vocabulary "
                    + config.vocabulary() + ", embedding " + config.embedding() + ", hidden " + config.hidden()
                    + " and layers " + config.layers() + " need at least " + String.format(java.util.Locale.ROOT,
                    "%.0f", needed) + " parameters, the file holds " + fileValues);
        }
    }
}
