package dev.rnn4j.qa;

import java.util.List;

/**
 * The settings of a question-answering network.
 *
 * @param model     {@value #LSTM} (the Keras {@code babi_rnn} baseline, {@link LstmReader}) or {@value #DMN}
 *                  (DMN+, {@link DynamicMemoryNetwork})
 * @param words     word ids, the vocabulary's size (reserved symbols included)
 * @param answers   answer classes
 * @param embedding E, the word vector size; for DMN+ it must equal {@code hidden}
 * @param hidden    H, the recurrent state size (the LSTM reader's story and question encoders both use it)
 * @param hops      DMN+ episodes over the facts (ignored by the LSTM reader), >= 1
 * @param dropout   dropout rate in [0, 1) on the encoded facts and the answer module's input (DMN+) or the
 *                  merged encodings (LSTM reader)
 * @param maxFacts  the most recent statements of a story the model reads; 0 for all
 */
public record QaConfig(String model, int words, int answers, int embedding, int hidden, int hops, double dropout,
                       int maxFacts) {

    /** The LSTM baseline's name. */
    public static final String LSTM = "lstm";
    /** The DMN+ model's name. */
    public static final String DMN = "dmn";
    /** The known models. */
    public static final List<String> MODELS = List.of(LSTM, DMN);

    /** @throws IllegalArgumentException for a setting outside its range (the message names it) */
    public QaConfig {
        if (!MODELS.contains(model)) {
            throw new IllegalArgumentException("model: expected one of " + MODELS + ", got '" + model + "'");
        }
        if (words <= QaVocabulary.END || answers < 1) {
            throw new IllegalArgumentException("words, answers: expected more than 3 words and at least 1 answer,"
                    + " got " + words + ", " + answers);
        }
        if (embedding < 1 || hidden < 1 || hops < 1) {
            throw new IllegalArgumentException("embedding, hidden, hops: expected >= 1, got " + embedding + ", "
                    + hidden + ", " + hops);
        }
        if (model.equals(DMN) && embedding != hidden) {
            throw new IllegalArgumentException("embedding: DMN+ sums the two directions of its fact encoder into"
                    + " facts of the question's size, so expected embedding = hidden = " + hidden + ", got "
                    + embedding);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout: expected a rate in [0, 1), got " + dropout);
        }
        if (maxFacts < 0) {
            throw new IllegalArgumentException("max facts: expected >= 0 (0 for all), got " + maxFacts);
        }
    }
}
