package dev.rnn4j.recurrent;

import dev.rnn4j.kernels.Kernels;

import java.util.ArrayList;
import java.util.List;

/**
 * One kind of recurrent cell: its gates, its parameters and state, and the pointwise gate pass of
 * one step, forward and backward, that the fused sequence kernel ({@link RecurrentSequence}) and the
 * streaming stepper ({@link RecurrentStepper}) drive. The engine does everything that is the same for
 * every cell (the input projections of all steps in one GEMM, one GEMM per step against
 * {@code W_hh}, the weight gradients, variable lengths, recurrent dropout) and calls the cell once
 * per step, never per element; the cell calls the named gate kernel it needs
 * ({@link Kernels#lstmGatesForward}, {@link Kernels#gruGatesForward}, ...).
 *
 * <p>Cells are registered by name in {@link Cells}; {@link CellType} names the built-in ones. The
 * hooks are package-private, so cells live in this package (see the package comment for how to add
 * one).
 *
 * <p>Every cell has PyTorch's weights: {@code weight_ih} (G·H, I) and {@code weight_hh} (G·H, S), with
 * G = {@link #gates()} blocks of H rows stacked in the cell's gate order and S the width of h (H, or
 * P with a projection); by default also {@code bias_ih} and {@code bias_hh} (G·H), which the engine
 * adds to the products. A cell that {@link #supportsProjection() supports projections} takes
 * PyTorch's {@code weight_hr} (P, H), {@code h = W_hr (cell output)}, which the engine applies. A cell
 * may declare parameters of its own ({@link #extraParameterShapes}); the engine hands their data and
 * gradients to the gate pass in {@link StepArrays#extra} and {@link StepArrays#dExtra}.
 */
public abstract class Cell {

    /** How a parameter starts: U(−1/√H, 1/√H) as PyTorch's recurrent weights, or a constant. */
    public enum Fill {
        /** U(−1/√H, 1/√H). */
        UNIFORM,
        /** 1 (the gain of a normalisation). */
        ONES,
        /** 0 (the shift of a normalisation). */
        ZEROS
    }

    /** A parameter's name without the layer suffix (e.g. {@code weight_ih}), how it starts, and its shape. */
    public record ParameterShape(String name, Fill fill, int... shape) {
        /** A parameter that starts U(−1/√H, 1/√H). */
        public ParameterShape(String name, int... shape) {
            this(name, Fill.UNIFORM, shape);
        }
    }

    private final String name;
    private final int gates;

    /**
     * @param name  the registry name, PyTorch's mode ({@code "LSTM"}, {@code "GRU"}, {@code "RNN_TANH"})
     * @param gates G: blocks of H rows in the stacked weights
     */
    Cell(String name, int gates) {
        this.name = name;
        this.gates = gates;
    }

    /** The registry name, e.g. {@code "LSTM"} or {@code "RNN_RELU"}. */
    public final String name() {
        return name;
    }

    /** The name in error messages of a layer of this cell, e.g. {@code "LSTM"} or {@code "RNN"}. */
    public String layerName() {
        return name;
    }

    /** G: the number of stacked gates (rows of the stacked weights / H). */
    public final int gates() {
        return gates;
    }

    /** Whether the cell has a second state c (B, H) beside h, as the LSTM. */
    public boolean hasCellState() {
        return false;
    }

    /**
     * Whether the cell's h may be projected to P &lt; H features ({@code proj_size}, PyTorch's
     * {@code weight_hr}): only cells whose gate pass reads neither h_prev nor its own output h.
     */
    public boolean supportsProjection() {
        return false;
    }

    /** The parameters of one layer and direction without a projection (P = 0 in the method below). */
    public final List<ParameterShape> parameterShapes(int inputSize, int hiddenSize, boolean bias) {
        return parameterShapes(inputSize, hiddenSize, 0, bias);
    }

