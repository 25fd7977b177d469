/**
 * Decoding for sequence-to-sequence models: greedy and batched beam search over any model that
 * extends a batch of partial outputs by one token.
 *
 * <ul>
 *   <li>{@link dev.rnn4j.decode.StepDecoder}: the seam to the model. {@code step(states,
 *       previousTokens)} gives the log-probabilities of the next token (rows, V), the next states
 *       and optionally the attention weights; {@code selectRows(states, rows)} reorders,
 *       duplicates or drops rows of a state. An attention encoder-decoder implements it with the
 *       encoder outputs inside its state; the searches never look inside.</li>
 *   <li>{@link dev.rnn4j.decode.DecodeSettings}: {@code <sos>}, {@code <eos>}, the maximum output
 *       length {@code floor(a * sourceLength) + b} (fairseq's {@code --max-len-a/-b}), and the
 *       tokens never emitted (e.g. {@code <pad>}, {@code <unk>}).</li>
 *   <li>{@link dev.rnn4j.decode.GreedySearch}: the most probable token at every step.</li>
 *   <li>{@link dev.rnn4j.decode.BeamSearch}: fairseq's beam search with n-best lists and a
 *       {@link dev.rnn4j.decode.LengthPenalty} (fairseq's {@code length^alpha} by default, or
 *       GNMT's {@code ((5 + length) / 6)^alpha}); beam size 1 is greedy decoding, and the result
 *       never scores below greedy decoding.</li>
 *   <li>{@link dev.rnn4j.decode.Hypothesis}: the tokens, their log-probability, the ranking score
 *       and, when the model gives them, the attention weights of every step.</li>
 * </ul>
 *
 * <p>Every output ends with {@code <eos>}: chosen by the model, or forced at the maximum length.
 * A search stops stepping a source as soon as it is done, so the batch shrinks as sources finish.
 */
package dev.rnn4j.decode;
