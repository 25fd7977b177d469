package dev.rnn4j.quant;

import dev.rnn4j.kernels.KernelProvider;
import dev.rnn4j.kernels.Kernels;

import java.util.Arrays;

/**
 * Streaming inference with a {@link QuantizedRecurrent}: one time step of every layer per call for
 * B streams, as {@code RecurrentStepper} does for float layers (which hands its work to this class
 * when its layer has an int8 form). Per step and layer: the input row and the hidden state are
 * quantized, two int8 products, then the float gate pass: exactly the steps of
 * {@link QuantizedRecurrent#forward}, so a sequence stepped through here gives the same numbers as
 * the whole sequence run at once. Unidirectional layers only; not thread-safe; no allocation per step.
 */
public final class QuantizedStepper {

    private final QuantizedRecurrent layer;
    private final Kernels kernels;
    private final Int8Products products = new Int8Products();
    private int batch;
    private float[][] h;      // per layer (B, H)
    private float[][] c;      // per layer (B, H), LSTM only
    private float[] ih;       // (B, G·H)
    private QuantizedRecurrent.StepWork work;

    /** A stepper for {@code batch} streams starting from zero state. */
    public QuantizedStepper(QuantizedRecurrent layer, int batch) {
        if (layer == null) {
            throw new IllegalArgumentException("layer: expected an int8 recurrent layer, got null");
        }
        if (layer.directions() != 1) {
            throw new IllegalArgumentException("streaming needs a unidirectional layer: a reverse direction reads the "
                    + "future");
        }
        this.layer = layer;
        this.kernels = KernelProvider.get();
        resize(batch);
    }

    /** Changes the number of streams; all state is reset to zero. */
    public void resize(int newBatch) {
        if (newBatch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, got " + newBatch);
        }
        int hidden = layer.hidden();
        int gateWidth = layer.kind().gates * hidden;
        h = new float[layer.layers()][newBatch * hidden];
        c = layer.kind() == QuantizedRecurrent.Kind.LSTM ? new float[layer.layers()][newBatch * hidden] : null;
        ih = new float[newBatch * gateWidth];
        work = new QuantizedRecurrent.StepWork(newBatch, hidden, gateWidth);
        batch = newBatch;
    }

    /** Sets every stream's state to zero. */
    public void reset() {
        for (int l = 0; l < layer.layers(); l++) {
            Arrays.fill(h[l], 0f);
            if (c != null) {
                Arrays.fill(c[l], 0f);
            }
        }
    }

    /** Sets the state of stream {@code row} to zero. */
    public void reset(int row) {
        if (row < 0 || row >= batch) {
            throw new IllegalArgumentException("row " + row + " is outside 0.." + (batch - 1));
        }
        int hidden = layer.hidden();
        for (int l = 0; l < layer.layers(); l++) {
            Arrays.fill(h[l], row * hidden, (row + 1) * hidden, 0f);
            if (c != null) {
                Arrays.fill(c[l], row * hidden, (row + 1) * hidden, 0f);
            }
        }
    }

    public int batch() {
        return batch;
    }

    /**
     * Advances every stream one step.
     *
     * @param x input (B, I) row-major
     * @return the last layer's hidden state (B, H), the stepper's own array, valid until the next call
     */
    public float[] step(float[] x) {
        int inputSize = layer.inputSize();
        if (x == null || x.length < batch * inputSize) {
            throw new IllegalArgumentException("step: expected input (" + batch + ", " + inputSize + ") = "
                    + batch * inputSize + " values, got " + (x == null ? "null" : x.length));
        }
        int hidden = layer.hidden();
        int gateWidth = layer.kind().gates * hidden;
        float[] in = x;
        int inWidth = inputSize;
        for (int l = 0; l < layer.layers(); l++) {
            products.project(kernels, batch, in, 0, inWidth, layer.weightIh(l), layer.biasIh(l), 0f, ih, 0, gateWidth);
            layer.step(kernels, products, work, l, batch, ih, h[l], c == null ? null : c[l], null);
            in = h[l];
            inWidth = hidden;
        }
        return h[layer.layers() - 1];
    }

    /** The hidden state of layer {@code l} (B, H), live. */
    public float[] hidden(int l) {
        return h[l];
    }

    /** The cell state of layer {@code l} (B, H), live; LSTM only. */
    public float[] cellState(int l) {
        if (c == null) {
            throw new IllegalStateException(layer.kind() + " has no cell state");
        }
        return c[l];
    }
}
