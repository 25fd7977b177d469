package dev.rnn4j.recurrent;

import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.tensor.Tensor;

import java.util.Arrays;

/**
 * The fused sequence kernel: one recurrent layer, one direction, over a whole (possibly
 * variable-length) batch, recorded as a single autograd node.
 *
 * <p>Forward: the input projections {@code (T·B, I) · W_ihᵀ} are computed a chunk of steps
 * ({@value #PROJECTION_CHUNK_ROWS} rows) at a time, just before those steps run, for the rows
 * active at those steps only, when the kernels keep W_ihᵀ prepared in their own layout (else for
 * every row in one product before the steps); each step adds one
 * GEMM for the recurrent part, {@code (n_t, H) · W_hhᵀ}, and one fused gate pass that keeps the
 * activations backward needs. Backward runs the steps in reverse with one GEMM per step for
 * {@code dh_prev} (against W_hh prepared once, {@link dev.rnn4j.kernels.Kernels#packRight}); the
 * products over many steps' gate gradients ({@code dW_ih}, {@code dW_hh}, {@code dx}, and the bias
 * sums) run a chunk of steps at a time on the kernels' other thread while that chain goes on
 * ({@link GateGradientProducts}).
 * No per-step autograd nodes, no per-step allocation; the large (T, B, ·) work buffers of a run go
 * back to a cache when its backward is done, for the next run of the same shape.
 *
 * <p>Variable lengths behave exactly as PyTorch's {@code pack_padded_sequence(...,
 * enforce_sorted=False)}: rows are sorted by length (descending, stable), so at step t the active
 * rows are a prefix of n_t rows and the batch shrinks as rows end; outputs are zero past each
 * row's length; the forward direction's final state is taken at each row's last valid step; the
 * reverse direction starts each row at its last valid step from the initial state.
 *
 * <p>What differs between cells is the {@link Cell}'s: its gate pass, forward and backward, called
 * once per step with the step's arrays ({@link StepArrays}), whether it keeps {@code W_hh h + b_hh}
 * apart from the input projection, whether h depends on h_prev other than through {@code W_hh}, and
 * whether it has a cell state.
 *
 * <p>With a projection (PyTorch's {@code proj_size} P, {@code w_hr (P, H)}) the gate pass writes its
 * output to a (T, B, H) buffer and each step adds one product {@code h = h_cell · W_hrᵀ} (n_t, P);
 * backward turns the gradient of h into that of the cell's output with one product per step and
 * gathers {@code dW_hr} into one GEMM. S, the width of h, is then P; without one it is H.
 *
 * <p>A cell's own parameters ({@link Cell#extraParameterShapes}) are inputs of the node after the
 * others; the cell reads them and adds into their gradients in its gate pass.
 *
 * <p>Layout, all row-major and time-major inside: {@code x (T, B, I)}, {@code h0 (B, S)},
 * {@code c0 (B, H)}, {@code w_ih (G·H, I)}, {@code w_hh (G·H, S)}, {@code b_ih, b_hh (G·H)},
 * output {@code (T, B, S)}. Callers (the {@code nn} layers) validate shapes; this class does not.
 *
 * <p>This class holds the entry points and the row-order helpers it shares with
 * {@link InferenceSequence}; the recorded node itself, its forward and its backward through time,
 * is {@link RecordedSequenceRun}.
 */
public final class RecurrentSequence {

    private RecurrentSequence() {
    }

    /**
     * Runs the layer. Returns {@code {out (T, B, H), h_n (B, H), c_n (B, H) or null}}. For a cell
     * with no projection and no parameters of its own.
     *
     * @param lengths valid length of each batch row (1..T), or null when every row has length T
     * @param h0      initial hidden state (B, H), never null (zeros when the user gave none)
     * @param c0      initial cell state (B, H) for a cell with one (the LSTM), else null
     * @param bIh     input bias (G·H) or null
     * @param bHh     recurrent bias (G·H) or null
     */
    public static Tensor[] run(Cell cell, boolean reverse, Tensor x, int[] lengths, Tensor h0, Tensor c0,
                               Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        return run(cell, reverse, x, lengths, h0, c0, wIh, wHh, bIh, bHh, null, NO_EXTRA, null);
    }

    /** As {@link #run(Cell, boolean, Tensor, int[], Tensor, Tensor, Tensor, Tensor, Tensor, Tensor)} for a built-in cell. */
    public static Tensor[] run(CellType cell, boolean reverse, Tensor x, int[] lengths, Tensor h0, Tensor c0,
                               Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        return run(cell.cell(), reverse, x, lengths, h0, c0, wIh, wHh, bIh, bHh);
    }

    /**
     * As {@link #run}, with variational dropout on the recurrent state (Gal &amp; Ghahramani 2016):
     * the state entering {@code W_hh} is multiplied by {@code recurrentMask} (B, H), the same mask
     * at every step of a sequence (already scaled by 1/(1−p)). A direct path from h_prev to h (the
     * GRU's {@code z ⊙ h}) uses the unmasked state, so only the recurrent product is regularised.
     */
    public static Tensor[] run(Cell cell, boolean reverse, Tensor x, int[] lengths, Tensor h0, Tensor c0,
                               Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh, float[] recurrentMask) {
        return run(cell, reverse, x, lengths, h0, c0, wIh, wHh, bIh, bHh, null, NO_EXTRA, recurrentMask);
    }

    private static final Tensor[] NO_EXTRA = new Tensor[0];

