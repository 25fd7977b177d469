package dev.rnn4j.tensor;

/**
 * One recorded operation in the autograd graph: its inputs, its outputs, and the backward rule.
 *
 * <p>An operation's forward code and its {@code backward} sit side by side in the same class
 * (micrograd's habit). Backward receives the gradient of every output (null where no gradient
 * arrived) and adds into its inputs' gradients through {@link #gradOf(Tensor)}; gradients
 * accumulate with {@code +=}, never overwrite.
 */
public abstract class Node {

    final Tensor[] inputs;
    Tensor[] outputs;
    private boolean released;

    /** @param inputs the tensors this operation read (the graph's edges) */
    protected Node(Tensor... inputs) {
        this.inputs = inputs;
    }

    /** Short operation name for error messages, e.g. {@code "matmul"}. */
    public abstract String name();

    /**
     * Adds this operation's contribution to the gradients of its inputs.
     *
     * @param gradOutputs gradient of each output, same shapes and dtype as the outputs; an
     *                    entry is null when no gradient reached that output
     */
    protected abstract void backward(Tensor[] gradOutputs);

    /** Whether input {@code i} wants a gradient (skip the work otherwise). */
    protected final boolean needsGrad(int i) {
        return inputs[i] != null && inputs[i].requiresGrad();
    }

    /**
     * The gradient buffer of {@code input}, created as zeros on first use; add into its data.
     */
    protected static Tensor gradOf(Tensor input) {
        return input.gradBuffer();
    }

    /** The input tensors (read-only use). */
    protected final Tensor input(int i) {
        return inputs[i];
    }

    /** The output tensors, as recorded. */
    protected final Tensor output(int i) {
        return outputs[i];
    }

    /** Frees saved state after backward; a second backward through this node is an error. */
    protected void release() {
    }

    final void runBackward(Tensor[] gradOutputs) {
        if (released) {
            throw new IllegalStateException("backward through '" + name() + "' a second time: the graph was "
                    + "freed by the first backward (build the graph again with a new forward pass)");
        }
        backward(gradOutputs);
        released = true;
        release();
    }
}
