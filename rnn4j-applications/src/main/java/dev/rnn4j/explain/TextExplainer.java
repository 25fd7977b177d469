package dev.rnn4j.explain;

import dev.rnn4j.classify.ClassifierConfig;
import dev.rnn4j.classify.Prediction;
import dev.rnn4j.classify.TextClassifier;
import dev.rnn4j.models.SequenceClassifier;
import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;
import dev.rnn4j.text.Tokenizer;
import dev.rnn4j.text.Vocabulary;
import dev.rnn4j.text.WordTokenizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Attributions of a {@link TextClassifier}'s prediction to the tokens of a text, over the embedding.
 *
 * <p><b>What is explained.</b> The attributed output is the probability the <em>networks</em> give the
 * predicted label: {@code softmax(mean over the K ensemble members of their logits)[label]}, temperature 1. The
 * label itself is the full model's (networks plus the n-gram table, as {@code predict}). When the model mixes
 * in an n-gram table (weight w ≠ 0), the table's share of the decision is not attributed: it is a sum of
 * n-gram log-likelihoods with no gradient, and {@link TextExplanation#explained()} says so with w.
 *
 * <p><b>Input and baseline.</b> The input of position t is the concatenation of token t's embedding in every
 * member (width K·E), so that one path serves the whole ensemble; the baseline is the padding embedding
 * ({@code <pad>}, id 0) in every member, the row a text with no words reads. A token's score is the sum of its
 * K·E values' scores. Occlusion removes the token from the text.
 *
 * <p><b>Inside the cells.</b> Each explanation also holds the first ensemble member's states and gates at
 * every token ({@link CellInspector}), read from the same embeddings.
 *
 * <p><b>Threads.</b> The explainer owns copies of the networks whose parameters do not require gradients, so a
 * call builds its own graph whose backward pass writes only into that graph: calls may run concurrently, and
 * the classifier's predictor is never touched (its thread-safety contract holds).
 */
public final class TextExplainer {

    private final TextClassifier classifier;
    private final List<SequenceClassifier> networks;
    private final float[][] embeddings; // per member (V, E) row-major
    private final Tokenizer tokenizer;
    private final int embeddingDim;
    private final int classes;

    /**
     * @throws IllegalArgumentException if {@code classifier} is null
     */
    public TextExplainer(TextClassifier classifier) {
        if (classifier == null) {
            throw new IllegalArgumentException("classifier: expected a trained or loaded classifier, got null");
        }
        this.classifier = classifier;
        ClassifierConfig config = classifier.config();
        this.tokenizer = new WordTokenizer(config.lowerCase(), config.splitPunctuation());
        this.networks = new ArrayList<>();
        List<SequenceClassifier> members = classifier.members();
        this.embeddings = new float[members.size()][];
        for (int k = 0; k < members.size(); k++) {
            SequenceClassifier original = members.get(k);
            SequenceClassifier copy = new SequenceClassifier(original.config(), new Rng(0));
            copy.loadStateDict(original.stateDict(), true);
            copy.parameters().forEach(p -> p.requiresGrad(false));
            copy.eval();
            networks.add(copy);
            embeddings[k] = copy.embedding().weight().toFloatArray();
        }
        this.embeddingDim = members.get(0).config().embeddingDim();
        this.classes = classifier.labels().size();
    }

    /**
     * The attributions of the predicted label of {@code text}.
     *
     * @param steps trapezoid intervals for integrated gradients (≥ 1; ignored by the other methods)
     * @throws IllegalArgumentException for a null text or method, a text without tokens, a text whose every
     *                                  token is unknown to the vocabulary, or steps below 1 with integrated
     *                                  gradients
     */
    public TextExplanation explain(String text, Method method, int steps) {
        if (text == null) {
            throw new IllegalArgumentException("text: expected a text, got null");
        }
        if (method == null) {
            throw new IllegalArgumentException("method: expected one of ig, occlusion, gradxinput, got null");
        }
        if (method == Method.INTEGRATED_GRADIENTS && steps < 1) {
            throw new IllegalArgumentException("steps: expected at least 1 interval for integrated gradients, got "
                    + steps);
        }
        List<String> tokens = tokenizer.tokenize(text);
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("text: empty, there are no tokens in \"" + text + "\"");
        }
        int maxLength = classifier.config().maxLength();
        if (maxLength > 0 && tokens.size() > maxLength) {
            tokens = tokens.subList(0, maxLength);
        }
        Vocabulary vocabulary = classifier.vocabulary();
        int[] ids = vocabulary.encode(tokens);
        List<Boolean> known = new ArrayList<>(ids.length);
        boolean anyKnown = false;
        for (int id : ids) {
            known.add(id != Vocabulary.UNK_ID);
            anyKnown |= id != Vocabulary.UNK_ID;
        }
        if (!anyKnown) {
            throw new IllegalArgumentException("text: every token is unknown to the model's vocabulary " + tokens
                    + ", so the networks see only <unk> and there is nothing to explain");
        }
        Prediction prediction = classifier.predict(text);
        int label = classifier.labels().index(prediction.label());
        int width = networks.size() * embeddingDim;
        float[] input = new float[ids.length * width];
        float[] baseline = new float[ids.length * width];
        for (int t = 0; t < ids.length; t++) {
            for (int k = 0; k < networks.size(); k++) {
                System.arraycopy(embeddings[k], ids[t] * embeddingDim, input, t * width + k * embeddingDim,
                        embeddingDim);
                System.arraycopy(embeddings[k], Vocabulary.PAD_ID * embeddingDim, baseline,
                        t * width + k * embeddingDim, embeddingDim);
            }
        }
        Attribution attribution = Attributions.compute(new NetworkProbability(label), input, baseline, ids.length,
                width, method, steps);
        return new TextExplanation(text, tokens, known, prediction.label(), prediction.probabilities(),
                networkProbabilities(input, ids.length, width), explained(prediction.label()),
                "the padding embedding (<pad>, id 0) at every position", attribution, cells(ids));
    }

    /** The first member's states and gates over the tokens' embeddings, or null if its cell is not readable. */
    private CellTrace cells(int[] ids) {
        SequenceClassifier first = networks.get(0);
        if (!CellInspector.reads(first.rnn())) {
            return null;
        }
        float[] x = new float[ids.length * embeddingDim]; // (T, E)
        for (int t = 0; t < ids.length; t++) {
            System.arraycopy(embeddings[0], ids[t] * embeddingDim, x, t * embeddingDim, embeddingDim);
        }
        return CellInspector.trace(first.rnn(), x, ids.length);
    }

    /** Every label's probability of the networks alone at the input. */
    private Map<String, Double> networkProbabilities(float[] input, int length, int width) {
        float[] p;
        try (Autograd.Scope ignored = Autograd.noGrad()) {
            p = meanLogits(Tensor.of(input, 1, length, width)).softmax(1).toFloatArray();
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (int c = 0; c < classes; c++) {
            out.put(classifier.labels().label(c), (double) p[c]);
        }
        return out;
    }

    private String explained(String label) {
        String s = "the probability of the predicted label '" + label + "' from "
                + (networks.size() == 1 ? "the network's logits"
                : "the mean logits of the " + networks.size() + " ensemble networks") + " (softmax, temperature 1)";
        if (classifier.ngramExpert() != null && classifier.ngramExpert().weight() != 0) {
            s += String.format(Locale.ROOT, "; the n-gram table, added to the logits with weight %.2f to make the"
                    + " prediction, is not attributed", classifier.ngramExpert().weight());
        }
        return s;
    }

    /** The ensemble's mean logits (N, C) of embedded inputs (N, L, K·E). */
    private Tensor meanLogits(Tensor inputs) {
        Tensor sum = null;
        for (int k = 0; k < networks.size(); k++) {
            Tensor part = networks.size() == 1 ? inputs : inputs.narrow(2, k * embeddingDim, embeddingDim);
            Tensor logits = networks.get(k).forwardEmbedded(part, null);
            sum = sum == null ? logits : sum.add(logits);
        }
        return networks.size() == 1 ? sum : sum.mul(1.0 / networks.size());
    }

    /** The networks' probability of one label. */
    private final class NetworkProbability implements ScalarOutput {
        private final int label;

        NetworkProbability(int label) {
            this.label = label;
        }

        @Override
        public Tensor evaluate(Tensor inputs) {
            return meanLogits(inputs).softmax(1).select(1, label); // (N)
        }

        @Override
        public boolean occlusionRemoves() {
            return true;
        }
    }
}
