package dev.rnn4j.nn;

import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.tensor.Rng;

/**
 * {@code torch.nn.LSTM}: i, f, g, o gates;
 * {@code c' = σ(f) ⊙ c + σ(i) ⊙ tanh(g)}, {@code h' = σ(o) ⊙ tanh(c')}.
 */
public final class LSTM extends RecurrentLayer {

    public LSTM(int inputSize, int hiddenSize, Rng rng) {
        this(new Options(inputSize, hiddenSize), rng);
    }

    public LSTM(Options options, Rng rng) {
        super(CellType.LSTM, options, rng);
    }
}
