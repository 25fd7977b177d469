package dev.rnn4j.recurrent;

import dev.rnn4j.kernels.Kernels;

import java.util.Arrays;
import java.util.List;

/**
 * The layer-normalised GRU: PyTorch's GRU ({@link GruCell}, gates {@code [r | z | n]}, the recurrent
 * part of n inside the reset product) with the input and recurrent pre-activations normalised per
 * gate block, as Ba, Kiros &amp; Hinton (2016) do for the LSTM. With
 * {@code LN(v) = (v − mean(v)) / √(var(v) + ε)} over a block's H values (biased variance,
 * ε = 10⁻⁵ as PyTorch's {@code LayerNorm}), {@code u_k = γ_ih,k ⊙ LN((W_ih x)_k) + β_ih,k} and
 * {@code v_k = γ_hh,k ⊙ LN((W_hh h_prev)_k) + β_hh,k}:
 * <pre>
 *   r  = σ(u_r + v_r),  z = σ(u_z + v_z),  n = tanh(u_n + r ⊙ v_n)
 *   h  = (1 − z) ⊙ n + z ⊙ h_prev
 * </pre>
 * Each block with its own statistics and the two products apart, for the reasons given in
 * {@link LayerNormLstmCell}; the shift β_hh,n sits inside the reset product exactly where PyTorch's
 * {@code b_hn} does, so with unit gains and zero shifts the cell is the GRU with its products
 * normalised. The GRU has no cell state, so nothing else is normalised.
 *
 * <p>Parameters (each with the layer suffix): {@code weight_ih} (3H, I), {@code weight_hh} (3H, H)
 * drawn U(−1/√H, 1/√H); gains {@code ln_ih_weight}, {@code ln_hh_weight} (3H) starting at 1; with
 * biases the shifts {@code ln_ih_bias}, {@code ln_hh_bias} (3H) starting at 0, in place of
 * {@code bias_ih}, {@code bias_hh}. No projection (the gate pass reads h_prev).
 *
 * <p>Each row is computed in double precision in the cell's scratch ({@link RowMath}); the run keeps
 * the normalised products in place of the products, the activations r, z, n in {@code acts}, and
 * the six block {@code 1/√(var + ε)} per row in {@code saved}. The streaming stepper stacks
 * {@code [W_ih | 0]} over {@code [0 | W_hh]} (6H rows).
 */
final class LayerNormGruCell extends Cell {

    private static final int GATES = 3;
    /** Saved per row: the statistics of the 3 ih and the 3 hh blocks. */
    private static final int STATISTICS = 2 * GATES;

    LayerNormGruCell() {
        super("GRU_LN", GATES);
    }

    @Override
    boolean separateRecurrentProjection() {
        return true;
    }

    @Override
    boolean directStatePath() {
        return true;
    }

    @Override
    boolean standardBiases() {
        return false;
    }

    @Override
    public List<ParameterShape> extraParameterShapes(int hiddenSize, boolean bias) {
        int rows = GATES * hiddenSize;
        if (!bias) {
            return List.of(new ParameterShape("ln_ih_weight", Fill.ONES, rows),
                    new ParameterShape("ln_hh_weight", Fill.ONES, rows));
        }
        return List.of(new ParameterShape("ln_ih_weight", Fill.ONES, rows),
                new ParameterShape("ln_ih_bias", Fill.ZEROS, rows),
                new ParameterShape("ln_hh_weight", Fill.ONES, rows),
                new ParameterShape("ln_hh_bias", Fill.ZEROS, rows));
    }

    @Override
    int savedWidth(int hidden) {
        return STATISTICS;
    }

    @Override
    int rowScratchDoubles(int hidden) {
        return new Layout(hidden).total;
    }

    /** Offsets in the double scratch; gh = 3H. */
    private static final class Layout {
        final int h;
        final int gh;
        final int ih;     // (3H) W_ih x, then x̂_ih
        final int hh;     // (3H) W_hh h_prev, then x̂_hh
        final int act;    // (3H) r, z, n
        final int hPrev;  // (H)
        final int hOut;   // (H)
        final int dh;     // (H)
        final int dhPrev; // (H) the gradient of h_prev through z ⊙ h_prev
        final int stats;  // (6) 1/√(var + ε) of the 3 ih and the 3 hh blocks
        final int params; // γ_ih, β_ih, γ_hh, β_hh (3H each)
        final int grads;  // their gradients, same layout
        final int dIh;    // (3H) gradient of u, then of x̂_ih, then of W_ih x
        final int dHh;    // (3H) gradient of v, then of x̂_hh, then of W_hh h_prev
        final int total;

