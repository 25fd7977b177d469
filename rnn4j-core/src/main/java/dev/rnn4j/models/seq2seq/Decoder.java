package dev.rnn4j.models.seq2seq;

import dev.rnn4j.nn.Dropout;
import dev.rnn4j.nn.Embedding;
import dev.rnn4j.nn.Linear;
import dev.rnn4j.nn.Module;
import dev.rnn4j.nn.RecurrentLayer;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.tensor.Ops;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Shape;
import dev.rnn4j.tensor.Tensor;

import java.util.List;

/**
 * The target side, one step at a time, with PyTorch's parameter names: {@code attention.*},
 * {@code embedding.weight}, {@code rnn.weight_ih_l0} ... (one layer of GRU or LSTM, named as
 * {@code nn.GRU}/{@code nn.LSTM}), with {@link DecoderStyle#LUONG} {@code concat.weight} and
 * {@code concat.bias}, and {@code fc_out.weight}, {@code fc_out.bias}.
 *
 * <p>A step for B rows with previous tokens y (B), embedded as {@code e = embedding(y)} (B, E):
 * <ul>
 *   <li>{@link DecoderStyle#BAHDANAU}: {@code (a, ctx) = attention(s_{t−1})},
 *       {@code s_t = cell([e; ctx], s_{t−1})}, {@code logits = fc_out([s_t; ctx; e])};</li>
 *   <li>{@link DecoderStyle#LUONG}: {@code h_t = cell(e, h_{t−1})} (with input feeding
 *       {@code cell([e; h̃_{t−1}], h_{t−1})}, h̃_0 = 0), {@code (a, ctx) = attention(h_t)},
 *       {@code h̃_t = tanh(concat([h_t; ctx]))}, {@code logits = fc_out(h̃_t)}.</li>
 * </ul>
 * The LSTM decoder starts from cell state 0. The cell step is two small products and one fused gate
 * pass ({@code CellGates}), so a step allocates only its results: no weights are prepared or copied
 * per step.
 */
public final class Decoder extends Module {

    private final Seq2SeqConfig config;
    private final Attention attention;
    private final Embedding embedding;
    private final RecurrentLayer rnn;
    private final Linear concat;
    private final Linear fcOut;
    private final Dropout dropout;

    public Decoder(Seq2SeqConfig c, Rng rng) {
        this.config = c;
        int hidden = c.decoderHidden();
        boolean luong = c.style() == DecoderStyle.LUONG;
        // registration order is the reference's attribute order: attention, embedding, rnn, (concat,) fc_out
        this.attention = registerModule("attention", new Attention(c.score(), hidden, c.memorySize(), rng));
        this.embedding = registerModule("embedding", new Embedding(c.trgVocab(), c.embeddingDim(), -1, rng));
        int cellInput = c.embeddingDim() + (luong ? (c.inputFeeding() ? hidden : 0) : c.memorySize());
        this.rnn = registerModule("rnn", RecurrentLayer.of(c.decoderCell(), new RecurrentLayer.Options(cellInput,
                hidden), rng));
        this.concat = luong ? registerModule("concat", new Linear(hidden + c.memorySize(), hidden, rng)) : null;
        int outInput = luong ? hidden : hidden + c.memorySize() + c.embeddingDim();
        this.fcOut = registerModule("fc_out", new Linear(outInput, c.trgVocab(), rng));
        this.dropout = registerModule("dropout", new Dropout(c.dropout(), rng));
    }

    public Attention attention() {
        return attention;
    }

