package dev.rnn4j.server;

import dev.rnn4j.classify.ClassifierPredictor;
import dev.rnn4j.classify.TextClassifier;
import dev.rnn4j.explain.TextExplainer;
import dev.rnn4j.explain.TextExplanation;
import dev.rnn4j.predict.Predictor;
import dev.rnn4j.text.Tokenizer;
import dev.rnn4j.text.WordTokenizer;

/**
 * Token attributions of one served text classifier ({@link TextExplainer}) at a bounded cost: integrated
 * gradients always take {@link ExplanationCodec#STEPS} intervals, and a text may have at most
 * {@value #MAX_TOKENS} tokens as the model reads them (after its own truncation to its maximum length), since
 * the work and memory of one explanation grow with steps × tokens. The explainer's copy of the networks is made
 * on the first request, so a server whose clients never ask for explanations holds no second copy.
 * Safe to call from several threads at once.
 */
final class ClassifierExplainer {

    /** The most tokens one explanation may attribute. */
    static final int MAX_TOKENS = 256;

    private final TextClassifier classifier;
    private final Tokenizer tokenizer;
    private volatile TextExplainer explainer;

    private ClassifierExplainer(TextClassifier classifier) {
        this.classifier = classifier;
        this.tokenizer = new WordTokenizer(classifier.config().lowerCase(), classifier.config().splitPunctuation());
    }

    /** The explainer of {@code predictor}, or null when the server cannot explain its predictions. */
    static ClassifierExplainer of(Predictor<?, ?> predictor) {
        return predictor instanceof ClassifierPredictor classifier
                ? new ClassifierExplainer(TextClassifier.of(classifier)) : null;
    }

    /**
     * The attributions of the predicted label of the request's text.
     *
     * @throws ApiException {@code 400} naming {@code text} for a text with no tokens, more than
     *                      {@value #MAX_TOKENS}, or only tokens the model does not know
     */
    TextExplanation explain(ExplanationCodec.Request request) {
        int tokens = tokenizer.tokenize(request.text()).size();
        int maxLength = classifier.config().maxLength();
        int read = maxLength > 0 ? Math.min(tokens, maxLength) : tokens;
        if (read > MAX_TOKENS) {
            throw ApiException.badRequest("text: expected at most " + MAX_TOKENS + " tokens for an explanation, got "
                    + read);
        }
        try {
            return explainer().explain(request.text(), request.method(), ExplanationCodec.STEPS);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private TextExplainer explainer() {
        TextExplainer e = explainer;
        if (e == null) {
            synchronized (this) {
                e = explainer;
                if (e == null) {
                    e = new TextExplainer(classifier);
                    explainer = e;
                }
            }
        }
        return e;
    }
}