    /**
     * The parameters of one layer and direction, in registration order (the order in which they
     * draw their initial values): {@code weight_ih} (G·H, I), {@code weight_hh} (G·H, S) with S = P
     * when {@code projSize} &gt; 0 else H; with {@code bias} and {@link #standardBiases()}
     * {@code bias_ih} and {@code bias_hh} (G·H); with a projection {@code weight_hr} (P, H); then the
     * cell's own ({@link #extraParameterShapes}).
     *
     * @param projSize P, or 0 for no projection
     * @throws IllegalArgumentException if {@code projSize} is negative, not below H, or given to a cell
     *         without {@link #supportsProjection()}
     */
    public final List<ParameterShape> parameterShapes(int inputSize, int hiddenSize, int projSize, boolean bias) {
        if (projSize != 0) {
            if (!supportsProjection()) {
                throw new IllegalArgumentException(layerName() + ": projSize is only supported by cells with a "
                        + "projection (LSTM), got projSize " + projSize);
            }
            if (projSize < 0 || projSize >= hiddenSize) {
                throw new IllegalArgumentException(layerName() + ": projSize must be in 1.." + (hiddenSize - 1)
                        + " (below hiddenSize " + hiddenSize + ") or 0 for none, got " + projSize);
            }
        }
        int rows = gates * hiddenSize;
        int state = projSize > 0 ? projSize : hiddenSize;
        List<ParameterShape> shapes = new ArrayList<>();
        shapes.add(new ParameterShape("weight_ih", rows, inputSize));
        shapes.add(new ParameterShape("weight_hh", rows, state));
        if (bias && standardBiases()) {
            shapes.add(new ParameterShape("bias_ih", rows));
            shapes.add(new ParameterShape("bias_hh", rows));
        }
        if (projSize > 0) {
            shapes.add(new ParameterShape("weight_hr", projSize, hiddenSize));
        }
        shapes.addAll(extraParameterShapes(hiddenSize, bias));
        return List.copyOf(shapes);
    }

    /**
     * Whether the cell has PyTorch's {@code bias_ih} and {@code bias_hh}, which the engine adds to
     * the two products before the gate pass (default). A cell that places its shifts elsewhere (after
     * a normalisation) declares them among its own parameters instead.
     */
    boolean standardBiases() {
        return true;
    }

    /**
     * The cell's own parameters beyond PyTorch's, in the order the engine hands them to the gate
     * pass ({@link StepArrays#extra}); none by default.
     *
     * @param bias whether the layer has biases (shifts)
     */
    public List<ParameterShape> extraParameterShapes(int hiddenSize, boolean bias) {
        return List.of();
    }

    /** Values per row and step the gate pass keeps for backward in {@link StepArrays#saved}; none by default. */
    int savedWidth(int hidden) {
        return 0;
    }

    /** Doubles of scratch for the gate pass, forward and backward ({@link StepArrays#rowScratch}); none by default. */
    int rowScratchDoubles(int hidden) {
        return 0;
    }

    @Override
    public String toString() {
        return name;
    }

    // ------------------------------------------------------------------ the sequence kernel's hooks

    /**
     * Whether {@code W_hh h + b_hh} stays apart from the input projection (the GRU, whose reset gate
     * scales part of it): the engine then writes it to {@link StepArrays#hh} and gives the gate pass
     * a separate {@link StepArrays#acts} to keep its activations in, and backward a separate
     * {@link StepArrays#dHh}. Otherwise (false) the engine adds {@code W_hh h} into the input
     * projection, both biases included, and the gate pass keeps its activations in place of the
     * pre-activations.
     */
    boolean separateRecurrentProjection() {
        return false;
    }

    /**
     * Whether h depends on h_prev other than through {@code W_hh} (the GRU's {@code z ⊙ h_prev}):
     * backward then writes that direct part of the gradient to {@link StepArrays#dhPrev}, and the
     * engine adds the part through {@code W_hh} to it. Otherwise the engine overwrites dhPrev.
     */
    boolean directStatePath() {
        return false;
    }

