package dev.rnn4j.qa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn4j.predict.ModelInfo;
import dev.rnn4j.predict.Predictor;
import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.tensor.Ops;
import dev.rnn4j.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A trained question-answering model: its {@link QaVocabulary} and network (the LSTM reader or DMN+,
 * {@link QaConfig}); a {@link Predictor} from a {@link QaQuestion} (story and question) to a {@link QaAnswer}
 * (answer, probabilities and, for DMN+, the attention over the statements at every hop).
 *
 * <p>Words the model never saw read as its unknown symbol and are listed in the answer; an answer never seen in
 * training cannot be given, and such questions count as wrong in {@link #evaluate}.
 *
 * <p>Saved as a folder ({@link #save}): {@code weights.safetensors} with PyTorch-style names and
 * {@code config.json} with {@code "task": "question-answering"}, the network settings, the words and answers and
 * a training summary.
 *
 * <p>Immutable and safe to use from several threads at once: the network stays in evaluation mode and a call
 * records no graph.
 */
public final class QuestionAnswerer implements Predictor<QaQuestion, QaAnswer> {

    /** The {@code task} of a question-answering model's {@code config.json}. */
    public static final String TASK = "question-answering";
    /** The version of the model folder's layout. */
    public static final int FORMAT = 1;
    /** Questions per forward pass when evaluating. */
    static final int EVAL_BATCH = 100;

    private final QaVocabulary vocabulary;
    private final QaNetwork network;
    private final ObjectNode trainingInfo;

    QuestionAnswerer(QaVocabulary vocabulary, QaNetwork network, ObjectNode trainingInfo) {
        if (vocabulary.wordCount() != network.config().words() || vocabulary.answerCount() != network.config()
                .answers()) {
            throw new IllegalArgumentException("vocabulary: expected " + network.config().words() + " words and "
                    + network.config().answers() + " answers (the network's), got " + vocabulary.wordCount()
                    + " and " + vocabulary.answerCount());
        }
        this.vocabulary = vocabulary;
        this.network = network;
        this.trainingInfo = trainingInfo;
        network.eval();
    }

    /**
     * Trains a model on {@code train}, keeping the weights of the epoch with the best accuracy on
     * {@code validation} ({@link QaTrainer}).
     *
     * @param config the network; its sizes must match {@code vocabulary}
     * @throws IllegalArgumentException for empty data or settings that do not fit together
     * @throws IOException              if a checkpoint cannot be written or resumed
     */
    public static QuestionAnswerer train(QaVocabulary vocabulary, List<QaExample> train, List<QaExample> validation,
                                         QaConfig config, QaTraining training) throws IOException {
        return QaTrainer.train(vocabulary, train, validation, config, training);
    }

    /**
     * Loads a folder written by {@link #save}.
     *
     * @throws IllegalArgumentException if the folder is missing, holds another kind of model, or its files are
     *                                  malformed (the message names the file)
     * @throws UncheckedIOException     if a file exists but cannot be read
     */
    public static QuestionAnswerer load(Path folder) {
        try {
            return QaModelFolder.load(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(folder + ": cannot read the model: " + e.getMessage(), e);
        }
    }

    /** Writes the model folder (created if needed). */
    public void save(Path folder) throws IOException {
        QaModelFolder.save(this, folder);
    }

    public QaVocabulary vocabulary() {
        return vocabulary;
    }

    public QaConfig config() {
        return network.config();
    }

    QaNetwork network() {
        return network;
    }

    /** The training summary saved with the model (tasks, set, epochs, validation accuracy per epoch), or null. */
    public JsonNode trainingInfo() {
        return trainingInfo == null ? null : trainingInfo.deepCopy();
    }

    ObjectNode trainingInfoNode() {
        return trainingInfo;
    }

    /**
     * Accuracy per task on {@code examples}; a question whose answer the model does not know counts as wrong.
     *
     * @throws IllegalArgumentException if {@code examples} is empty
     */
    public QaEvaluation evaluate(List<QaExample> examples) {
        if (examples == null || examples.isEmpty()) {
            throw new IllegalArgumentException("examples: expected questions to evaluate, got none");
        }
        List<EncodedQuestion> encoded = examples.stream()
                .map(e -> EncodedQuestion.of(vocabulary, e, network.config().maxFacts())).toList();
        return evaluate(network, encoded);
    }

    /** Accuracy per task of {@code network} (in evaluation mode) on encoded questions. */
    static QaEvaluation evaluate(QaNetwork network, List<EncodedQuestion> encoded) {
        QaEvaluation.Counter counter = new QaEvaluation.Counter();
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            // stories of similar length share a batch, which then pads to fewer statements
            int[] byLength = LengthBuckets.sortedByLength(encoded);
            for (int from = 0; from < encoded.size(); from += EVAL_BATCH) {
                int[] indices = Arrays.copyOfRange(byLength, from, Math.min(encoded.size(), from + EVAL_BATCH));
                QaBatch batch = QaBatch.of(encoded, indices);
                int[] predicted = argmax(network.forward(batch).logits());
                for (int i = 0; i < indices.length; i++) {
                    int answer = batch.answers()[i];
                    counter.add(batch.tasks()[i], answer >= 0 && predicted[i] == answer, answer < 0);
                }
            }
        }
        return counter.result();
    }

    // the largest entry of every row of (B, C)
    static int[] argmax(Tensor logits) {
        int b = logits.size(0);
        int c = logits.size(1);
        int[] out = new int[b];
        for (int i = 0; i < b; i++) {
            int best = 0;
            for (int j = 1; j < c; j++) {
                if (logits.getFlat(i * c + j) > logits.getFlat(i * c + best)) {
                    best = j;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /** Answers one question ({@link #predictBatch} of one). */
    @Override
    public QaAnswer predict(QaQuestion input) {
        if (input == null) {
            throw new IllegalArgumentException("input: expected a story and a question, got null");
        }
        return predictBatch(List.of(input)).get(0);
    }

    /** Answers every question in one padded batch. */
    @Override
    public List<QaAnswer> predictBatch(List<QaQuestion> inputs) {
        if (inputs == null || inputs.isEmpty()) {
            throw new IllegalArgumentException("inputs: expected at least one question, got "
                    + (inputs == null ? "null" : "none"));
        }
        List<EncodedQuestion> encoded = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            QaQuestion q = inputs.get(i);
            if (q == null) {
                throw new IllegalArgumentException("inputs[" + i + "]: expected a story and a question, got null");
            }
            encoded.add(EncodedQuestion.of(vocabulary, q.story(), q.question(), null, 0, network.config().maxFacts()));
        }
        int[] all = new int[encoded.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        QaBatch batch = QaBatch.of(encoded, all);
        QaNetwork.Output out;
        Tensor probabilities;
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            out = network.forward(batch);
            probabilities = Ops.softmax(out.logits(), 1, false);                      // (B, C)
        }
        int c = vocabulary.answerCount();
        int f = batch.factSteps();
        List<QaAnswer> answers = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            Map<String, Double> p = new LinkedHashMap<>();
            List<Integer> order = new ArrayList<>();
            for (int j = 0; j < c; j++) {
                order.add(j);
            }
            int row = i;
            order.sort(Comparator.comparingDouble((Integer j) -> -probabilities.getFlat(row * c + j)));
            for (int j : order) {
                p.put(vocabulary.answer(j), probabilities.getFlat(i * c + j));
            }
            List<double[]> hops = new ArrayList<>();
            for (Tensor g : out.attention()) {                                            // (B, F)
                double[] weights = new double[batch.factCounts()[i]];
                for (int k = 0; k < weights.length; k++) {
                    weights[k] = g.getFlat(i * f + k);
                }
                hops.add(weights);
            }
            int best = order.get(0);
            answers.add(new QaAnswer(vocabulary.answer(best), probabilities.getFlat(i * c + best), p,
                    encoded.get(i).firstFact(), hops, unknownWords(inputs.get(i))));
        }
        return answers;
    }

    private List<String> unknownWords(QaQuestion q) {
        Set<String> out = new LinkedHashSet<>();
        for (String s : q.story()) {
            QaVocabulary.tokens(s).stream().filter(w -> !vocabulary.knows(w)).forEach(out::add);
        }
        QaVocabulary.tokens(q.question()).stream().filter(w -> !vocabulary.knows(w)).forEach(out::add);
        return new ArrayList<>(out);
    }

    @Override
    public ModelInfo describe() {
        QaConfig c = network.config();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("model", c.model());
        settings.put("words", c.words());
        settings.put("answers", vocabulary.answers());
        settings.put("embedding", c.embedding());
        settings.put("hidden", c.hidden());
        if (c.model().equals(QaConfig.DMN)) {
            settings.put("hops", c.hops());
        }
        settings.put("max_facts", c.maxFacts());
        settings.put("parameters", network.parameterCount());
        return new ModelInfo(TASK, "a story (statements, oldest first) and a question about it",
                "the answer with a probability per known answer"
                        + (c.model().equals(QaConfig.DMN) ? ", and per hop the attention over the statements" : ""),
                settings);
    }

    @Override
    public String toString() {
        QaConfig c = network.config();
        return "QuestionAnswerer[" + (c.model().equals(QaConfig.DMN) ? "DMN+ " + c.hops() + " hops" : "LSTM reader")
                + ", hidden " + c.hidden() + ", " + (c.words() - 3) + " words, " + c.answers() + " answers, "
                + network.parameterCount() + " parameters]";
    }
}
