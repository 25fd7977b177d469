package dev.rnn4j.lm;

import dev.rnn4j.metrics.Perplexity;

/**
 * A language model's score on a text: the summed negative log-likelihood of every predicted character.
 *
 * @param sumNll   Σ −ln p(next character), in nats
 * @param tokens   characters predicted (each character after the first of every stream)
 * @param unknown  characters of the text outside the model's vocabulary (read as the unknown symbol)
 */
public record Evaluation(double sumNll, long tokens, long unknown) {

    /** Mean loss in nats per character. */
    public double loss() {
        return Perplexity.meanNll(sumNll, tokens);
    }

    /** Bits per character: the loss over ln 2. */
    public double bitsPerCharacter() {
        return Perplexity.bitsPerCharacter(sumNll, tokens);
    }

    /** Perplexity: e to the loss. */
    public double perplexity() {
        return Perplexity.perplexity(sumNll, tokens);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "loss %.4f nats/char, %.4f bits/char, perplexity %.3f on %,d"
                + " characters%s", loss(), bitsPerCharacter(), perplexity(), tokens,
                unknown == 0 ? "" : String.format(java.util.Locale.ROOT, " (%,d unknown)", unknown));
    }
}
