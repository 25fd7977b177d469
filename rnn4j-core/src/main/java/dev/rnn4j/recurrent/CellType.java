package dev.rnn4j.recurrent;

/**
 * The names of the built-in recurrent cells, as users pass them; each maps to its {@link Cell} in the
 * {@link Cells} registry, which holds the behaviour.
 */
public enum CellType {
    /** Elman RNN, {@code h = tanh(W_ih x + b_ih + W_hh h + b_hh)}. */
    RNN_TANH,
    /** Elman RNN with ReLU. */
    RNN_RELU,
    /** LSTM, gates i, f, g, o. */
    LSTM,
    /** GRU, gates r, z, n with {@code b_hn} inside the reset product. */
    GRU;

    /** The cell this name stands for. */
    public Cell cell() {
        return Cells.forName(name());
    }

    /** Number of stacked gates (1, 4 or 3). */
    public int gates() {
        return cell().gates();
    }

    /** True for the LSTM, the only built-in cell with a second state. */
    public boolean hasCellState() {
        return cell().hasCellState();
    }
}
