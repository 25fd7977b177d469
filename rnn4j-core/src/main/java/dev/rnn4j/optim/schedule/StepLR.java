package dev.rnn4j.optim.schedule;

import dev.rnn4j.optim.Optimizer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decays the rate by {@code gamma} every {@code stepSize} steps, as {@code torch.optim.lr_scheduler.StepLR}:
 * {@code lr(t) = base_lr * gamma^floor(t / stepSize)} (PyTorch's closed form; its chained form
 * multiplies by gamma each time and agrees to rounding).
 */
public final class StepLR extends ClosedFormSchedule {

    private final int stepSize;
    private final double gamma;

    /** {@code StepLR(optimizer, stepSize, gamma=0.1)}. */
    public StepLR(Optimizer optimizer, int stepSize) {
        this(optimizer, stepSize, 0.1);
    }

    /**
     * @throws IllegalArgumentException if stepSize &lt; 1 or gamma is negative or not finite
     */
    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        checkPositive("stepSize", stepSize);
        checkNonNegative("gamma", gamma);
        this.stepSize = stepSize;
        this.gamma = gamma;
        apply(lrAt(0));
    }

    @Override
    public String name() {
        return "StepLR";
    }

    @Override
    public double lrAt(int epoch) {
        return baseLr() * StrictMath.pow(gamma, epoch / stepSize);
    }

    @Override
    protected Map<String, String> settings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("step_size", Integer.toString(stepSize));
        m.put("gamma", Double.toString(gamma));
        return m;
    }
}
