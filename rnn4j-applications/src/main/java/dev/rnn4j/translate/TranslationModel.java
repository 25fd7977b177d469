package dev.rnn4j.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.classify.ModelFolderException;
import dev.rnn4j.io.ReplaceFile;
import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.io.SafeTensorsFile;
import dev.rnn4j.models.seq2seq.AttentionScore;
import dev.rnn4j.models.seq2seq.DecoderStyle;
import dev.rnn4j.models.seq2seq.Seq2Seq;
import dev.rnn4j.models.seq2seq.Seq2SeqConfig;
import dev.rnn4j.quant.QuantizedWeights;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;
import dev.rnn4j.text.bpe.BpeModel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trained translation model and its model folder: the {@link Seq2Seq} network, the tokens of both
 * sides (BPE models or word vocabularies) and the longest source it accepts.
 *
 * <p>The folder holds {@code weights.safetensors} (PyTorch names: {@code encoder.rnn.weight_ih_l0},
 * {@code decoder.attention.attn.weight}, ...), {@code config.json} ({@code "task": "translation"},
 * the network's {@link Seq2SeqConfig}, the token files, the maximum length, the training summary)
 * and the tokens: for BPE {@code bpe.json} when joint, else {@code bpe.source.json} and
 * {@code bpe.target.json}; for words ({@code "tokens": "word"} in the config)
 * {@code words.source.json} and {@code words.target.json} ({@link WordVocabularyFiles}). A config
 * without {@code tokens} is BPE. A loaded model is in eval mode and never changes; share it between
 * threads.
 *
 * @param network   the encoder-decoder, in eval mode once loaded
 * @param tokens    the BPE models or word vocabularies of the source and target side
 * @param maxTokens the longest sentence in tokens ({@code <eos>} not counted)
 * @param training  what training reported (settings, epochs, dev scores), or an empty object
 */
public record TranslationModel(Seq2Seq network, TranslationTokens tokens, int maxTokens, ObjectNode training) {

    /** The {@code task} of a translation model folder. */
    public static final String TASK = "translation";
    /** The folder format this code writes and reads. */
    public static final int FORMAT = 1;
    static final String WEIGHTS = "weights.safetensors";
    static final String CONFIG = "config.json";
    static final String JOINT_BPE = "bpe.json";
    static final String SOURCE_BPE = "bpe.source.json";
    static final String TARGET_BPE = "bpe.target.json";
    static final String SOURCE_WORDS = "words.source.json";
    static final String TARGET_WORDS = "words.target.json";

    public TranslationModel {
        if (network == null || tokens == null) {
            throw new IllegalArgumentException("network and tokens: expected non-null, got " + network + ", "
                    + tokens);
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens: expected at least 1, got " + maxTokens);
        }
        int srcVocab = tokens.sourceVocabulary().size();
        int trgVocab = tokens.targetVocabulary().size();
        Seq2SeqConfig c = network.config();
        if (c.srcVocab() != srcVocab || c.trgVocab() != trgVocab) {
            throw new IllegalArgumentException("network vocabularies " + c.srcVocab() + " / " + c.trgVocab()
                    + " do not match the " + tokens.unit() + " vocabularies " + srcVocab + " / " + trgVocab);
        }
        training = training == null ? new ObjectMapper().createObjectNode() : training;
    }

    public SubwordVocabulary sourceVocabulary() {
        return tokens.sourceVocabulary();
    }

    public SubwordVocabulary targetVocabulary() {
        return tokens.targetVocabulary();
    }

    /**
     * Writes the model folder (created if needed); each file goes through a temporary file and an
     * atomic move, {@code config.json} last, so a folder with a config is complete.
     */
    public void save(Path dir) throws IOException {
        if (dir == null) {
            throw new IllegalArgumentException("dir: expected a folder, got null");
        }
        Files.createDirectories(dir);
        SafeTensors.write(dir.resolve(WEIGHTS), network.stateDict(), Map.of("task", TASK, "format",
                Integer.toString(FORMAT)));
        if (tokens instanceof SubwordModels subwords) {
            if (subwords.joint()) {
                subwords.source().save(dir.resolve(JOINT_BPE));
            } else {
                subwords.source().save(dir.resolve(SOURCE_BPE));
                subwords.target().save(dir.resolve(TARGET_BPE));
            }
        } else {
            WordVocabularyFiles.write(tokens.sourceVocabulary(), dir.resolve(SOURCE_WORDS));
            WordVocabularyFiles.write(tokens.targetVocabulary(), dir.resolve(TARGET_WORDS));
        }
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("task", TASK).put("format", FORMAT);
        Seq2SeqConfig c = network.config();
        ObjectNode m = root.putObject("model");
        m.put("src_vocab", c.srcVocab()).put("trg_vocab", c.trgVocab()).put("embedding_dim", c.embeddingDim())
                .put("encoder_hidden", c.encoderHidden()).put("decoder_hidden", c.decoderHidden())
                .put("encoder_layers", c.encoderLayers()).put("encoder_cell", c.encoderCell().name())
                .put("decoder_cell", c.decoderCell().name()).put("style", c.style().name())
                .put("score", c.score().name()).put("input_feeding", c.inputFeeding()).put("dropout", c.dropout())
                .put("pad", c.pad()).put("sos", c.sos()).put("eos", c.eos());
        if (tokens instanceof SubwordModels subwords) {
            ObjectNode s = root.putObject("subwords");
            s.put("joint", subwords.joint());
            s.put("source", subwords.joint() ? JOINT_BPE : SOURCE_BPE);
            s.put("target", subwords.joint() ? JOINT_BPE : TARGET_BPE);
        } else {
            root.put("tokens", tokens.unit());
            root.putObject("words").put("source", SOURCE_WORDS).put("target", TARGET_WORDS);
        }
        root.put("max_tokens", maxTokens);
        root.set("training", training);
        ReplaceFile.write(dir.resolve(CONFIG), json.writeValueAsBytes(root));
    }

    /**
     * Reads a folder written by {@link #save}; the network is put in eval mode.
     *
     * @throws ModelFolderException naming the file when the folder is missing, holds a model of another
     *                              task or format, or its files are incomplete or inconsistent
     */
    public static TranslationModel load(Path dir) {
        if (dir == null) {
            throw new IllegalArgumentException("model folder: expected a path, got null");
        }
        if (!Files.isDirectory(dir)) {
            throw new ModelFolderException(dir, "model folder not found");
        }
        Path configFile = dir.resolve(CONFIG);
        if (!Files.isRegularFile(configFile)) {
            throw new ModelFolderException(dir, "not a model folder (no " + CONFIG + ")");
        }
        JsonNode c;
        try {
            c = new ObjectMapper().readTree(Files.readString(configFile, StandardCharsets.UTF_8));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new ModelFolderException(configFile, "not valid JSON: " + e.getOriginalMessage());
        } catch (CharacterCodingException e) {
            throw new ModelFolderException(configFile, "not UTF-8 text (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new UncheckedIOException(configFile + ": cannot read: " + e.getMessage(), e);
        }
        String task = c == null ? null : c.path("task").asText(null);
        if (!TASK.equals(task)) {
            throw new ModelFolderException(configFile, "this folder holds a model for task '" + task
                    + "', not a translation model (task '" + TASK + "'); train one with 'rnn4j translate train'");
        }
        if (c.path("format").asInt(-1) != FORMAT) {
            throw new ModelFolderException(configFile, "format " + c.path("format") + " is not supported (expected "
                    + FORMAT + ")");
        }
        try {
            JsonNode m = c.path("model");
            Seq2SeqConfig config = new Seq2SeqConfig(m.path("src_vocab").asInt(), m.path("trg_vocab").asInt(),
                    m.path("embedding_dim").asInt(), m.path("encoder_hidden").asInt(),
                    m.path("decoder_hidden").asInt(), m.path("encoder_layers").asInt(),
                    enumField(m, "encoder_cell", CellType.class, configFile),
                    enumField(m, "decoder_cell", CellType.class, configFile),
                    enumField(m, "style", DecoderStyle.class, configFile),
                    enumField(m, "score", AttentionScore.class, configFile),
                    m.path("input_feeding").asBoolean(), m.path("dropout").asDouble(), m.path("pad").asInt(),
                    m.path("sos").asInt(), m.path("eos").asInt());
            TranslationTokens tokens = readTokens(dir, c, configFile);
            SafeTensorsFile file = SafeTensors.read(dir.resolve(WEIGHTS));
            checkFileCanHold(config, file);
            Seq2Seq network = new Seq2Seq(config, new Rng(0));
            QuantizedWeights weights = QuantizedWeights.read(file, WEIGHTS);
            Map<String, Tensor> state = new LinkedHashMap<>();
            for (String name : network.stateDict().keySet()) {
                Tensor value = weights.floatState().get(name);
                if (value == null) {
                    throw new IllegalArgumentException(WEIGHTS + " lacks tensor '" + name + "'");
                }
                state.put(name, value);
            }
            network.loadStateDict(state, true);
            // int8 layers, when the file holds int8 weights: the encoder's recurrent layer and the linear layers
            // that run through Linear.forward; the decoder's one-step cell reads its weights dequantized
            weights.attach(network, "");
            network.eval();
            ObjectNode training = c.path("training").isObject() ? (ObjectNode) c.path("training").deepCopy() : null;
            return new TranslationModel(network, tokens, c.path("max_tokens").asInt(), training);
        } catch (ModelFolderException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelFolderException(dir, "cannot read the model: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new ModelFolderException(configFile, "inconsistent model: " + e.getMessage(), e);
        }
    }

    /** {@code model.FIELD} of {@code config.json} as a constant of {@code type}, or an error naming the field and the choices. */
    private static <E extends Enum<E>> E enumField(JsonNode model, String field, Class<E> type, Path configFile) {
        String value = model.path(field).asText();
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        throw new ModelFolderException(configFile, "model." + field + " is '" + value + "'; expected one of "
                + Arrays.toString(type.getEnumConstants()));
    }

    /** The BPE models or word vocabularies that {@code config.json} names; a config without {@code tokens} is BPE. */
    private static TranslationTokens readTokens(Path dir, JsonNode c, Path configFile) {
        String unit = c.path("tokens").asText("bpe");
        if (unit.equals("word")) {
            JsonNode w = c.path("words");
            return new WordVocabularies(WordVocabularyFiles.read(dir.resolve(w.path("source").asText(SOURCE_WORDS))),
                    WordVocabularyFiles.read(dir.resolve(w.path("target").asText(TARGET_WORDS))));
        }
        if (!unit.equals("bpe")) {
            throw new ModelFolderException(configFile, "field \"tokens\": expected \"bpe\" or \"word\", found "
                    + c.path("tokens"));
        }
        JsonNode s = c.path("subwords");
        BpeModel source = BpeModel.load(dir.resolve(s.path("source").asText(JOINT_BPE)));
        BpeModel target = s.path("joint").asBoolean() ? source
                : BpeModel.load(dir.resolve(s.path("target").asText(TARGET_BPE)));
        return new SubwordModels(source, target);
    }

    /**
     * Refuses a config whose sizes need more parameters than the weights file holds, before the network is built
     * from them (it would allocate what no file of this size justifies). The bound counts the source embedding,
     * one gate of every encoder layer's {@code weight_ih} and {@code weight_hh} and of the decoder's
     * {@code weight_hh}; the full network has more.
     */
    private static void checkFileCanHold(Seq2SeqConfig config, SafeTensorsFile weights) {
        long fileValues = 0;
        for (Tensor tensor : weights.tensors().values()) {
            fileValues += tensor.numel();
        }
        double encoder = config.encoderHidden();
        double decoder = config.decoderHidden();
        // halved where a bidirectional encoder may split its hidden size between the two directions
        double needed = (double) config.srcVocab() * config.embeddingDim()
                + encoder * config.embeddingDim() + encoder * encoder / 2
                + Math.max(0, config.encoderLayers() - 1) * encoder * encoder + decoder * decoder;
        if (needed > fileValues) {
            throw new IllegalArgumentException(WEIGHTS + " holds " + fileValues + " values, fewer than the "
                    + String.format(java.util.Locale.ROOT, "%.0f", needed) + " that src_vocab " + config.srcVocab()
                    + ", embedding_dim " + config.embeddingDim() + ", encoder_hidden " + config.encoderHidden()
                    + ", encoder_layers " + config.encoderLayers() + " and decoder_hidden " + config.decoderHidden()
                    + " need");
        }
    }
}