    /**
     * The state before the first step: hidden state {@code hidden} (B, H) (the encoder's
     * {@code tanh(fc(...))}), cell state 0 for an LSTM, attentional vector 0 with input feeding.
     *
     * @param memory the prepared encoder outputs of the same B sources
     */
    public DecoderState initialState(AttentionMemory memory, Tensor hidden) {
        int h = config.decoderHidden();
        if (hidden == null || hidden.rank() != 2 || hidden.size(1) != h || hidden.size(0) != memory.rows()) {
            throw new IllegalArgumentException("Decoder: expected an initial state (" + memory.rows() + ", " + h
                    + "), got " + (hidden == null ? "null" : Shape.str(hidden.shape())));
        }
        Tensor cell = config.decoderCell() == CellType.LSTM ? hidden.zerosLike() : null;
        Tensor feed = config.inputFeeding() ? hidden.zerosLike() : null;
        return new DecoderState(hidden, cell, feed, memory, null);
    }

    /**
     * One step for every row of {@code state}.
     *
     * @param previous the previous token of each row (B), in 0..trgVocab−1
     * @return the logits (B, trgVocab), the attention weights (B, S) and the next state
     */
    public DecoderStep step(DecoderState state, int[] previous) {
        Advance a = advance(state, previous);
        return new DecoderStep(output(a.features()), a.weights(), a.next());
    }

    /**
     * A step without its output layer: {@code features} is what {@code fc_out} reads. The logits do not
     * feed back into the state, so a teacher-forced pass advances every step first and then runs
     * {@link #output} once over all of them: one (T·B, F) × (F, V) product instead of T products of B
     * rows, each of which would stream the whole (V, F) weight.
     *
     * @param features (B, F) the input of {@code fc_out}: {@code [s_t; ctx; e]} (Bahdanau) or h̃_t (Luong)
     * @param weights  (B, S) the attention weights
     */
    record Advance(Tensor features, Tensor weights, DecoderState next) {
    }

    /** {@link #step} up to the output layer. */
    Advance advance(DecoderState state, int[] previous) {
        int batch = state.batch();
        if (previous == null || previous.length != batch) {
            throw new IllegalArgumentException("Decoder: expected " + batch + " previous tokens (one per state row), got "
                    + (previous == null ? "null" : previous.length));
        }
        Tensor embedded = dropout.forward(embedding.forward(previous, batch)); // (B, E)
        AttentionMemory memory = state.memory();
        int[] rows = state.memoryRowsView();
        if (config.style() == DecoderStyle.BAHDANAU) {
            Attention.Read read = attention.attend(state.hidden(), memory, rows);
            Tensor[] next = cell(Tensor.cat(List.of(embedded, read.context()), 1), state.hidden(), state.cell());
            Tensor features = Tensor.cat(List.of(next[0], read.context(), embedded), 1);
            return new Advance(features, read.weights(), new DecoderState(next[0], next[1], null, memory, rows));
        }
        Tensor input = config.inputFeeding() ? Tensor.cat(List.of(embedded, state.attentional()), 1) : embedded;
        Tensor[] next = cell(input, state.hidden(), state.cell());
        Attention.Read read = attention.attend(next[0], memory, rows);
        Tensor attentional = concat.forward(Tensor.cat(List.of(next[0], read.context()), 1)).tanh();
        return new Advance(attentional, read.weights(), new DecoderState(next[0], next[1],
                config.inputFeeding() ? attentional : null, memory, rows));
    }

    /** The output layer: logits (..., trgVocab) from features (..., F) of {@link #advance}. */
    Tensor output(Tensor features) {
        return fcOut.forward(features);
    }

    /** One cell step: {h', c'} (c' null for the GRU) from x (B, I), h and c (B, H). */
    private Tensor[] cell(Tensor x, Tensor h, Tensor c) {
        Tensor ih = Ops.linear(x, rnn.parameter("weight_ih_l0"), rnn.parameter("bias_ih_l0"));
        Tensor hh = Ops.linear(h, rnn.parameter("weight_hh_l0"), rnn.parameter("bias_hh_l0"));
        if (config.decoderCell() == CellType.GRU) {
            return new Tensor[] {CellGates.gru(ih, hh, h), null};
        }
        return CellGates.lstm(ih.add(hh), c);
    }
}
