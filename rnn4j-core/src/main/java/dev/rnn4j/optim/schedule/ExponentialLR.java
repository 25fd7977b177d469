package dev.rnn4j.optim.schedule;

import dev.rnn4j.optim.Optimizer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decays the rate by {@code gamma} every step, as {@code torch.optim.lr_scheduler.ExponentialLR}:
 * {@code lr(t) = base_lr * gamma^t} (PyTorch's closed form; its chained form multiplies by gamma
 * each time and agrees to rounding).
 */
public final class ExponentialLR extends ClosedFormSchedule {

    private final double gamma;

    /**
     * @throws IllegalArgumentException if gamma is negative or not finite
     */
    public ExponentialLR(Optimizer optimizer, double gamma) {
        super(optimizer);
        checkNonNegative("gamma", gamma);
        this.gamma = gamma;
        apply(lrAt(0));
    }

    @Override
    public String name() {
        return "ExponentialLR";
    }

    @Override
    public double lrAt(int epoch) {
        return baseLr() * StrictMath.pow(gamma, epoch);
    }

    @Override
    protected Map<String, String> settings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("gamma", Double.toString(gamma));
        return m;
    }
}
