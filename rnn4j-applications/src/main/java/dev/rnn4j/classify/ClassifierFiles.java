package dev.rnn4j.classify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.io.SafeTensors;
import dev.rnn4j.io.SafeTensorsFile;
import dev.rnn4j.models.SequenceClassifier;
import dev.rnn4j.quant.QuantizedWeights;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;
import dev.rnn4j.text.DataFormatException;
import dev.rnn4j.text.LabelSet;
import dev.rnn4j.text.Vocabulary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a trained classifier to its model folder and reads it back (the files and the config
 * format are {@link ModelFolder}'s): {@code weights.safetensors} (PyTorch parameter names) and
 * {@code weights-k.safetensors} for ensemble member k ≥ 1, {@code vocab.json}, {@code labels.json},
 * {@code ngrams.tsv} when there is an n-gram expert, and {@code config.json} last; each written
 * atomically. Stateless.
 */
final class ClassifierFiles {

    private ClassifierFiles() {
    }

    /**
     * Saves to {@code folder} (created if needed).
     *
     * @param summaries every member's training summary for {@code config.json}, or null for none
     * @throws UncheckedIOException if a file cannot be written
     */
    static void save(Path folder, ClassifierPredictor model, List<TrainingSummary> summaries) {
        if (folder == null) {
            throw new IllegalArgumentException("folder must not be null");
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create model folder " + folder + ": " + e.getMessage(), e);
        }
        Map<String, String> metadata = Map.of("task", ModelFolder.TASK, "format_version",
                Integer.toString(ModelFolder.FORMAT_VERSION));
        List<SequenceClassifier> networks = model.networks();
        for (int k = 0; k < networks.size(); k++) {
            Path weightsFile = folder.resolve(ModelFolder.weightsFile(k));
            try {
                SafeTensors.write(weightsFile, networks.get(k).stateDict(), metadata);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + weightsFile + ": " + e.getMessage(), e);
            }
        }
        ModelFolder.writeAtomically(folder.resolve(ModelFolder.VOCAB), model.vocabulary()::save);
        ModelFolder.writeAtomically(folder.resolve(ModelFolder.LABELS), model.labels()::save);
        if (model.ngrams() != null) {
            ModelFolder.writeAtomically(folder.resolve(ModelFolder.NGRAMS), model.ngrams()::save);
        }
        ModelFolder.writeJsonAtomically(folder.resolve(ModelFolder.CONFIG),
                ModelFolder.configJson(model.config(), model.vocabulary().size(), model.labels().size(),
                        model.temperature(), summaryJson(summaries)));
    }

    /** Member 0's training summary; for an ensemble also {@code "members"}: every member's, in order. */
    private static ObjectNode summaryJson(List<TrainingSummary> summaries) {
        if (summaries == null) {
            return null;
        }
        ObjectNode node = summaryJson(summaries.get(0));
        if (summaries.size() > 1) {
            ArrayNode members = node.putArray("members");
            for (TrainingSummary member : summaries) {
                members.add(summaryJson(member));
            }
        }
        return node;
    }

    private static ObjectNode summaryJson(TrainingSummary summary) {
        ObjectNode node = ModelFolder.JSON.createObjectNode();
        node.put("best_epoch", summary.bestEpoch());
        node.put("best_dev_accuracy", summary.bestDevAccuracy());
        node.put("seconds", summary.seconds());
        node.put("stopped_early", summary.stoppedEarly());
        ArrayNode epochs = node.putArray("epochs");
        for (EpochResult e : summary.epochs()) {
            ObjectNode row = epochs.addObject();
            row.put("epoch", e.epoch());
            row.put("train_loss", e.trainLoss());
            row.put("dev_accuracy", e.devAccuracy());
            row.put("seconds", e.seconds());
        }
        return node;
    }

    /**
     * Loads a classifier saved by {@link #save}.
     *
     * @throws ModelFolderException naming the file at fault: a missing folder, config, vocabulary,
     *     label set or weights file; a folder of a model for another task; an invalid config (missing
     *     or unknown keys, wrong types or values); files that disagree in size; weights that do not
     *     fit the config
     */
    static ClassifierPredictor load(Path folder) {
        ModelFolder.ConfigFile configFile = ModelFolder.readConfig(folder);
        ClassifierConfig config = configFile.config();
        Path vocabFile = folder.resolve(ModelFolder.VOCAB);
        Path labelsFile = folder.resolve(ModelFolder.LABELS);
        for (Path required : List.of(vocabFile, labelsFile, folder.resolve(ModelFolder.WEIGHTS))) {
            if (!Files.isRegularFile(required)) {
                throw new ModelFolderException(required, "missing; a text classifier model folder holds "
                        + ModelFolder.expectedFiles());
            }
        }
        for (int k = 1; k < config.ensembleSize(); k++) {
            Path member = folder.resolve(ModelFolder.weightsFile(k));
            if (!Files.isRegularFile(member)) {
                throw new ModelFolderException(member, "missing; config.json says ensemble_size "
                        + config.ensembleSize() + ", so the folder must hold " + ModelFolder.WEIGHTS + " and "
                        + ModelFolder.weightsFile(1) + " .. " + ModelFolder.weightsFile(config.ensembleSize() - 1));
            }
        }
        Vocabulary vocabulary;
        LabelSet labels;
        try {
            vocabulary = Vocabulary.load(vocabFile);
        } catch (DataFormatException e) {
            throw ModelFolder.wrap(vocabFile, "vocabulary", e);
        }
        try {
            labels = LabelSet.load(labelsFile);
        } catch (DataFormatException e) {
            throw ModelFolder.wrap(labelsFile, "label set", e);
        }
        if (vocabulary.size() != configFile.vocabSize()) {
            throw new ModelFolderException(vocabFile, "holds " + vocabulary.size() + " tokens but config.json says"
                    + " vocab_size " + configFile.vocabSize());
        }
        if (labels.size() != configFile.numClasses()) {
            throw new ModelFolderException(labelsFile, "holds " + labels.size() + " labels but config.json says"
                    + " num_classes " + configFile.numClasses());
        }
        List<SequenceClassifier> networks = new ArrayList<>(config.ensembleSize());
        for (int k = 0; k < config.ensembleSize(); k++) {
            networks.add(loadNetwork(folder.resolve(ModelFolder.weightsFile(k)), config, vocabulary.size(),
                    labels.size()));
        }
        return new ClassifierPredictor(config, vocabulary, labels, networks, loadNgrams(folder, config, labels),
                configFile.temperature());
    }

    /** The n-gram table the config asks for, checked against it, or null when its ngram_order is 0. */
    private static NgramNaiveBayes loadNgrams(Path folder, ClassifierConfig config, LabelSet labels) {
        if (config.ngramOrder() <= 0) {
            return null;
        }
        Path ngramsFile = folder.resolve(ModelFolder.NGRAMS);
        if (!Files.isRegularFile(ngramsFile)) {
            throw new ModelFolderException(ngramsFile, "missing; config.json says ngram_order "
                    + config.ngramOrder() + ", so the folder must hold the n-gram table");
        }
        NgramNaiveBayes ngrams;
        try {
            ngrams = NgramNaiveBayes.load(ngramsFile);
        } catch (DataFormatException e) {
            throw ModelFolder.wrap(ngramsFile, "n-gram table", e);
        }
        if (ngrams.order() != config.ngramOrder() || ngrams.numClasses() != labels.size()
                || ngrams.charOrder() != config.charNgramOrder()) {
            throw new ModelFolderException(ngramsFile, "has order " + ngrams.order() + ", character order "
                    + ngrams.charOrder() + " and " + ngrams.numClasses() + " classes but config.json says"
                    + " ngram_order " + config.ngramOrder() + ", char_ngram_order " + config.charNgramOrder()
                    + " and num_classes " + labels.size());
        }
        return ngrams;
    }

    /** One network's weights, checked against the config. */
    private static SequenceClassifier loadNetwork(Path weightsFile, ClassifierConfig config, int vocabSize,
                                                  int numClasses) {
        SafeTensorsFile weights;
        try {
            weights = SafeTensors.read(weightsFile);
        } catch (IOException e) { // a SafeTensorsFormatException for malformed content, naming the tensor or field
            throw new ModelFolderException(weightsFile, "cannot read weights: " + e.getMessage(), e);
        }
        String task = weights.meta("task");
        if (task != null && !task.equals(ModelFolder.TASK)) {
            throw new ModelFolderException(weightsFile, "weights of a model for another task (\"task\": \"" + task
                    + "\"), not a text classifier");
        }
        // the network is built from config.json's sizes before the weights are checked against it, so a config
        // whose sizes the file cannot hold is refused first: it would allocate what no file of this size justifies
        long fileValues = 0;
        for (Tensor tensor : weights.tensors().values()) {
            fileValues += tensor.numel();
        }
        double needed = minimumParameterCount(config, vocabSize);
        if (needed > fileValues) {
            throw new ModelFolderException(weightsFile, "weights do not fit config.json: its vocab_size "
                    + vocabSize + ", embedding_dim " + config.embeddingDim() + ", hidden_size " + config.hiddenSize()
                    + " and num_layers " + config.numLayers() + " need at least " + String.format(Locale.ROOT, "%.0f",
                    needed) + " parameters, the file holds " + fileValues);
        }
        SequenceClassifier model = new SequenceClassifier(EnsembleTraining.modelConfig(config, vocabSize, numClasses),
                new Rng(config.seed()));
        QuantizedWeights quantized;
        try {
            quantized = QuantizedWeights.read(weights, weightsFile.getFileName().toString());
        } catch (IllegalArgumentException e) {
            throw new ModelFolderException(weightsFile, "bad int8 weights: " + e.getMessage(), e);
        }
        try {
            model.loadStateDict(quantized.floatState(), true);
            quantized.attach(model, ""); // int8 layers, when the file holds int8 weights
        } catch (IllegalArgumentException e) {
            throw new ModelFolderException(weightsFile, "weights do not fit config.json: " + e.getMessage(), e);
        }
        return model;
    }

    /**
     * A lower bound of the classifier network's parameter count: the embedding (V, E) and the recurrent weights
     * {@code weight_ih} (G·H, in) and {@code weight_hh} (G·H, H) of every layer and direction, in double so that
     * no size overflows. Biases, attention and the output layer come on top, each no larger than these.
     */
    static double minimumParameterCount(ClassifierConfig config, int vocabSize) {
        double hidden = config.hiddenSize();
        double directions = config.bidirectional() ? 2 : 1;
        double gates = config.cell().gates();
        double count = (double) vocabSize * config.embeddingDim();
        for (int layer = 0; layer < config.numLayers(); layer++) {
            double in = layer == 0 ? config.embeddingDim() : hidden * directions;
            count += directions * gates * hidden * (in + hidden);
        }
        return count;
    }
}
