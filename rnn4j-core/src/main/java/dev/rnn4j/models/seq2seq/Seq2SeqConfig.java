package dev.rnn4j.models.seq2seq;

import dev.rnn4j.recurrent.CellType;

/**
 * The architecture of a {@link Seq2Seq} model.
 *
 * <p>The encoder is {@code Embedding(srcVocab, embeddingDim) → bidirectional encoderCell
 * (encoderHidden per direction, encoderLayers layers) → fc}, where {@code tanh(fc([h_fwd; h_bwd]))}
 * of the last layer is the decoder's first state. The decoder is one layer of {@code decoderCell}
 * with {@code decoderHidden} units, attention over the 2·encoderHidden encoder outputs, and an
 * output layer over {@code trgVocab}. {@link #bahdanau} is the model of the reference cases
 * ({@code tools/make_golden_seq.py}).
 *
 * @param dropout          dropout on both embeddings while training (as the PyTorch tutorial), in [0, 1)
 * @param inputFeeding     Luong's input feeding: the cell also reads the previous attentional vector
 *                         (only with {@link DecoderStyle#LUONG})
 * @param pad              the padding id of both vocabularies (ignored by the loss)
 * @param sos              the start-of-sentence id that decoding starts from
 * @param eos              the end-of-sentence id
 */
public record Seq2SeqConfig(int srcVocab, int trgVocab, int embeddingDim, int encoderHidden, int decoderHidden,
                            int encoderLayers, CellType encoderCell, CellType decoderCell, DecoderStyle style,
                            AttentionScore score, boolean inputFeeding, double dropout, int pad, int sos, int eos) {

    public Seq2SeqConfig {
        if (srcVocab <= 0 || trgVocab <= 0 || embeddingDim <= 0 || encoderHidden <= 0 || decoderHidden <= 0
                || encoderLayers <= 0) {
            throw new IllegalArgumentException("seq2seq config: sizes must be positive, got srcVocab " + srcVocab
                    + ", trgVocab " + trgVocab + ", embeddingDim " + embeddingDim + ", encoderHidden " + encoderHidden
                    + ", decoderHidden " + decoderHidden + ", encoderLayers " + encoderLayers);
        }
        requireGruOrLstm("encoderCell", encoderCell);
        requireGruOrLstm("decoderCell", decoderCell);
        if (style == null || score == null) {
            throw new IllegalArgumentException("seq2seq config: style and score must be given, got " + style + " and "
                    + score);
        }
        if (score == AttentionScore.DOT && decoderHidden != 2 * encoderHidden) {
            throw new IllegalArgumentException("seq2seq config: DOT attention needs decoderHidden = 2 · encoderHidden "
                    + "(the query and the encoder outputs have the same size), got decoderHidden " + decoderHidden
                    + " and encoderHidden " + encoderHidden);
        }
        if (inputFeeding && style != DecoderStyle.LUONG) {
            throw new IllegalArgumentException("seq2seq config: inputFeeding needs style LUONG, got " + style);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("seq2seq config: dropout must be in [0, 1), got " + dropout);
        }
        requireToken("pad", pad, Math.min(srcVocab, trgVocab));
        requireToken("sos", sos, trgVocab);
        requireToken("eos", eos, trgVocab);
    }

    /**
     * The reference model: bidirectional GRU encoder of one layer, GRU decoder, additive attention,
     * Bahdanau layout, no dropout, pad 0, sos 1, eos 2.
     */
    public static Seq2SeqConfig bahdanau(int srcVocab, int trgVocab, int embeddingDim, int encoderHidden,
                                         int decoderHidden) {
        return new Seq2SeqConfig(srcVocab, trgVocab, embeddingDim, encoderHidden, decoderHidden, 1, CellType.GRU,
                CellType.GRU, DecoderStyle.BAHDANAU, AttentionScore.ADDITIVE, false, 0.0, 0, 1, 2);
    }

    /** This configuration with another decoder: layout, attention score, cell and input feeding. */
    public Seq2SeqConfig withDecoder(DecoderStyle newStyle, AttentionScore newScore, CellType cell, boolean feeding) {
        return new Seq2SeqConfig(srcVocab, trgVocab, embeddingDim, encoderHidden, decoderHidden, encoderLayers,
                encoderCell, cell, newStyle, newScore, feeding, dropout, pad, sos, eos);
    }

    /** This configuration with another encoder: cell and number of layers. */
    public Seq2SeqConfig withEncoder(CellType cell, int layers) {
        return new Seq2SeqConfig(srcVocab, trgVocab, embeddingDim, encoderHidden, decoderHidden, layers, cell,
                decoderCell, style, score, inputFeeding, dropout, pad, sos, eos);
    }

    /** This configuration with embedding dropout {@code p}. */
    public Seq2SeqConfig withDropout(double p) {
        return new Seq2SeqConfig(srcVocab, trgVocab, embeddingDim, encoderHidden, decoderHidden, encoderLayers,
                encoderCell, decoderCell, style, score, inputFeeding, p, pad, sos, eos);
    }

    /** This configuration with other special token ids. */
    public Seq2SeqConfig withTokens(int padId, int sosId, int eosId) {
        return new Seq2SeqConfig(srcVocab, trgVocab, embeddingDim, encoderHidden, decoderHidden, encoderLayers,
                encoderCell, decoderCell, style, score, inputFeeding, dropout, padId, sosId, eosId);
    }

    /** Size of one encoder output: both directions, 2 · encoderHidden. */
    public int memorySize() {
        return 2 * encoderHidden;
    }

    private static void requireGruOrLstm(String what, CellType cell) {
        if (cell != CellType.GRU && cell != CellType.LSTM) {
            throw new IllegalArgumentException("seq2seq config: " + what + " must be GRU or LSTM, got " + cell);
        }
    }

    private static void requireToken(String what, int id, int vocab) {
        if (id < 0 || id >= vocab) {
            throw new IllegalArgumentException("seq2seq config: " + what + " id " + id + " is outside 0.."
                    + (vocab - 1));
        }
    }
}
