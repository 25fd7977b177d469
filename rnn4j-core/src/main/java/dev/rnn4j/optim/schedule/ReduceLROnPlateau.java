package dev.rnn4j.optim.schedule;

import dev.rnn4j.optim.Optimizer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cuts the rate by {@code factor} when a monitored metric has stopped improving for more than
 * {@code patience} steps, as {@code torch.optim.lr_scheduler.ReduceLROnPlateau} (PyTorch 1.13).
 *
 * <p>Each {@link #step(double)}: the metric is "better" than the best so far when, in mode MIN,
 * {@code metric < best * (1 - threshold)} (REL) or {@code metric < best - threshold} (ABS); in
 * mode MAX, {@code metric > best * (1 + threshold)} or {@code metric > best + threshold}. A better
 * metric becomes the best and clears the bad-step count, otherwise the count grows; during a
 * cooldown the count is held at 0. When it exceeds {@code patience}, the rate becomes
 * {@code max(lr * factor, minLr)} (only if that lowers it by more than {@code eps}), the cooldown
 * starts and the count clears. A NaN metric is never better, so it counts as a bad step.
 *
 * <p>{@link #step()} without a metric is an error. Unlike PyTorch, the rate it cuts is the one this
 * schedule last set (see {@link LrSchedule}), which is what lets {@link LinearWarmup} wrap it.
 */
public final class ReduceLROnPlateau extends LrSchedule {

    /** Whether lower (MIN, a loss) or higher (MAX, an accuracy) metric values are better. */
    public enum Mode { MIN, MAX }

    /** Whether {@code threshold} is relative to the best value (REL) or absolute (ABS). */
    public enum ThresholdMode { REL, ABS }

    private final Mode mode;
    private final double factor;
    private final int patience;
    private final double threshold;
    private final ThresholdMode thresholdMode;
    private final int cooldown;
    private final double minLr;
    private final double eps;

    private double best;
    private int numBadEpochs;
    private int cooldownCounter;

    /** PyTorch's defaults: factor 0.1, patience 10, threshold 1e-4 relative, no cooldown, min lr 0, eps 1e-8. */
    public ReduceLROnPlateau(Optimizer optimizer, Mode mode) {
        this(optimizer, mode, 0.1, 10, 1e-4, ThresholdMode.REL, 0, 0.0, 1e-8);
    }

    /**
     * @throws IllegalArgumentException if factor is not in [0, 1), patience or cooldown is negative,
     *                                  threshold, minLr or eps is negative or not finite, or a mode is null
     */
    public ReduceLROnPlateau(Optimizer optimizer, Mode mode, double factor, int patience, double threshold,
            ThresholdMode thresholdMode, int cooldown, double minLr, double eps) {
        super(optimizer);
        if (mode == null) {
            throw new IllegalArgumentException("mode must be MIN or MAX, got null");
        }
        if (thresholdMode == null) {
            throw new IllegalArgumentException("thresholdMode must be REL or ABS, got null");
        }
        if (!(factor >= 0 && factor < 1)) {
            throw new IllegalArgumentException("invalid factor: " + factor + " (expected 0 <= factor < 1)");
        }
        if (patience < 0) {
            throw new IllegalArgumentException("invalid patience: " + patience + " (expected >= 0)");
        }
        if (cooldown < 0) {
            throw new IllegalArgumentException("invalid cooldown: " + cooldown + " (expected >= 0)");
        }
        checkNonNegative("threshold", threshold);
        checkNonNegative("minLr", minLr);
        checkNonNegative("eps", eps);
        this.mode = mode;
        this.factor = factor;
        this.patience = patience;
        this.threshold = threshold;
        this.thresholdMode = thresholdMode;
        this.cooldown = cooldown;
        this.minLr = minLr;
        this.eps = eps;
        this.best = worst();
        apply(baseLr());
    }

    @Override
    public String name() {
        return "ReduceLROnPlateau";
    }

    /** Always true: the rate follows the monitored metric. */
    @Override
    public boolean needsMetric() {
        return true;
    }

    /** The best metric seen so far (+inf in MIN mode, -inf in MAX mode before any). */
    public double best() {
        return best;
    }

    /** Bad steps since the last improvement (or cut). */
    public int numBadEpochs() {
        return numBadEpochs;
    }

    /** Steps of cooldown left. */
    public int cooldownCounter() {
        return cooldownCounter;
    }

    private double worst() {
        return mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    @Override
    public void step() {
        throw new IllegalStateException("ReduceLROnPlateau needs the monitored metric: call step(metric)");
    }

    @Override
    protected void advance(double metric, boolean hasMetric) {
        if (isBetter(metric)) {
            best = metric;
            numBadEpochs = 0;
        } else {
            numBadEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            numBadEpochs = 0; // bad steps during a cooldown do not count
        }
        if (numBadEpochs > patience) {
            double old = currentLr();
            double cut = Math.max(old * factor, minLr);
            if (old - cut > eps) {
                apply(cut);
            }
            cooldownCounter = cooldown;
            numBadEpochs = 0;
        }
    }

    private boolean isBetter(double a) {
        if (mode == Mode.MIN) {
            return thresholdMode == ThresholdMode.REL ? a < best * (1.0 - threshold) : a < best - threshold;
        }
        return thresholdMode == ThresholdMode.REL ? a > best * (threshold + 1.0) : a > best + threshold;
    }

    @Override
    protected Map<String, String> settings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("mode", mode.name().toLowerCase(java.util.Locale.ROOT));
        m.put("factor", Double.toString(factor));
        m.put("patience", Integer.toString(patience));
        m.put("threshold", Double.toString(threshold));
        m.put("threshold_mode", thresholdMode.name().toLowerCase(java.util.Locale.ROOT));
        m.put("cooldown", Integer.toString(cooldown));
        m.put("min_lr", Double.toString(minLr));
        m.put("eps", Double.toString(eps));
        return m;
    }

    @Override
    protected Map<String, String> counters() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("best", Double.toString(best));
        m.put("num_bad_epochs", Integer.toString(numBadEpochs));
        m.put("cooldown_counter", Integer.toString(cooldownCounter));
        return m;
    }

    @Override
    protected void checkCounters(Map<String, String> state) {
        parseDouble(state, "best");
        long bad = parseLong(state, "num_bad_epochs");
        long cool = parseLong(state, "cooldown_counter");
        if (bad < 0 || bad > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("schedule state: num_bad_epochs " + bad + " is out of range");
        }
        if (cool < 0 || cool > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("schedule state: cooldown_counter " + cool + " is out of range");
        }
    }

    @Override
    protected void loadCounters(Map<String, String> state) {
        best = parseDouble(state, "best");
        numBadEpochs = (int) parseLong(state, "num_bad_epochs");
        cooldownCounter = (int) parseLong(state, "cooldown_counter");
    }
}
