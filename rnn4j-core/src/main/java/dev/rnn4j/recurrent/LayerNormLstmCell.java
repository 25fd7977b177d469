package dev.rnn4j.recurrent;

import dev.rnn4j.kernels.Kernels;

import java.util.List;

/**
 * The layer-normalised LSTM of Ba, Kiros &amp; Hinton (2016, "Layer Normalization", eqs. 20–22), with
 * the input and recurrent pre-activations normalised per gate block. Gates {@code [i | f | g | o]}
 * (4H), as {@link LstmCell}; for each gate block k, with {@code LN(v) = (v − mean(v)) / √(var(v) + ε)}
 * over the block's H values (biased variance, ε = 10⁻⁵ as PyTorch's {@code LayerNorm}):
 * <pre>
 *   a_k = γ_ih,k ⊙ LN((W_ih x)_k) + β_ih,k + γ_hh,k ⊙ LN((W_hh h_prev)_k) + β_hh,k
 *   c   = σ(a_f) ⊙ c_prev + σ(a_i) ⊙ tanh(a_g)
 *   h   = σ(a_o) ⊙ tanh(γ_c ⊙ LN(c) + β_c)
 * </pre>
 * Which variant, and why:
 * <ul>
 *   <li><b>Per gate block</b>, each of the four blocks of {@code W_ih x} and of {@code W_hh h} with its
 *       own statistics (as TensorFlow's {@code LayerNormBasicLSTMCell} normalises each gate), not one
 *       normalisation over all 4H values (the paper's equations, PyTorch's {@code custom_lstms.py}):
 *       the gates have different roles and scales (the forget gate's pre-activation is usually far
 *       from the others'), so one mean and variance over all four would couple them.</li>
 *   <li><b>The two products apart</b>, as the paper: x and h_prev can differ in scale by orders of
 *       magnitude, and normalising their sum would let the larger drown the smaller.</li>
 *   <li><b>The carried state c is not normalised</b>, as the paper's eq. 22: only the copy going
 *       into the output tanh is. TensorFlow's cell and {@code custom_lstms.py} carry LN(c) instead;
 *       keeping c raw leaves the LSTM's additive memory path ({@code c = f ⊙ c_prev + …}) as it
 *       is, so gradients along c behave as in the plain LSTM.</li>
 *   <li><b>No {@code bias_ih}, {@code bias_hh}</b>: a bias before a normalisation is removed by its
 *       mean and rescaled by its variance, so the shifts β after the normalisations take their
 *       place (β_ih + β_hh acts as PyTorch's b_ih + b_hh, redundant in the same way).</li>
 * </ul>
 * Parameters (each with the layer suffix, e.g. {@code _l0_reverse}): {@code weight_ih} (4H, I),
 * {@code weight_hh} (4H, S) drawn U(−1/√H, 1/√H); gains {@code ln_ih_weight}, {@code ln_hh_weight}
 * (4H) and {@code ln_c_weight} (H) starting at 1; with biases the shifts {@code ln_ih_bias},
 * {@code ln_hh_bias} (4H) and {@code ln_c_bias} (H) starting at 0 (the names of PyTorch's
 * {@code LayerNorm} {@code weight} and {@code bias}). A projection ({@code proj_size}) works as for
 * the LSTM.
 *
 * <p>Each row is computed in double precision in the cell's scratch ({@link RowMath}); the run keeps
 * the normalised products in place of the products, the activations in {@code acts}, and per row
 * the eight block and one cell-state {@code 1/√(var + ε)} and {@code LN(c)} in {@code saved}. The
 * streaming stepper stacks {@code [W_ih | 0]} over {@code [0 | W_hh]} (8H rows) so that the two
 * products stay apart.
 */
final class LayerNormLstmCell extends Cell {

    private static final int GATES = 4;
    /** Saved per row: 4 + 4 block statistics and that of c, then LN(c) (H). */
    private static final int STATISTICS = 2 * GATES + 1;

    LayerNormLstmCell() {
        super("LSTM_LN", GATES);
    }

    @Override
    public boolean hasCellState() {
        return true;
    }

    /** The gate pass reads neither h_prev nor h, so the engine may project h as for the LSTM. */
    @Override
    public boolean supportsProjection() {
        return true;
    }

