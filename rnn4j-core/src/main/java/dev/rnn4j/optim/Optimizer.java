package dev.rnn4j.optim;

import dev.rnn4j.tensor.ArrayCache;
import dev.rnn4j.tensor.Shape;
import dev.rnn4j.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Updates a fixed list of parameters from their accumulated gradients, with PyTorch's update rules.
 *
 * <p>One parameter group: every parameter shares the learning rate and hyper-parameters. A
 * parameter whose {@link Tensor#grad()} is null is skipped by {@link #step()} (its state and step
 * count do not advance), as PyTorch skips parameters whose {@code grad} is None. Parameters may be
 * float32 or float64; the state buffers have the parameter's dtype and the arithmetic is done in
 * that dtype, in PyTorch's operation order, so float32 results agree with PyTorch's CPU kernels to
 * the last bit or few ulps.
 *
 * <p><b>Checkpoints.</b> {@link #stateTensors()} and {@link #stateScalars()} give everything a
 * resumed run needs: per-parameter buffers named {@code state.<index>.<buffer>} (for example
 * {@code state.3.exp_avg}), per-parameter step counts {@code state.<index>.step}, the learning rate
 * {@code lr}, the optimiser's name and its hyper-parameters. {@link #loadState(Map, Map)} restores
 * them into an optimiser built over parameters of the same shapes with the same hyper-parameters,
 * and rejects anything else with a message naming the entry.
 *
 * <p>Not thread-safe.
 */
public abstract class Optimizer {

    /** Scalar key holding the optimiser's name. */
    public static final String KEY_OPTIMIZER = "optimizer";
    /** Scalar key holding the learning rate. */
    public static final String KEY_LR = "lr";
    /** Scalar key holding the number of parameters. */
    public static final String KEY_PARAM_COUNT = "param_count";

    private final List<Tensor> params;
    private double learningRate;
    /** Per parameter: number of steps taken with a gradient (PyTorch's {@code state['step']}). */
    private final long[] stepCounts;
    /** Per parameter: named state buffers, empty until the parameter has state. */
    private final List<Map<String, Tensor>> buffers;
    /** Per parameter: whether state exists (created at the first step, or at construction for Adagrad). */
    private final boolean[] hasState;

    /**
     * @param params       the parameters to update (at least one, no nulls, no repeats)
     * @param learningRate the initial learning rate, finite and {@code >= 0}
     */
    protected Optimizer(List<Tensor> params, double learningRate) {
        Objects.requireNonNull(params, "params");
        if (params.isEmpty()) {
            throw new IllegalArgumentException("params: the optimizer got an empty parameter list");
        }
        IdentityHashMap<Tensor, Integer> seen = new IdentityHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            if (p == null) {
                throw new IllegalArgumentException("params: parameter " + i + " is null");
            }
            Integer earlier = seen.put(p, i);
            if (earlier != null) {
                throw new IllegalArgumentException("params: parameter " + i + " is the same tensor as parameter "
                        + earlier + " (each parameter may appear once)");
            }
        }
        checkNonNegative("lr", learningRate);
        this.params = List.copyOf(params);
        this.learningRate = learningRate;
        this.stepCounts = new long[params.size()];
        this.hasState = new boolean[params.size()];
        this.buffers = new ArrayList<>(params.size());
        for (int i = 0; i < params.size(); i++) {
            buffers.add(new LinkedHashMap<>());
        }
    }

    // ------------------------------------------------------------------ the public contract

    /** The optimiser's name as PyTorch spells the class ({@code "Adam"}, {@code "SGD"}). */
    public abstract String name();

    /** The parameters, in the order given at construction (unmodifiable). */
    public final List<Tensor> parameters() {
        return params;
    }

    /** The current learning rate. */
    public final double learningRate() {
        return learningRate;
    }

    /** Sets the learning rate (schedules call this); finite and {@code >= 0}. */
    public final void setLearningRate(double lr) {
        checkNonNegative("lr", lr);
        this.learningRate = lr;
    }

    /**
     * Applies one update to every parameter that has a gradient.
     *
     * @throws IllegalStateException if a gradient's element count or dtype differs from its parameter's
     */
    public final void step() {
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            Tensor g = p.grad();
            if (g == null) {
                continue;
            }
            if (g.numel() != p.numel() || g.dtype() != p.dtype()) {
                throw new IllegalStateException("parameter " + i + ": gradient is " + Shape.str(g.shape()) + " "
                        + g.dtype() + " but the parameter is " + Shape.str(p.shape()) + " " + p.dtype());
            }
            if (!hasState[i]) {
                initState(i);
            }
            stepCounts[i]++;
            update(i, p, g);
        }
    }

    /**
     * Forgets every parameter's gradient, like {@code zero_grad(set_to_none=True)}: {@code grad()}
     * is null until the next backward. With the Java 21+ paths ({@link ArrayCache#enabled()}) each
     * parameter keeps its gradient's array for its next gradient ({@link Tensor#recycleGrad()}), so a
     * gradient tensor obtained before this call changes with the next backward; copy it to keep it.
     */
    public final void zeroGrad() {
        for (Tensor p : params) {
            p.recycleGrad(); // clearGrad() unless ArrayCache keeps arrays
        }
    }

    /** Number of steps parameter {@code index} has taken (0 before its first gradient). */
    public final long stepCount(int index) {
        Objects.checkIndex(index, params.size());
        return stepCounts[index];
    }

    // ------------------------------------------------------------------ for implementations

    /** Updates parameter {@code index} in place; its step count has already been incremented. */
    protected abstract void update(int index, Tensor param, Tensor grad);

    /** Names of the state buffers each parameter with state holds, given the current hyper-parameters. */
    protected abstract List<String> bufferNames();

    /** The hyper-parameters other than the learning rate, as exact strings (see {@link #fmt(double)}). */
    protected abstract Map<String, String> hyperParameters();

    /** Initial value of buffer {@code name} (0 unless the optimiser says otherwise). */
    protected double initialBufferValue(String name) {
        return 0.0;
    }

    /** Creates parameter {@code index}'s buffers (each {@link #bufferNames()} entry, filled with its initial value). */
    protected final void initState(int index) {
        Tensor p = params.get(index);
        Map<String, Tensor> map = buffers.get(index);
        map.clear();
        for (String name : bufferNames()) {
            map.put(name, Tensor.full(p.dtype(), initialBufferValue(name), p.shape()));
        }
        hasState[index] = true;
    }

    /** Buffer {@code name} of parameter {@code index} (exists once the parameter has state). */
    protected final Tensor buffer(int index, String name) {
        return buffers.get(index).get(name);
    }

    /** Formats a double so that it parses back to the same value. */
    protected static String fmt(double value) {
        return Double.toString(value);
    }

    /** Throws unless {@code value} is finite and {@code >= 0}, naming the hyper-parameter. */
    protected static void checkNonNegative(String name, double value) {
        if (!(value >= 0.0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("invalid " + name + ": " + value + " (expected a finite value >= 0)");
        }
    }

    /** Throws unless {@code 0 <= value < 1}, naming the hyper-parameter. */
    protected static void checkUnitInterval(String name, double value) {
        if (!(value >= 0.0 && value < 1.0)) {
            throw new IllegalArgumentException("invalid " + name + ": " + value + " (expected 0 <= " + name + " < 1)");
        }
    }

    // ------------------------------------------------------------------ checkpoints

    /**
     * Copies of the state buffers, keyed {@code state.<parameter index>.<buffer>}, for parameters that
     * have state. Iteration order: by parameter index, then buffer.
     */
    public final Map<String, Tensor> stateTensors() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            if (!hasState[i]) {
                continue;
            }
            for (Map.Entry<String, Tensor> e : buffers.get(i).entrySet()) {
                out.put("state." + i + "." + e.getKey(), e.getValue().copy());
            }
        }
        return out;
    }

    /**
     * The optimiser's name ({@code optimizer}), {@code param_count}, {@code lr}, its hyper-parameters
     * and {@code state.<index>.step} for each parameter with state; all values are strings that parse
     * back exactly.
     */
    public final Map<String, String> stateScalars() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(KEY_OPTIMIZER, name());
        out.put(KEY_PARAM_COUNT, Integer.toString(params.size()));
        out.put(KEY_LR, fmt(learningRate));
        out.putAll(hyperParameters());
        for (int i = 0; i < params.size(); i++) {
            if (hasState[i]) {
                out.put("state." + i + ".step", Long.toString(stepCounts[i]));
            }
        }
        return out;
    }

    /**
     * Restores what {@link #stateTensors()} and {@link #stateScalars()} saved. Checks everything
     * before changing anything: the optimiser name, the parameter count and the hyper-parameters must
     * match this optimiser's; every parameter with a saved step count must have all its buffers, with
     * its parameter's shape; no entry may be left over. The learning rate is taken from the saved
     * state (a schedule may have changed it). Buffers are copied (and converted to the parameter's
     * dtype if they differ).
     *
     * @throws IllegalArgumentException naming the first problem found (missing, unexpected or
     *                                  malformed entries, shape or hyper-parameter mismatches)
     */
    public final void loadState(Map<String, Tensor> tensors, Map<String, String> scalars) {
        Objects.requireNonNull(tensors, "tensors");
        Objects.requireNonNull(scalars, "scalars");
        String savedName = require(scalars, KEY_OPTIMIZER);
        if (!savedName.equals(name())) {
            throw new IllegalArgumentException("optimizer state is for " + savedName + ", this optimizer is " + name());
        }
        int savedCount = parseInt(KEY_PARAM_COUNT, require(scalars, KEY_PARAM_COUNT));
        if (savedCount != params.size()) {
            throw new IllegalArgumentException("optimizer state is for " + savedCount + " parameters, this optimizer has "
                    + params.size());
        }
        double lr = parseDouble(KEY_LR, require(scalars, KEY_LR));
        checkNonNegative("lr (in the optimizer state)", lr);
        Map<String, String> mine = hyperParameters();
        for (Map.Entry<String, String> e : mine.entrySet()) {
            String saved = require(scalars, e.getKey());
            if (!sameValue(saved, e.getValue())) {
                throw new IllegalArgumentException("optimizer state: hyper-parameter " + e.getKey() + " is " + saved
                        + " in the saved state but " + e.getValue() + " in this " + name()
                        + " (build the optimizer with the saved settings)");
            }
        }

        long[] steps = new long[params.size()];
        boolean[] present = new boolean[params.size()];
        List<Map<String, Tensor>> loaded = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            loaded.add(new LinkedHashMap<>());
        }
        TreeSet<String> unexpected = new TreeSet<>();
        for (String key : scalars.keySet()) {
            if (key.equals(KEY_OPTIMIZER) || key.equals(KEY_PARAM_COUNT) || key.equals(KEY_LR) || mine.containsKey(key)) {
                continue;
            }
            int index = stateIndex(key);
            if (index >= 0 && key.endsWith(".step") && key.equals("state." + index + ".step")) {
                long step = parseLong(key, scalars.get(key));
                if (step < 0) {
                    throw new IllegalArgumentException("optimizer state: " + key + " is negative (" + step + ")");
                }
                steps[index] = step;
                present[index] = true;
            } else {
                unexpected.add(key);
            }
        }
        if (!unexpected.isEmpty()) {
            throw new IllegalArgumentException("optimizer state has unexpected scalar entries " + unexpected);
        }
        List<String> names = bufferNames();
        TreeSet<String> missing = new TreeSet<>();
        for (int i = 0; i < params.size(); i++) {
            if (!present[i]) {
                continue;
            }
            Tensor p = params.get(i);
            for (String name : names) {
                String key = "state." + i + "." + name;
                Tensor t = tensors.get(key);
                if (t == null) {
                    missing.add(key);
                    continue;
                }
                if (!java.util.Arrays.equals(t.shape(), p.shape())) {
                    throw new IllegalArgumentException("optimizer state for parameter " + i + ": expected " + name
                            + " shape " + Shape.str(p.shape()) + ", got " + Shape.str(t.shape()));
                }
                Tensor copy = t.dtype() == p.dtype() ? t.copy() : t.to(p.dtype());
                loaded.get(i).put(name, copy);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("optimizer state is missing " + missing);
        }
        TreeMap<String, Tensor> leftOver = new TreeMap<>(tensors);
        for (int i = 0; i < params.size(); i++) {
            for (String name : loaded.get(i).keySet()) {
                leftOver.remove("state." + i + "." + name);
            }
        }
        if (!leftOver.isEmpty()) {
            throw new IllegalArgumentException("optimizer state has unexpected tensors " + leftOver.keySet()
                    + " (tensor state without a matching state.<index>.step, or a buffer " + name()
                    + " with these settings does not keep)");
        }

        // everything checked: commit
        this.learningRate = lr;
        for (int i = 0; i < params.size(); i++) {
            stepCounts[i] = present[i] ? steps[i] : 0;
            hasState[i] = present[i];
            buffers.get(i).clear();
            buffers.get(i).putAll(loaded.get(i));
        }
        afterLoad();
    }

    /** Hook for optimisers that keep state at construction (Adagrad): called after a successful load. */
    protected void afterLoad() {
    }

    /** Whether parameter {@code index} has state (for {@link #afterLoad()}). */
    protected final boolean hasState(int index) {
        return hasState[index];
    }

    private int stateIndex(String key) {
        if (!key.startsWith("state.")) {
            return -1;
        }
        int dot = key.indexOf('.', 6);
        if (dot < 0) {
            return -1;
        }
        try {
            int index = Integer.parseInt(key.substring(6, dot));
            return index >= 0 && index < params.size() ? index : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean sameValue(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        try {
            return Double.parseDouble(a) == Double.parseDouble(b);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String require(Map<String, String> scalars, String key) {
        String v = scalars.get(key);
        if (v == null) {
            throw new IllegalArgumentException("optimizer state is missing scalar entry '" + key + "'");
        }
        return v;
    }

    private static double parseDouble(String key, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("optimizer state: " + key + " is not a number: '" + value + "'");
        }
    }

    private static int parseInt(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("optimizer state: " + key + " is not an integer: '" + value + "'");
        }
    }

    private static long parseLong(String key, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("optimizer state: " + key + " is not an integer: '" + value + "'");
        }
    }

    /** Unmodifiable ordered map helper for {@link #hyperParameters()} implementations. */
    protected static Map<String, String> ordered(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }
}