    /**
     * The general run: as {@link #run(Cell, boolean, Tensor, int[], Tensor, Tensor, Tensor, Tensor, Tensor,
     * Tensor, float[])}, with a projection and the cell's own parameters. Returns
     * {@code {out (T, B, S), h_n (B, S), c_n (B, H) or null}}, S = P with a projection, else H.
     *
     * @param h0            initial hidden state (B, S)
     * @param wHh           recurrent weight (G·H, S)
     * @param wHr           projection (P, H), or null for none (only for cells that support one)
     * @param extra         the cell's own parameters in the order of {@link Cell#extraParameterShapes}
     *                      (empty for the built-in cells)
     * @param recurrentMask (B, S) or null
     */
    public static Tensor[] run(Cell cell, boolean reverse, Tensor x, int[] lengths, Tensor h0, Tensor c0,
                               Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh, Tensor wHr, Tensor[] extra,
                               float[] recurrentMask) {
        if (InferenceSequence.applies(cell, x, wHr, extra, recurrentMask)
                && !Autograd.shouldRecord(RecordedSequenceRun.inputs(x, h0, c0, wIh, wHh, bIh, bHh, wHr, extra))) {
            Tensor[] outputs = InferenceSequence.run(cell, reverse, x, lengths, h0, c0, wIh, wHh, bIh, bHh);
            if (outputs != null) {
                return outputs;
            }
        }
        return new RecordedSequenceRun(cell, reverse, x, null, lengths, h0, c0, wIh, wHh, bIh, bHh, wHr, extra,
                recurrentMask).forward();
    }

    /**
     * As {@link #run(Cell, boolean, Tensor, int[], Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor[],
     * float[])} for the input {@code x[t, b] = embedding[tokens[t, b]]}, given as the table and the
     * tokens instead of the looked-up rows. The input projection is then the table's,
     * {@code embedding · W_ihᵀ + b_ih [+ b_hh]} (V, GH), and each step gathers its rows from it; backward
     * sums the gradient of the pre-activations by token into (V, GH) and takes the embedding's gradient
     * ({@code · W_ih}) and W_ih's ({@code ᵀ · embedding}) from that sum. With a vocabulary V smaller
     * than T·B this replaces three products of T·B rows (the input projection, {@code dx} and
     * {@code dW_ih}) by three of V rows; the result equals that of the looked-up rows up to the order
     * of the sums. The gradient reaches the table (input 0 of the node) directly; the padding row gets
     * none, as from the lookup.
     *
     * @param embedding  the table (V, I)
     * @param tokens     token ids (T, B), time-major, each in 0..V−1 (callers validate)
     * @param paddingIdx the row of the table that gets no gradient, or −1 for none
     * @param lookedUp   the lookup's output (T, B, I) that the tokens stand for, or null: the lookup's
     *                   backward never runs, so this node's backward gives its array back when the caller
     *                   declared {@link Tensor#releaseAfterBackward()} on it (no other recorded operation may
     *                   then read it in backward)
     */
    public static Tensor[] runTokens(Cell cell, boolean reverse, Tensor embedding, int[] tokens, int steps, int batch,
                                     int paddingIdx, Tensor lookedUp, int[] lengths, Tensor h0, Tensor c0, Tensor wIh,
                                     Tensor wHh, Tensor bIh, Tensor bHh, Tensor wHr, Tensor[] extra,
                                     float[] recurrentMask) {
        if (tokens.length != steps * batch) {
            throw new IllegalArgumentException("tokens: expected " + steps + " × " + batch + " ids (T, B), got "
                    + tokens.length);
        }
        TokenInput input = new TokenInput(tokens, steps, batch, paddingIdx, lookedUp);
        return new RecordedSequenceRun(cell, reverse, embedding, input, lengths, h0, c0, wIh, wHh, bIh, bHh, wHr, extra,
                recurrentMask).forward();
    }

    /** The input as tokens of an embedding table (see runTokens): ids (T, B) time-major in batch order. */
    record TokenInput(int[] ids, int steps, int batch, int paddingIdx, Tensor lookedUp) {
    }

    /** As {@link #run(Cell, boolean, Tensor, int[], Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, float[])} for a built-in cell. */
    public static Tensor[] run(CellType cell, boolean reverse, Tensor x, int[] lengths, Tensor h0, Tensor c0,
                               Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh, float[] recurrentMask) {
        return run(cell.cell(), reverse, x, lengths, h0, c0, wIh, wHh, bIh, bHh, recurrentMask);
    }

    /**
     * Rows (steps × batch) of input projections computed together, just before those steps run:
     * 512 × 4H floats (2 MiB at H = 256) stay in the caches until the steps read them, and the
     * product is still large enough to run near full speed.
     */
    static final int PROJECTION_CHUNK_ROWS = 512;

    /**
     * Fewest rows each of two threads takes when the steps left after the input projections are split
     * by rows (every row running every step); smaller batches split each product instead.
     */
    static final int SPLIT_MIN_ROWS = 32;

    /**
     * Rows still running at each step: {@code active[t]} = how many of the rows, in {@code rowLength}
     * order (longest first), are longer than t. Returns (T).
     */
    static int[] activeRowCounts(int[] rowLength, int steps) {
        int[] active = new int[steps];
        for (int t = 0; t < steps; t++) {
            int n = 0;
            while (n < rowLength.length && rowLength[n] > t) {
                n++;
            }
            active[t] = n;
        }
        return active;
    }

    /** Whether all {@code batch} rows run at every step of {@code active} (the counts of activeRowCounts). */
    static boolean everyRowRunsEveryStep(int[] active, int batch) {
        for (int n : active) {
            if (n != batch) {
                return false;
            }
        }
        return true;
    }

    /** Sorting permutation (longest first, stable) and active-row counts per step. */
    static int[] sortByLengthDescending(int[] lengths) {
        Integer[] idx = new Integer[lengths.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Integer.compare(lengths[b], lengths[a]));
        int[] order = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            order[i] = idx[i];
        }
        return order;
    }
}
