package dev.rnn4j.nn;

import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.tensor.Rng;

/**
 * {@code torch.nn.GRU}: r, z, n gates;
 * {@code n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))}, {@code h' = (1 − z) ⊙ n + z ⊙ h}.
 */
public final class GRU extends RecurrentLayer {

    public GRU(int inputSize, int hiddenSize, Rng rng) {
        this(new Options(inputSize, hiddenSize), rng);
    }

    public GRU(Options options, Rng rng) {
        super(CellType.GRU, options, rng);
    }
}