    @Override
    boolean separateRecurrentProjection() {
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
                    new ParameterShape("ln_hh_weight", Fill.ONES, rows),
                    new ParameterShape("ln_c_weight", Fill.ONES, hiddenSize));
        }
        return List.of(new ParameterShape("ln_ih_weight", Fill.ONES, rows),
                new ParameterShape("ln_ih_bias", Fill.ZEROS, rows),
                new ParameterShape("ln_hh_weight", Fill.ONES, rows),
                new ParameterShape("ln_hh_bias", Fill.ZEROS, rows),
                new ParameterShape("ln_c_weight", Fill.ONES, hiddenSize),
                new ParameterShape("ln_c_bias", Fill.ZEROS, hiddenSize));
    }

    @Override
    int savedWidth(int hidden) {
        return STATISTICS + hidden;
    }

    @Override
    int rowScratchDoubles(int hidden) {
        return new Layout(hidden).total;
    }

    /** Offsets in the double scratch; gh = 4H. */
    private static final class Layout {
        final int h;
        final int gh;
        final int ih;      // (4H) W_ih x, then its block-normalised x̂_ih
        final int hh;      // (4H) W_hh h_prev, then x̂_hh
        final int act;     // (4H) σ(a_i), σ(a_f), tanh(a_g), σ(a_o)
        final int cPrev;   // (H)
        final int c;       // (H)
        final int cHat;    // (H) LN(c)
        final int hOut;    // (H)
        final int dh;      // (H)
        final int dc;      // (H) gradient reaching c, then that of c_prev
        final int dcHat;   // (H)
        final int stats;   // (9) 1/√(var + ε) of the 4 ih blocks, the 4 hh blocks, c
        final int params;  // γ_ih, β_ih, γ_hh, β_hh (4H each), γ_c, β_c (H each)
        final int grads;   // their gradients, same layout
        final int da;      // (4H) gradient of the gate pre-activations a
        final int dxIh;    // (4H) gradient of x̂_ih, then of W_ih x
        final int dxHh;    // (4H) gradient of x̂_hh, then of W_hh h_prev
        final int total;

        Layout(int hidden) {
            h = hidden;
            gh = GATES * hidden;
            ih = 0;
            hh = gh;
            act = 2 * gh;
            cPrev = 3 * gh;
            c = cPrev + h;
            cHat = c + h;
            hOut = cHat + h;
            dh = hOut + h;
            dc = dh + h;
            dcHat = dc + h;
            stats = dcHat + h;
            params = stats + STATISTICS;
            grads = params + 4 * gh + 2 * h;
            da = grads + 4 * gh + 2 * h;
            dxIh = da + gh;
            dxHh = dxIh + gh;
            total = dxHh + gh;
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

        int gainC(int base) {
            return base + 4 * gh;
        }

        int shiftC(int base) {
            return base + 4 * gh + h;
        }
    }

    /**
     * The gains and shifts into the scratch (shifts 0 without biases): extra is
     * {γ_ih, β_ih, γ_hh, β_hh, γ_c, β_c} or {γ_ih, γ_hh, γ_c}.
     */
    private static void loadParameters(Object[] extra, double[] s, Layout l) {
        boolean shifts = extra.length == 6;
        int p = l.params;
        RowMath.load(extra[0], 0, s, l.gainIh(p), l.gh);
        RowMath.load(extra[shifts ? 2 : 1], 0, s, l.gainHh(p), l.gh);
        RowMath.load(extra[shifts ? 4 : 2], 0, s, l.gainC(p), l.h);
        if (shifts) {
            RowMath.load(extra[1], 0, s, l.shiftIh(p), l.gh);
            RowMath.load(extra[3], 0, s, l.shiftHh(p), l.gh);
            RowMath.load(extra[5], 0, s, l.shiftC(p), l.h);
        } else {
            java.util.Arrays.fill(s, l.shiftIh(p), l.shiftIh(p) + l.gh, 0);
            java.util.Arrays.fill(s, l.shiftHh(p), l.shiftHh(p) + l.gh, 0);
            java.util.Arrays.fill(s, l.shiftC(p), l.shiftC(p) + l.h, 0);
        }
    }

    /** One row forward in the scratch: from ih, hh, cPrev to x̂_ih, x̂_hh, act, c, cHat, hOut and stats. */
    private static void forwardRow(double[] s, Layout l) {
        int h = l.h;
        int p = l.params;
        for (int k = 0; k < GATES; k++) {
            s[l.stats + k] = RowMath.normalize(s, l.ih + k * h, h);
            s[l.stats + GATES + k] = RowMath.normalize(s, l.hh + k * h, h);
        }
        for (int j = 0; j < l.gh; j++) {
            double a = s[l.gainIh(p) + j] * s[l.ih + j] + s[l.shiftIh(p) + j]
                    + s[l.gainHh(p) + j] * s[l.hh + j] + s[l.shiftHh(p) + j];
            boolean cellGate = j >= 2 * h && j < 3 * h;
            s[l.act + j] = cellGate ? Math.tanh(a) : RowMath.sigmoid(a);
        }
        for (int j = 0; j < h; j++) {
            double c = s[l.act + h + j] * s[l.cPrev + j] + s[l.act + j] * s[l.act + 2 * h + j];
            s[l.c + j] = c;
            s[l.cHat + j] = c;
        }
        s[l.stats + 2 * GATES] = RowMath.normalize(s, l.cHat, h);
        for (int j = 0; j < h; j++) {
            double cNorm = s[l.gainC(p) + j] * s[l.cHat + j] + s[l.shiftC(p) + j];
            s[l.hOut + j] = s[l.act + 3 * h + j] * Math.tanh(cNorm);
        }
    }

    /**
     * One row backward in the scratch: from dh, dc and what forward kept (x̂_ih, x̂_hh, act, cPrev,
     * cHat, stats) to dxIh, dxHh (the gradients of the two products), dc (that of c_prev), and adds
     * into the parameter gradients.
     */
    private static void backwardRow(double[] s, Layout l) {
        int h = l.h;
        int p = l.params;
        int g = l.grads;
        for (int j = 0; j < h; j++) {
            double cNorm = s[l.gainC(p) + j] * s[l.cHat + j] + s[l.shiftC(p) + j];
            double th = Math.tanh(cNorm);
            double o = s[l.act + 3 * h + j];
            double dh = s[l.dh + j];
            s[l.da + 3 * h + j] = dh * th * o * (1 - o);
            double dcNorm = dh * o * (1 - th * th);
            s[l.gainC(g) + j] += dcNorm * s[l.cHat + j];
            s[l.shiftC(g) + j] += dcNorm;
            s[l.dcHat + j] = dcNorm * s[l.gainC(p) + j];
        }
        RowMath.normalizeBackward(s, l.cHat, l.dcHat, h, s[l.stats + 2 * GATES]);
        for (int j = 0; j < h; j++) {
            double dc = s[l.dc + j] + s[l.dcHat + j];
            double i = s[l.act + j];
            double f = s[l.act + h + j];
            double gg = s[l.act + 2 * h + j];
            s[l.da + j] = dc * gg * i * (1 - i);
            s[l.da + h + j] = dc * s[l.cPrev + j] * f * (1 - f);
            s[l.da + 2 * h + j] = dc * i * (1 - gg * gg);
            s[l.dc + j] = dc * f;
        }
        for (int j = 0; j < l.gh; j++) {
            double da = s[l.da + j];
            s[l.gainIh(g) + j] += da * s[l.ih + j];
            s[l.shiftIh(g) + j] += da;
            s[l.gainHh(g) + j] += da * s[l.hh + j];
            s[l.shiftHh(g) + j] += da;
            s[l.dxIh + j] = da * s[l.gainIh(p) + j];
            s[l.dxHh + j] = da * s[l.gainHh(p) + j];
        }
        for (int k = 0; k < GATES; k++) {
            RowMath.normalizeBackward(s, l.ih + k * h, l.dxIh + k * h, h, s[l.stats + k]);
            RowMath.normalizeBackward(s, l.hh + k * h, l.dxHh + k * h, h, s[l.stats + GATES + k]);
        }
    }

    @Override
    void forwardGates(SeqMath math, StepArrays a) {
        Layout l = new Layout(a.hidden);
        double[] s = a.rowScratch;
        loadParameters(a.extra, s, l);
        int h = l.h;
        int saved = savedWidth(h);
        for (int r = 0; r < a.rows; r++) {
            int gateRow = r * l.gh;
            int stateRow = r * h;
            int savedRow = a.savedOff + r * saved;
            RowMath.load(a.pre, a.preOff + gateRow, s, l.ih, l.gh);
            RowMath.load(a.hh, a.hhOff + gateRow, s, l.hh, l.gh);
            RowMath.load(a.cPrev, a.cPrevOff + stateRow, s, l.cPrev, h);
            forwardRow(s, l);
            RowMath.store(s, l.ih, a.pre, a.preOff + gateRow, l.gh);
            RowMath.store(s, l.hh, a.hh, a.hhOff + gateRow, l.gh);
            RowMath.store(s, l.act, a.acts, a.actsOff + gateRow, l.gh);
            RowMath.store(s, l.c, a.c, a.cOff + stateRow, h);
            RowMath.store(s, l.hOut, a.h, a.hOff + stateRow, h);
            RowMath.store(s, l.stats, a.saved, savedRow, STATISTICS);
            RowMath.store(s, l.cHat, a.saved, savedRow + STATISTICS, h);
        }
    }

    @Override
    void backwardGates(SeqMath math, StepArrays a) {
        Layout l = new Layout(a.hidden);
        double[] s = a.rowScratch;
        loadParameters(a.extra, s, l);
        java.util.Arrays.fill(s, l.grads, l.grads + 4 * l.gh + 2 * l.h, 0);
        int h = l.h;
        int saved = savedWidth(h);
        for (int r = 0; r < a.rows; r++) {
            int gateRow = r * l.gh;
            int stateRow = r * h;
            int savedRow = a.savedOff + r * saved;
            RowMath.load(a.pre, a.preOff + gateRow, s, l.ih, l.gh);
            RowMath.load(a.hh, a.hhOff + gateRow, s, l.hh, l.gh);
            RowMath.load(a.acts, a.actsOff + gateRow, s, l.act, l.gh);
            RowMath.load(a.cPrev, a.cPrevOff + stateRow, s, l.cPrev, h);
            RowMath.load(a.saved, savedRow, s, l.stats, STATISTICS);
            RowMath.load(a.saved, savedRow + STATISTICS, s, l.cHat, h);
            RowMath.load(a.dh, stateRow, s, l.dh, h);
            RowMath.load(a.dc, stateRow, s, l.dc, h);
            backwardRow(s, l);
            RowMath.store(s, l.dxIh, a.dPre, a.dPreOff + gateRow, l.gh);
            RowMath.store(s, l.dxHh, a.dHh, a.dHhOff + gateRow, l.gh);
            RowMath.store(s, l.dc, a.dc, stateRow, h);
        }
        addParameterGradients(a.dExtra, s, l);
    }

    private static void addParameterGradients(Object[] dExtra, double[] s, Layout l) {
        boolean shifts = dExtra.length == 6;
        int g = l.grads;
        int[] offsets = shifts
                ? new int[] {l.gainIh(g), l.shiftIh(g), l.gainHh(g), l.shiftHh(g), l.gainC(g), l.shiftC(g)}
                : new int[] {l.gainIh(g), l.gainHh(g), l.gainC(g)};
        for (int i = 0; i < dExtra.length; i++) {
            if (dExtra[i] != null) {
                boolean perGate = offsets[i] < l.gainC(g);
                RowMath.addInto(s, offsets[i], dExtra[i], perGate ? l.gh : l.h);
            }
        }
    }

    // ------------------------------------------------------------------ streaming stepper

    /** 8H: {@code [W_ih | 0]} (4H rows) over {@code [0 | W_hh]} (4H rows), so the two products stay apart. */
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
        for (int r = 0; r < batch; r++) { // out row: [W_ih x | W_hh h]
            RowMath.load(out, r * 2 * l.gh, rowScratch, l.ih, l.gh);
            RowMath.load(out, r * 2 * l.gh + l.gh, rowScratch, l.hh, l.gh);
            RowMath.load(c, r * hidden, rowScratch, l.cPrev, hidden);
            forwardRow(rowScratch, l);
            RowMath.store(rowScratch, l.c, c, r * hidden, hidden);
            RowMath.store(rowScratch, l.hOut, h, r * hidden, hidden);
        }
    }
}
