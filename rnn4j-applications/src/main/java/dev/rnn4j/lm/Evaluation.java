package dev.rnn4j.lm;

import dev.rnn4j.metrics.Perplexity;

/**
 * A language model's score on a text: the summed negative log-likelihood of every predicted token.
 *
 * <p>For a character model a token is a character. For a subword model the loss and perplexity are per subword
 * and bits per character divide the same total by the characters the predicted subwords stand for
 * ({@link TokenVocabulary#characters}), so subword and character models compare on one scale:
 * {@code bpc = sumNll / characters / ln 2}.
 *
 * @param sumNll     Σ −ln p(next token), in nats
 * @param tokens     tokens predicted (each token after the first of every stream)
 * @param unknown    characters of the text outside the model's vocabulary (read as the unknown symbol)
 * @param characters characters of the predicted tokens ({@code tokens} for a character model)
 * @param subwords   whether the tokens are subwords rather than characters
 */
public record Evaluation(double sumNll, long tokens, long unknown, long characters, boolean subwords) {

    /** The score of a character model: every token one character. */
    public Evaluation(double sumNll, long tokens, long unknown) {
        this(sumNll, tokens, unknown, tokens, false);
    }

    /** Mean loss in nats per token (per character for a character model). */
    public double loss() {
        return Perplexity.meanNll(sumNll, tokens);
    }

    /** Bits per character: the summed loss over the characters, over ln 2. */
    public double bitsPerCharacter() {
        return Perplexity.bitsPerCharacter(sumNll, characters);
    }

    /** Perplexity per token: e to the loss. */
    public double perplexity() {
        return Perplexity.perplexity(sumNll, tokens);
    }

    @Override
    public String toString() {
        String unknownNote = unknown == 0 ? "" : String.format(java.util.Locale.ROOT, " (%,d unknown)", unknown);
        if (subwords) {
            return String.format(java.util.Locale.ROOT, "loss %.4f nats/token, %.4f bits/char, perplexity %.3f per"
                    + " token on %,d tokens (%,d characters)%s", loss(), bitsPerCharacter(), perplexity(), tokens,
                    characters, unknownNote);
        }
        return String.format(java.util.Locale.ROOT, "loss %.4f nats/char, %.4f bits/char, perplexity %.3f on %,d"
                + " characters%s", loss(), bitsPerCharacter(), perplexity(), tokens, unknownNote);
    }
}
