package dev.rnn4j.qa;

import dev.rnn4j.nn.Module;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;

import java.util.List;

/** A question-answering network: a padded batch of stories and questions in, answer logits out. */
abstract class QaNetwork extends Module {

    /**
     * @param logits    (B, C) answer scores
     * @param attention one (B, F) tensor per hop of attention over the facts, empty for a model without attention
     */
    record Output(Tensor logits, List<Tensor> attention) {
    }

    abstract Output forward(QaBatch batch);

    abstract QaConfig config();

    /** The network {@code config} describes, initialised from {@code rng} (which also drives its dropout). */
    static QaNetwork of(QaConfig config, Rng rng) {
        return config.model().equals(QaConfig.DMN) ? new DynamicMemoryNetwork(config, rng)
                : new LstmReader(config, rng);
    }
}
