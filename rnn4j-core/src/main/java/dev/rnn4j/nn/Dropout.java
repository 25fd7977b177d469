package dev.rnn4j.nn;

import dev.rnn4j.tensor.Ops;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;

/** {@code torch.nn.Dropout}: inverted dropout while training, identity in eval mode. */
public final class Dropout extends Module {

    private final double p;
    private final Rng rng;

    public Dropout(double p, Rng rng) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("Dropout: p must be in [0, 1), got " + p);
        }
        this.p = p;
        this.rng = rng;
    }

    public Tensor forward(Tensor x) {
        return isTraining() && p > 0 ? Ops.dropout(x, p, rng) : x;
    }

    public double p() {
        return p;
    }
}
