package dev.rnn4j.models.seq2seq;

import dev.rnn4j.optim.Adam;
import dev.rnn4j.optim.GradClip;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The search API (encode, initial state, step, row selection) agrees with the teacher-forced pass,
 * runs without autograd and from several threads, and the model's names, shapes and training
 * behave.
 */
class Seq2SeqStepTest {

    // src (S = 5, B = 3), lengths 5, 2, 3; trg (T = 4, B = 3)
    private static final int[] SRC = {5, 3, 4, 6, 2, 7, 7, 0, 2, 8, 0, 0, 2, 0, 0};
    private static final int[] LENGTHS = {5, 2, 3};
    private static final int[] TRG = {1, 1, 1, 4, 5, 6, 3, 2, 2, 2, 0, 0};
    private static final int BATCH = 3;

    private static Seq2SeqConfig luongLstm() {
        return Seq2SeqConfig.bahdanau(9, 8, 4, 3, 6)
                .withDecoder(DecoderStyle.LUONG, AttentionScore.DOT, CellType.LSTM, true);
    }

    private static List<Seq2SeqConfig> configs() {
        return List.of(Seq2SeqConfig.bahdanau(9, 8, 4, 3, 5), luongLstm(),
                Seq2SeqConfig.bahdanau(9, 8, 4, 3, 5)
                        .withDecoder(DecoderStyle.BAHDANAU, AttentionScore.GENERAL, CellType.LSTM, false));
    }

    @Test
    void theStepLoopReproducesTheTeacherForcedPass() {
        for (Seq2SeqConfig config : configs()) {
            Seq2Seq model = new Seq2Seq(config, new Rng(5));
            TeacherForced forced = model.forward(SRC, LENGTHS, TRG);
            int vocab = config.trgVocab();
            assertArrayEquals(new int[] {3, BATCH, vocab}, forced.logits().shape());
            assertArrayEquals(new int[] {BATCH, 3, 5}, forced.attention().shape());
            try (Autograd.Scope ignored = Autograd.noGrad()) {
                DecoderState state = model.initialState(model.encode(SRC, LENGTHS));
                for (int t = 0; t < 3; t++) {
                    SearchStep s = model.step(state, Arrays.copyOfRange(TRG, t * BATCH, (t + 1) * BATCH));
                    assertNull(s.logProbs().gradFn(), "no graph inside noGrad");
                    for (int b = 0; b < BATCH; b++) {
                        double norm = 0;
                        for (int v = 0; v < vocab; v++) {
                            double logit = forced.logits().get(t, b, v);
                            double logProb = s.logProbs().get(b, v);
                            // log-probabilities are the logits minus one constant per row
                            assertEquals(logit - forced.logits().get(t, b, 0), logProb - s.logProbs().get(b, 0), 1e-5);
                            norm += Math.exp(logProb);
                        }
                        assertEquals(1.0, norm, 1e-5);
                        for (int j = 0; j < 5; j++) {
                            assertEquals(forced.attention().get(b, t, j), s.attention().get(b, j), 0.0);
                        }
                    }
                    state = s.next();
                }
            }
        }
    }

