package dev.rnn4j.decode;

/**
 * A model that extends a batch of partial outputs by one token: the seam between the search
 * algorithms of this package and a concrete decoder (an attention encoder-decoder, a language
 * model, or a toy table in tests).
 *
 * <p>A state value {@code S} holds the decoder's state for a number of rows (hypotheses), e.g. a
 * hidden state (rows, H) together with the encoder outputs each row attends to. The searches never
 * look inside it; they only pass it to {@link #step} and {@link #selectRows}. Both must leave their
 * input untouched and return new values, because a search keeps the initial states to start a
 * second pass from them (see {@link BeamSearch.Builder#keepGreedy(boolean)}).
 *
 * @param <S> the decoder's state for a batch of rows
 */
public interface StepDecoder<S> {

    /** Number of output tokens V: each row of {@link Step#logProbabilities()} has V entries. */
    int vocabularySize();

    /**
     * Runs one decoder step for every row.
     *
     * @param states the state of {@code previousTokens.length} rows
     * @param previousTokens the token each row emitted last ({@code <sos>} at the first step)
     * @return the log-probabilities of the next token (rows, V), the states after the step and,
     *     optionally, the attention weights of the step
     */
    Step<S> step(S states, int[] previousTokens);

    /**
     * A state whose row {@code i} is row {@code rows[i]} of {@code states}: rows may repeat (a
     * hypothesis expanded into several), be reordered or be dropped (a finished sentence).
     *
     * @param states states of some number R of rows
     * @param rows indices into {@code [0, R)}; may be shorter or longer than R
     */
    S selectRows(S states, int[] rows);

    /**
     * The result of one decoder step over R rows.
     *
     * @param logProbabilities log p(next token | row), (R, V) row-major: entry {@code r * V + v};
     *     entries of tokens the model must never emit may be {@code -Infinity}, none may be NaN
     * @param states the states of the R rows after the step
     * @param attention the attention weights of the step, (R, C) row-major for some number C of
     *     source positions (padded positions 0), or null when the model has no attention
     */
    record Step<S>(float[] logProbabilities, S states, float[] attention) {
    }
}
