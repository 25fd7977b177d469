package dev.rnn4j.classify;

import dev.rnn4j.models.SequenceClassifier;
import dev.rnn4j.predict.ModelInfo;
import dev.rnn4j.predict.Predictor;
import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.text.LabelSet;
import dev.rnn4j.text.LengthBucketBatcher;
import dev.rnn4j.text.Tokenizer;
import dev.rnn4j.text.Vocabulary;
import dev.rnn4j.text.WordTokenizer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A trained text classifier in use: tokenise, look the tokens up, run every network of the
 * ensemble (mean of their logits), add the n-gram expert's weighted scores, and softmax the sum
 * divided by the temperature.
 *
 * <p><b>Safe to call from several threads at once</b>, with the same results as sequential calls.
 * A prediction reads only immutable state: the networks are put in eval mode once, here, and never
 * switched again (no dropout, no generator drawn from); every forward pass runs without gradients
 * ({@link Autograd#noGrad()} is per thread), so no autograd graph is recorded on the shared
 * parameters; the kernels' scratch buffers are per thread and the shared array cache hands an array
 * to one taker only; the tokenizer, vocabulary, label set and n-gram table are read-only after
 * construction. Whoever builds a predictor must not train or modify its networks afterwards.
 */
public final class ClassifierPredictor implements Predictor<String, Prediction> {

    /** Sentences per batch when evaluating or predicting (no gradients, so larger than in training). */
    static final int EVAL_BATCH = 256;

    private final ClassifierConfig config;
    private final Vocabulary vocabulary;
    private final LabelSet labels;
    private final Tokenizer tokenizer;
    private final List<SequenceClassifier> networks;
    private final NgramNaiveBayes ngrams;
    private final double temperature;

    /**
     * @param networks    the ensemble's networks (at least one), put in eval mode here
     * @param ngrams      the n-gram expert with its weight, or null for the networks alone
     * @param temperature divides the combined logits before the softmax; a finite number &gt; 0
     * @throws IllegalArgumentException for a null part, no network or an invalid temperature
     */
    ClassifierPredictor(ClassifierConfig config, Vocabulary vocabulary, LabelSet labels,
                        List<SequenceClassifier> networks, NgramNaiveBayes ngrams, double temperature) {
        if (config == null || vocabulary == null || labels == null || networks == null || networks.isEmpty()) {
            throw new IllegalArgumentException("config, vocabulary, labels and at least one network are required");
        }
        TemperatureScaling.checkTemperature(temperature);
        this.config = config;
        this.vocabulary = vocabulary;
        this.labels = labels;
        this.tokenizer = new WordTokenizer(config.lowerCase(), config.splitPunctuation());
        this.networks = List.copyOf(networks);
        this.ngrams = ngrams;
        this.temperature = temperature;
        for (SequenceClassifier network : this.networks) {
            network.eval();
        }
    }

    /** This predictor with another temperature; it shares the networks, vocabulary and table. */
    ClassifierPredictor withTemperature(double newTemperature) {
        return new ClassifierPredictor(config, vocabulary, labels, networks, ngrams, newTemperature);
    }

    ClassifierConfig config() {
        return config;
    }

    Vocabulary vocabulary() {
        return vocabulary;
    }

    LabelSet labels() {
        return labels;
    }

    Tokenizer tokenizer() {
        return tokenizer;
    }

    List<SequenceClassifier> networks() {
        return networks;
    }

    NgramNaiveBayes ngrams() {
        return ngrams;
    }

    double temperature() {
        return temperature;
    }

    @Override
    public ModelInfo describe() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("labels", labels.labels());
        settings.put("vocab_size", vocabulary.size());
        settings.put("cell", config.cell().name().toLowerCase(Locale.ROOT));
        settings.put("embedding_dim", config.embeddingDim());
        settings.put("hidden_size", config.hiddenSize());
        settings.put("num_layers", config.numLayers());
        settings.put("bidirectional", config.bidirectional());
        settings.put("pooling", config.pooling().name().toLowerCase(Locale.ROOT));
        settings.put("ensemble_size", networks.size());
        settings.put("parameters", networks.get(0).parameterCount() * networks.size());
        settings.put("ngram_order", config.ngramOrder());
        settings.put("ngram_weight", ngrams == null ? 0.0 : ngrams.weight());
        settings.put("temperature", temperature);
        settings.put("max_length", config.maxLength());
        return new ModelInfo(ModelFolder.TASK, "a text (string)",
                "the most probable label with a probability per label", settings);
    }

    /**
     * The label of one text, with the probability of every label.
     *
     * @throws IllegalArgumentException if {@code text} is null or has no tokens (empty or blank)
     */
    @Override
    public Prediction predict(String text) {
        return predictTokens(List.of(tokensOf(text, "text"))).get(0);
    }

    /**
     * Predictions for many texts at once, in order: batched by length, so much faster than one by
     * one; the labels equal {@link #predict}'s and the probabilities agree to float rounding.
     *
     * @throws IllegalArgumentException if the list is null or a text is null or has no tokens
     *     (naming its index)
     */
    @Override
    public List<Prediction> predictBatch(List<String> texts) {
        if (texts == null) {
            throw new IllegalArgumentException("texts must not be null");
        }
        List<List<String>> tokens = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            tokens.add(tokensOf(texts.get(i), "texts[" + i + "]"));
        }
        return predictTokens(tokens);
    }

    /** Predictions for tokenized texts, each with at least one token. */
    private List<Prediction> predictTokens(List<List<String>> tokens) {
        if (tokens.isEmpty()) {
            return List.of();
        }
        int classes = labels.size();
        double[] logits = combinedLogits(TextEncoding.encodeAll(tokens, vocabulary), tokens);
        double[] row = new double[classes];
        List<Prediction> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            TemperatureScaling.softmax(logits, i, classes, temperature, row);
            Map<String, Double> byLabel = new LinkedHashMap<>();
            for (int c = 0; c < classes; c++) {
                byLabel.put(labels.label(c), (double) (float) row[c]);
            }
            // the label is the argmax of the logits, so the temperature cannot change it
            int best = TemperatureScaling.argmax(logits, i, classes);
            out.add(new Prediction(labels.label(best), Collections.unmodifiableMap(byLabel)));
        }
        return out;
    }

    /** The tokens of a text to predict; {@code name} names it in the error for null or no tokens. */
    private List<String> tokensOf(String text, String name) {
        if (text == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        List<String> tokens = tokenizer.tokenize(text);
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException(name + ": empty text (no tokens in \"" + text + "\")");
        }
        return tokens;
    }

    /** The combined logits (N, C) row-major of encoded texts: ensemble mean plus weighted n-gram scores. */
    double[] combinedLogits(List<int[]> ids, List<List<String>> tokens) {
        double[][] scores = ngrams == null || ngrams.weight() == 0 ? null : NgramMixing.scores(ngrams, tokens);
        return NgramMixing.combine(ensembleLogits(networks, ids, config.maxLength()), scores, ngrams,
                labels.size());
    }

    /**
     * A network's logits (N, C) row-major for encoded sequences, in their order, without gradients.
     * The network must be in eval mode (this method does not switch it, so that concurrent callers
     * share nothing they write).
     */
    static float[] networkLogits(SequenceClassifier model, List<int[]> ids, int maxLength) {
        int classes = model.config().outputs();
        float[] out = new float[ids.size() * classes];
        LengthBucketBatcher batcher = new LengthBucketBatcher(EVAL_BATCH, maxLength, true, 0);
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            for (LengthBucketBatcher.Batch batch : batcher.evaluationBatches(ids, null)) {
                float[] z = model.forward(batch.ids(), batch.batchSize(), batch.maxLen(), batch.lengths())
                        .toFloatArray(); // (B, C)
                for (int b = 0; b < batch.batchSize(); b++) {
                    System.arraycopy(z, b * classes, out, batch.indices()[b] * classes, classes);
                }
            }
        }
        return out;
    }

    /**
     * The ensemble's logits (N, C) row-major: the mean of its networks' logits (for one network,
     * exactly that network's logits). Logits rather than probabilities are averaged because the
     * n-gram expert is added in logit space, with a weight tuned on this very mean.
     */
    static float[] ensembleLogits(List<SequenceClassifier> networks, List<int[]> ids, int maxLength) {
        float[] sum = networkLogits(networks.get(0), ids, maxLength);
        if (networks.size() == 1) {
            return sum;
        }
        for (int k = 1; k < networks.size(); k++) {
            float[] z = networkLogits(networks.get(k), ids, maxLength);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += z[i];
            }
        }
        float scale = 1f / networks.size();
        for (int i = 0; i < sum.length; i++) {
            sum[i] *= scale;
        }
        return sum;
    }
}
