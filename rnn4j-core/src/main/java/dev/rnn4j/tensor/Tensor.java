package dev.rnn4j.tensor;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A dense, row-major, n-dimensional array of float32 (or float64, for gradient checks) that can
 * take part in automatic differentiation.
 *
 * <p>The data array is exposed ({@link #f()}, {@link #d()}) because kernels work on arrays, not
 * tensors; operations never change their inputs' data, but optimisers update parameters in place.
 * Shapes read like PyTorch's: {@code x: (T, B, I)} is {@code shape() = {T, B, I}}.
 *
 * <p>Operations are instance methods ({@code a.matmul(b).add(bias).tanh()}); each records a
 * {@link Node} when an input requires a gradient and grad mode is on, and {@link #backward()}
 * walks those nodes back to the leaves.
 */
public final class Tensor {

    private final DType dtype;
    private final int[] shape;
    private final float[] f;
    private final double[] d;

    private boolean requiresGrad;
    private boolean retainGrad;
    private boolean releaseAfterBackward;
    private Tensor grad;
    private float[] spareGrad; // the array of a gradient recycleGrad() forgot, for this tensor's next one
    private Node gradFn;

    private Tensor(DType dtype, int[] shape, float[] f, double[] d) {
        this.dtype = dtype;
        this.shape = shape;
        this.f = f;
        this.d = d;
    }

    // ------------------------------------------------------------------ construction

    /** Wraps {@code data} (not copied) as a float32 tensor of the given shape. */
    public static Tensor of(float[] data, int... shape) {
        Objects.requireNonNull(data, "data");
        int n = Shape.size(shape);
        if (data.length != n) {
            throw new IllegalArgumentException("data has " + data.length + " elements but shape "
                    + Shape.str(shape) + " needs " + n);
        }
        return new Tensor(DType.F32, shape.clone(), data, null);
    }

    /** Wraps {@code data} (not copied) as a float64 tensor of the given shape. */
    public static Tensor of(double[] data, int... shape) {
        Objects.requireNonNull(data, "data");
        int n = Shape.size(shape);
        if (data.length != n) {
            throw new IllegalArgumentException("data has " + data.length + " elements but shape "
                    + Shape.str(shape) + " needs " + n);
        }
        return new Tensor(DType.F64, shape.clone(), null, data);
    }

    /**
     * A tensor of zeros. With the Java 21+ paths a large float32 one may get an array that finished
     * work gave back ({@link ArrayCache}), cleared; no one else holds it.
     */
    public static Tensor zeros(DType dtype, int... shape) {
        int n = Shape.size(shape);
        if (dtype == DType.F32 && ArrayCache.enabled()) {
            return new Tensor(dtype, shape.clone(), ArrayCache.takeOrAllocate(n, true), null);
        }
        return dtype == DType.F32 ? new Tensor(dtype, shape.clone(), new float[n], null)
                : new Tensor(dtype, shape.clone(), null, new double[n]);
    }

    /** A float32 tensor of zeros. */
    public static Tensor zeros(int... shape) {
        return zeros(DType.F32, shape);
    }

    /** A tensor filled with {@code value}. */
    public static Tensor full(DType dtype, double value, int... shape) {
        Tensor t = zeros(dtype, shape);
        if (t.f != null) {
            Arrays.fill(t.f, (float) value);
        } else {
            Arrays.fill(t.d, value);
        }
        return t;
    }

    /** A float32 scalar (rank 0). */
    public static Tensor scalar(float value) {
        return new Tensor(DType.F32, new int[0], new float[] {value}, null);
    }

    /** A scalar (rank 0) of the given dtype. */
    public static Tensor scalar(DType dtype, double value) {
        return full(dtype, value, new int[0]);
    }

    /** A zero tensor with this one's shape and dtype. */
    public Tensor zerosLike() {
        return zeros(dtype, shape);
    }

    /** A deep copy of the data (no graph, no grad). */
    public Tensor copy() {
        return f != null ? new Tensor(dtype, shape.clone(), f.clone(), null)
                : new Tensor(dtype, shape.clone(), null, d.clone());
    }

    /** The same data converted to {@code target} (a copy; no graph). */
    public Tensor to(DType target) {
        if (target == dtype) {
            return copy();
        }
        if (target == DType.F64) {
            double[] out = new double[f.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = f[i];
            }
            return new Tensor(DType.F64, shape.clone(), null, out);
        }
        float[] out = new float[d.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) d[i];
        }
        return new Tensor(DType.F32, shape.clone(), out, null);
    }

    // ------------------------------------------------------------------ inspection

    public DType dtype() {
        return dtype;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** Size of dimension {@code dim} (negative counts from the end). */
    public int size(int dim) {
        return shape[Shape.dim(dim, shape.length)];
    }

    public int rank() {
        return shape.length;
    }

    /** Number of elements. */
    public int numel() {
        return f != null ? f.length : d.length;
    }

    /** The float32 data array itself (null for float64 tensors). */
    public float[] f() {
        return f;
    }

    /** The float64 data array itself (null for float32 tensors). */
    public double[] d() {
        return d;
    }

    /** The data array itself, {@code float[]} or {@code double[]}. */
    public Object data() {
        return f != null ? f : d;
    }

    /** Element at flat index {@code i}, widened to double. */
    public double getFlat(int i) {
        return f != null ? f[i] : d[i];
    }

    /** Sets element at flat index {@code i}. */
    public void setFlat(int i, double value) {
        if (f != null) {
            f[i] = (float) value;
        } else {
            d[i] = value;
        }
    }

    /** Element at a multi-index. */
    public double get(int... index) {
        return getFlat(flatIndex(index));
    }

    /** The single value of a one-element tensor. */
    public double item() {
        if (numel() != 1) {
            throw new IllegalStateException("item() needs a one-element tensor, got shape " + Shape.str(shape));
        }
        return getFlat(0);
    }

    /** The data as a new double array. */
    public double[] toDoubleArray() {
        if (d != null) {
            return d.clone();
        }
        double[] out = new double[f.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = f[i];
        }
        return out;
    }

    /** The data as a new float array. */
    public float[] toFloatArray() {
        if (f != null) {
            return f.clone();
        }
        float[] out = new float[d.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) d[i];
        }
        return out;
    }

    private int flatIndex(int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index has " + index.length + " coordinates, tensor has rank "
                    + shape.length);
        }
        int flat = 0;
        for (int i = 0; i < shape.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " is outside shape "
                        + Shape.str(shape));
            }
            flat = flat * shape[i] + index[i];
        }
        return flat;
    }

    /** Throws if any element is NaN or infinite, naming {@code what}. */
    public Tensor checkFinite(String what) {
        int n = numel();
        for (int i = 0; i < n; i++) {
            double v = getFlat(i);
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(what + " contains " + v + " at flat index " + i
                        + " (shape " + Shape.str(shape) + ")");
            }
        }
        return this;
    }

    // ------------------------------------------------------------------ autograd

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks a leaf as wanting gradients (parameters, inputs of a gradient check). */
    public Tensor requiresGrad(boolean value) {
        if (gradFn != null && !value) {
            throw new IllegalStateException("requiresGrad(false) on a tensor computed by '" + gradFn.name()
                    + "': use detach()");
        }
        this.requiresGrad = value;
        return this;
    }

    /** Keeps this non-leaf tensor's gradient after backward (PyTorch's retain_grad). */
    public Tensor retainGrad() {
        this.retainGrad = true;
        return this;
    }

    boolean retainsGrad() {
        return retainGrad || gradFn == null;
    }

    /** The accumulated gradient, or null if none has arrived. */
    public Tensor grad() {
        return grad;
    }

    /** Forgets the accumulated gradient. */
    public void clearGrad() {
        grad = null;
    }

    /**
     * Forgets the accumulated gradient, as {@link #clearGrad()}, but keeps its array for this
     * tensor's next gradient (zeroed before the next backward adds into it), so training steps do
     * not allocate their parameter gradients anew. A gradient tensor obtained from {@link #grad()}
     * before this call therefore changes with the next backward (as after PyTorch's
     * {@code zero_grad(set_to_none=False)}): {@link #copy()} it to keep its values. Optimisers'
     * and modules' {@code zeroGrad()} call this with the Java 21+ paths
     * ({@link ArrayCache#enabled()}); while arrays are not kept ({@link ArrayCache#keeping()}) it is
     * {@link #clearGrad()}.
     */
    public void recycleGrad() {
        if (grad != null && grad.f != null && ArrayCache.keeping()) {
            spareGrad = grad.f;
        }
        grad = null;
    }

    /** Forgets an intermediate gradient autograd has passed on and gives its array back ({@link ArrayCache}). */
    void releaseGrad() {
        if (grad != null) {
            ArrayCache.give(grad.f);
            grad = null;
        }
    }

    /**
     * Declares that nothing but the operations of this graph reads this tensor's data: once the
     * backward pass has gone through the operation that computed it (which autograd runs after
     * every operation that read it), its array goes back to {@link ArrayCache} for the next step
     * to reuse. For activations a layer keeps to itself (the layer's caller never sees them); the
     * tensor must not be used after that backward. Without a recorded operation, or when the
     * backward never reaches it, nothing happens. Returns this tensor.
     */
    public Tensor releaseAfterBackward() {
        this.releaseAfterBackward = true;
        return this;
    }

    /**
     * Gives the data array back now if {@link #releaseAfterBackward()} was declared: for an operation whose
     * backward stands in for that of this tensor's producer, which then never runs (the first recurrent
     * layer on an embedding's tokens, {@code RecurrentSequence.runTokens}, in place of the lookup). At most once.
     */
    public void releaseDeclaredData() {
        releaseDataIfDeclared();
    }

    /** Gives the data array back if {@link #releaseAfterBackward()} was declared (autograd, after the producer's backward). */
    void releaseDataIfDeclared() {
        if (releaseAfterBackward && f != null) {
            releaseAfterBackward = false;
            ArrayCache.give(f);
        }
    }

    /** The node that computed this tensor, or null for a leaf. */
    public Node gradFn() {
        return gradFn;
    }

    void setGradFn(Node node) {
        this.gradFn = node;
        this.requiresGrad = true;
    }

    Tensor gradBuffer() {
        if (grad == null) {
            float[] spare = spareGrad;
            spareGrad = null;
            if (spare != null && ArrayCache.keeping()) {
                Arrays.fill(spare, 0f);
                grad = new Tensor(dtype, shape.clone(), spare, null);
            } else {
                grad = zeros(dtype, shape);
            }
        }
        return grad;
    }

    /** The same data, cut from the graph. */
    public Tensor detach() {
        return new Tensor(dtype, shape, f, d);
    }

    /** Backpropagates from a one-element tensor (a loss). */
    public void backward() {
        if (numel() != 1) {
            throw new IllegalStateException("backward() without a gradient needs a one-element tensor, got shape "
                    + Shape.str(shape) + "; pass the gradient with backward(grad)");
        }
        Autograd.backward(this, full(dtype, 1.0, shape));
    }

    /** Backpropagates {@code gradient} = dL/d(this). */
    public void backward(Tensor gradient) {
        Autograd.backward(this, gradient);
    }

    // ------------------------------------------------------------------ in-place helpers (no graph)

    /** {@code this += other} element-wise, same shape; used for gradient accumulation. */
    public void addInPlace(Tensor other) {
        if (other.numel() != numel() || other.dtype != dtype) {
            throw new IllegalArgumentException("addInPlace: expected " + Shape.str(shape) + " " + dtype + ", got "
                    + Shape.str(other.shape) + " " + other.dtype);
        }
        if (f != null) {
            for (int i = 0; i < f.length; i++) {
                f[i] += other.f[i];
            }
        } else {
            for (int i = 0; i < d.length; i++) {
                d[i] += other.d[i];
            }
        }
    }

    /** Copies {@code other}'s values into this tensor (same number of elements; converts dtype). */
    public void copyFrom(Tensor other) {
        if (other.numel() != numel()) {
            throw new IllegalArgumentException("copyFrom: expected " + numel() + " elements " + Shape.str(shape)
                    + ", got " + other.numel() + " " + Shape.str(other.shape));
        }
        if (f != null && other.f != null) {
            System.arraycopy(other.f, 0, f, 0, f.length);
        } else if (d != null && other.d != null) {
            System.arraycopy(other.d, 0, d, 0, d.length);
        } else {
            for (int i = 0; i < numel(); i++) {
                setFlat(i, other.getFlat(i));
            }
        }
    }

    // ------------------------------------------------------------------ operations (see Ops)

    public Tensor add(Tensor other) {
        return Ops.add(this, other);
    }

    public Tensor sub(Tensor other) {
        return Ops.sub(this, other);
    }

    public Tensor mul(Tensor other) {
        return Ops.mul(this, other);
    }

    public Tensor div(Tensor other) {
        return Ops.div(this, other);
    }

    public Tensor mul(double scalar) {
        return Ops.scale(this, scalar);
    }

    public Tensor add(double scalar) {
        return Ops.addScalar(this, scalar);
    }

    public Tensor neg() {
        return Ops.scale(this, -1.0);
    }

    public Tensor matmul(Tensor other) {
        return Ops.matmul(this, other);
    }

    public Tensor tanh() {
        return Ops.tanh(this);
    }

    public Tensor sigmoid() {
        return Ops.sigmoid(this);
    }

    public Tensor relu() {
        return Ops.relu(this);
    }

    public Tensor exp() {
        return Ops.exp(this);
    }

    public Tensor log() {
        return Ops.log(this);
    }

    public Tensor abs() {
        return Ops.abs(this);
    }

    public Tensor square() {
        return Ops.mul(this, this);
    }

    /** Sum of all elements (a scalar). */
    public Tensor sum() {
        return Ops.sumAll(this);
    }

    /** Mean of all elements (a scalar). */
    public Tensor mean() {
        return Ops.scale(Ops.sumAll(this), 1.0 / Math.max(1, numel()));
    }

    /** Sum over one dimension (removed). */
    public Tensor sum(int dim) {
        return Ops.sumDim(this, dim);
    }

    /** Mean over one dimension (removed). */
    public Tensor mean(int dim) {
        return Ops.scale(Ops.sumDim(this, dim), 1.0 / size(dim));
    }

    /** Maximum over one dimension (removed); the gradient goes to the first maximum. */
    public Tensor max(int dim) {
        return Ops.maxDim(this, dim);
    }

    public Tensor reshape(int... newShape) {
        return Ops.reshape(this, newShape);
    }

    /** Swaps two dimensions (a copy). */
    public Tensor transpose(int dim0, int dim1) {
        return Ops.transpose(this, dim0, dim1);
    }

    /** Takes index {@code index} of dimension {@code dim}, removing that dimension. */
    public Tensor select(int dim, int index) {
        return Ops.narrow(this, dim, index, 1).reshape(Shape.removeDim(shape, Shape.dim(dim, shape.length)));
    }

    /** The slice [start, start + length) of dimension {@code dim}. */
    public Tensor narrow(int dim, int start, int length) {
        return Ops.narrow(this, dim, start, length);
    }

    public Tensor softmax(int dim) {
        return Ops.softmax(this, dim, false);
    }

    public Tensor logSoftmax(int dim) {
        return Ops.softmax(this, dim, true);
    }

    /** Softmax along the last dimension, masked positions as if filled with −1e10 (see {@link SoftmaxOps}). */
    public Tensor softmax(Mask mask) {
        return SoftmaxOps.softmax(this, mask);
    }

    /** Log-softmax along the last dimension, masked positions as if filled with −1e10 (see {@link SoftmaxOps}). */
    public Tensor logSoftmax(Mask mask) {
        return SoftmaxOps.logSoftmax(this, mask);
    }

    /** Batched matrix product: this (B, N, K) · other (B, K, M) → (B, N, M). */
    public Tensor bmm(Tensor other) {
        return BatchOps.bmm(this, other);
    }

    /** Inserts a dimension of size 1 at {@code dim}. */
    public Tensor unsqueeze(int dim) {
        return ShapeOps.unsqueeze(this, dim);
    }

    /** Removes dimension {@code dim} if its size is 1 (otherwise returns this tensor, as PyTorch). */
    public Tensor squeeze(int dim) {
        return ShapeOps.squeeze(this, dim);
    }

    /** Repeats dimensions of size 1 to {@code shape} (a copy; −1 keeps a size). */
    public Tensor expand(int... shape) {
        return ShapeOps.expand(this, shape);
    }

    /** The entries {@code index} of dimension {@code dim}, in that order. */
    public Tensor indexSelect(int dim, int[] index) {
        return ShapeOps.indexSelect(this, dim, index);
    }

    /** Concatenates along an existing dimension. */
    public static Tensor cat(List<Tensor> parts, int dim) {
        return Ops.cat(parts, dim);
    }

    /** Stacks along a new dimension. */
    public static Tensor stack(List<Tensor> parts, int dim) {
        return Ops.stack(parts, dim);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("tensor(");
        int n = Math.min(numel(), 8);
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(String.format("%.4f", getFlat(i)));
        }
        if (numel() > n) {
            sb.append(", ...");
        }
        sb.append("], shape=").append(Shape.str(shape));
        if (dtype != DType.F32) {
            sb.append(", dtype=").append(dtype);
        }
        if (gradFn != null) {
            sb.append(", grad_fn=").append(gradFn.name());
        } else if (requiresGrad) {
            sb.append(", requires_grad=True");
        }
        return sb.append(')').toString();
    }
}