        Layout(int hidden) {
            h = hidden;
            gh = GATES * hidden;
            ih = 0;
            hh = gh;
            act = 2 * gh;
            hPrev = 3 * gh;
            hOut = hPrev + h;
            dh = hOut + h;
            dhPrev = dh + h;
            stats = dhPrev + h;
            params = stats + STATISTICS;
            grads = params + 4 * gh;
            dIh = grads + 4 * gh;
            dHh = dIh + gh;
            total = dHh + gh;
        }

        int gainIh(int base) {
            return base;
        }

        int shiftIh(int base) {
            return base + gh;
        }

        int gainHh(int base) {
            return base + 2 * gh;
        }

        int shiftHh(int base) {
            return base + 3 * gh;
        }
    }

    /** The gains and shifts into the scratch: extra is {γ_ih, β_ih, γ_hh, β_hh} or {γ_ih, γ_hh}. */
    private static void loadParameters(Object[] extra, double[] s, Layout l) {
        boolean shifts = extra.length == 4;
        int p = l.params;
        RowMath.load(extra[0], 0, s, l.gainIh(p), l.gh);
        RowMath.load(extra[shifts ? 2 : 1], 0, s, l.gainHh(p), l.gh);
        if (shifts) {
            RowMath.load(extra[1], 0, s, l.shiftIh(p), l.gh);
            RowMath.load(extra[3], 0, s, l.shiftHh(p), l.gh);
        } else {
            Arrays.fill(s, l.shiftIh(p), l.shiftIh(p) + l.gh, 0);
            Arrays.fill(s, l.shiftHh(p), l.shiftHh(p) + l.gh, 0);
        }
    }

    /** v_n: the recurrent part of the n gate, {@code γ_hh,n ⊙ x̂_hh,n + β_hh,n}, at unit j. */
    private static double recurrentN(double[] s, Layout l, int j) {
        int at = 2 * l.h + j;
        return s[l.gainHh(l.params) + at] * s[l.hh + at] + s[l.shiftHh(l.params) + at];
    }

    /** One row forward in the scratch: from ih, hh, hPrev to x̂_ih, x̂_hh, act, hOut and stats. */
    private static void forwardRow(double[] s, Layout l) {
        int h = l.h;
        int p = l.params;
        for (int k = 0; k < GATES; k++) {
            s[l.stats + k] = RowMath.normalize(s, l.ih + k * h, h);
            s[l.stats + GATES + k] = RowMath.normalize(s, l.hh + k * h, h);
        }
        for (int j = 0; j < 2 * h; j++) { // r and z: both parts add
            double a = s[l.gainIh(p) + j] * s[l.ih + j] + s[l.shiftIh(p) + j]
                    + s[l.gainHh(p) + j] * s[l.hh + j] + s[l.shiftHh(p) + j];
            s[l.act + j] = RowMath.sigmoid(a);
        }
        for (int j = 0; j < h; j++) {
            int at = 2 * h + j;
            double r = s[l.act + j];
            double z = s[l.act + h + j];
            double n = Math.tanh(s[l.gainIh(p) + at] * s[l.ih + at] + s[l.shiftIh(p) + at] + r * recurrentN(s, l, j));
            s[l.act + at] = n;
            s[l.hOut + j] = (1 - z) * n + z * s[l.hPrev + j];
        }
    }

    /**
     * One row backward in the scratch: from dh and what forward kept (x̂_ih, x̂_hh, act, hPrev, stats)
     * to dIh, dHh (the gradients of the two products) and dhPrev (the direct part), and adds into the
     * parameter gradients.
     */
    private static void backwardRow(double[] s, Layout l) {
        int h = l.h;
        int p = l.params;
        int g = l.grads;
        for (int j = 0; j < h; j++) {
            double r = s[l.act + j];
            double z = s[l.act + h + j];
            double n = s[l.act + 2 * h + j];
            double dh = s[l.dh + j];
            double dn = dh * (1 - z) * (1 - n * n);
            double dz = dh * (s[l.hPrev + j] - n) * z * (1 - z);
            double dr = dn * recurrentN(s, l, j) * r * (1 - r);
            s[l.dIh + j] = dr;
            s[l.dIh + h + j] = dz;
            s[l.dIh + 2 * h + j] = dn;
            s[l.dHh + j] = dr;
            s[l.dHh + h + j] = dz;
            s[l.dHh + 2 * h + j] = dn * r;
            s[l.dhPrev + j] = dh * z;
        }
        for (int j = 0; j < l.gh; j++) {
            double du = s[l.dIh + j];
            double dv = s[l.dHh + j];
            s[l.gainIh(g) + j] += du * s[l.ih + j];
            s[l.shiftIh(g) + j] += du;
            s[l.gainHh(g) + j] += dv * s[l.hh + j];
            s[l.shiftHh(g) + j] += dv;
            s[l.dIh + j] = du * s[l.gainIh(p) + j];
            s[l.dHh + j] = dv * s[l.gainHh(p) + j];
        }
        for (int k = 0; k < GATES; k++) {
            RowMath.normalizeBackward(s, l.ih + k * h, l.dIh + k * h, h, s[l.stats + k]);
            RowMath.normalizeBackward(s, l.hh + k * h, l.dHh + k * h, h, s[l.stats + GATES + k]);
        }
    }

