package dev.rnn4j.translate;

import dev.rnn4j.decode.StepDecoder;
import dev.rnn4j.models.seq2seq.DecoderState;
import dev.rnn4j.models.seq2seq.SearchStep;
import dev.rnn4j.models.seq2seq.Seq2Seq;

/**
 * The searches of {@link dev.rnn4j.decode} over a {@link Seq2Seq}: a state is the model's
 * {@link DecoderState} (hidden state, attention memory rows), a step is {@link Seq2Seq#step}.
 *
 * <p>Call it inside {@link dev.rnn4j.tensor.Autograd#noGrad()} with the model in eval mode; then
 * several threads may search at once, each with its own states.
 */
public final class Seq2SeqStepDecoder implements StepDecoder<DecoderState> {

    private final Seq2Seq model;

    public Seq2SeqStepDecoder(Seq2Seq model) {
        if (model == null) {
            throw new IllegalArgumentException("model: expected a Seq2Seq, got null");
        }
        this.model = model;
    }

    /**
     * The states before the first step of a batch of sources.
     *
     * @param source  (S, B) source ids, time-major, padded
     * @param lengths (B) source lengths, 1..S
     */
    public DecoderState start(int[] source, int[] lengths) {
        return model.initialState(model.encode(source, lengths));
    }

    @Override
    public int vocabularySize() {
        return model.config().trgVocab();
    }

    @Override
    public Step<DecoderState> step(DecoderState states, int[] previousTokens) {
        SearchStep s = model.step(states, previousTokens);
        // logProbs (R, V), attention (R, S), both row-major
        return new Step<>(s.logProbs().toFloatArray(), s.next(), s.attention().toFloatArray());
    }

    @Override
    public DecoderState selectRows(DecoderState states, int[] rows) {
        return states.selectRows(rows);
    }
}
