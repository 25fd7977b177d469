package dev.rnn4j.nn;

import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.tensor.Rng;

/** {@code torch.nn.RNN}, the Elman network: {@code h' = tanh(W_ih x + b_ih + W_hh h + b_hh)} (or ReLU). */
public final class RNN extends RecurrentLayer {

    public RNN(int inputSize, int hiddenSize, Rng rng) {
        this(new Options(inputSize, hiddenSize), false, rng);
    }

    /** @param relu use ReLU instead of tanh ({@code nonlinearity='relu'}) */
    public RNN(Options options, boolean relu, Rng rng) {
        super(relu ? CellType.RNN_RELU : CellType.RNN_TANH, options, rng);
    }
}
