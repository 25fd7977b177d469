package dev.rnn4j.lm;

import dev.rnn4j.recurrent.Cells;

/**
 * The network of a character language model: embedding, recurrent layers, decoder.
 *
 * @param cell             the recurrent cell's name in the registry {@link Cells} (e.g. {@code LSTM}, {@code GRU})
 * @param vocabulary       V, ids including the unknown symbol
 * @param embedding        E, embedding size
 * @param hidden           H, hidden size of every recurrent layer
 * @param layers           recurrent layers
 * @param dropout          dropout on the embeddings, between the recurrent layers and on the last layer's output
 *                         (as PyTorch's {@code word_language_model}), in [0, 1)
 * @param weightDropout    DropConnect on the recurrent weights (AWD-LSTM), in [0, 1)
 * @param embeddingDropout whole characters of the embedding dropped per forward pass (AWD-LSTM), in [0, 1)
 * @param tieWeights       the decoder's weight is the embedding matrix (Press &amp; Wolf 2017; Inan et al. 2017);
 *                         needs {@code embedding == hidden}
 */
public record LanguageModelConfig(String cell, int vocabulary, int embedding, int hidden, int layers, double dropout,
                                  double weightDropout, double embeddingDropout, boolean tieWeights) {

    /** @throws IllegalArgumentException for an unknown cell, a size below 1, a probability outside [0, 1), or tied weights with E != H */
    public LanguageModelConfig {
        if (cell == null) {
            throw new IllegalArgumentException("cell: expected a registered cell name, got null");
        }
        Cells.forName(cell); // names the registered cells when unknown
        if (vocabulary < 2 || embedding < 1 || hidden < 1 || layers < 1) {
            throw new IllegalArgumentException("vocabulary, embedding, hidden, layers: expected >= 2, 1, 1, 1, got "
                    + vocabulary + ", " + embedding + ", " + hidden + ", " + layers);
        }
        checkProbability("dropout", dropout);
        checkProbability("weight dropout", weightDropout);
        checkProbability("embedding dropout", embeddingDropout);
        if (tieWeights && embedding != hidden) {
            throw new IllegalArgumentException("tied embeddings: the decoder's weight (V, H) is the embedding matrix"
                    + " (V, E), so the embedding size must equal the hidden size; got embedding " + embedding
                    + " and hidden " + hidden);
        }
    }

    private static void checkProbability(String name, double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException(name + ": expected a probability in [0, 1), got " + p);
        }
    }

    /** The same network for another vocabulary size. */
    public LanguageModelConfig withVocabulary(int size) {
        return new LanguageModelConfig(cell, size, embedding, hidden, layers, dropout, weightDropout,
                embeddingDropout, tieWeights);
    }
}