    @Test
    void selectedRowsStepAsTheRowsTheyCameFrom() {
        for (Seq2SeqConfig config : configs()) {
            Seq2Seq model = new Seq2Seq(config, new Rng(6));
            model.eval();
            try (Autograd.Scope ignored = Autograd.noGrad()) {
                DecoderState start = model.initialState(model.encode(SRC, LENGTHS));
                SearchStep first = model.step(start, new int[] {1, 1, 1});
                int[] rows = {2, 2, 0, 1, 2};
                DecoderState beams = first.next().selectRows(rows);
                assertSame(start.memory(), beams.memory(), "the memory is shared, not copied");
                assertEquals(5, beams.batch());
                assertEquals(2, beams.memoryRow(1));
                int[] tokens = {3, 4, 5, 6, 7};
                SearchStep expanded = model.step(beams, tokens);
                for (int i = 0; i < rows.length; i++) {
                    // the same source row stepped alone with token i
                    int[] alone = {1, 1, 1};
                    alone[rows[i]] = tokens[i];
                    SearchStep single = model.step(first.next(), alone);
                    for (int v = 0; v < config.trgVocab(); v++) {
                        assertEquals(single.logProbs().get(rows[i], v), expanded.logProbs().get(i, v), 1e-6);
                    }
                    for (int j = 0; j < 5; j++) {
                        assertEquals(single.attention().get(rows[i], j), expanded.attention().get(i, j), 1e-6);
                    }
                }
                // selecting from a selection composes the row maps
                DecoderState again = beams.selectRows(4, 3);
                assertEquals(2, again.memoryRow(0));
                assertEquals(1, again.memoryRow(1));
            }
        }
    }

    @Test
    void lstmAndInputFeedingStatesCarryTheirParts() {
        Seq2Seq model = new Seq2Seq(luongLstm(), new Rng(8));
        DecoderState state = model.initialState(model.encode(SRC, LENGTHS));
        assertNotNull(state.cell());
        assertNotNull(state.attentional());
        assertEquals(0.0, state.attentional().sum().item(), 0.0);
        DecoderState next = model.step(state, new int[] {1, 1, 1}).next();
        assertArrayEquals(new int[] {BATCH, 6}, next.cell().shape());
        assertArrayEquals(new int[] {BATCH, 6}, next.attentional().shape());
        Seq2Seq gruModel = new Seq2Seq(Seq2SeqConfig.bahdanau(9, 8, 4, 3, 5), new Rng(8));
        DecoderState gru = gruModel.initialState(gruModel.encode(SRC, LENGTHS));
        assertNull(gru.cell());
        assertNull(gru.attentional());
    }

    @Test
    void greedyStoppingAtEosIsTheFullDecodeCutBeforeItsFirstEos() {
        for (Seq2SeqConfig config : configs()) {
            Seq2Seq model = new Seq2Seq(config.withTokens(0, 1, 3), new Rng(9));
            int[][] full = model.greedy(SRC, LENGTHS, 8, false);
            int[][] stopped = model.greedy(SRC, LENGTHS, 8, true);
            for (int b = 0; b < BATCH; b++) {
                assertEquals(8, full[b].length);
                int cut = 0;
                while (cut < 8 && full[b][cut] != 3) {
                    cut++;
                }
                assertArrayEquals(Arrays.copyOf(full[b], cut), stopped[b], "row " + b);
            }
        }
    }

