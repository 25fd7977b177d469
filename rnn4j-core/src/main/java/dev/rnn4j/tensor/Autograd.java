package dev.rnn4j.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * Reverse-mode differentiation over the recorded graph.
 *
 * <p>The walk is iterative (an explicit stack for the topological sort), so backpropagation
 * through time over tens of thousands of steps cannot overflow the Java stack.
 * {@link #noGrad()} opens a scope in which nothing is recorded (inference).
 */
public final class Autograd {

    private static final ThreadLocal<int[]> NO_GRAD_DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private Autograd() {
    }

    /** A scope, closed by try-with-resources, in which operations record no graph. */
    public static Scope noGrad() {
        int[] depth = NO_GRAD_DEPTH.get();
        depth[0]++;
        return () -> depth[0]--;
    }

    /** True unless inside {@link #noGrad()}. */
    public static boolean isGradEnabled() {
        return NO_GRAD_DEPTH.get()[0] == 0;
    }

    /** A closable scope without checked exceptions. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Whether an operation on these inputs should record a node. */
    public static boolean shouldRecord(Tensor... inputs) {
        if (!isGradEnabled()) {
            return false;
        }
        for (Tensor t : inputs) {
            if (t != null && t.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Records {@code node} as the creator of {@code outputs} if any input requires a gradient;
     * returns the first output for chaining.
     */
    public static Tensor record(Node node, Tensor... outputs) {
        if (shouldRecord(node.inputs)) {
            node.outputs = outputs;
            for (Tensor out : outputs) {
                out.setGradFn(node);
            }
        }
        return outputs[0];
    }

    /** Backpropagates {@code seed} (dL/droot) from {@code root}; gradients accumulate into leaves. */
    static void backward(Tensor root, Tensor seed) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward() on a tensor that does not require grad: no parameter or "
                    + "input with requiresGrad(true) reaches it");
        }
        if (!Arrays.equals(seed.shape(), root.shape()) || seed.dtype() != root.dtype()) {
            throw new IllegalArgumentException("backward gradient: expected shape " + Shape.str(root.shape())
                    + " " + root.dtype() + ", got " + Shape.str(seed.shape()) + " " + seed.dtype());
        }
        Node start = root.gradFn();
        root.gradBuffer().addInPlace(seed);
        if (start == null) {
            return;
        }
        List<Node> order = topologicalOrder(start);
        try (Scope ignored = noGrad()) {
            for (int i = order.size() - 1; i >= 0; i--) {
                Node node = order.get(i);
                Tensor[] grads = new Tensor[node.outputs.length];
                boolean any = false;
                for (int k = 0; k < grads.length; k++) {
                    Tensor out = node.outputs[k];
                    grads[k] = out.grad();
                    any |= grads[k] != null;
                }
                if (any) {
                    node.runBackward(grads);
                }
                // no later node reads these outputs' gradients, nor (every reader of an output ran
                // before its producer) the data of outputs declared internal to the graph; the arrays
                // go back to ArrayCache, which keeps nothing without the Java 21+ paths
                for (Tensor out : node.outputs) {
                    if (!out.retainsGrad()) {
                        out.releaseGrad();
                    }
                    if (any) {
                        out.releaseDataIfDeclared();
                    }
                }
            }
        }
    }

    /** Post-order of nodes reachable from {@code start}, computed without recursion. */
    private static List<Node> topologicalOrder(Node start) {
        List<Node> order = new ArrayList<>();
        IdentityHashMap<Node, Boolean> visited = new IdentityHashMap<>();
        ArrayDeque<Object[]> stack = new ArrayDeque<>(); // {node, nextInputIndex}
        stack.push(new Object[] {start, 0});
        visited.put(start, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Node node = (Node) frame[0];
            int next = (Integer) frame[1];
            if (next < node.inputs.length) {
                frame[1] = next + 1;
                Tensor in = node.inputs[next];
                Node child = in == null ? null : in.gradFn();
                if (child != null && visited.put(child, Boolean.TRUE) == null) {
                    stack.push(new Object[] {child, 0});
                }
            } else {
                stack.pop();
                order.add(node);
            }
        }
        return order;
    }
}