    /** Whether the gate backward reads the step's output h (the Elman cells). */
    boolean backwardReadsOutput() {
        return false;
    }

    /**
     * The gate pass of one step, forward, for {@code a.rows} rows: reads the pre-activations (and
     * h_prev, c_prev), writes h (and c), keeps in {@code a.pre} or {@code a.acts} what backward needs.
     * Arrays are {@code float[]} or {@code double[]}, as {@code math}.
     */
    abstract void forwardGates(SeqMath math, StepArrays a);

    /**
     * Backward of {@link #forwardGates} for the same step: from {@code a.dh} (and {@code a.dc}, the
     * gradient reaching c, replaced by that of c_prev) writes the pre-activation gradients
     * {@code a.dPre} (and {@code a.dHh}), and with {@link #directStatePath()} {@code a.dhPrev}.
     */
    abstract void backwardGates(SeqMath math, StepArrays a);

    // ------------------------------------------------------------------ the streaming stepper's hooks

    /** Rows of the stepper's stacked matrix {@code [W_ih | W_hh]} of one layer (G·H unless the cell needs more). */
    int stackedRows(int hidden) {
        return gates * hidden;
    }

    /**
     * Fills the stepper's stacked matrix {@code w} ({@link #stackedRows}, in + S) and bias {@code b}
     * ({@link #stackedRows}) from one layer's weights (biases may be null), S = {@code state} the width
     * of h (H, or P with a projection): by default row j is {@code [W_ih[j] | W_hh[j]]} with bias
     * {@code b_ih[j] + b_hh[j]}.
     */
    void stack(int in, int state, int hidden, float[] wIh, float[] wHh, float[] bIh, float[] bHh, float[] w,
               float[] b) {
        int width = in + state;
        for (int j = 0; j < gates * hidden; j++) {
            System.arraycopy(wIh, j * in, w, j * width, in);
            System.arraycopy(wHh, j * state, w, j * width + in, state);
            b[j] = (bIh == null ? 0f : bIh[j]) + (bHh == null ? 0f : bHh[j]);
        }
    }

    /** Floats of scratch the stepper's gate pass needs for {@code batch} streams. */
    int stepScratchFloats(int batch, int hidden) {
        return 0;
    }

    /**
     * The stepper's gate pass: {@code out} (B, {@link #stackedRows}) holds {@code [x | h] · W_stackedᵀ + b};
     * updates {@code h} (and {@code c}) (B, H) in place. {@code scratch} has at least
     * {@link #stepScratchFloats} floats for the largest batch the stepper was sized for; {@code extra}
     * holds the layer's own parameters ({@link #extraParameterShapes}) in float32, and
     * {@code rowScratch} {@link #rowScratchDoubles} doubles.
     */
    abstract void stepGates(Kernels kernels, float[] out, float[] h, float[] c, float[] scratch, float[][] extra,
                            double[] rowScratch, int batch, int hidden);

    /** Whether the cell has a fused streaming step ({@link #packFusedStep}, {@link #fusedStep}). */
    boolean hasFusedStep() {
        return false;
    }

    /** One layer's weights in the layout of {@link #fusedStep} (only with {@link #hasFusedStep()}). */
    float[] packFusedStep(Kernels kernels, int input, int hidden, float[] wIh, float[] wHh, float[] bIh, float[] bHh) {
        throw new UnsupportedOperationException(name + " has no fused streaming step");
    }

    /**
     * One fused streaming step of one layer (only with {@link #hasFusedStep()}): reads x (rows, I) from
     * xOff and hPrev (rows, H), writes h (rows, H), and c in place for a cell with a cell state.
     */
    void fusedStep(Kernels kernels, int rows, int input, int hidden, float[] packed, float[] x, int xOff,
                   float[] hPrev, float[] c, float[] h) {
        throw new UnsupportedOperationException(name + " has no fused streaming step");
    }
}
