package dev.rnn4j.optim.schedule;

import dev.rnn4j.optim.Optimizer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A learning-rate schedule: each {@link #step()} (once per epoch, or per batch, as the caller
 * decides) advances a counter and sets the optimiser's learning rate, as PyTorch's
 * {@code lr_scheduler} classes do.
 *
 * <p>Construction takes the optimiser's current learning rate as the base rate and sets the rate
 * for step 0 (PyTorch's initial {@code scheduler.step()} inside the constructor). The schedule keeps
 * its own current rate and writes it to the optimiser; it does not read the optimiser's rate back,
 * so set the rate through the schedule while one is attached.
 *
 * <p><b>Resuming.</b> {@link #state()} gives the counters, the base and current rate and the
 * settings as exact strings; {@link #loadState(Map)} on a schedule built with the same settings
 * continues where the saved one stopped and sets the optimiser's rate to the saved current rate.
 */
public abstract class LrSchedule {

    /** State key holding the schedule's name. */
    public static final String KEY_SCHEDULE = "schedule";

    private final Optimizer optimizer;
    private double baseLr;
    private int epoch;
    private double currentLr;

    /** Takes the optimiser's current learning rate as the base rate; subclasses call {@link #apply(double)}. */
    protected LrSchedule(Optimizer optimizer) {
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        this.baseLr = optimizer.learningRate();
        this.currentLr = baseLr;
    }

    /** The schedule's name, PyTorch's class name where there is one ({@code "StepLR"}). */
    public abstract String name();

    /**
     * Whether {@link #step(double)} needs a real metric value ({@link ReduceLROnPlateau}, or a
     * {@link LinearWarmup} in front of one); such a schedule's {@link #step()} throws.
     */
    public boolean needsMetric() {
        return false;
    }

    /**
     * The name and settings, such as {@code StepLR(step_size=10, gamma=0.1)}: enough to tell two
     * schedules apart in a log or checkpoint.
     */
    public String describe() {
        StringBuilder b = new StringBuilder(name()).append('(');
        String sep = "";
        for (Map.Entry<String, String> e : settings().entrySet()) {
            b.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = ", ";
        }
        return b.append(')').toString();
    }

    /** The optimiser whose learning rate this schedule sets. */
    public final Optimizer optimizer() {
        return optimizer;
    }

    /** The learning rate the optimiser had when the schedule was built. */
    public final double baseLr() {
        return baseLr;
    }

    /** Number of {@code step} calls so far (PyTorch's {@code last_epoch}). */
    public final int epoch() {
        return epoch;
    }

    /** The learning rate the schedule last set. */
    public final double currentLr() {
        return currentLr;
    }

    /**
     * Advances one step and sets the optimiser's learning rate.
     *
     * @throws IllegalStateException for schedules that need a metric ({@link ReduceLROnPlateau})
     */
    public void step() {
        epoch++;
        advance(Double.NaN, false);
    }

    /**
     * Advances one step given the latest value of the monitored metric; schedules that do not use a
     * metric ignore it (so a trainer can call this for any schedule).
     */
    public void step(double metric) {
        epoch++;
        advance(metric, true);
    }

    /** Computes and {@link #apply applies} the rate for {@link #epoch()}, which was just incremented. */
    protected abstract void advance(double metric, boolean hasMetric);

    /** Sets the current rate and writes it to the optimiser. */
    protected final void apply(double lr) {
        currentLr = lr;
        optimizer.setLearningRate(lr);
    }

    /** The settings that define the schedule (must match on {@link #loadState}), as exact strings. */
    protected abstract Map<String, String> settings();

    /** Extra counters beyond epoch and rates (ReduceLROnPlateau's best value and counters). */
    protected Map<String, String> counters() {
        return Map.of();
    }

    /** Restores {@link #counters()}; called after the common entries are checked, before anything else changes. */
    protected void loadCounters(Map<String, String> state) {
    }

    /** Checks {@link #counters()} entries without changing anything (so a bad state changes nothing). */
    protected void checkCounters(Map<String, String> state) {
    }

    /** The schedule's name, settings, epoch, base and current rate and counters, as exact strings. */
    public Map<String, String> state() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(KEY_SCHEDULE, name());
        out.putAll(settings());
        out.put("epoch", Integer.toString(epoch));
        out.put("base_lr", Double.toString(baseLr));
        out.put("lr", Double.toString(currentLr));
        out.putAll(counters());
        return out;
    }

    /**
     * Restores a {@link #state()}: the name and settings must match this schedule's; the epoch, base
     * rate, current rate and counters are taken over and the optimiser's rate set to the saved one.
     *
     * @throws IllegalArgumentException naming the missing, malformed or mismatching entry (nothing is
     *                                  changed then)
     */
    public void loadState(Map<String, String> state) {
        Objects.requireNonNull(state, "state");
        checkState(state);
        epoch = (int) parseLong(state, "epoch");
        baseLr = parseDouble(state, "base_lr");
        loadCounters(state);
        apply(parseDouble(state, "lr"));
    }

    /** Validates a saved state against this schedule without changing anything. */
    protected void checkState(Map<String, String> state) {
        String saved = require(state, KEY_SCHEDULE);
        if (!saved.equals(name())) {
            throw new IllegalArgumentException("schedule state is for " + saved + ", this schedule is " + name());
        }
        for (Map.Entry<String, String> e : settings().entrySet()) {
            String v = require(state, e.getKey());
            if (!v.equals(e.getValue())) {
                throw new IllegalArgumentException("schedule state: " + e.getKey() + " is " + v
                        + " in the saved state but " + e.getValue() + " in this " + name()
                        + " (build the schedule with the saved settings)");
            }
        }
        long savedEpoch = parseLong(state, "epoch");
        if (savedEpoch < 0 || savedEpoch > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("schedule state: epoch " + savedEpoch + " is out of range");
        }
        double base = parseDouble(state, "base_lr");
        double lr = parseDouble(state, "lr");
        if (!(base >= 0) || Double.isInfinite(base)) {
            throw new IllegalArgumentException("schedule state: base_lr " + base + " is not a finite value >= 0");
        }
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("schedule state: lr " + lr + " is not a finite value >= 0");
        }
        checkCounters(state);
    }

    /** The value of {@code key}, or an error naming it. */
    protected static String require(Map<String, String> state, String key) {
        String v = state.get(key);
        if (v == null) {
            throw new IllegalArgumentException("schedule state is missing entry '" + key + "'");
        }
        return v;
    }

    /** {@code key}'s value as a double, or an error naming it. */
    protected static double parseDouble(Map<String, String> state, String key) {
        String v = require(state, key);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("schedule state: " + key + " is not a number: '" + v + "'");
        }
    }

    /** {@code key}'s value as a long, or an error naming it. */
    protected static long parseLong(Map<String, String> state, String key) {
        String v = require(state, key);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("schedule state: " + key + " is not an integer: '" + v + "'");
        }
    }

    /** Throws unless {@code value} is finite and {@code >= 0}. */
    protected static void checkNonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("invalid " + name + ": " + value + " (expected a finite value >= 0)");
        }
    }

    /** Throws unless {@code value >= 1}. */
    protected static void checkPositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("invalid " + name + ": " + value + " (expected >= 1)");
        }
    }
}