    @Override
    void forwardGates(SeqMath math, StepArrays a) {
        Layout l = new Layout(a.hidden);
        double[] s = a.rowScratch;
        loadParameters(a.extra, s, l);
        int h = l.h;
        for (int r = 0; r < a.rows; r++) {
            int gateRow = r * l.gh;
            int stateRow = r * h;
            RowMath.load(a.pre, a.preOff + gateRow, s, l.ih, l.gh);
            RowMath.load(a.hh, a.hhOff + gateRow, s, l.hh, l.gh);
            RowMath.load(a.hPrev, a.hPrevOff + stateRow, s, l.hPrev, h);
            forwardRow(s, l);
            RowMath.store(s, l.ih, a.pre, a.preOff + gateRow, l.gh);
            RowMath.store(s, l.hh, a.hh, a.hhOff + gateRow, l.gh);
            RowMath.store(s, l.act, a.acts, a.actsOff + gateRow, l.gh);
            RowMath.store(s, l.hOut, a.h, a.hOff + stateRow, h);
            RowMath.store(s, l.stats, a.saved, a.savedOff + r * STATISTICS, STATISTICS);
        }
    }

    @Override
    void backwardGates(SeqMath math, StepArrays a) {
        Layout l = new Layout(a.hidden);
        double[] s = a.rowScratch;
        loadParameters(a.extra, s, l);
        Arrays.fill(s, l.grads, l.grads + 4 * l.gh, 0);
        int h = l.h;
        for (int r = 0; r < a.rows; r++) {
            int gateRow = r * l.gh;
            int stateRow = r * h;
            RowMath.load(a.pre, a.preOff + gateRow, s, l.ih, l.gh);
            RowMath.load(a.hh, a.hhOff + gateRow, s, l.hh, l.gh);
            RowMath.load(a.acts, a.actsOff + gateRow, s, l.act, l.gh);
            RowMath.load(a.hPrev, a.hPrevOff + stateRow, s, l.hPrev, h);
            RowMath.load(a.saved, a.savedOff + r * STATISTICS, s, l.stats, STATISTICS);
            RowMath.load(a.dh, stateRow, s, l.dh, h);
            backwardRow(s, l);
            RowMath.store(s, l.dIh, a.dPre, a.dPreOff + gateRow, l.gh);
            RowMath.store(s, l.dHh, a.dHh, a.dHhOff + gateRow, l.gh);
            RowMath.store(s, l.dhPrev, a.dhPrev, stateRow, h);
        }
        boolean shifts = a.dExtra.length == 4;
        int g = l.grads;
        int[] offsets = shifts ? new int[] {l.gainIh(g), l.shiftIh(g), l.gainHh(g), l.shiftHh(g)}
                : new int[] {l.gainIh(g), l.gainHh(g)};
        for (int i = 0; i < a.dExtra.length; i++) {
            if (a.dExtra[i] != null) {
                RowMath.addInto(s, offsets[i], a.dExtra[i], l.gh);
            }
        }
    }

    // ------------------------------------------------------------------ streaming stepper

    /** 6H: {@code [W_ih | 0]} (3H rows) over {@code [0 | W_hh]} (3H rows), so the two products stay apart. */
    @Override
    int stackedRows(int hidden) {
        return 2 * GATES * hidden;
    }

    /** No biases (the shifts come after the normalisations): b stays zero. */
    @Override
    void stack(int in, int state, int hidden, float[] wIh, float[] wHh, float[] bIh, float[] bHh, float[] w,
               float[] b) {
        RowMath.stackBlockDiagonal(in, state, GATES * hidden, wIh, wHh, w);
    }

    @Override
    void stepGates(Kernels kernels, float[] out, float[] h, float[] c, float[] scratch, float[][] extra,
                   double[] rowScratch, int batch, int hidden) {
        Layout l = new Layout(hidden);
        loadParameters(extra, rowScratch, l);
        for (int r = 0; r < batch; r++) { // out row: [W_ih x | W_hh h]; h updates in place, its row read first
            RowMath.load(out, r * 2 * l.gh, rowScratch, l.ih, l.gh);
            RowMath.load(out, r * 2 * l.gh + l.gh, rowScratch, l.hh, l.gh);
            RowMath.load(h, r * hidden, rowScratch, l.hPrev, hidden);
            forwardRow(rowScratch, l);
            RowMath.store(rowScratch, l.hOut, h, r * hidden, hidden);
        }
    }
}
