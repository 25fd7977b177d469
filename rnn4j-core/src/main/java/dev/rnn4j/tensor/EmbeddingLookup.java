package dev.rnn4j.tensor;

import dev.rnn4j.kernels.KernelProvider;
import dev.rnn4j.kernels.ScalarKernels;

import java.util.Arrays;

/**
 * {@link Ops#embedding}: its forward ({@code forward}, behind the facade) and the autograd node of
 * its backward. {@code out[i] = weight[ids[i]]}, weight (V, E), out (ids..., E). Backward adds
 * each output row's gradient into its token's row of the weight's gradient, in the order of the
 * ids, skipping the padding index.
 *
 * <p>It is a named class so that an operation consuming the lookup's output can recognise it and
 * read the tokens instead of the rows: a recurrent layer whose input is an embedding lookup over a
 * vocabulary smaller than its batch multiplies the table once ({@code weight · W_ihᵀ}, V rows)
 * instead of every looked-up row ({@code RecurrentSequence.runTokens}).
 */
public final class EmbeddingLookup extends Node {

    private final int[] ids;
    private final int[] idsShape;
    private final int dim;
    private final int paddingIdx;

    EmbeddingLookup(Tensor weight, int[] ids, int[] idsShape, int paddingIdx) {
        super(weight);
        this.ids = ids;
        this.idsShape = idsShape.clone();
        this.dim = weight.size(1);
        this.paddingIdx = paddingIdx;
    }

    /** The forward of {@link Ops#embedding}, which validates the ids and records this node. */
    static Tensor forward(Tensor weight, int[] ids, int[] idsShape, int paddingIdx) {
        if (weight.rank() != 2) {
            throw new IllegalArgumentException("embedding: expected weight (V, E), got " + Shape.str(weight.shape()));
        }
        int vocab = weight.size(0);
        int dim = weight.size(1);
        if (Shape.size(idsShape) != ids.length) {
            throw new IllegalArgumentException("embedding: " + ids.length + " ids do not fill shape "
                    + Shape.str(idsShape));
        }
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= vocab) {
                throw new IllegalArgumentException("embedding: token id " + ids[i] + " at position " + i
                        + " is outside the vocabulary 0.." + (vocab - 1));
            }
        }
        int[] outShape = Arrays.copyOf(idsShape, idsShape.length + 1);
        outShape[idsShape.length] = dim;
        Tensor out = Tensor.zeros(weight.dtype(), outShape);
        for (int i = 0; i < ids.length; i++) {
            System.arraycopy(weight.data(), ids[i] * dim, out.data(), i * dim, dim);
        }
        return Autograd.record(new EmbeddingLookup(weight, ids, idsShape, paddingIdx), out);
    }

    @Override
    public String name() {
        return "embedding";
    }

    /** The table the rows are looked up in: (V, E). */
    public Tensor weight() {
        return input(0);
    }

    /** The token ids, in the row order of the output (read them; do not change them). */
    public int[] ids() {
        return ids;
    }

    /** A copy of the shape of the ids: the output is (idsShape..., E). */
    public int[] idsShape() {
        return idsShape.clone();
    }

    /** The row that gets no gradient, or −1 for none. */
    public int paddingIdx() {
        return paddingIdx;
    }

    /**
     * Whether a consumer of {@code t} may read this lookup's table and tokens instead of t's rows:
     * t is the lookup's output itself (not a view or a copy of it), and nobody asked for t's own
     * gradient ({@link Tensor#retainGrad()}), which such a consumer would not pass through t.
     */
    public boolean tokensCanStandFor(Tensor t) {
        return outputs != null && outputs.length == 1 && outputs[0] == t && !t.retainsGrad();
    }

    @Override
    protected void backward(Tensor[] g) {
        Tensor gw = gradOf(input(0));
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == paddingIdx) {
                continue;
            }
            if (gw.f() != null) {
                KernelProvider.get().axpy(dim, 1f, g[0].f(), i * dim, gw.f(), ids[i] * dim);
            } else {
                ScalarKernels.INSTANCE.axpy(dim, 1.0, g[0].d(), i * dim, gw.d(), ids[i] * dim);
            }
        }
    }
}