    @Test
    void severalThreadsSearchAtOnceWithTheirOwnStates() throws Exception {
        Seq2Seq model = new Seq2Seq(luongLstm(), new Rng(10));
        model.eval();
        int[][] expected = model.greedy(SRC, LENGTHS, 7, false);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<int[][]>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    int[][] last = null;
                    for (int r = 0; r < 20; r++) {
                        last = model.greedy(SRC, LENGTHS, 7, false);
                    }
                    return last;
                }));
            }
            for (Future<int[][]> f : results) {
                int[][] got = f.get();
                for (int b = 0; b < BATCH; b++) {
                    assertArrayEquals(expected[b], got[b]);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void parameterNamesAreThoseOfThePyTorchReference() {
        Seq2Seq model = new Seq2Seq(Seq2SeqConfig.bahdanau(13, 11, 6, 5, 7), new Rng(1));
        assertEquals(List.of("encoder.embedding.weight",
                "encoder.rnn.weight_ih_l0", "encoder.rnn.weight_hh_l0", "encoder.rnn.bias_ih_l0", "encoder.rnn.bias_hh_l0",
                "encoder.rnn.weight_ih_l0_reverse", "encoder.rnn.weight_hh_l0_reverse", "encoder.rnn.bias_ih_l0_reverse",
                "encoder.rnn.bias_hh_l0_reverse", "encoder.fc.weight", "encoder.fc.bias",
                "decoder.attention.attn.weight", "decoder.attention.attn.bias", "decoder.attention.v.weight",
                "decoder.embedding.weight", "decoder.rnn.weight_ih_l0", "decoder.rnn.weight_hh_l0",
                "decoder.rnn.bias_ih_l0", "decoder.rnn.bias_hh_l0", "decoder.fc_out.weight", "decoder.fc_out.bias"),
                List.copyOf(model.namedParameters().keySet()));
        assertArrayEquals(new int[] {21, 6 + 10}, model.namedParameters().get("decoder.rnn.weight_ih_l0").shape());
        assertArrayEquals(new int[] {11, 7 + 10 + 6}, model.namedParameters().get("decoder.fc_out.weight").shape());
        Seq2Seq luong = new Seq2Seq(luongLstm(), new Rng(1));
        assertTrue(luong.namedParameters().containsKey("decoder.concat.weight"));
        assertArrayEquals(new int[] {24, 4 + 6}, luong.namedParameters().get("decoder.rnn.weight_ih_l0").shape());
    }

    @Test
    void aFewAdamStepsLearnToCopyShortSequences() {
        // copy task: the target is the source; 8 sequences of 3 tokens from 3..7, then <eos> = 2
        Rng rng = new Rng(12);
        int batch = 8;
        int[] src = new int[4 * batch];
        int[] trg = new int[5 * batch];
        int[] lengths = new int[batch];
        Arrays.fill(lengths, 4);
        for (int b = 0; b < batch; b++) {
            trg[b] = 1;
            for (int s = 0; s < 3; s++) {
                int token = 3 + (int) (rng.nextDouble() * 5);
                src[s * batch + b] = token;
                trg[(s + 1) * batch + b] = token;
            }
            src[3 * batch + b] = 2;
            trg[4 * batch + b] = 2;
        }
        Seq2Seq model = new Seq2Seq(Seq2SeqConfig.bahdanau(8, 8, 8, 8, 16), new Rng(13));
        Adam adam = new Adam(model.parameters(), 0.01);
        double first = 0;
        double last = 0;
        for (int step = 0; step < 60; step++) {
            adam.zeroGrad();
            Tensor loss = model.loss(model.forward(src, lengths, trg), trg, 0.0);
            loss.backward();
            GradClip.clipGradNorm(model.parameters(), 1.0);
            adam.step();
            if (step == 0) {
                first = loss.item();
            }
            last = loss.item();
        }
        assertTrue(last < first / 4, "loss " + first + " → " + last);
    }

    @Test
    void badArgumentsSayWhatWasExpected() {
        Seq2Seq model = new Seq2Seq(Seq2SeqConfig.bahdanau(9, 8, 4, 3, 5), new Rng(1));
        DecoderState state = model.initialState(model.encode(SRC, LENGTHS));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.step(state, new int[] {1, 1}));
        assertEquals("Decoder: expected 3 previous tokens (one per state row), got 2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> state.selectRows(0, 3));
        assertEquals("selectRows: row 3 at position 1 is outside 0..2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> model.forward(SRC, LENGTHS, new int[] {1, 1, 1}));
        assertEquals("Seq2Seq: expected trg (T, B) with T ≥ 2 and B = 3, got 3 ids", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Seq2SeqConfig.bahdanau(9, 8, 4, 3, 5)
                .withDecoder(DecoderStyle.BAHDANAU, AttentionScore.DOT, CellType.GRU, false));
        assertTrue(e.getMessage().startsWith("seq2seq config: DOT attention needs decoderHidden = 2 · encoderHidden"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Seq2SeqConfig.bahdanau(9, 8, 4, 3, 5)
                .withDecoder(DecoderStyle.BAHDANAU, AttentionScore.ADDITIVE, CellType.GRU, true));
        assertEquals("seq2seq config: inputFeeding needs style LUONG, got BAHDANAU", e.getMessage());
    }
}
