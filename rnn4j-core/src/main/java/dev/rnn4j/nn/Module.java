package dev.rnn4j.nn;

import dev.rnn4j.tensor.ArrayCache;
import dev.rnn4j.tensor.DType;
import dev.rnn4j.tensor.Shape;
import dev.rnn4j.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Base of every layer, as {@code torch.nn.Module}: named parameters (PyTorch's names, so a state
 * dict round-trips with PyTorch), child modules, and train/eval mode.
 */
public abstract class Module {

    private final LinkedHashMap<String, Tensor> parameters = new LinkedHashMap<>();
    private final LinkedHashMap<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** Registers a parameter (marks it as requiring grad) under {@code name}; returns it. */
    protected final Tensor registerParameter(String name, Tensor value) {
        value.requiresGrad(true);
        parameters.put(name, value);
        return value;
    }

    /** Registers a child module under {@code name}; returns it. */
    protected final <M extends Module> M registerModule(String name, M module) {
        children.put(name, module);
        return module;
    }

    /** Parameters by dotted name ({@code "rnn.weight_ih_l0"}), in registration order. */
    public Map<String, Tensor> namedParameters() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>(parameters);
        for (Map.Entry<String, Module> child : children.entrySet()) {
            for (Map.Entry<String, Tensor> p : child.getValue().namedParameters().entrySet()) {
                out.put(child.getKey() + "." + p.getKey(), p.getValue());
            }
        }
        return out;
    }

    /**
     * This module (under {@code ""}) and every module below it by dotted name ({@code "rnn"},
     * {@code "encoder.embedding"}), parents before their children, in registration order.
     */
    public Map<String, Module> namedModules() {
        LinkedHashMap<String, Module> out = new LinkedHashMap<>();
        out.put("", this);
        for (Map.Entry<String, Module> child : children.entrySet()) {
            for (Map.Entry<String, Module> m : child.getValue().namedModules().entrySet()) {
                out.put(m.getKey().isEmpty() ? child.getKey() : child.getKey() + "." + m.getKey(), m.getValue());
            }
        }
        return out;
    }

    /** All parameters, in registration order. */
    public List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Number of scalar parameters. */
    public long parameterCount() {
        long n = 0;
        for (Tensor p : parameters()) {
            n += p.numel();
        }
        return n;
    }

    /** A direct parameter by name, or null. */
    public Tensor parameter(String name) {
        return parameters.get(name);
    }

    /** Training mode on (dropout active) or off, for this module and its children. */
    public Module train(boolean on) {
        training = on;
        for (Module child : children.values()) {
            child.train(on);
        }
        return this;
    }

    /** Evaluation mode: {@code train(false)}. */
    public Module eval() {
        return train(false);
    }

    public boolean isTraining() {
        return training;
    }

    /**
     * Clears every parameter's gradient ({@code grad()} is null until the next backward). With the
     * Java 21+ paths ({@link ArrayCache#enabled()}) each parameter keeps its gradient's array for its
     * next gradient ({@link Tensor#recycleGrad()}): a gradient tensor obtained before this call
     * changes with the next backward; copy it to keep it.
     */
    public void zeroGrad() {
        for (Tensor p : parameters()) {
            p.recycleGrad(); // clearGrad() unless ArrayCache keeps arrays
        }
    }

    /** The parameters themselves by name (a state dict; the tensors are live, not copies). */
    public Map<String, Tensor> stateDict() {
        return namedParameters();
    }

    /**
     * Copies values from {@code state} into the parameters. Every parameter must be present with
     * its exact shape; extra keys are an error when {@code strict}. Values are converted to each
     * parameter's dtype.
     */
    public void loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, Tensor> own = namedParameters();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src == null) {
                missing.add(e.getKey());
                continue;
            }
            if (!Arrays.equals(src.shape(), e.getValue().shape())) {
                throw new IllegalArgumentException("parameter " + e.getKey() + ": expected shape "
                        + Shape.str(e.getValue().shape()) + ", got " + Shape.str(src.shape()));
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("missing parameters: " + missing + " (have " + state.keySet() + ")");
        }
        if (strict) {
            List<String> unexpected = new ArrayList<>();
            for (String key : state.keySet()) {
                if (!own.containsKey(key)) {
                    unexpected.add(key);
                }
            }
            if (!unexpected.isEmpty()) {
                throw new IllegalArgumentException("unexpected parameters: " + unexpected + " (expected " + own.keySet()
                        + ")");
            }
        }
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            e.getValue().copyFrom(state.get(e.getKey()));
        }
    }

    /** Converts every parameter to {@code dtype} in place of the old ones (for gradient checks). */
    public Module to(DType dtype) {
        for (Map.Entry<String, Tensor> e : new ArrayList<>(parameters.entrySet())) {
            if (e.getValue().dtype() != dtype) {
                parameters.put(e.getKey(), e.getValue().to(dtype).requiresGrad(true));
            }
        }
        for (Module child : children.values()) {
            child.to(dtype);
        }
        onParametersReplaced();
        return this;
    }

    /** Called after {@link #to(DType)} replaced parameter tensors; layers re-read their fields. */
    protected void onParametersReplaced() {
    }
}
