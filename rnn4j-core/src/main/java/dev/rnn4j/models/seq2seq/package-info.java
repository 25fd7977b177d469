/**
 * Attention encoder-decoders for machine translation, numerically as PyTorch.
 *
 * <p>{@link dev.rnn4j.models.seq2seq.Seq2Seq} joins an {@link dev.rnn4j.models.seq2seq.Encoder}
 * (embedding, bidirectional GRU or LSTM over the packed source, {@code fc} giving the decoder's first
 * state) and a {@link dev.rnn4j.models.seq2seq.Decoder} that runs one step at a time (GRU or LSTM
 * cell, {@link dev.rnn4j.models.seq2seq.Attention} with additive (Bahdanau), dot or general (Luong)
 * scores, the Bahdanau or Luong layout, optional input feeding). {@link dev.rnn4j.models.seq2seq.Seq2SeqConfig#bahdanau}
 * is the model of the PyTorch reference cases ({@code tools/make_golden_seq.py}, kind
 * {@code seq2seq}), and the parameter names are that model's.
 *
 * <p>Training runs {@code forward} (teacher forcing) and {@code loss}; search runs {@code encode},
 * {@code initialState} and {@code step} over immutable {@link dev.rnn4j.models.seq2seq.DecoderState}s,
 * which {@code selectRows} reorders for beam search without copying the encoder outputs. A step
 * allocates only its results: the source-side parts of attention are prepared once per source
 * ({@link dev.rnn4j.models.seq2seq.AttentionMemory}), attention is one fused operation with no
 * (B, S, ·) intermediate, and the cell step is two small products and one fused gate pass. The
 * teacher-forced pass runs the output layer once over all steps (its logits do not feed back), so the
 * (V, F) output weight, the largest of the model, is read once per pass rather than once per step.
 */
package dev.rnn4j.models.seq2seq;
