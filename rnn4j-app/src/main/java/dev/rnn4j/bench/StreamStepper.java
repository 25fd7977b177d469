package dev.rnn4j.bench;

import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.nn.RecurrentOutput;
import dev.rnn4j.tensor.Tensor;

/**
 * One streaming inference step with the state carried between calls: the only place where the
 * stream workloads touch the engine, so moving them to a dedicated step API changes this class
 * alone.
 *
 * <p>Today it calls the layer with a one-step sequence (T = 1) and the previous final states,
 * exactly as the reference calls {@code rnn(xs[t], h)}. Callers open the no-grad scope.
 */
final class StreamStepper {

    private final RecurrentLayer layer;
    private Tensor h; // (1, B, H), null before the first step (zeros)
    private Tensor c; // (1, B, H), LSTM only

    StreamStepper(RecurrentLayer layer) {
        if (layer.numLayers() != 1 || layer.bidirectional() || layer.batchFirst()) {
            throw new IllegalArgumentException("stream stepper: expected a 1-layer, 1-direction, sequence-first layer");
        }
        this.layer = layer;
    }

    /** Forgets the state (the next step starts from zeros). */
    void reset() {
        h = null;
        c = null;
    }

    /** Advances one step on x (1, B, I) and returns the new hidden state (1, B, H). */
    Tensor step(Tensor x) {
        RecurrentOutput out = layer.forward(x, null, h, c);
        h = out.hN();
        c = out.cN();
        return h;
    }
}
