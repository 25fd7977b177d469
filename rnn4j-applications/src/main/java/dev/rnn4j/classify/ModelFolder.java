package dev.rnn4j.classify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.models.Pooling;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.text.DataFormatException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The files of a saved {@link TextClassifier} and the strict reading of its {@code config.json}.
 *
 * <p>{@code config.json} is a flat JSON object: {@code task} (always {@value #TASK}),
 * {@code format_version}, {@code vocab_size}, {@code num_classes}, {@code loss}, the
 * {@link ClassifierConfig} settings in snake case, and an optional {@code training} object with the
 * training summary. Every required key must be present with the right type, and unknown keys are
 * an error, so a config edited by hand or written by a newer version fails loudly. The key
 * {@code ngram_order} is optional only so that folders saved before the n-gram expert existed
 * still load (as order 0, the network alone); when it is above 0 the folder also holds
 * {@value #NGRAMS} ({@link NgramNaiveBayes}). Likewise {@code char_ngram_order} (absent: 0, word
 * n-grams only) and {@code ngram_smoothing} (absent: 1, add-one), added with the character
 * n-grams, and {@code average_neighbour_epochs} (absent: false; it only affects training).
 * {@code ensemble_size} (absent: 1) is the number of networks: member 0's weights are in
 * {@value #WEIGHTS}, member k's (k ≥ 1) in {@code weights-k.safetensors} ({@link #weightsFile(int)}).
 * {@code temperature} (absent: 1, no scaling) divides the combined logits before the softmax
 * ({@link TemperatureScaling}); when present it must be a finite number &gt; 0.
 * {@code count_dev_ngrams} (absent: false; it only affects training) says whether the saved
 * n-gram table also counts the dev texts.
 */
final class ModelFolder {
    static final String TASK = "text-classification";
    static final int FORMAT_VERSION = 1;
    static final String CONFIG = "config.json";
    static final String WEIGHTS = "weights.safetensors";
    static final String VOCAB = "vocab.json";
    static final String LABELS = "labels.json";
    static final String NGRAMS = "ngrams.tsv";
    static final String LOSS = "cross_entropy";

    /** The weights file of ensemble member {@code k}: {@value #WEIGHTS} for 0, {@code weights-k.safetensors} after. */
    static String weightsFile(int k) {
        return k == 0 ? WEIGHTS : "weights-" + k + ".safetensors";
    }

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Every key a config must hold, in the order written. */
    static final List<String> REQUIRED_KEYS = List.of("task", "format_version", "vocab_size", "num_classes", "loss",
            "embedding_dim", "hidden_size", "num_layers", "cell", "bidirectional", "pooling", "dropout",
            "embedding_dropout", "word_dropout", "embedding_init_std", "min_frequency", "max_vocabulary", "max_length", "lower_case", "split_punctuation",
            "epochs", "patience", "batch_size", "learning_rate", "weight_decay", "grad_clip", "seed");
    static final Set<String> OPTIONAL_KEYS = Set.of("training", "ngram_order", "char_ngram_order",
            "ngram_smoothing", "average_neighbour_epochs", "ensemble_size", "temperature", "count_dev_ngrams",
            "quantization");

    private ModelFolder() {
    }

    /**
     * What a parsed config holds besides the {@link ClassifierConfig}.
     *
     * @param temperature the fitted temperature, 1 when the config has none
     */
    record ConfigFile(ClassifierConfig config, int vocabSize, int numClasses, double temperature) {
    }

    /** A config without a temperature (a training checkpoint's: the temperature is fitted after training). */
    static ObjectNode configJson(ClassifierConfig c, int vocabSize, int numClasses, ObjectNode training) {
        return configJson(c, vocabSize, numClasses, Double.NaN, training);
    }

    /**
     * The {@code config.json} tree of a model.
     *
     * @param temperature written as {@code temperature}, or NaN to leave the key out
     * @param training the training summary, or null to leave it out
     */
    static ObjectNode configJson(ClassifierConfig c, int vocabSize, int numClasses, double temperature,
                                 ObjectNode training) {
        ObjectNode root = JSON.createObjectNode();
        root.put("task", TASK);
        root.put("format_version", FORMAT_VERSION);
        root.put("vocab_size", vocabSize);
        root.put("num_classes", numClasses);
        root.put("loss", LOSS);
        root.put("embedding_dim", c.embeddingDim());
        root.put("hidden_size", c.hiddenSize());
        root.put("num_layers", c.numLayers());
        root.put("cell", c.cell().name().toLowerCase(Locale.ROOT));
        root.put("bidirectional", c.bidirectional());
        root.put("pooling", c.pooling().name().toLowerCase(Locale.ROOT));
        root.put("dropout", c.dropout());
        root.put("embedding_dropout", c.embeddingDropout());
        root.put("word_dropout", c.wordDropout());
        root.put("embedding_init_std", c.embeddingInitStd());
        root.put("min_frequency", c.minFrequency());
        root.put("max_vocabulary", c.maxVocabulary());
        root.put("max_length", c.maxLength());
        root.put("lower_case", c.lowerCase());
        root.put("split_punctuation", c.splitPunctuation());
        root.put("epochs", c.epochs());
        root.put("patience", c.patience());
        root.put("batch_size", c.batchSize());
        root.put("learning_rate", c.learningRate());
        root.put("weight_decay", c.weightDecay());
        root.put("grad_clip", c.gradClip());
        root.put("seed", c.seed());
        root.put("ngram_order", c.ngramOrder());
        root.put("char_ngram_order", c.charNgramOrder());
        root.put("ngram_smoothing", c.ngramSmoothing());
        root.put("average_neighbour_epochs", c.averageNeighbourEpochs());
        root.put("ensemble_size", c.ensembleSize());
        root.put("count_dev_ngrams", c.countDevNgrams());
        if (!Double.isNaN(temperature)) {
            root.put("temperature", temperature);
        }
        if (training != null) {
            root.set("training", training);
        }
        return root;
    }

    /**
     * Checks that {@code folder} is a text classifier folder and reads its config.
     *
     * @throws ModelFolderException naming the folder or file: missing folder or file, a model of
     *     another task, malformed JSON, missing or unknown keys, values of the wrong type or range
     */
    static ConfigFile readConfig(Path folder) {
        if (folder == null) {
            throw new IllegalArgumentException("model folder must not be null");
        }
        if (!Files.isDirectory(folder)) {
            throw new ModelFolderException(folder, Files.exists(folder)
                    ? "not a folder; a text classifier is saved as a folder holding " + expectedFiles()
                    : "model folder not found");
        }
        Path file = folder.resolve(CONFIG);
        if (!Files.isRegularFile(file)) {
            throw new ModelFolderException(file, "missing: not a text classifier model folder (expected "
                    + expectedFiles() + ", found " + listing(folder) + ")");
        }
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ModelFolderException(file, "line " + line + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ModelFolderException(file, "cannot read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelFolderException(file, "expected a JSON object, found "
                    + (root == null ? "nothing" : root.getNodeType()));
        }
        JsonNode task = root.get("task");
        if (task == null) {
            throw new ModelFolderException(file, "no \"task\" key: not a text classifier config (expected \"task\": \""
                    + TASK + "\")");
        }
        if (!task.isTextual() || !task.asText().equals(TASK)) {
            throw new ModelFolderException(file, "this folder holds a model for another task (\"task\": " + task
                    + "), not a text classifier (\"task\": \"" + TASK + "\"); use the command for that task");
        }
        List<String> missing = new ArrayList<>();
        for (String key : REQUIRED_KEYS) {
            if (!root.has(key)) {
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            throw new ModelFolderException(file, "missing config keys " + missing);
        }
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!REQUIRED_KEYS.contains(key) && !OPTIONAL_KEYS.contains(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new ModelFolderException(file, "unknown config keys " + unknown + "; expected only " + REQUIRED_KEYS
                    + " and optionally " + OPTIONAL_KEYS);
        }
        int version = intValue(root, file, "format_version");
        if (version != FORMAT_VERSION) {
            throw new ModelFolderException(file, "format_version: expected " + FORMAT_VERSION + ", got " + version);
        }
        String loss = text(root, file, "loss");
        if (!loss.equals(LOSS)) {
            throw new ModelFolderException(file, "loss: expected \"" + LOSS + "\", got \"" + loss + "\"");
        }
        try {
            ClassifierConfig config = new ClassifierConfig(
                    intValue(root, file, "embedding_dim"), intValue(root, file, "hidden_size"),
                    intValue(root, file, "num_layers"), cellType(text(root, file, "cell"), file),
                    bool(root, file, "bidirectional"), pooling(text(root, file, "pooling"), file),
                    number(root, file, "dropout"), number(root, file, "embedding_dropout"),
                    number(root, file, "word_dropout"), number(root, file, "embedding_init_std"),
                    intValue(root, file, "min_frequency"), intValue(root, file, "max_vocabulary"),
                    intValue(root, file, "max_length"), bool(root, file, "lower_case"),
                    bool(root, file, "split_punctuation"), intValue(root, file, "epochs"),
                    intValue(root, file, "patience"), intValue(root, file, "batch_size"),
                    number(root, file, "learning_rate"), number(root, file, "weight_decay"),
                    number(root, file, "grad_clip"), longValue(root, file, "seed"),
                    // absent in folders written before the n-gram expert existed: the network alone
                    root.has("ngram_order") ? intValue(root, file, "ngram_order") : 0,
                    // absent in folders written before the character n-grams: word n-grams, add-one
                    root.has("char_ngram_order") ? intValue(root, file, "char_ngram_order") : 0,
                    root.has("ngram_smoothing") ? number(root, file, "ngram_smoothing") : 1.0,
                    // absent in folders written before epoch averaging existed (it only affects training)
                    root.has("average_neighbour_epochs") && bool(root, file, "average_neighbour_epochs"),
                    // absent in folders written before ensembles existed: one network
                    root.has("ensemble_size") ? intValue(root, file, "ensemble_size") : 1,
                    // absent in folders written before the dev texts joined the table (training only)
                    root.has("count_dev_ngrams") && bool(root, file, "count_dev_ngrams"));
            int vocabSize = intValue(root, file, "vocab_size");
            int numClasses = intValue(root, file, "num_classes");
            if (vocabSize < 2 || numClasses < 2) {
                throw new ModelFolderException(file, "vocab_size and num_classes: expected at least 2, got "
                        + vocabSize + " and " + numClasses);
            }
            // absent in folders written before temperature scaling existed: no scaling
            double temperature = root.has("temperature") ? temperature(root, file) : 1.0;
            return new ConfigFile(config, vocabSize, numClasses, temperature);
        } catch (ModelFolderException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ModelFolderException(file, "invalid config: " + e.getMessage(), e);
        }
    }

    /** Converts a text-package loading error (missing/malformed vocab or labels) into one naming the model folder. */
    static ModelFolderException wrap(Path file, String what, DataFormatException e) {
        return new ModelFolderException(file, what + " cannot be loaded: " + e.getMessage(), e);
    }

    static String expectedFiles() {
        return List.of(CONFIG, VOCAB, LABELS, WEIGHTS).toString();
    }

    private static String listing(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            List<String> names = entries.map(p -> p.getFileName().toString()).sorted().limit(20).toList();
            return names.isEmpty() ? "an empty folder" : names.toString();
        } catch (IOException e) {
            return "an unreadable folder";
        }
    }

    private static JsonNode field(JsonNode root, Path file, String key) {
        JsonNode node = root.get(key);
        if (node == null || node.isNull()) {
            throw new ModelFolderException(file, key + ": missing");
        }
        return node;
    }

    private static int intValue(JsonNode root, Path file, String key) {
        JsonNode node = field(root, file, key);
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new ModelFolderException(file, key + ": expected an integer, got " + node);
        }
        return node.intValue();
    }

    private static long longValue(JsonNode root, Path file, String key) {
        JsonNode node = field(root, file, key);
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new ModelFolderException(file, key + ": expected an integer, got " + node);
        }
        return node.longValue();
    }

    private static double number(JsonNode root, Path file, String key) {
        JsonNode node = field(root, file, key);
        if (!node.isNumber()) {
            throw new ModelFolderException(file, key + ": expected a number, got " + node);
        }
        return node.doubleValue();
    }

    private static double temperature(JsonNode root, Path file) {
        JsonNode node = root.get("temperature");
        double value = node.isNumber() ? node.doubleValue() : Double.NaN;
        if (!node.isNumber() || !(value > 0) || Double.isInfinite(value)) {
            throw new ModelFolderException(file, "temperature: expected a finite number > 0 (1 = no scaling), got "
                    + node);
        }
        return value;
    }

    private static boolean bool(JsonNode root, Path file, String key) {
        JsonNode node = field(root, file, key);
        if (!node.isBoolean()) {
            throw new ModelFolderException(file, key + ": expected true or false, got " + node);
        }
        return node.booleanValue();
    }

    private static String text(JsonNode root, Path file, String key) {
        JsonNode node = field(root, file, key);
        if (!node.isTextual()) {
            throw new ModelFolderException(file, key + ": expected a string, got " + node);
        }
        return node.textValue();
    }

    /** Parses {@code lstm}, {@code gru}, {@code rnn} (tanh), {@code rnn_tanh}, {@code rnn_relu}, any case. */
    static CellType cellType(String name, Path file) {
        String n = name.strip().toLowerCase(Locale.ROOT).replace('-', '_');
        return switch (n) {
            case "lstm" -> CellType.LSTM;
            case "gru" -> CellType.GRU;
            case "rnn", "rnn_tanh" -> CellType.RNN_TANH;
            case "rnn_relu" -> CellType.RNN_RELU;
            default -> throw invalidChoice(file, "cell", name, "lstm, gru, rnn, rnn_relu");
        };
    }

    /** Parses {@code last}, {@code max}, {@code mean}, {@code attention}, any case. */
    static Pooling pooling(String name, Path file) {
        for (Pooling p : Pooling.values()) {
            if (p.name().equalsIgnoreCase(name.strip())) {
                return p;
            }
        }
        throw invalidChoice(file, "pooling", name, "last, max, mean, attention");
    }

    private static IllegalArgumentException invalidChoice(Path file, String key, String value, String expected) {
        String problem = key + ": expected one of " + expected + ", got \"" + value + "\"";
        return file == null ? new IllegalArgumentException(problem) : new ModelFolderException(file, problem);
    }

    /** Writes a JSON tree to {@code file} atomically (temporary file in the same folder, then a move). */
    static void writeJsonAtomically(Path file, JsonNode root) {
        writeAtomically(file, tmp -> {
            try {
                Files.writeString(tmp, JSON.writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + tmp + ": " + e.getMessage(), e);
            }
        });
    }

    /**
     * Lets {@code writer} fill a temporary file next to {@code file}, then moves it over {@code file}
     * atomically, so a crash leaves the old file or the complete new one, never a partial one.
     */
    static void writeAtomically(Path file, Consumer<Path> writer) {
        Path target = file.toAbsolutePath();
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            writer.accept(tmp);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort: the temporary file is hidden and overwritten by the next save
            }
        }
    }
}
