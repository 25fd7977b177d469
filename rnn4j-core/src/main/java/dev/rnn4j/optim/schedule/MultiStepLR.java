package dev.rnn4j.optim.schedule;

import dev.rnn4j.optim.Optimizer;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decays the rate by {@code gamma} at each milestone, as {@code torch.optim.lr_scheduler.MultiStepLR}:
 * {@code lr(t) = base_lr * gamma^(number of milestones <= t)} (PyTorch's closed form; a milestone
 * listed twice counts twice, as in PyTorch's Counter of milestones).
 */
public final class MultiStepLR extends ClosedFormSchedule {

    private final int[] milestones; // sorted ascending
    private final double gamma;

    /** {@code MultiStepLR(optimizer, milestones, gamma=0.1)}. */
    public MultiStepLR(Optimizer optimizer, int[] milestones) {
        this(optimizer, milestones, 0.1);
    }

    /**
     * @param milestones the steps at which the rate is multiplied by gamma, each {@code >= 1} (any
     *                   order; copied)
     * @throws IllegalArgumentException if milestones is null or has a value &lt; 1, or gamma is
     *                                  negative or not finite
     */
    public MultiStepLR(Optimizer optimizer, int[] milestones, double gamma) {
        super(optimizer);
        if (milestones == null) {
            throw new IllegalArgumentException("milestones must be an array of steps >= 1, got null");
        }
        int[] sorted = milestones.clone();
        Arrays.sort(sorted);
        if (sorted.length > 0 && sorted[0] < 1) {
            throw new IllegalArgumentException("invalid milestones " + Arrays.toString(milestones)
                    + ": every milestone must be a step >= 1, got " + sorted[0]);
        }
        checkNonNegative("gamma", gamma);
        this.milestones = sorted;
        this.gamma = gamma;
        apply(lrAt(0));
    }

    @Override
    public String name() {
        return "MultiStepLR";
    }

    /** The milestones in ascending order (a copy). */
    public int[] milestones() {
        return milestones.clone();
    }

    @Override
    public double lrAt(int epoch) {
        int passed = 0;
        while (passed < milestones.length && milestones[passed] <= epoch) {
            passed++;
        }
        return baseLr() * StrictMath.pow(gamma, passed);
    }

    @Override
    protected Map<String, String> settings() {
        Map<String, String> m = new LinkedHashMap<>();
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < milestones.length; i++) {
            list.append(i == 0 ? "" : ",").append(milestones[i]);
        }
        m.put("milestones", list.toString());
        m.put("gamma", Double.toString(gamma));
        return m;
    }

}
