package dev.rnn4j.recurrent;

/** The recurrent cells rnn4j implements, with their gate count (rows of the stacked weights / H). */
public enum CellType {
    /** Elman RNN, {@code h = tanh(W_ih x + b_ih + W_hh h + b_hh)}. */
    RNN_TANH(1),
    /** Elman RNN with ReLU. */
    RNN_RELU(1),
    /** LSTM, gates i, f, g, o. */
    LSTM(4),
    /** GRU, gates r, z, n with {@code b_hn} inside the reset product. */
    GRU(3);

    private final int gates;

    CellType(int gates) {
        this.gates = gates;
    }

    /** Number of stacked gates (1, 4 or 3). */
    public int gates() {
        return gates;
    }

    /** True for the LSTM, the only cell with a second state. */
    public boolean hasCellState() {
        return this == LSTM;
    }
}
