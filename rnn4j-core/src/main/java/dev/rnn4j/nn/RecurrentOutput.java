package dev.rnn4j.nn;

import dev.rnn4j.tensor.Tensor;

/**
 * What a recurrent layer returns, as PyTorch's {@code (output, h_n)} or {@code (output, (h_n, c_n))}.
 *
 * @param output (T, B, D·H), or (B, T, D·H) when batch-first; zero past each row's length
 * @param hN     (L·D, B, H): the final hidden state of every layer and direction
 * @param cN     (L·D, B, H) for the LSTM, null otherwise
 */
public record RecurrentOutput(Tensor output, Tensor hN, Tensor cN) {
}
