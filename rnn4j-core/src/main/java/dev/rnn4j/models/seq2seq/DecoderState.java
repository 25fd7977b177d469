package dev.rnn4j.models.seq2seq;

import dev.rnn4j.tensor.Tensor;

/**
 * The decoder's state between steps for B hypotheses: the cell's hidden state, the LSTM's cell
 * state, Luong's attentional vector for input feeding, and which source each row attends to.
 *
 * <p>Immutable: {@link Decoder#step} returns a new state, so a search may keep any number of them
 * and step them from several threads at once. {@link #selectRows} reorders or repeats rows (beam
 * search) without copying the attention memory: each row records the memory row it reads.
 */
public final class DecoderState {

    private final Tensor hidden;
    private final Tensor cell;
    private final Tensor attentional;
    private final AttentionMemory memory;
    private final int[] memoryRows;

    /**
     * @param hidden      (B, H)
     * @param cell        (B, H) for an LSTM decoder, else null
     * @param attentional (B, H) Luong's h̃ of the previous step with input feeding, else null
     * @param memoryRows  the memory row of each state row, or null for row b → b
     */
    DecoderState(Tensor hidden, Tensor cell, Tensor attentional, AttentionMemory memory, int[] memoryRows) {
        this.hidden = hidden;
        this.cell = cell;
        this.attentional = attentional;
        this.memory = memory;
        this.memoryRows = memoryRows;
    }

    /** B: the number of hypotheses (rows). */
    public int batch() {
        return hidden.size(0);
    }

    /** The hidden state (B, H). */
    public Tensor hidden() {
        return hidden;
    }

    /** The LSTM cell state (B, H), or null for a GRU decoder. */
    public Tensor cell() {
        return cell;
    }

    /** Luong's attentional vector of the previous step (B, H) with input feeding, else null. */
    public Tensor attentional() {
        return attentional;
    }

    /** The encoded sources the rows attend to. */
    public AttentionMemory memory() {
        return memory;
    }

    /** The source (memory row) that state row {@code row} attends to. */
    public int memoryRow(int row) {
        if (row < 0 || row >= batch()) {
            throw new IllegalArgumentException("memoryRow: row " + row + " is outside 0.." + (batch() - 1));
        }
        return memoryRows == null ? row : memoryRows[row];
    }

    int[] memoryRowsView() {
        return memoryRows;
    }

    /**
     * A state whose row i is this state's row {@code rows[i]}: rows may repeat (one source expanded
     * to K beams: {@code {0, 0, 0, 1, 1, 1}}) or be dropped (finished hypotheses). With autograd on,
     * the gradient flows back to the selected rows ({@code index_select}).
     *
     * @param rows row indices in 0..B−1, at least one
     */
    public DecoderState selectRows(int... rows) {
        if (rows == null || rows.length == 0) {
            throw new IllegalArgumentException("selectRows: expected at least one row, got "
                    + (rows == null ? "null" : "none"));
        }
        int batch = batch();
        int[] mapped = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= batch) {
                throw new IllegalArgumentException("selectRows: row " + rows[i] + " at position " + i
                        + " is outside 0.." + (batch - 1));
            }
            mapped[i] = memoryRows == null ? rows[i] : memoryRows[rows[i]];
        }
        return new DecoderState(hidden.indexSelect(0, rows), cell == null ? null : cell.indexSelect(0, rows),
                attentional == null ? null : attentional.indexSelect(0, rows), memory, mapped);
    }
}
