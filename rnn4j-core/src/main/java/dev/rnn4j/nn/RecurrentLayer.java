package dev.rnn4j.nn;

import dev.rnn4j.quant.QuantizedRecurrent;
import dev.rnn4j.recurrent.Cell;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.recurrent.RecurrentSequence;
import dev.rnn4j.tensor.ArrayCache;
import dev.rnn4j.tensor.Autograd;
import dev.rnn4j.tensor.DType;
import dev.rnn4j.tensor.EmbeddingLookup;
import dev.rnn4j.tensor.Ops;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Shape;
import dev.rnn4j.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * PyTorch's {@code RNNBase}: a stack of {@code numLayers} recurrent layers, each in one or two
 * directions, with dropout between layers. {@link RNN}, {@link LSTM} and {@link GRU} are its
 * three faces; {@link #of} makes one for any registered {@link Cell}.
 *
 * <p>Parameters carry PyTorch's names and shapes ({@link Cell#parameterShapes}):
 * {@code weight_ih_l{k}[_reverse]} (G·H, I_k), {@code weight_hh_l{k}[_reverse]} (G·H, H),
 * {@code bias_ih_l{k}[_reverse]} and {@code bias_hh_l{k}[_reverse]} (G·H), with I_0 = inputSize and
 * I_k = D·H after the first layer, and G = 1, 4 (i, f, g, o) or 3 (r, z, n). All start
 * U(−1/√H, 1/√H), as in PyTorch; a cell's own parameters (the gains of a normalisation) start as the
 * cell declares.
 *
 * <p>With {@link Options#projSize} P &gt; 0 (PyTorch's {@code proj_size}, LSTM only) each layer and
 * direction also has {@code weight_hr_l{k}[_reverse]} (P, H), {@code h = W_hr (o ⊙ tanh(c))} has P
 * features, {@code weight_hh} is (G·H, P) and I_k = D·P after the first layer; c keeps H.
 *
 * <p>Shapes: input {@code (T, B, I)} or {@code (B, T, I)} when batch-first; initial states
 * {@code h_0 (L·D, B, S)} with S = P when projecting, else H, and {@code c_0 (L·D, B, H)}; output
 * {@code (T, B, D·S)}; lengths one per batch row, 1..T, as {@code pack_padded_sequence(...,
 * enforce_sorted=False)}.
 */
public abstract class RecurrentLayer extends Module {

    private final Cell cell;
    private final int inputSize;
    private final int hiddenSize;
    private final int projSize;
    private final int numLayers;
    private final boolean bias;
    private final boolean batchFirst;
    private final double dropout;
    private final boolean bidirectional;
    private final double inputDropout;
    private final double recurrentDropout;
    private final double outputDropout;
    private final double weightDropout;
    private final Rng rng;
    private final List<Cell.ParameterShape> ownParameters; // the cell's own, beyond PyTorch's
    private QuantizedRecurrent int8; // the int8 form used for inference, or null

    /** A layer of the built-in cell {@code type}. */
    protected RecurrentLayer(CellType type, Options o, Rng rng) {
        this(type.cell(), o, rng);
    }

    /** A layer of {@code cell}. */
    protected RecurrentLayer(Cell cell, Options o, Rng rng) {
        if (cell == null) {
            throw new IllegalArgumentException("cell is null");
        }
        if (o.inputSize <= 0 || o.hiddenSize <= 0) {
            throw new IllegalArgumentException(kind(cell) + ": inputSize and hiddenSize must be positive, got "
                    + o.inputSize + " and " + o.hiddenSize);
        }
        if (o.numLayers < 1) {
            throw new IllegalArgumentException(kind(cell) + ": numLayers must be at least 1, got " + o.numLayers);
        }
        checkProbability(cell, "dropout", o.dropout);
        checkProbability(cell, "inputDropout", o.inputDropout);
        checkProbability(cell, "recurrentDropout", o.recurrentDropout);
        checkProbability(cell, "outputDropout", o.outputDropout);
        checkProbability(cell, "weightDropout", o.weightDropout);
        this.cell = cell;
        this.inputSize = o.inputSize;
        this.hiddenSize = o.hiddenSize;
        this.projSize = o.projSize;
        this.numLayers = o.numLayers;
        this.bias = o.bias;
        this.batchFirst = o.batchFirst;
        this.dropout = o.dropout;
        this.bidirectional = o.bidirectional;
        this.inputDropout = o.inputDropout;
        this.recurrentDropout = o.recurrentDropout;
        this.outputDropout = o.outputDropout;
        this.weightDropout = o.weightDropout;
        this.rng = rng;
        double bound = 1.0 / Math.sqrt(hiddenSize);
        for (int layer = 0; layer < numLayers; layer++) {
            int in = layer == 0 ? inputSize : stateSize() * directions();
            for (int dir = 0; dir < directions(); dir++) {
                String suffix = "_l" + layer + (dir == 1 ? "_reverse" : "");
                for (Cell.ParameterShape p : cell.parameterShapes(in, hiddenSize, projSize, bias)) {
                    registerParameter(p.name() + suffix, Init.recurrentParameter(p, bound, rng));
                }
            }
        }
        this.ownParameters = cell.extraParameterShapes(hiddenSize, bias);
    }

    /**
     * A layer of any registered cell (e.g. {@code Cells.forName("LSTM")}), the same as the
     * {@link LSTM}, {@link GRU} or {@link RNN} of that cell.
     */
    public static RecurrentLayer of(Cell cell, Options options, Rng rng) {
        return new OfCell(cell, options, rng);
    }

    /** {@link #of} for a built-in cell. */
    public static RecurrentLayer of(CellType type, Options options, Rng rng) {
        return of(type.cell(), options, rng);
    }

    /** The layer {@link #of} makes. */
    private static final class OfCell extends RecurrentLayer {
        OfCell(Cell cell, Options options, Rng rng) {
            super(cell, options, rng);
        }
    }

    private static void checkProbability(Cell cell, String name, double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException(kind(cell) + ": " + name + " must be in [0, 1), got " + p);
        }
    }

    private static String kind(Cell cell) {
        return cell.layerName();
    }

    /** Construction options, named as PyTorch's constructor arguments. */
    public static final class Options {
        final int inputSize;
        final int hiddenSize;
        int projSize;
        int numLayers = 1;
        boolean bias = true;
        boolean batchFirst;
        double dropout;
        boolean bidirectional;
        double inputDropout;
        double recurrentDropout;
        double outputDropout;
        double weightDropout;

        public Options(int inputSize, int hiddenSize) {
            this.inputSize = inputSize;
            this.hiddenSize = hiddenSize;
        }

        /**
         * PyTorch's {@code proj_size}: h is projected to P features by {@code weight_hr} (P, H), in
         * 1..H−1, or 0 (the default) for none. Only for cells that support it (the LSTM).
         */
        public Options projSize(int p) {
            this.projSize = p;
            return this;
        }

        public Options numLayers(int n) {
            this.numLayers = n;
            return this;
        }

        public Options bias(boolean b) {
            this.bias = b;
            return this;
        }

        public Options batchFirst(boolean b) {
            this.batchFirst = b;
            return this;
        }

        /** Dropout on the outputs of every layer but the last, while training. */
        public Options dropout(double p) {
            this.dropout = p;
            return this;
        }

        public Options bidirectional(boolean b) {
            this.bidirectional = b;
            return this;
        }

        /**
         * Variational dropout on every layer's input (Gal &amp; Ghahramani 2016): one mask per
         * sequence and feature, the same at every time step.
         */
        public Options inputDropout(double p) {
            this.inputDropout = p;
            return this;
        }

        /**
         * Variational dropout on the recurrent state entering {@code W_hh}: one (B, H) mask per
         * sequence, layer and direction, the same at every step, inside the fused kernel.
         */
        public Options recurrentDropout(double p) {
            this.recurrentDropout = p;
            return this;
        }

        /** Variational dropout on the last layer's output: one mask per sequence and feature. */
        public Options outputDropout(double p) {
            this.outputDropout = p;
            return this;
        }

        /**
         * DropConnect on the recurrent weights (AWD-LSTM's weight drop, Merity et al. 2018): each
         * element of every {@code W_hh} is dropped with probability p, one mask per forward pass.
         */
        public Options weightDropout(double p) {
            this.weightDropout = p;
            return this;
        }
    }

    /**
     * Runs inference through {@code quantized} from now on (null: back to float): the forward and
     * {@link dev.rnn4j.recurrent.RecurrentStepper}s made afterwards use it in evaluation mode, on
     * float32 input, whenever no gradient is recorded. Training, gradients (explanations) and float64
     * keep the float path on this layer's parameters, which a loaded quantized model holds dequantized
     * ({@link dev.rnn4j.quant.QuantizedWeights}).
     */
    public void useInt8(QuantizedRecurrent quantized) {
        if (quantized != null && !quantized.fits(this)) {
            throw new IllegalArgumentException(kind(cell) + ": the int8 form " + quantized + " does not fit this layer ("
                    + cell.name() + ", input " + inputSize + ", hidden " + hiddenSize + ", layers " + numLayers
                    + ", directions " + directions() + ", batchFirst " + batchFirst + ")");
        }
        this.int8 = quantized;
    }

    /** The int8 form in use, or null. */
    public QuantizedRecurrent int8() {
        return int8;
    }

    /** Runs the whole sequence with zero initial states. */
    public RecurrentOutput forward(Tensor x) {
        return forward(x, null, null, null);
    }

    /** Runs a padded batch with per-row lengths (packed semantics) and zero initial states. */
    public RecurrentOutput forward(Tensor x, int[] lengths) {
        return forward(x, lengths, null, null);
    }

    /**
     * The general forward.
     *
     * @param x       (T, B, I), or (B, T, I) when batch-first
     * @param lengths per-row valid lengths (1..T), or null for full length
     * @param h0      (L·D, B, S) or null for zeros (S = projSize when projecting, else H)
     * @param c0      (L·D, B, H) or null for zeros; only for cells with a cell state
     */
    public RecurrentOutput forward(Tensor x, int[] lengths, Tensor h0, Tensor c0) {
        String name = kind(cell);
        if (x == null) {
            throw new IllegalArgumentException(name + ": input is null");
        }
        if (x.rank() != 3) {
            throw new IllegalArgumentException(name + ": expected a 3-D input " + (batchFirst ? "(B, T, I)" : "(T, B, I)")
                    + ", got shape " + Shape.str(x.shape()));
        }
        if (x.size(2) != inputSize) {
            throw new IllegalArgumentException(name + ": expected input feature size " + inputSize + ", got "
                    + x.size(2) + " (input shape " + Shape.str(x.shape()) + ")");
        }
        int steps = batchFirst ? x.size(1) : x.size(0);
        int batch = batchFirst ? x.size(0) : x.size(1);
        if (steps == 0) {
            throw new IllegalArgumentException(name + ": the input has no time steps (shape " + Shape.str(x.shape()) + ")");
        }
        if (batch == 0) {
            throw new IllegalArgumentException(name + ": the input has an empty batch (shape " + Shape.str(x.shape()) + ")");
        }
        x.checkFinite(name + " input");
        if (lengths != null) {
            if (lengths.length != batch) {
                throw new IllegalArgumentException(name + ": expected " + batch + " lengths (one per batch row), got "
                        + lengths.length);
            }
            for (int b = 0; b < batch; b++) {
                if (lengths[b] < 1 || lengths[b] > steps) {
                    throw new IllegalArgumentException(name + ": length " + lengths[b] + " of batch row " + b
                            + " is outside 1.." + steps + " (the sequence length)");
                }
            }
        }
        int states = numLayers * directions();
        checkState(name, "h_0", h0, new int[] {states, batch, stateSize()}, x);
        if (c0 != null && !cell.hasCellState()) {
            throw new IllegalArgumentException(name + ": has no cell state, but c_0 was given");
        }
        checkState(name, "c_0", c0, new int[] {states, batch, hiddenSize}, x);
        if (int8 != null && !isTraining() && x.dtype() == DType.F32
                && !Autograd.shouldRecord(x, h0, c0, parameter("weight_ih_l0"))) {
            return int8.forward(x, lengths, h0, c0);
        }

        // the first layer takes the tokens of an embedding lookup instead of its rows when that is cheaper
        EmbeddingLookup lookup = tokenInput(x, steps, batch);
        int[] tokens = lookup != null ? timeMajorTokens(lookup.ids(), steps, batch) : null;
        Tensor seq = lookup != null ? null : batchFirst ? x.transpose(0, 1) : x;
        Tensor layerInput = seq;
        // activations only this forward's graph reads (Java 21+ paths: given back after backward)
        List<Tensor> internals = ArrayCache.enabled() ? new ArrayList<>() : null;
        track(internals, seq);
        List<Tensor> hN = new ArrayList<>(states);
        List<Tensor> cN = new ArrayList<>(states);
        boolean regularise = isTraining();
        for (int layer = 0; layer < numLayers; layer++) {
            if (regularise && inputDropout > 0) {
                layerInput = variational(layerInput, inputDropout, "input_dropout");
                track(internals, layerInput);
            }
            List<Tensor> outs = new ArrayList<>(2);
            for (int dir = 0; dir < directions(); dir++) {
                int k = layer * directions() + dir;
                String suffix = "_l" + layer + (dir == 1 ? "_reverse" : "");
                Tensor h = h0 != null ? h0.select(0, k) : Tensor.zeros(x.dtype(), batch, stateSize());
                Tensor c = null;
                if (cell.hasCellState()) {
                    c = c0 != null ? c0.select(0, k) : Tensor.zeros(x.dtype(), batch, hiddenSize);
                }
                Tensor wHh = parameter("weight_hh" + suffix);
                if (regularise && weightDropout > 0) {
                    wHh = Ops.dropout(wHh, weightDropout, rng);
                }
                float[] stateMask = regularise && recurrentDropout > 0
                        ? bernoulliMask(batch * stateSize(), recurrentDropout) : null;
                Tensor[] own = new Tensor[ownParameters.size()];
                for (int i = 0; i < own.length; i++) {
                    own[i] = parameter(ownParameters.get(i).name() + suffix);
                }
                Tensor wHr = projSize > 0 ? parameter("weight_hr" + suffix) : null;
                Tensor[] r = layer == 0 && tokens != null
                        ? RecurrentSequence.runTokens(cell, dir == 1, lookup.weight(), tokens, steps, batch,
                                lookup.paddingIdx(), x, lengths, h, c, parameter("weight_ih" + suffix), wHh,
                                parameter("bias_ih" + suffix), parameter("bias_hh" + suffix), wHr, own, stateMask)
                        : RecurrentSequence.run(cell, dir == 1, layerInput, lengths, h, c,
                                parameter("weight_ih" + suffix), wHh, parameter("bias_ih" + suffix),
                                parameter("bias_hh" + suffix), wHr, own, stateMask);
                outs.add(r[0]);
                track(internals, r[0]);
                hN.add(r[1]);
                if (r[2] != null) {
                    cN.add(r[2]);
                }
            }
            Tensor out = outs.size() == 1 ? outs.get(0) : Tensor.cat(outs, 2);
            track(internals, out);
            if (layer < numLayers - 1 && dropout > 0 && regularise) {
                out = Ops.dropout(out, dropout, rng);
                track(internals, out);
            }
            layerInput = out;
        }
        if (regularise && outputDropout > 0) {
            layerInput = variational(layerInput, outputDropout, "output_dropout");
            track(internals, layerInput);
        }
        Tensor hStack = Tensor.stack(hN, 0);
        Tensor cStack = cN.isEmpty() ? null : Tensor.stack(cN, 0);
        // the batch-first output last: a caller that drops it before its next call leaves it dead at
        // any young collection that call starts (an output still referenced is copied to the old generation)
        Tensor output = !batchFirst ? layerInput
                : Autograd.shouldRecord(layerInput) || layerInput.f() == null ? layerInput.transpose(0, 1)
                : batchFirstCopy(layerInput);
        if (internals != null) {
            releaseInternals(internals, x, output, hStack, cStack);
        }
        return new RecurrentOutput(output, hStack, cStack);
    }

    /**
     * The embedding lookup that {@code x} is the output of, when the first layer should run on its
     * tokens ({@link RecurrentSequence#runTokens}): x is the lookup's own output (not a view or a
     * copy) and does not keep its own gradient, no input dropout applies to it, and the table has at
     * most half as many rows as the input (V ≤ T·B / 2), so that its products (V rows) cost less than
     * those of the rows (T·B). Else null.
     * Only a recorded lookup is recognised: without a graph (inference, frozen embeddings) the rows
     * are used.
     */
    private EmbeddingLookup tokenInput(Tensor x, int steps, int batch) {
        if (isTraining() && inputDropout > 0) {
            return null;
        }
        if (!(x.gradFn() instanceof EmbeddingLookup lookup) || !lookup.tokensCanStandFor(x)) {
            return null;
        }
        Tensor table = lookup.weight();
        if (table.dtype() != x.dtype() || 2L * table.size(0) > (long) steps * batch) {
            return null;
        }
        return lookup;
    }

    /** Token ids (T, B) time-major from the lookup's ids, laid out as the input: (B, T) when batch-first, else (T, B). */
    private int[] timeMajorTokens(int[] ids, int steps, int batch) {
        if (!batchFirst) {
            return ids;
        }
        int[] tokens = new int[steps * batch];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                tokens[t * batch + b] = ids[b * steps + t];
            }
        }
        return tokens;
    }

    /**
     * (T, B, S) float32 without a graph → a new (B, T, S) array, not one from {@link ArrayCache}: the
     * caller gets memory of the young generation, which dies young once dropped. Taken from the cache
     * it would often be an array the old generation holds, while the layer's internal buffers, given
     * back at the end of the call, come anew and are copied into the old generation at the next young
     * collection (32 MB per call at the reference sizes, with rows of mixed lengths).
     */
    private static Tensor batchFirstCopy(Tensor timeMajor) {
        int steps = timeMajor.size(0);
        int batch = timeMajor.size(1);
        int width = timeMajor.size(2);
        float[] src = timeMajor.f();
        float[] dst = new float[steps * batch * width];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                System.arraycopy(src, (t * batch + b) * width, dst, (b * steps + t) * width, width);
            }
        }
        return Tensor.of(dst, batch, steps, width);
    }

    private static void track(List<Tensor> internals, Tensor t) {
        if (internals != null && t != null) {
            internals.add(t);
        }
    }

    /**
     * Declares the activations that never leave this forward ({@link Tensor#releaseAfterBackward()}):
     * their arrays go back to the cache once the backward pass is done with them, for the next
     * step; when no graph was recorded (inference, {@link Autograd#noGrad()}), nothing will read
     * them again and they go back now. Only tensors of their own array: none that shares its data
     * with what the caller gets (the output, the states, the input; views and operations that
     * return their input share it), and each array once.
     */
    private static void releaseInternals(List<Tensor> internals, Tensor x, Tensor output, Tensor hN, Tensor cN) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        seen.add(x.data());
        seen.add(output.data());
        seen.add(hN.data());
        if (cN != null) {
            seen.add(cN.data());
        }
        // every recorded operation leads to the output and the final states
        boolean noGraph = output.gradFn() == null && hN.gradFn() == null;
        for (Tensor t : internals) {
            if (noGraph) {
                if (seen.add(t.data())) {
                    ArrayCache.give(t.f());
                }
            } else if (t.gradFn() != null && seen.add(t.data())) {
                t.releaseAfterBackward();
            }
        }
    }

    /** Inverted-dropout mask of {@code n} values: 0 with probability p, else 1/(1−p). */
    private float[] bernoulliMask(int n, double p) {
        float[] mask = new float[n];
        float keep = (float) (1 / (1 - p));
        for (int i = 0; i < n; i++) {
            mask[i] = rng.nextDouble() >= p ? keep : 0f;
        }
        return mask;
    }

    /** x (T, B, F) times one (B, F) mask shared by every time step. */
    private Tensor variational(Tensor x, double p, String name) {
        return Ops.applyMask(x, bernoulliMask(x.size(1) * x.size(2), p), name);
    }

    private static void checkState(String layer, String what, Tensor state, int[] expected, Tensor x) {
        if (state == null) {
            return;
        }
        if (!Arrays.equals(state.shape(), expected)) {
            throw new IllegalArgumentException(layer + ": expected " + what + " of shape " + Shape.str(expected)
                    + ", got " + Shape.str(state.shape()));
        }
        if (state.dtype() != x.dtype()) {
            throw new IllegalArgumentException(layer + ": " + what + " is " + state.dtype() + " but the input is "
                    + x.dtype());
        }
        state.checkFinite(layer + " " + what);
    }

    /** The layer's cell. */
    public Cell cell() {
        return cell;
    }

    public int inputSize() {
        return inputSize;
    }

    public int hiddenSize() {
        return hiddenSize;
    }

    /** P, PyTorch's {@code proj_size}, or 0 without a projection. */
    public int projSize() {
        return projSize;
    }

    /** The width of h, of the states and of each direction's output: {@link #projSize()} when projecting, else H. */
    public int stateSize() {
        return projSize > 0 ? projSize : hiddenSize;
    }

    public int numLayers() {
        return numLayers;
    }

    public boolean hasBias() {
        return bias;
    }

    public boolean batchFirst() {
        return batchFirst;
    }

    public double dropout() {
        return dropout;
    }

    public boolean bidirectional() {
        return bidirectional;
    }

    public double inputDropout() {
        return inputDropout;
    }

    public double recurrentDropout() {
        return recurrentDropout;
    }

    public double outputDropout() {
        return outputDropout;
    }

    public double weightDropout() {
        return weightDropout;
    }

    /** 2 when bidirectional, else 1. */
    public int directions() {
        return bidirectional ? 2 : 1;
    }
}
