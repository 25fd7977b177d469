package dev.rnn4j.recurrent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of recurrent cells by name: the built-in {@code RNN_TANH}, {@code RNN_RELU},
 * {@code LSTM} and {@code GRU} (the names of {@link CellType}), the layer-normalised
 * {@code LSTM_LN} ({@link LayerNormLstmCell}) and {@code GRU_LN} ({@link LayerNormGruCell}), and any
 * cell registered with {@link #register}. Thread-safe.
 */
public final class Cells {

    private static final Map<String, Cell> CELLS = new LinkedHashMap<>();

    static {
        register(ElmanCell.TANH);
        register(ElmanCell.RELU);
        register(new LstmCell());
        register(new GruCell());
        register(new LayerNormLstmCell());
        register(new LayerNormGruCell());
    }

    private Cells() {
    }

    /**
     * Adds a cell under its {@link Cell#name()}.
     *
     * @throws IllegalArgumentException if a cell of that name is registered already
     */
    public static synchronized void register(Cell cell) {
        if (cell == null) {
            throw new IllegalArgumentException("cell is null");
        }
        if (CELLS.containsKey(cell.name())) {
            throw new IllegalArgumentException("a cell named " + cell.name() + " is registered already");
        }
        CELLS.put(cell.name(), cell);
    }

    /**
     * The cell registered under {@code name} (e.g. {@code "LSTM"}).
     *
     * @throws IllegalArgumentException if there is none, naming the registered cells
     */
    public static synchronized Cell forName(String name) {
        Cell cell = CELLS.get(name);
        if (cell == null) {
            throw new IllegalArgumentException("unknown cell '" + name + "' (registered: "
                    + String.join(", ", CELLS.keySet()) + ")");
        }
        return cell;
    }

    /** The registered names, built-in ones first. */
    public static synchronized List<String> names() {
        return new ArrayList<>(CELLS.keySet());
    }
}
