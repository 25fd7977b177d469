package dev.rnn4j.lm;

import dev.rnn4j.nn.Losses;
import dev.rnn4j.nn.Module;
import dev.rnn4j.tensor.Tensor;
import dev.rnn4j.train.StepResult;

/**
 * What the {@link dev.rnn4j.train.Trainer} trains: the network, plus the hidden state carried from one window of
 * the streams to the next ({@link StreamBatches}).
 *
 * <p>The carried state is kept in two tensors registered next to the weights ({@code carry.h}, {@code carry.c},
 * each (L, B, H)) that need no gradient and that the optimiser never sees: so every checkpoint holds the state
 * at that step, and a run resumed from a checkpoint in the middle of an epoch continues the streams exactly where
 * the interrupted run was. Each step starts from a detached copy of the carried state (zeros at a window of
 * index 0, the start of an epoch) and stores its final state back, which is truncated backpropagation through
 * time with k1 = k2 = the window length.
 */
final class StatefulTraining extends Module {

    private final LanguageModelNetwork network;
    private final Tensor carryH;
    private final Tensor carryC;

    StatefulTraining(LanguageModelNetwork network, int streams) {
        this.network = registerModule("model", network);
        LanguageModelConfig c = network.config();
        this.carryH = registerParameter("carry.h", Tensor.zeros(c.layers(), streams, c.hidden())).requiresGrad(false);
        this.carryC = registerParameter("carry.c", Tensor.zeros(c.layers(), streams, c.hidden())).requiresGrad(false);
    }

    LanguageModelNetwork network() {
        return network;
    }

    /** One training window: the mean cross entropy per token over its (len·B) targets. */
    StepResult step(StreamBatches.Window w) {
        Tensor h0 = null;
        Tensor c0 = null;
        if (w.index() > 0) {
            h0 = carryH.copy();
            c0 = carryC.copy();
        }
        LanguageModelNetwork.Output out = network.forward(w.inputs(), w.length(), w.streams(), h0, c0);
        Tensor loss = Losses.crossEntropy(out.logits(), w.targets());
        carryH.copyFrom(out.hN().detach());
        if (out.cN() != null) {
            carryC.copyFrom(out.cN().detach());
        }
        return StepResult.of(loss, w.streams());
    }
}
