package dev.rnn4j.nn;

import dev.rnn4j.recurrent.Cell;
import dev.rnn4j.recurrent.CellType;
import dev.rnn4j.recurrent.RecurrentSequence;
import dev.rnn4j.tensor.Rng;
import dev.rnn4j.tensor.Shape;
import dev.rnn4j.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * One step of a recurrent cell, as PyTorch's {@code RNNCell}, {@code LSTMCell}, {@code GRUCell}:
 * parameters {@code weight_ih} (G·H, I), {@code weight_hh} (G·H, H), {@code bias_ih},
 * {@code bias_hh} (G·H), initialised U(−1/√H, 1/√H), and any parameters of the cell's own
 * ({@link Cell#extraParameterShapes}, filled as the cell declares). Input (B, I), states (B, H).
 * It runs the same fused kernel as the layers, for one step.
 */
public abstract class RecurrentCell extends Module {

    private final Cell cell;
    private final int inputSize;
    private final int hiddenSize;
    private final boolean bias;

    /** A one-step module of the built-in cell {@code type}. */
    protected RecurrentCell(CellType type, int inputSize, int hiddenSize, boolean bias, Rng rng) {
        this(type.cell(), inputSize, hiddenSize, bias, rng);
    }

    /** A one-step module of {@code cell}. */
    protected RecurrentCell(Cell cell, int inputSize, int hiddenSize, boolean bias, Rng rng) {
        if (inputSize <= 0 || hiddenSize <= 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": sizes must be positive, got "
                    + inputSize + " and " + hiddenSize);
        }
        this.cell = cell;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.bias = bias;
        double bound = 1.0 / Math.sqrt(hiddenSize);
        for (Cell.ParameterShape p : cell.parameterShapes(inputSize, hiddenSize, bias)) {
            registerParameter(p.name(), Init.recurrentParameter(p, bound, rng));
        }
    }

    /** One step: returns {h'} or {h', c'} (LSTM). States may be null for zeros. */
    protected Tensor[] step(Tensor x, Tensor h, Tensor c) {
        String name = getClass().getSimpleName();
        if (x == null || x.rank() != 2 || x.size(1) != inputSize) {
            throw new IllegalArgumentException(name + ": expected input (B, " + inputSize + "), got "
                    + (x == null ? "null" : Shape.str(x.shape())));
        }
        int batch = x.size(0);
        if (batch == 0) {
            throw new IllegalArgumentException(name + ": the input has an empty batch");
        }
        x.checkFinite(name + " input");
        int[] stateShape = {batch, hiddenSize};
        Tensor h0 = h != null ? checkState(name, "hx", h, stateShape) : Tensor.zeros(x.dtype(), stateShape);
        Tensor c0 = null;
        if (cell.hasCellState()) {
            c0 = c != null ? checkState(name, "cx", c, stateShape) : Tensor.zeros(x.dtype(), stateShape);
        }
        List<Cell.ParameterShape> own = cell.extraParameterShapes(hiddenSize, bias);
        Tensor[] extra = new Tensor[own.size()];
        for (int i = 0; i < extra.length; i++) {
            extra[i] = parameter(own.get(i).name());
        }
        Tensor[] r = RecurrentSequence.run(cell, false, x.reshape(1, batch, inputSize), null, h0, c0,
                parameter("weight_ih"), parameter("weight_hh"), parameter("bias_ih"), parameter("bias_hh"), null,
                extra, null);
        return cell.hasCellState() ? new Tensor[] {r[1], r[2]} : new Tensor[] {r[1]};
    }

    private static Tensor checkState(String name, String what, Tensor s, int[] expected) {
        if (!Arrays.equals(s.shape(), expected)) {
            throw new IllegalArgumentException(name + ": expected " + what + " of shape " + Shape.str(expected)
                    + ", got " + Shape.str(s.shape()));
        }
        return s.checkFinite(name + " " + what);
    }

    public int inputSize() {
        return inputSize;
    }

    public int hiddenSize() {
        return hiddenSize;
    }

    /** {@code torch.nn.RNNCell}. */
    public static final class RNNCell extends RecurrentCell {
        public RNNCell(int inputSize, int hiddenSize, boolean relu, Rng rng) {
            super(relu ? CellType.RNN_RELU : CellType.RNN_TANH, inputSize, hiddenSize, true, rng);
        }

        /** h' (B, H) from x (B, I) and h (B, H) or null. */
        public Tensor forward(Tensor x, Tensor h) {
            return step(x, h, null)[0];
        }
    }

    /** {@code torch.nn.GRUCell}. */
    public static final class GRUCell extends RecurrentCell {
        public GRUCell(int inputSize, int hiddenSize, Rng rng) {
            super(CellType.GRU, inputSize, hiddenSize, true, rng);
        }

        /** h' (B, H) from x (B, I) and h (B, H) or null. */
        public Tensor forward(Tensor x, Tensor h) {
            return step(x, h, null)[0];
        }
    }

    /** {@code torch.nn.LSTMCell}. */
    public static final class LSTMCell extends RecurrentCell {
        public LSTMCell(int inputSize, int hiddenSize, Rng rng) {
            super(CellType.LSTM, inputSize, hiddenSize, true, rng);
        }

        /** {h', c'} from x (B, I) and (h, c) (B, H) each, or nulls for zeros. */
        public Tensor[] forward(Tensor x, Tensor h, Tensor c) {
            return step(x, h, c);
        }
    }
}
