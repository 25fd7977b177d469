package dev.rnn4j.models.seq2seq;

import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.tensor.DType;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;
import dev.rnn4j.testkit.GradCheck;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finite differences in float64 against autograd for the whole encoder-decoder: the teacher-forced
 * loss's gradient for every parameter, with a padded source and a padded target, for each attention
 * score, decoder layout and cell.
 */
class Seq2SeqGradientTest {

    // src (S = 4, B = 2): row 1 has length 2 (positions 2, 3 are padding and masked)
    private static final int[] SRC = {3, 4, 5, 1, 2, 0, 2, 0};
    private static final int[] SRC_LENGTHS = {4, 2};
    // trg (T = 4, B = 2): <sos> = 1 first; row 1 ends early (pad 0 is ignored by the loss)
    private static final int[] TRG = {1, 1, 3, 4, 4, 2, 2, 0};

    private static Seq2SeqConfig base() {
        return Seq2SeqConfig.bahdanau(6, 5, 3, 2, 4);
    }

    @Test
    void bahdanauAdditiveGru() {
        check(base(), SRC, SRC_LENGTHS, TRG, 0.0);
    }

    @Test
    void bahdanauGeneralLstmWithAnLstmEncoderAndLabelSmoothing() {
        check(base().withEncoder(CellType.LSTM, 1)
                .withDecoder(DecoderStyle.BAHDANAU, AttentionScore.GENERAL, CellType.LSTM, false), SRC, SRC_LENGTHS,
                TRG, 0.1);
    }

    @Test
    void luongDotLstmWithInputFeeding() {
        check(base().withDecoder(DecoderStyle.LUONG, AttentionScore.DOT, CellType.LSTM, true), SRC, SRC_LENGTHS,
                TRG, 0.0);
    }

    @Test
    void luongAdditiveGruWithoutInputFeedingAndTwoEncoderLayers() {
        check(base().withEncoder(CellType.GRU, 2)
                .withDecoder(DecoderStyle.LUONG, AttentionScore.ADDITIVE, CellType.GRU, false), SRC, SRC_LENGTHS,
                TRG, 0.0);
    }

    @Test
    void luongGeneralGruWithInputFeeding() {
        check(base().withDecoder(DecoderStyle.LUONG, AttentionScore.GENERAL, CellType.GRU, true), SRC, SRC_LENGTHS,
                TRG, 0.0);
    }

    @Test
    void sourceLengthOneBatchOneOneStep() {
        check(base(), new int[] {4}, new int[] {1}, new int[] {1, 3}, 0.0);
        check(base().withDecoder(DecoderStyle.LUONG, AttentionScore.DOT, CellType.LSTM, true), new int[] {4},
                new int[] {1}, new int[] {1, 3}, 0.0);
    }

    private static void check(Seq2SeqConfig config, int[] src, int[] lengths, int[] trg, double smoothing) {
        Seq2Seq model = new Seq2Seq(config, new Rng(7));
        model.to(DType.F64);
        List<Tensor> leaves = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, Tensor> p : model.namedParameters().entrySet()) {
            leaves.add(p.getValue());
            names.add(p.getKey());
        }
        double worst = GradCheck.check(() -> model.loss(model.forward(src, lengths, trg), trg, smoothing), leaves,
                names);
        assertTrue(worst < 1e-6, "worst relative error " + worst);
        for (Tensor p : leaves) {
            p.clearGrad();
        }
    }
}
