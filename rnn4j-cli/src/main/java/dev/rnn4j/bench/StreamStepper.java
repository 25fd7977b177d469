package dev.rnn4j.bench;

import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.recurrent.RecurrentStepper;
import dev.rnn4j.tensor.Tensor;

/**
 * One streaming inference step with the state carried between calls: the only place where the
 * stream workloads touch the engine.
 *
 * <p>It runs the engine's allocation-free step API, {@link RecurrentStepper} (at batch 1 one fused
 * {@code Kernels.lstmStep} or {@code Kernels.gruStep} per step: both products, the biases and the gate pass, state updated in
 * place), as a Java user streaming frames would; the reference calls {@code rnn(xs[t], h)} with the
 * same effect.
 */
final class StreamStepper {

    private final RecurrentStepper stepper;

    StreamStepper(RecurrentLayer layer) {
        if (layer.numLayers() != 1 || layer.bidirectional() || layer.batchFirst()) {
            throw new IllegalArgumentException("stream stepper: expected a 1-layer, 1-direction, sequence-first layer");
        }
        this.stepper = new RecurrentStepper(layer, 1);
    }

    /** Forgets the state (the next step starts from zeros). */
    void reset() {
        stepper.reset();
    }

    /** Advances one step on x (1, B, I) and returns the new hidden state (B, H), live until the next step. */
    float[] step(Tensor x) {
        return stepper.step(x.f());
    }
}
